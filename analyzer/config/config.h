/* config.h: settings every analyzer reads. Filled from defaults, the
 * .storymaster.yml configuration file (issue: rules) and command-line flags. */
#ifndef SM_CONFIG_H
#define SM_CONFIG_H

#include "base/sm.h"

enum house_style { HOUSE_NONE, HOUSE_US, HOUSE_UK };

struct rule_override {
	char *rule;     /* rule id or pack/category prefix ("style", "style.echo") */
	int level;      /* enum sm_sev, -1 = off, or CONFIG_ON: on at the rule's own level */
};
#define CONFIG_ON (-2)

/* A numeric rule setting from the configuration file ("window", "max",
 * "rate", ...; "dialogue" is 1 or 0: whether the rule also reads dialogue). */
struct rule_param {
	char *rule;     /* rule id */
	char *key;
	double value;
};

/* A setting as the configuration file wrote it, with its line: for the
 * check that rules and packs name something (config_unknown_names) and for
 * `storymaster config`, which shows where each value came from. */
enum config_kind { CFG_RULE, CFG_PACK, CFG_HOUSE, CFG_PARAM, CFG_ACCEPT, CFG_DIR };
struct config_name {
	char *name;     /* rule id, pack name, or the key ("house", "accept", "rules_dirs") */
	char *value;    /* as read: "off", "warning", "window: 30", a word, a folder */
	unsigned line;  /* 1-based line in the file */
	bool pack;      /* under packs: */
	enum config_kind kind;
};

struct sm_config {
	enum house_style house;
	bool no_model;              /* skip language-model checks */
	const char *model_path;     /* NULL = the embedded default */
	struct rule_override *ov;   /* per-rule level overrides and disables */
	size_t n_ov, cap_ov;
	char **accept;              /* accepted words and names */
	size_t n_accept, cap_accept;
	char **rule_dirs;           /* extra rule folders (--rules) */
	size_t n_rule_dirs, cap_rule_dirs;
	const char *path;           /* config file read, or NULL */
	/* from .storymaster.yml (config/config_file.c) */
	struct rule_param *params;  /* per-rule thresholds and dialogue switches */
	size_t n_params, cap_params;
	char **packs_off;           /* rule packs turned off ("echo", "cliches") */
	size_t n_packs_off, cap_packs_off;
	char **packs_on;            /* rule packs turned on explicitly (opt-in packs) */
	size_t n_packs_on, cap_packs_on;
	char *path_buf;             /* owned copy behind path when config_load set it */
	struct config_name *names;  /* every rule and pack the file names, in file order */
	size_t n_names, cap_names;
	/* from the command line (--only, --disable): rule ids or prefixes */
	char **only;                /* when any: every other rule is off */
	size_t n_only, cap_only;
	char **disabled;            /* off, whatever the file says */
	size_t n_disabled, cap_disabled;
	bool all_rules;             /* the opt-in rules run too (tests, make precision) */
};

/** Defaults: everything on, no house style. */
void config_init(struct sm_config *cfg);
/** Free what config_init and config_load allocated. */
void config_release(struct sm_config *cfg);
/** Level of rule after overrides: default_sev, another level, or -1 when off.
 * The longest matching prefix of the id wins ("style" < "style.echo"); a
 * rule outside --only, or under --disable, is off. */
int config_rule_level(const struct sm_config *cfg, const char *rule, int default_sev);
/** Whether the configuration or --only asks for rule (an opt-in rule, off
 * by default): a level or "on" for it or a prefix, its pack turned on, or
 * --only naming it. */
bool config_rule_asked(const struct sm_config *cfg, const char *rule, const char *pack);
/** Add an override (copied). level -1 disables, CONFIG_ON turns on at the rule's level. */
void config_set_rule(struct sm_config *cfg, const char *rule, int level);
/** Only rule (an id or a prefix: "style", "consistency.tense-shift") and
 * the others given this way run (--only). Copied. */
void config_only(struct sm_config *cfg, const char *rule);
/** Turn rule (an id or a prefix) off whatever the file says (--disable). Copied. */
void config_disable(struct sm_config *cfg, const char *rule);
/** Whether name is one of ids[0..n) or a prefix of one at a dot. */
bool config_name_known(const char *name, const char *const *ids, size_t n);
/** The closest of ids[0..n) (or of their families) to name, within a few
 * edits, or NULL; for "did you mean". */
const char *config_closest_name(const char *name, const char *const *ids, size_t n, char *buf,
				size_t cap);
/** Add an accepted word or name (copied). */
void config_accept(struct sm_config *cfg, const char *word);
/** True when word (exact, or case-insensitively) is accepted. */
bool config_is_accepted(const struct sm_config *cfg, const char *word, size_t len);

/* ---- the configuration file (config/config_file.c) ---- */

/**
 * Read a .storymaster.yml file into cfg (on top of what it holds):
 *   house: us | uk
 *   packs: { echo: off, cliches: on }
 *   rules: { style.echo: off, style.weak-words: error,
 *            style.echo: { level: warning, window: 30, dialogue: true } }
 *   accept: [Darcy, Pemberley]      (also "names:")
 *   rules_dirs: [styles/House]      (relative to the file)
 * Returns SM_OK; SM_EIO when unreadable; SM_EFORMAT with "path:line: problem"
 * for malformed YAML or a bad value (cfg may then hold part of the file).
 */
int config_load(struct sm_config *cfg, const char *path, struct sm_err *err);

/**
 * Look for .storymaster.yml in start_dir and then its parents. Returns 1 and
 * sets *path_out (caller frees) when found, 0 when not (*path_out = NULL).
 */
int config_find(const char *start_dir, char **path_out);

/** A numeric setting of rule from the configuration, or def. */
double config_rule_param(const struct sm_config *cfg, const char *rule, const char *key, double def);
/** Set a numeric setting of rule (copied). */
void config_set_param(struct sm_config *cfg, const char *rule, const char *key, double value);
/** Whether rule reads dialogue: 1 yes, 0 no, -1 not configured (the rule's scope decides). */
int config_rule_dialogue(const struct sm_config *cfg, const char *rule);
/** False when pack was turned off. */
bool config_pack_enabled(const struct sm_config *cfg, const char *pack);
/** Turn a pack on or off. */
void config_set_pack(struct sm_config *cfg, const char *pack, bool on);
/**
 * The rules and packs that the configuration file names but that do not
 * exist: a rule is known when it is one of ids[0..n_ids) or a prefix of one
 * at a dot ("style", "consistency"), a pack when it is one of packs; also
 * settings a rule does not take: the built-in checks, ids[0..n_builtin),
 * take only level and dialogue, the packs' rules their thresholds. Each
 * problem is a message "PATH:LINE: unknown rule 'style.echoo' (did you mean
 * 'style.echo'?)" in *msgs (caller frees each and the array). Returns their
 * number.
 */
size_t config_unknown_names(const struct sm_config *cfg, const char *const *ids, size_t n_ids,
			    size_t n_builtin, const char *const *packs, size_t n_packs, char ***msgs);
/** Free what config_load added (called by config_release). */
void config_file_release(struct sm_config *cfg);

#endif
