/* cli.h: what the subcommands share. Only cli/ prints to stdout/stderr. */
#ifndef SM_CLI_H
#define SM_CLI_H

#include <stdio.h>

#include "checks/check.h"

struct ingest_reader;

/* Exit statuses, as linters use them. */
enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

/* Each subcommand: argv[0] is the subcommand's name. Returns the exit status. */
int cmd_extract(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_runs(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_model(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_characters(int argc, char **argv);
int cmd_annotate(int argc, char **argv);
int cmd_lsp(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/* Global flags set by main (before the subcommand). */
extern bool cli_quiet;
/* Set in a library scan's worker processes: no progress lines of its own. */
extern bool cli_worker;

/** Print "storymaster: PATH: reason" (path may be NULL) to stderr. */
void cli_error(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** True when stream is a terminal and NO_COLOR is unset. */
bool cli_color(FILE *stream);
/** True when progress lines should go to stderr (a terminal, not --quiet). */
bool cli_progress(void);

/* A book loaded from files: ingested and segmented documents, in natural order. */
struct cli_book {
	struct sm_book book;
	struct sm_config cfg;
	struct sm_doc **docs;
	size_t n_docs, cap_docs;
	int n_failed;       /* files refused (each reported on stderr) */
	const char *stdin_name; /* the name "-" (standard input) is shown as: "<stdin>" by default */
	const struct ingest_reader *stdin_reader; /* of standard input; NULL: from stdin_name, else Markdown */
};

/** Expand directories (recursively, sorted, hidden and ~$ lock files skipped)
 * and keep manuscripts. Paths given directly are kept whatever their name, so
 * that a wrong extension gets its error. Caller frees each string and the array. */
char **cli_expand(char **paths, int n, size_t *n_out, bool recurse_dirs);
/** Forget the folders cli_expand found no manuscripts in (which the next
 * cli_book_load counts as failures): for a caller that reported them itself. */
void cli_expand_forget(void);
/** Sort paths in natural order (ch2 before ch10). */
void cli_natural_sort(char **paths, size_t n);
/** Zero cb and give it a default configuration. */
void cli_book_init(struct cli_book *cb);
/** Ingest and segment each path; report failures; fill cb. */
void cli_book_load(struct cli_book *cb, char **paths, size_t n);
/* Options shared by check and scan. */
struct cli_opts {
	bool json;
	int fail_on;            /* enum sm_sev, or 3 = never */
	bool no_model;
	const char *model;      /* --model FILE */
	const char *rules_dir;  /* --rules DIR */
	const char *config;     /* --config FILE */
	bool strict_config;     /* --strict-config: an unknown rule or pack is an error */
	const char *only;       /* --only RULE|FAMILY,...: these rules only */
	const char *disable;    /* --disable RULE|FAMILY,...: not these */
	double time_limit;      /* --time-limit SECONDS (0: none); when has_time_limit */
	bool has_time_limit;
};

/* Seconds of language-model scoring one document may take by default: a
 * novel of 160,000 words takes about 20 s on one core. */
#define CLI_TIME_LIMIT_DEFAULT 300.0

/* Long options shared by check and scan: put CLI_BOOK_OPTIONS in the
 * getopt_long table and hand unknown option codes to cli_book_option. */
enum { CLI_O_FAIL = 256, CLI_O_NOMODEL, CLI_O_MODEL, CLI_O_RULES, CLI_O_CONFIG, CLI_O_STRICT,
       CLI_O_ONLY, CLI_O_DISABLE, CLI_O_TIME_LIMIT, CLI_O_NEXT };
#define CLI_BOOK_OPTIONS \
	{ "fail-on", required_argument, NULL, CLI_O_FAIL }, \
	{ "no-model", no_argument, NULL, CLI_O_NOMODEL }, \
	{ "model", required_argument, NULL, CLI_O_MODEL }, \
	{ "rules", required_argument, NULL, CLI_O_RULES }, \
	{ "config", required_argument, NULL, CLI_O_CONFIG }, \
	{ "strict-config", no_argument, NULL, CLI_O_STRICT }, \
	{ "only", required_argument, NULL, CLI_O_ONLY }, \
	{ "disable", required_argument, NULL, CLI_O_DISABLE }, \
	{ "time-limit", required_argument, NULL, CLI_O_TIME_LIMIT }
/** Apply option c (with its argument) to o. Returns 1 when c is one of
 * CLI_BOOK_OPTIONS, 0 when it is not, -1 for a bad value (already printed). */
int cli_book_option(struct cli_opts *o, int c, const char *arg);

/** Parse a --fail-on level: 0..2 (enum sm_sev), 3 = never, -1 = unknown. */
int cli_parse_fail_on(const char *s);

/** --format text|json: set *json; false (the error printed) for anything else. */
bool cli_parse_text_json(const char *arg, bool *json);

struct store;
/** Open the store db that a scan wrote, for reading; NULL (the error printed)
 * when there is none or it cannot be opened. The caller frees it (store_free). */
struct store *cli_open_store(const char *db);
/** Read the configuration and load the model and rules the options ask for,
 * before the book is loaded. first_path locates .storymaster.yml. Prints its
 * own errors; returns SM_OK or an error. */
int cli_book_setup(struct cli_book *cb, const struct cli_opts *o, const char *first_path);
/** Fingerprint of what a check depends on besides the manuscripts: the
 * version, the configuration file's bytes, --rules, --model and --no-model.
 * Written as 16 hex digits into out (at least 17 bytes). Reads no model. */
void cli_settings_fingerprint(const struct cli_opts *o, const char *first_path, char *out);
/** Free what cli_book_setup loaded (model, rules). */
void cli_book_teardown(struct cli_book *cb);
/** Print the analyzers' warnings (unless --quiet). */
void cli_print_warnings(struct cli_book *cb);
/** Free everything the book holds. */
void cli_book_release(struct cli_book *cb);

#endif
