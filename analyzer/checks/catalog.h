/* catalog.h: the built-in checks (structure, consistency, pacing, language),
 * one entry each, so that `rules list`, `rules show` and the configuration's
 * check of rule names know every rule id an analyzer can report besides the
 * YAML packs. Each analyzer declares its own entries beside its code (struct
 * analyzer's checks, check.h); the catalog gathers those of the registry (a
 * test compares it with the ids the analyzers' sources use). Static data:
 * nothing to free, no errors; safe from any thread. */
#ifndef SM_CATALOG_H
#define SM_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

/* Where the report's consistency appendix lists a check's findings. */
enum check_appendix {
	APPENDIX_NONE,     /* the appendix's general table (tense, POV, facts, ...) or none */
	APPENDIX_NAMES,    /* names and their variants */
	APPENDIX_SPELLING, /* spelling choices: words and punctuation written two ways */
};

struct check_info {
	const char *id;       /* "consistency.name-variant" */
	const char *family;   /* "consistency", "structure", "pacing", "language", "style" */
	const char *level;    /* default severity: "error", "warning", "info" */
	bool model;           /* needs the language model (off with --no-model) */
	bool opt_in;          /* off unless the configuration or --only asks (config_rule_asked) */
	const char *what;     /* one line: what it reports */
	const char *example;  /* what a finding looks like, with the text it is about */
	enum check_appendix appendix;
};

/** The number of built-in checks. */
size_t catalog_count(void);
/** The built-in checks in id order, catalog_count() of them. */
const struct check_info *const *catalog_table(void);
/** The built-in check with this id, or NULL. */
const struct check_info *catalog_find(const char *id);
/** Whether rule is a built-in check that is off by default (opt-in). */
bool catalog_opt_in(const char *id);
/** The appendix part of rule (APPENDIX_NONE for a rule not in the catalog). */
enum check_appendix catalog_appendix(const char *id);
/** The ids of the checks listed in appendix part `part`, in catalog order,
 * into ids[0..cap); returns how many there are. */
size_t catalog_appendix_rules(enum check_appendix part, const char **ids, size_t cap);

#endif
