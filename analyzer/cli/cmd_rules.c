/* cmd_rules.c: `storymaster rules list|show ID|test [PATH...]`: look at the
 * shipped rule packs (and folders given with --rules) and run their examples. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checks/catalog.h"
#include "cli/cli.h"
#include "rules/rules.h"

static void usage(FILE *out)
{
	fputs("usage: storymaster rules list [--rules DIR]\n"
	      "       storymaster rules show ID [--rules DIR]\n"
	      "       storymaster rules test [PATH...]\n\n"
	      "  list   every rule, built-in checks and YAML packs: id, level, default\n"
	      "         state (on; model: needs the language model; us/uk: with that\n"
	      "         house style; opt-in: off unless the configuration or --only turns\n"
	      "         it on), family or pack, description\n"
	      "  show   one rule in full, with an example\n"
	      "  test   run the fire:/pass: examples of the shipped packs, or of the rule\n"
	      "         files and style folders given; exit 1 when one fails\n"
	      "      --rules DIR   also load this style folder (Vale-style YAML)\n",
	      out);
}

static void print_warnings(const struct ruleset *rs, size_t from)
{
	for (size_t i = from; i < ruleset_n_warnings(rs); i++)
		cli_error(NULL, "warning: %s", ruleset_warning(rs, i));
}

/* Load a rule file or a style folder into rs. */
static int load_path(struct ruleset *rs, const char *path)
{
	struct stat st;
	struct sm_err err;
	sm_err_clear(&err);
	if (stat(path, &st) != 0) {
		cli_error(path, "no such file or folder");
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (ruleset_load_dir(rs, path, &err) != SM_OK) {
			cli_error(path, "%s", err.msg);
			return -1;
		}
		return 0;
	}
	char *buf = NULL;
	size_t len = 0;
	if (sm_read_file(path, 4u << 20, &buf, &len, &err) != SM_OK) {
		cli_error(path, "%s", err.msg);
		return -1;
	}
	/* id: style.<parent folder>.<stem> as for folders */
	char dir[1024] = ".", id[1400], stem[256];
	const char *slash = strrchr(path, '/');
	if (slash)
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	snprintf(stem, sizeof(stem), "%.*s", (int)(dot ? dot - base : (long)strlen(base)), base);
	const char *pslash = strrchr(dir, '/');
	const char *pack = pslash ? pslash + 1 : dir;
	snprintf(id, sizeof(id), "style.%s.%s", pack, stem);
	int rc = ruleset_add_yaml(rs, id, pack, path, dir, buf, len, &err);
	free(buf);
	if (rc != SM_OK) {
		cli_error(NULL, "warning: %s", err.msg);
		return -1;
	}
	return 0;
}

static void report_fail(void *ctx, bool fire, const char *text, size_t n)
{
	const char *id = ctx;
	char snip[80];
	snprintf(snip, sizeof(snip), "%s", text);
	for (char *p = snip; *p; p++)
		if (*p == '\n')
			*p = ' ';
	printf("not ok - %s: %s example gave %zu finding%s: \"%s%s\"\n", id, fire ? "fire" : "pass", n,
	       n == 1 ? "" : "s", snip, strlen(text) >= sizeof(snip) ? "..." : "");
}

static int do_test(struct ruleset *rs)
{
	size_t n = ruleset_count(rs), failed = 0, examples = 0, no_examples = 0;
	for (size_t i = 0; i < n; i++) {
		struct rule_info ri;
		ruleset_info(rs, i, &ri);
		examples += ri.n_fire + ri.n_pass;
		if (!ri.n_fire || !ri.n_pass) {
			printf("not ok - %s: needs fire: and pass: examples\n", ri.id);
			no_examples++;
			continue;
		}
		int f = ruleset_test_rule(rs, i, report_fail, (void *)ri.id);
		if (f)
			failed++;
		else if (!cli_quiet)
			printf("ok - %s (%zu examples)\n", ri.id, ri.n_fire + ri.n_pass);
	}
	printf("%zu rules, %zu examples: %zu failed, %zu without examples\n", n, examples, failed, no_examples);
	return failed || no_examples || ruleset_n_warnings(rs) ? EXIT_FINDINGS : EXIT_CLEAN;
}

static void show(const struct ruleset *rs, size_t i)
{
	struct rule_info ri;
	ruleset_info(rs, i, &ri);
	printf("id:          %s\npack:        %s\nfile:        %s\ntype:        %s\nlevel:       %s\n"
	       "scope:       %s\nmessage:     %s\n",
	       ri.id, ri.pack, ri.file, ri.type, sev_name(ri.level), ri.scope, ri.message);
	if (ri.description != ri.message)
		printf("description: %s\n", ri.description);
	if (ri.link)
		printf("link:        %s\n", ri.link);
	for (int fire = 1; fire >= 0; fire--) {
		const char *t;
		for (size_t j = 0; (t = ruleset_example(rs, i, fire, j)); j++)
			printf("%s  %s\n", fire ? "fire:" : "pass:", t);
	}
}

static const char *house_state(enum house_style h)
{
	return h == HOUSE_US ? "us" : h == HOUSE_UK ? "uk" : "on";
}

struct row {
	const char *id, *level, *state, *family, *what;
};

static int cmp_row(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->id, ((const struct row *)b)->id);
}

/* One line per rule, sorted by id: the built-in checks and the packs'. */
static void list(const struct ruleset *rs)
{
	size_t nc = catalog_count(), nr = ruleset_count(rs), n = 0;
	const struct check_info *const *c = catalog_table();
	struct row *v = xmalloc(sizeof(*v) * (nc + nr + 1));
	for (size_t i = 0; i < nc; i++)
		v[n++] = (struct row){ c[i]->id, c[i]->level, c[i]->opt_in ? "opt-in" : c[i]->model ? "model" : "on",
				       c[i]->family, c[i]->what };
	for (size_t j = 0; j < nr; j++) {
		struct rule_info ri;
		ruleset_info(rs, j, &ri);
		v[n++] = (struct row){ ri.id, sev_name(ri.level), ri.opt_in ? "opt-in" : house_state(ri.house),
				       ri.pack, ri.description };
	}
	qsort(v, n, sizeof(*v), cmp_row);
	printf("%-32s %-8s %-6s %-15s %s\n", "RULE", "LEVEL", "STATE", "FAMILY/PACK", "WHAT");
	for (size_t i = 0; i < n; i++)
		printf("%-32s %-8s %-6s %-15s %s\n", v[i].id, v[i].level, v[i].state, v[i].family,
		       v[i].what);
	free(v);
}

static void show_check(const struct check_info *c)
{
	printf("id:          %s\nfamily:      %s (built in)\nlevel:       %s\nstate:       %s\n"
	       "what:        %s\nexample:     %s\n",
	       c->id, c->family, c->level,
	       c->opt_in ? "opt-in: off unless the configuration or --only turns it on"
	       : c->model ? "on, with the language model (off with --no-model)"
			  : "on",
	       c->what,
	       c->example);
}

int cmd_rules(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dirs[16];
	size_t n_dirs = 0;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (n_dirs < SM_ARRAY_LEN(dirs))
				dirs[n_dirs++] = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_CLEAN;
		default:
			usage(stderr);
			return EXIT_TROUBLE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_TROUBLE;
	}
	const char *sub = argv[optind++];
	for (int i = optind; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return EXIT_CLEAN;
		}
	struct ruleset *rs = NULL;
	struct sm_err err;
	sm_err_clear(&err);
	bool test_paths = !strcmp(sub, "test") && optind < argc;
	if (test_paths) {
		rs = ruleset_new();
	} else if (ruleset_load_embedded(&rs, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		rs = ruleset_new();
	}
	print_warnings(rs, 0);
	int bad = 0;
	for (size_t i = 0; i < n_dirs; i++) {
		size_t w = ruleset_n_warnings(rs);
		bad |= load_path(rs, dirs[i]);
		print_warnings(rs, w);
	}
	int status = EXIT_CLEAN;
	if (!strcmp(sub, "list")) {
		list(rs);
	} else if (!strcmp(sub, "show")) {
		if (optind >= argc) {
			usage(stderr);
			status = EXIT_TROUBLE;
		} else if (catalog_find(argv[optind])) {
			show_check(catalog_find(argv[optind]));
		} else {
			int i = ruleset_find(rs, argv[optind]);
			if (i < 0) {
				cli_error(NULL, "no rule '%s' (see: storymaster rules list)", argv[optind]);
				status = EXIT_TROUBLE;
			} else {
				show(rs, (size_t)i);
			}
		}
	} else if (!strcmp(sub, "test")) {
		for (int i = optind; i < argc; i++) {
			size_t w = ruleset_n_warnings(rs);
			bad |= load_path(rs, argv[i]);
			print_warnings(rs, w);
		}
		status = do_test(rs);
		if (bad && status == EXIT_CLEAN)
			status = EXIT_FINDINGS;
	} else {
		cli_error(NULL, "unknown rules command '%s'", sub);
		usage(stderr);
		status = EXIT_TROUBLE;
	}
	ruleset_free(rs);
	return status;
}
