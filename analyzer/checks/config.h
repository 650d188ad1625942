/* config.h: settings every analyzer reads. Filled from defaults, the
 * .storymaster.yml configuration file (issue: rules) and command-line flags. */
#ifndef SM_CONFIG_H
#define SM_CONFIG_H

#include "base/sm.h"

enum house_style { HOUSE_NONE, HOUSE_US, HOUSE_UK };

struct rule_override {
	char *rule;     /* rule id or pack/category prefix ("style", "style.echo") */
	int level;      /* enum sm_sev, or -1 = off */
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
};

/** Defaults: everything on, no house style. */
void config_init(struct sm_config *cfg);
/** Free what config_init and config_load allocated. */
void config_release(struct sm_config *cfg);
/** Level of rule after overrides: default_sev, another level, or -1 when off.
 * The longest matching prefix of the id wins ("style" < "style.echo"). */
int config_rule_level(const struct sm_config *cfg, const char *rule, int default_sev);
/** Add an override (copied). level -1 disables. */
void config_set_rule(struct sm_config *cfg, const char *rule, int level);
/** Add an accepted word or name (copied). */
void config_accept(struct sm_config *cfg, const char *word);
/** True when word (exact, or case-insensitively) is accepted. */
bool config_is_accepted(const struct sm_config *cfg, const char *word, size_t len);

#endif
