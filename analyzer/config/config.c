/* config.c: defaults and per-rule overrides. Reading .storymaster.yml lives
 * in config_file.c. */
#include "config/config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void config_init(struct sm_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->house = HOUSE_NONE;
}

void config_release(struct sm_config *cfg)
{
	for (size_t i = 0; i < cfg->n_ov; i++)
		free(cfg->ov[i].rule);
	free(cfg->ov);
	for (size_t i = 0; i < cfg->n_accept; i++)
		free(cfg->accept[i]);
	free(cfg->accept);
	for (size_t i = 0; i < cfg->n_rule_dirs; i++)
		free(cfg->rule_dirs[i]);
	free(cfg->rule_dirs);
	for (size_t i = 0; i < cfg->n_only; i++)
		free(cfg->only[i]);
	free(cfg->only);
	for (size_t i = 0; i < cfg->n_disabled; i++)
		free(cfg->disabled[i]);
	free(cfg->disabled);
	config_file_release(cfg);
	config_init(cfg);
}

/* Is p the rule id itself or a prefix of it at a dot? */
static bool covers(const char *p, const char *rule)
{
	size_t n = strlen(p);
	return !strncmp(p, rule, n) && (rule[n] == '\0' || rule[n] == '.');
}

int config_rule_level(const struct sm_config *cfg, const char *rule, int default_sev)
{
	for (size_t i = 0; i < cfg->n_disabled; i++)
		if (covers(cfg->disabled[i], rule))
			return -1;
	if (cfg->n_only) {
		bool in = false;
		for (size_t i = 0; i < cfg->n_only && !in; i++)
			in = covers(cfg->only[i], rule);
		if (!in)
			return -1;
	}
	size_t best = 0;
	int level = default_sev;
	for (size_t i = 0; i < cfg->n_ov; i++) {
		const char *p = cfg->ov[i].rule;
		size_t n = strlen(p);
		if (strncmp(p, rule, n) || (rule[n] != '\0' && rule[n] != '.'))
			continue;
		if (n >= best) {
			best = n;
			level = cfg->ov[i].level == CONFIG_ON ? default_sev : cfg->ov[i].level;
		}
	}
	return level;
}

bool config_rule_asked(const struct sm_config *cfg, const char *rule, const char *pack)
{
	if (cfg->all_rules)
		return true;
	for (size_t i = 0; i < cfg->n_only; i++)
		if (covers(cfg->only[i], rule))
			return true;
	for (size_t i = 0; i < cfg->n_ov; i++)
		if (covers(cfg->ov[i].rule, rule) && cfg->ov[i].level != -1)
			return true;
	for (size_t i = 0; pack && i < cfg->n_packs_on; i++)
		if (!strcmp(cfg->packs_on[i], pack))
			return true;
	return false;
}

void config_set_rule(struct sm_config *cfg, const char *rule, int level)
{
	SM_GROW(cfg->ov, cfg->cap_ov, cfg->n_ov + 1);
	cfg->ov[cfg->n_ov].rule = xstrdup(rule);
	cfg->ov[cfg->n_ov].level = level;
	cfg->n_ov++;
}

void config_only(struct sm_config *cfg, const char *rule)
{
	SM_GROW(cfg->only, cfg->cap_only, cfg->n_only + 1);
	cfg->only[cfg->n_only++] = xstrdup(rule);
}

void config_disable(struct sm_config *cfg, const char *rule)
{
	SM_GROW(cfg->disabled, cfg->cap_disabled, cfg->n_disabled + 1);
	cfg->disabled[cfg->n_disabled++] = xstrdup(rule);
}

void config_accept(struct sm_config *cfg, const char *word)
{
	SM_GROW(cfg->accept, cfg->cap_accept, cfg->n_accept + 1);
	cfg->accept[cfg->n_accept++] = xstrdup(word);
}

bool config_is_accepted(const struct sm_config *cfg, const char *word, size_t len)
{
	for (size_t i = 0; i < cfg->n_accept; i++) {
		const char *a = cfg->accept[i];
		if (strlen(a) == len && !strncasecmp(a, word, len))
			return true;
	}
	return false;
}
