/* cmd_config.c: `storymaster config [PATH]`: the configuration a check of
 * PATH would use, each value with where it came from (the file and line,
 * the command line, or the default), and every rule whose level differs
 * from its default. Reads no manuscript and no model. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "checks/catalog.h"
#include "cli/cli.h"
#include "rules/rules.h"

static void config_usage(FILE *out)
{
	fputs("usage: storymaster config [OPTIONS] [FILE|DIR]\n\n"
	      "Print the configuration a check of FILE or DIR (default: the current folder)\n"
	      "would use: the .storymaster.yml found (or --config), each setting with the\n"
	      "file and line it came from, the command line's --only, --disable and --rules,\n"
	      "and every rule whose level is not its default. Unknown rules and packs are\n"
	      "reported as check reports them.\n\n"
	      "      --rules DIR     add a folder of rules (Vale-style YAML) or a Vale StylesPath\n"
	      "      --config FILE   read this configuration instead of .storymaster.yml\n"
	      "      --strict-config an unknown rule or pack is an error (exit 2)\n"
	      "      --only LIST     as check: only these rules or families\n"
	      "      --disable LIST  as check: not these\n"
	      "  -h, --help          this help\n\n"
	      "Exit status: 0, or 2 for a usage error or a configuration that cannot be read.\n",
	      out);
}

static const char *kind_name(enum config_kind k)
{
	switch (k) {
	case CFG_RULE: return "rule";
	case CFG_PACK: return "pack";
	case CFG_HOUSE: return "house";
	case CFG_PARAM: return "setting";
	case CFG_ACCEPT: return "accept";
	case CFG_DIR: return "rules folder";
	}
	return "";
}

static const char *level_name(int lv)
{
	return lv < 0 ? "off" : sev_name((enum sm_sev)lv);
}

/* Every rule, built in or from the packs, whose level is not its default. */
static void changed_rules(const struct cli_book *cb)
{
	size_t nc = catalog_count(), nr = ruleset_count(cb->book.rules), n = 0;
	const struct check_info *const *c = catalog_table();
	printf("rules not at their default level:\n");
	for (size_t i = 0; i < nc + nr; i++) {
		const char *id, *pack = NULL;
		int def;
		bool opt_in;
		if (i < nc) {
			id = c[i]->id;
			def = sev_parse(c[i]->level);
			opt_in = c[i]->opt_in;
		} else {
			struct rule_info ri;
			ruleset_info(cb->book.rules, i - nc, &ri);
			id = ri.id;
			pack = ri.pack;
			def = (int)ri.level;
			opt_in = ri.opt_in;
		}
		int lv = config_rule_level(&cb->cfg, id, def);
		if (pack && !config_pack_enabled(&cb->cfg, pack))
			lv = -1;
		if (opt_in) { /* off by default: listed when asked for */
			if (lv < 0 || !config_rule_asked(&cb->cfg, id, pack))
				continue;
			printf("  %-32s %s (default off: opt-in)\n", id, level_name(lv));
			n++;
			continue;
		}
		if (lv == def)
			continue;
		printf("  %-32s %s (default %s)\n", id, level_name(lv), level_name(def));
		n++;
	}
	if (!n)
		printf("  (none: every rule at its default)\n");
}

int cmd_config(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_BOOK_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_opts o = { .fail_on = SM_SEV_ERROR };
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			config_usage(stdout);
			return EXIT_CLEAN;
		}
		switch (cli_book_option(&o, c, optarg)) {
		case 1: break;
		case 0: config_usage(stderr); return EXIT_TROUBLE;
		default: return EXIT_TROUBLE;
		}
	}
	if (argc - optind > 1) {
		config_usage(stderr);
		return EXIT_TROUBLE;
	}
	const char *path = optind < argc ? argv[optind] : ".";
	o.no_model = true; /* the model is not configuration; do not read it */
	struct cli_book cb;
	cli_book_init(&cb);
	int rc = EXIT_CLEAN;
	if (cli_book_setup(&cb, &o, path) != SM_OK) {
		rc = EXIT_TROUBLE;
		goto done;
	}
	cli_print_warnings(&cb);
	const struct sm_config *cfg = &cb.cfg;
	if (cfg->path)
		printf("configuration file: %s%s\n", cfg->path, o.config ? " (--config)" : "");
	else
		printf("configuration file: none (no .storymaster.yml in %s or its parents: defaults)\n",
		       path);
	printf("house style: %s\n",
	       cfg->house == HOUSE_US ? "us" : cfg->house == HOUSE_UK ? "uk" : "none");
	for (size_t i = 0; i < cfg->n_names; i++) {
		const struct config_name *e = &cfg->names[i];
		char what[300];
		if (e->kind == CFG_HOUSE || e->kind == CFG_ACCEPT || e->kind == CFG_DIR)
			snprintf(what, sizeof(what), "%s: %s", kind_name(e->kind), e->value);
		else
			snprintf(what, sizeof(what), "%s %s: %s", kind_name(e->kind), e->name, e->value);
		printf("  %-44s %s:%u\n", what, cfg->path, e->line);
	}
	for (size_t i = 0; i < cfg->n_only; i++)
		printf("  only: %-38s --only\n", cfg->only[i]);
	for (size_t i = 0; i < cfg->n_disabled; i++)
		printf("  disable: %-35s --disable\n", cfg->disabled[i]);
	if (o.rules_dir)
		printf("  rules folder: %-30s --rules\n", o.rules_dir);
	changed_rules(&cb);
done:
	cli_book_teardown(&cb);
	cli_book_release(&cb);
	return rc;
}
