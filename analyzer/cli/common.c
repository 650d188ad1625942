/* common.c: what the subcommands share: error lines, colors, progress,
 * expanding directories and loading a book. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks/catalog.h"
#include "checks/consistency/consistency.h"
#include "cli/cli.h"
#include "ingest/ingest.h"
#include "segment/segment.h"
#include "store/store.h"
#include "lm.h"
#include "report/report.h"
#include "rules/rules.h"

int cli_parse_fail_on(const char *s)
{
	if (!strcmp(s, "never"))
		return 3;
	return sev_parse(s);
}

bool cli_parse_text_json(const char *arg, bool *json)
{
	if (!strcmp(arg, "json") || !strcmp(arg, "text")) {
		*json = !strcmp(arg, "json");
		return true;
	}
	cli_error(NULL, "unknown format '%s' (text or json)", arg);
	return false;
}

struct store *cli_open_store(const char *db)
{
	if (access(db, F_OK) != 0) {
		cli_error(db, "no scan in this store (run 'storymaster scan' first)");
		return NULL;
	}
	struct store *st = NULL;
	struct sm_err err;
	if (store_open_existing(db, &st, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		return NULL;
	}
	return st;
}

void cli_error(const char *path, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	/* one line, whatever the file's name holds (a newline, an escape
	 * sequence): control characters are written as \n, \x1b */
	fputs("storymaster: ", stderr);
	if (path) {
		/* Library messages may quote the path themselves: say it once. */
		const char *msg = tmp;
		size_t n = strlen(path);
		if (tmp[0] == '\'' && !strncmp(tmp + 1, path, n) && !strncmp(tmp + 1 + n, "': ", 3))
			msg = tmp + n + 4;
		if (strncmp(tmp, path, n) || tmp[n] != ':') { /* else "PATH:LINE: reason" */
			out_path(stderr, path);
			fputs(": ", stderr);
		}
		out_path(stderr, msg);
	} else {
		out_path(stderr, tmp);
	}
	fputc('\n', stderr);
}

bool cli_color(FILE *stream)
{
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	const char *term = getenv("TERM");
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(fileno(stream));
}

bool cli_worker;

bool cli_progress(void)
{
	return !cli_quiet && !cli_worker && isatty(STDERR_FILENO);
}

static int natcmp_p(const void *x, const void *y)
{
	int c = sm_natcmp(*(char *const *)x, *(char *const *)y);
	return c ? c : strcmp(*(char *const *)x, *(char *const *)y);
}

void cli_natural_sort(char **paths, size_t n)
{
	if (n > 1)
		qsort(paths, n, sizeof(*paths), natcmp_p);
}

/* Paths cli_expand could not use; cli_book_load counts them as failed files. */
static int expand_failed;

struct pathlist {
	char **v;
	size_t n, cap;
};

static void pl_add(struct pathlist *pl, char *p)
{
	SM_GROW(pl->v, pl->cap, pl->n + 1);
	pl->v[pl->n++] = p;
}

/* Is the real path p inside the folder root (a real path too)? */
static bool inside(const char *p, const char *root)
{
	size_t n = strlen(root);
	return !strncmp(p, root, n) && (p[n] == '/' || p[n] == '\0' || (n && root[n - 1] == '/'));
}

/* root: the real path of the folder the walk started from; a link to a file
 * outside it (book/notes.txt -> /etc/passwd) is not read. */
static void walk(struct pathlist *pl, const char *dir, const char *root, int depth)
{
	if (depth > 32)
		return;
	DIR *d = opendir(dir);
	if (!d) {
		cli_error(dir, "cannot read directory: %s", strerror(errno));
		return;
	}
	struct pathlist here = { 0 };
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !strncmp(e->d_name, "~$", 2))
			continue;
		size_t n = strlen(dir) + strlen(e->d_name) + 2;
		char *p = xmalloc(n);
		snprintf(p, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		pl_add(&here, p);
	}
	closedir(d);
	cli_natural_sort(here.v, here.n);
	for (size_t i = 0; i < here.n; i++) {
		struct stat st, target;
		/* lstat: a symbolic link to a folder is not followed (no loops, no
		 * file read twice); a link to a file is kept like a file. */
		bool have = lstat(here.v[i], &st) == 0;
		char real[PATH_MAX];
		if (have && S_ISDIR(st.st_mode)) {
			walk(pl, here.v[i], root, depth + 1);
			free(here.v[i]);
		} else if (have && S_ISLNK(st.st_mode) && stat(here.v[i], &target) == 0 &&
			   S_ISDIR(target.st_mode)) {
			free(here.v[i]);
		} else if (have && S_ISLNK(st.st_mode) && ingest_reader_for(here.v[i]) && root &&
			   (!realpath(here.v[i], real) || !inside(real, root))) {
			if (!cli_quiet)
				cli_error(NULL, "warning: %s: a link to a file outside the book's folder, "
					  "not read", here.v[i]);
			free(here.v[i]);
		} else if (ingest_reader_for(here.v[i])) {
			pl_add(pl, here.v[i]);
		} else {
			free(here.v[i]);
		}
	}
	free(here.v);
}

void cli_expand_forget(void)
{
	expand_failed = 0;
}

char **cli_expand(char **paths, int n, size_t *n_out, bool recurse_dirs)
{
	struct pathlist pl = { 0 };
	for (int i = 0; i < n; i++) {
		struct stat st;
		if (recurse_dirs && stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			size_t before = pl.n;
			char root[PATH_MAX];
			walk(&pl, paths[i], realpath(paths[i], root) ? root : NULL, 0);
			if (pl.n == before) {
				cli_error(paths[i], "no manuscripts found (%s)", ingest_extensions());
				expand_failed++;
			}
		} else {
			pl_add(&pl, xstrdup(paths[i]));
		}
	}
	*n_out = pl.n;
	return pl.v;
}

/* Progress of the analyzers on a terminal; what == NULL clears the line. */
static void progress_line(void *ctx, const char *what, size_t done, size_t total)
{
	(void)ctx;
	if (!what)
		fprintf(stderr, "\r\033[K");
	else
		fprintf(stderr, "\r[%zu/%zu] checking: %s\033[K", done + 1, total, what);
}

void cli_book_init(struct cli_book *cb)
{
	memset(cb, 0, sizeof(*cb));
	config_init(&cb->cfg);
	cb->book.cfg = &cb->cfg;
	cb->stdin_reader = NULL;
}

static const char *stdin_shown(const struct cli_book *cb)
{
	return cb->stdin_name ? cb->stdin_name : "<stdin>";
}

/* The manuscript on standard input ("-"): read to the end (at most the
 * limit of one file), in the format given, else the one stdin_name's
 * extension says, else Markdown (plain text reads as Markdown too). */
static int read_stdin(struct cli_book *cb, struct sm_doc **doc, struct sm_err *err)
{
	size_t cap = 1u << 16, len = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (len == cap) {
			if (cap > INGEST_MAX_FILE) {
				free(buf);
				return sm_fail(err, SM_ELIMIT, "input larger than %u MiB", INGEST_MAX_FILE >> 20);
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		size_t got = fread(buf + len, 1, cap - len, stdin);
		len += got;
		if (got == 0) {
			if (ferror(stdin)) {
				free(buf);
				return sm_fail(err, SM_EIO, "cannot read standard input: %s", strerror(errno));
			}
			break;
		}
	}
	const struct ingest_reader *r = cb->stdin_reader;
	if (!r && cb->stdin_name)
		r = ingest_reader_for(cb->stdin_name);
	if (!r)
		r = ingest_reader_named("markdown");
	int rc = ingest_with(r, stdin_shown(cb), buf, len, doc, err);
	free(buf);
	return rc;
}

void cli_book_load(struct cli_book *cb, char **paths, size_t n)
{
	bool progress = cli_progress() && n > 1;
	cb->n_failed += expand_failed;
	expand_failed = 0;
	for (size_t i = 0; i < n; i++) {
		struct sm_err err;
		struct sm_doc *doc = NULL;
		sm_err_clear(&err);
		if (progress)
			fprintf(stderr, "\r[%zu/%zu] reading %s\033[K", i + 1, n, paths[i]);
		int rc = !strcmp(paths[i], "-") ? read_stdin(cb, &doc, &err) : ingest_file(paths[i], &doc, &err);
		if (rc == SM_OK)
			rc = seg_document(doc, &err);
		const char *shown = !strcmp(paths[i], "-") ? stdin_shown(cb) : paths[i];
		if (rc != SM_OK) {
			if (progress)
				fprintf(stderr, "\r\033[K");
			cli_error(shown, "%s", err.msg);
			doc_free(doc);
			cb->n_failed++;
			continue;
		}
		if (doc->n_diags) {
			const struct doc_diag *dg = &doc->diags[0];
			if (progress)
				fprintf(stderr, "\r\033[K");
			if (dg->line)
				cli_error(shown, "line %u, column %u: %s%s", dg->line, dg->col, dg->msg,
					  doc->bad_utf8 > 1 ? " (and more)" : "");
			else
				cli_error(shown, "%s%s", dg->msg, doc->bad_utf8 > 1 ? " (and more)" : "");
			cb->n_failed++; /* reported, exit 2, but the text is still analyzed */
		}
		SM_GROW(cb->docs, cb->cap_docs, cb->n_docs + 1);
		cb->docs[cb->n_docs++] = doc;
	}
	if (progress)
		fprintf(stderr, "\r\033[K");
	cb->book.docs = cb->docs;
	cb->book.n_docs = cb->n_docs;
	cb->book.cfg = &cb->cfg;
	if (cli_progress())
		cb->book.progress = progress_line;
}

void cli_book_release(struct cli_book *cb)
{
	for (size_t i = 0; i < cb->n_docs; i++)
		doc_free(cb->docs[i]);
	free(cb->docs);
	book_release_warnings(&cb->book);
	book_release_scores(&cb->book);
	cons_book_release(&cb->book);
	config_release(&cb->cfg);
	memset(cb, 0, sizeof(*cb));
}

/* The folder to start looking for .storymaster.yml from: the first path's
 * own folder, or the path itself when it is a directory. Caller frees. */
static char *config_start(const char *first_path)
{
	struct stat st;
	if (!first_path)
		return xstrdup(".");
	if (stat(first_path, &st) == 0 && S_ISDIR(st.st_mode))
		return xstrdup(first_path);
	const char *slash = strrchr(first_path, '/');
	if (!slash)
		return xstrdup(".");
	return xstrndup(first_path, slash == first_path ? 1 : (size_t)(slash - first_path));
}

void cli_settings_fingerprint(const struct cli_opts *o, const char *first_path, char *out)
{
	uint64_t h = sm_hash(SM_HASH_INIT, SM_VERSION, strlen(SM_VERSION));
	char *cfg_path = NULL;
	if (o->config) {
		cfg_path = xstrdup(o->config);
	} else {
		char *dir = config_start(first_path);
		config_find(dir, &cfg_path);
		free(dir);
	}
	if (cfg_path) {
		char *buf;
		size_t len;
		struct sm_err e;
		h = sm_hash(h, cfg_path, strlen(cfg_path) + 1);
		if (sm_read_file(cfg_path, 1u << 20, &buf, &len, &e) == SM_OK) {
			h = sm_hash(h, buf, len);
			free(buf);
		}
		free(cfg_path);
	}
	h = sm_hash(h, o->no_model ? "M0" : "M1", 2);
	struct stat st;
	if (o->model) {
		h = sm_hash(h, o->model, strlen(o->model) + 1);
		if (stat(o->model, &st) == 0) {
			h = sm_hash(h, &st.st_size, sizeof(st.st_size));
			h = sm_hash(h, &st.st_mtime, sizeof(st.st_mtime));
		}
	}
	if (o->rules_dir)
		h = sm_hash(h, o->rules_dir, strlen(o->rules_dir) + 1);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

int cli_book_option(struct cli_opts *o, int c, const char *arg)
{
	switch (c) {
	case CLI_O_FAIL:
		o->fail_on = cli_parse_fail_on(arg);
		if (o->fail_on < 0) {
			cli_error(NULL, "unknown level '%s' for --fail-on (error, warning, info, never)", arg);
			return -1;
		}
		return 1;
	case CLI_O_NOMODEL: o->no_model = true; return 1;
	case CLI_O_MODEL: o->model = arg; return 1;
	case CLI_O_RULES: o->rules_dir = arg; return 1;
	case CLI_O_CONFIG: o->config = arg; return 1;
	case CLI_O_STRICT: o->strict_config = true; return 1;
	case CLI_O_ONLY: o->only = arg; return 1;
	case CLI_O_DISABLE: o->disable = arg; return 1;
	case CLI_O_TIME_LIMIT: {
		char *end;
		double v = strtod(arg, &end);
		if (end == arg || *end || !(v >= 0) || v > 1e6) {
			cli_error(NULL, "--time-limit wants seconds (0 for none), not '%s'", arg);
			return -1;
		}
		o->time_limit = v;
		o->has_time_limit = true;
		return 1;
	}
	}
	return 0;
}

/* Load the rule packs and the --rules / rules_dirs folders once for the
 * book (the rules analyzer uses them), and check that every rule and pack
 * the configuration names exists: a warning each, an error with
 * --strict-config. */
static int load_rules(struct cli_book *cb, const struct cli_opts *o)
{
	struct sm_err err;
	sm_err_clear(&err);
	struct ruleset *rs = NULL;
	if (ruleset_load_embedded(&rs, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		return err.rc;
	}
	for (size_t i = 0; i < ruleset_n_warnings(rs); i++)
		book_warn(&cb->book, "%s", ruleset_warning(rs, i));
	for (size_t i = 0; i < cb->cfg.n_rule_dirs; i++) {
		size_t before = ruleset_n_warnings(rs), had = ruleset_count(rs);
		bool read = ruleset_load_dir(rs, cb->cfg.rule_dirs[i], &err) == SM_OK;
		if (!read)
			book_warn(&cb->book, "%s", err.msg);
		for (size_t w = before; w < ruleset_n_warnings(rs); w++)
			book_warn(&cb->book, "%s", ruleset_warning(rs, w));
		if (!read) {
			continue;
		} else if (ruleset_count(rs) == had) {
			book_warn(&cb->book, "%s: no rules loaded (a folder of Vale-style .yml rules, or a "
				  "StylesPath of such folders)", cb->cfg.rule_dirs[i]);
		} else if (o->rules_dir && !strcmp(o->rules_dir, cb->cfg.rule_dirs[i]) && !cli_quiet) {
			/* say what --rules brought in: how many rules, which styles */
			char styles[512] = "";
			size_t sl = 0;
			const char *last = "";
			for (size_t r = had; r < ruleset_count(rs) && sl < sizeof(styles) - 1; r++) {
				struct rule_info ri;
				ruleset_info(rs, r, &ri);
				if (!strcmp(ri.pack, last))
					continue;
				sl += (size_t)snprintf(styles + sl, sizeof(styles) - sl, "%s%s", *styles ? ", " : "",
						       ri.pack);
				last = ri.pack;
			}
			size_t nr = ruleset_count(rs) - had;
			cli_error(o->rules_dir, "%zu rule%s loaded (style%s %s)", nr, nr == 1 ? "" : "s",
				  strchr(styles, ',') ? "s" : "", styles);
		}
	}
	cb->book.rules = rs;
	size_t nc = catalog_count(), nr = ruleset_count(rs), n_ids = 0, n_packs = 0;
	const struct check_info *const *c = catalog_table();
	const char **ids = xmalloc(sizeof(char *) * (nc + nr + 1));
	const char **packs = xmalloc(sizeof(char *) * (nr + 1));
	for (size_t i = 0; i < nc; i++)
		ids[n_ids++] = c[i]->id;
	for (size_t i = 0; i < nr; i++) {
		struct rule_info ri;
		ruleset_info(rs, i, &ri);
		ids[n_ids++] = ri.id;
		packs[n_packs++] = ri.pack;
	}
	char **msgs;
	size_t n = config_unknown_names(&cb->cfg, ids, n_ids, nc, packs, n_packs, &msgs);
	for (size_t i = 0; i < n; i++) {
		cli_error(NULL, "%s%s", o->strict_config ? "" : "warning: ", msgs[i]);
		free(msgs[i]);
	}
	free(msgs);
	int rc = n && o->strict_config ? SM_EUSAGE : SM_OK;
	/* --only and --disable name rules or families that exist */
	for (int which = 0; which < 2 && rc == SM_OK; which++) {
		char **v = which ? cb->cfg.disabled : cb->cfg.only;
		size_t nv = which ? cb->cfg.n_disabled : cb->cfg.n_only;
		for (size_t i = 0; i < nv; i++) {
			if (config_name_known(v[i], ids, n_ids))
				continue;
			char fam[64];
			const char *near = config_closest_name(v[i], ids, n_ids, fam, sizeof(fam));
			if (near)
				cli_error(NULL, "%s: unknown rule '%s' (did you mean '%s'?)",
					  which ? "--disable" : "--only", v[i], near);
			else
				cli_error(NULL, "%s: unknown rule '%s' (see: storymaster rules list)",
					  which ? "--disable" : "--only", v[i]);
			rc = SM_EUSAGE;
		}
	}
	free(ids);
	free(packs);
	return rc;
}

/* Add each name of the comma-separated list to cfg with add. */
static void add_list(struct sm_config *cfg, const char *list, void (*add)(struct sm_config *, const char *))
{
	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, ",");
		while (n && p[n - 1] == ' ')
			n--;
		if (n) {
			char *w = xstrndup(p, n);
			add(cfg, w);
			free(w);
		}
		p += strcspn(p, ",");
		while (*p == ',' || *p == ' ')
			p++;
	}
}

int cli_book_setup(struct cli_book *cb, const struct cli_opts *o, const char *first_path)
{
	struct sm_err err;
	sm_err_clear(&err);
	char *cfg_path = NULL;
	if (o->config) {
		cfg_path = xstrdup(o->config);
	} else {
		char *dir = config_start(first_path);
		config_find(dir, &cfg_path);
		free(dir);
	}
	if (cfg_path) {
		int rc = config_load(&cb->cfg, cfg_path, &err);
		if (rc != SM_OK) {
			cli_error(cfg_path, "%s", err.msg);
			free(cfg_path);
			return rc;
		}
		free(cfg_path);
	}
	if (o->rules_dir) {
		struct stat st;
		if (stat(o->rules_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
			cli_error(o->rules_dir, "not a folder of rules");
			return SM_EUSAGE;
		}
		SM_GROW(cb->cfg.rule_dirs, cb->cfg.cap_rule_dirs, cb->cfg.n_rule_dirs + 1);
		cb->cfg.rule_dirs[cb->cfg.n_rule_dirs++] = xstrdup(o->rules_dir);
	}
	add_list(&cb->cfg, o->only, config_only);
	add_list(&cb->cfg, o->disable, config_disable);
	int rc = load_rules(cb, o);
	if (rc != SM_OK)
		return rc;
	cb->book.time_limit = o->has_time_limit ? o->time_limit : CLI_TIME_LIMIT_DEFAULT;
	if (o->no_model)
		cb->cfg.no_model = true;
	if (o->model)
		cb->cfg.model_path = o->model;
	if (cb->cfg.no_model)
		return SM_OK;
	if (cb->cfg.model_path) {
		if (lm_load_file(cb->cfg.model_path, &cb->book.lm, &err) != SM_OK) {
			cli_error(cb->cfg.model_path, "%s", err.msg);
			return err.rc;
		}
	} else if (lm_load_default(&cb->book.lm, &err) != SM_OK) {
		/* A build without the default model: the language checks are skipped. */
		cb->book.lm = NULL;
	}
	if (cb->book.lm && lm_ready(cb->book.lm, &err) != SM_OK) {
		/* under a tight memory limit: every other check runs */
		book_warn(&cb->book, "%s; the language model's checks are skipped", err.msg);
		lm_free(cb->book.lm);
		cb->book.lm = NULL;
		cb->book.n_model_skipped++; /* a scan so stored is partial */
	}
	return SM_OK;
}

void cli_book_teardown(struct cli_book *cb)
{
	ruleset_free(cb->book.rules);
	cb->book.rules = NULL;
	lm_free(cb->book.lm);
	cb->book.lm = NULL;
}

void cli_print_warnings(struct cli_book *cb)
{
	if (cli_quiet)
		return;
	for (size_t i = 0; i < cb->book.n_warnings; i++)
		cli_error(NULL, "warning: %s", cb->book.warnings[i]);
}
