/* rules.h: the rule engine. Rules are data: Vale-style YAML files (one rule
 * a file, one folder a style or pack) compiled once into PCRE2 patterns and
 * token sets, then run over a segmented book (doc.h) by the "rules" analyzer.
 * Format: man/storymaster-rules.5. Stage: checks (reads segmented documents). */
#ifndef SM_RULES_H
#define SM_RULES_H

#include "base/sm.h"
#include "book/book.h"

struct ruleset; /* opaque; malloc-owned handle */

/* What `rules list` and `rules show` print about one rule. All strings are
 * borrowed from the ruleset and valid until ruleset_free. */
struct rule_info {
	const char *id;          /* "style.echo", "style.MyStyle.rule" */
	const char *pack;        /* folder name: "echo", "MyStyle" */
	const char *file;        /* "rules/echo/echo.yml" or a path on disk */
	const char *type;        /* "existence", ..., "echo", "rate" */
	const char *message;     /* message template (may hold %s) */
	const char *description; /* description: field, or the message */
	const char *link;        /* NULL when none */
	const char *scope;       /* scope as written, "text" by default */
	enum sm_sev level;
	enum house_style house;  /* HOUSE_NONE: always on; else only with that house style */
	bool opt_in;             /* off unless the configuration or --only turns it on */
	size_t n_fire, n_pass;   /* examples */
};

/** New empty ruleset. Caller frees with ruleset_free. */
struct ruleset *ruleset_new(void);

/**
 * Load the packs built into the binary (every embedded "rules/<pack>/<stem>.yml";
 * ids "style.<stem>"). On success *out is caller-owned (ruleset_free). Files
 * that cannot be used are skipped with a warning (ruleset_warning). Returns
 * SM_OK; SM_ERULE only when nothing at all is embedded.
 */
int ruleset_load_embedded(struct ruleset **out, struct sm_err *err);

/**
 * Add a user's style folder: every *.yml / *.yaml in dir (not recursive);
 * ids "style.<Folder>.<stem>". A folder with no rule files of its own is
 * taken as a Vale StylesPath: each sub-folder is a style folder, loaded in
 * name order (Vale's config/ has no rules and adds none). A malformed file (with its line) or an
 * unsupported type is skipped with a warning; the rest load. Returns SM_OK,
 * or SM_EIO when dir cannot be read.
 */
int ruleset_load_dir(struct ruleset *rs, const char *dir, struct sm_err *err);

/**
 * Compile one rule from YAML text src[0..len) into rs under id. pack names
 * its folder, file is used in messages, dir (may be NULL) is where side files
 * (reference: tables) are looked up, after the embedded "rules/<pack>/".
 * Returns SM_OK, or SM_ERULE with "file:line: problem" in err (rs unchanged).
 */
int ruleset_add_yaml(struct ruleset *rs, const char *id, const char *pack, const char *file,
		     const char *dir, const char *src, size_t len, struct sm_err *err);

/** Free the ruleset and every compiled pattern; ruleset_free(NULL) is a no-op. */
void ruleset_free(struct ruleset *rs);

/** Number of rules loaded. */
size_t ruleset_count(const struct ruleset *rs);
/** Description of rule i (< ruleset_count), borrowed. */
void ruleset_info(const struct ruleset *rs, size_t i, struct rule_info *info);
/** Index of the rule called id, or -1. */
int ruleset_find(const struct ruleset *rs, const char *id);
/** Example text j of rule i (fire when fire is true, else pass), borrowed. */
const char *ruleset_example(const struct ruleset *rs, size_t i, bool fire, size_t j);

/** Warnings recorded while loading (skipped files), borrowed. */
size_t ruleset_n_warnings(const struct ruleset *rs);
const char *ruleset_warning(const struct ruleset *rs, size_t i);

/** Time budget of one rule over one document, in milliseconds (default 2000). */
void ruleset_set_budget(struct ruleset *rs, double ms);

/**
 * Run every enabled rule over the book (all its documents; consistency and
 * rate rules look across documents). Appends findings to out; a rule stopped
 * by its match limit or time budget gives one book_warn naming it and the
 * run goes on. only: when >= 0, run just that rule index. Returns SM_OK.
 */
int ruleset_run(const struct ruleset *rs, struct sm_book *book, struct sm_findings *out,
		int only, struct sm_err *err);

/**
 * Run the examples of rule i: every fire text must give at least one finding
 * of that rule, every pass text none. Returns the number of failing examples
 * (0 = green); for each failure, report(ctx, fire, text, n_findings) is called
 * when report is non-NULL. Errors (a text that cannot be read) count as failures.
 */
int ruleset_test_rule(const struct ruleset *rs, size_t i,
		      void (*report)(void *ctx, bool fire, const char *text, size_t n_found),
		      void *ctx);

#endif
