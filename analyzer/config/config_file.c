/* config_file.c: read .storymaster.yml (libyaml) into struct sm_config, find
 * it in the book's directory or its parents, and answer the per-rule and
 * per-pack questions the rule engine asks. Format: config.h, config_load. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

#include "config/severity.h"
#include "config/config.h"

#define CONFIG_NAME ".storymaster.yml"
#define CONFIG_MAX (1u << 20)

double config_rule_param(const struct sm_config *cfg, const char *rule, const char *key, double def)
{
	for (size_t i = cfg->n_params; i-- > 0;)
		if (!strcmp(cfg->params[i].rule, rule) && !strcmp(cfg->params[i].key, key))
			return cfg->params[i].value;
	return def;
}

void config_set_param(struct sm_config *cfg, const char *rule, const char *key, double value)
{
	SM_GROW(cfg->params, cfg->cap_params, cfg->n_params + 1);
	cfg->params[cfg->n_params++] = (struct rule_param){ xstrdup(rule), xstrdup(key), value };
}

int config_rule_dialogue(const struct sm_config *cfg, const char *rule)
{
	double v = config_rule_param(cfg, rule, "dialogue", -1);
	return v < 0 ? -1 : v > 0 ? 1 : 0;
}

bool config_pack_enabled(const struct sm_config *cfg, const char *pack)
{
	for (size_t i = 0; i < cfg->n_packs_off; i++)
		if (!strcmp(cfg->packs_off[i], pack))
			return false;
	return true;
}

void config_set_pack(struct sm_config *cfg, const char *pack, bool on)
{
	if (on) {
		SM_GROW(cfg->packs_on, cfg->cap_packs_on, cfg->n_packs_on + 1);
		cfg->packs_on[cfg->n_packs_on++] = xstrdup(pack);
	}
	for (size_t i = 0; i < cfg->n_packs_off; i++) {
		if (strcmp(cfg->packs_off[i], pack))
			continue;
		if (on) {
			free(cfg->packs_off[i]);
			cfg->packs_off[i] = cfg->packs_off[--cfg->n_packs_off];
		}
		return;
	}
	if (!on) {
		SM_GROW(cfg->packs_off, cfg->cap_packs_off, cfg->n_packs_off + 1);
		cfg->packs_off[cfg->n_packs_off++] = xstrdup(pack);
	}
}

static void add_entry(struct sm_config *cfg, enum config_kind kind, const char *name, const char *value,
		      unsigned line)
{
	SM_GROW(cfg->names, cfg->cap_names, cfg->n_names + 1);
	cfg->names[cfg->n_names++] = (struct config_name){ xstrdup(name), xstrdup(value ? value : ""), line,
							   kind == CFG_PACK, kind };
}

static unsigned line_of(const yaml_node_t *n)
{
	return n ? (unsigned)n->start_mark.line + 1 : 1;
}

/* Whether name is one of v[0..n) or, for rules, a prefix of one at a dot. */
static bool known_name(const char *name, const char *const *v, size_t n, bool prefix)
{
	size_t ln = strlen(name);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], name) || (prefix && !strncmp(v[i], name, ln) && v[i][ln] == '.'))
			return true;
	return false;
}

bool config_name_known(const char *name, const char *const *ids, size_t n)
{
	return known_name(name, ids, n, true);
}

/* The closest of v[0..n) to name, within a few edits, or NULL. */
static const char *closest(const char *name, const char *const *v, size_t n)
{
	size_t ln = strlen(name);
	int max = ln < 6 ? 1 : ln < 12 ? 2 : 3, best_d = max + 1;
	const char *best = NULL;
	for (size_t i = 0; i < n; i++) {
		int d = sm_edit_distance(name, ln, v[i], strlen(v[i]), max, true);
		if (d < best_d || (d == best_d && best && strcmp(v[i], best) < 0)) {
			best_d = d;
			best = v[i];
		}
	}
	return best_d <= max ? best : NULL;
}

const char *config_closest_name(const char *name, const char *const *ids, size_t n, char *buf,
				size_t cap)
{
	const char *near = closest(name, ids, n);
	if (near || !cap)
		return near;
	/* a family: the part before the first dot of some id */
	int best_d = 3;
	for (size_t i = 0; i < n; i++) {
		const char *dot = strchr(ids[i], '.');
		if (!dot)
			continue;
		int d = sm_edit_distance(name, strlen(name), ids[i], (size_t)(dot - ids[i]), 2, true);
		if (d < best_d && (size_t)(dot - ids[i]) < cap) {
			best_d = d;
			snprintf(buf, cap, "%.*s", (int)(dot - ids[i]), ids[i]);
			near = buf;
		}
	}
	return near;
}

/* The settings a rule may take: every rule its level and whether it reads
 * dialogue; the rule packs' thresholds (rules/rule_run.c reads them, see
 * storymaster-rules(5)). The built-in checks take no thresholds. */
static const char *const all_settings[] = { "level", "dialogue" };
static const char *const pack_settings[] = {
	"level", "dialogue", "factor", "max", "min", "min_count", "min_len", "min_words",
	"per", "rate", "run", "sentence_share", "share", "window",
};

/* "PATH:LINE: unknown setting 'windw' for style.echo (did you mean 'window'?)",
 * or NULL when the setting c (a CFG_PARAM entry: "key: value") is one the rule takes. */
static char *unknown_setting(const char *path, const struct config_name *c, bool builtin)
{
	const char *colon = strchr(c->value, ':');
	size_t kl = colon ? (size_t)(colon - c->value) : strlen(c->value);
	char key[64];
	snprintf(key, sizeof(key), "%.*s", (int)kl, c->value);
	const char *const *v = builtin ? all_settings : pack_settings;
	size_t nv = builtin ? SM_ARRAY_LEN(all_settings) : SM_ARRAY_LEN(pack_settings);
	for (size_t i = 0; i < nv; i++)
		if (!strcmp(v[i], key))
			return NULL;
	const char *near = closest(key, v, nv);
	size_t len = strlen(path) + strlen(key) + strlen(c->name) + 120;
	char *m = xmalloc(len);
	if (near)
		snprintf(m, len, "%s:%u: unknown setting '%s' for %s (did you mean '%s'?)", path, c->line,
			 key, c->name, near);
	else if (builtin)
		snprintf(m, len, "%s:%u: %s takes no setting '%s' (only level and dialogue)", path,
			 c->line, c->name, key);
	else
		snprintf(m, len, "%s:%u: unknown setting '%s' for %s (see storymaster-rules(5))", path,
			 c->line, key, c->name);
	return m;
}

size_t config_unknown_names(const struct sm_config *cfg, const char *const *ids, size_t n_ids,
			    size_t n_builtin, const char *const *packs, size_t n_packs, char ***msgs)
{
	*msgs = NULL;
	size_t n = 0, cap = 0;
	const char *path = cfg->path ? cfg->path : ".storymaster.yml";
	for (size_t i = 0; i < cfg->n_names; i++) {
		const struct config_name *c = &cfg->names[i];
		if (c->kind == CFG_PARAM) {
			bool builtin = known_name(c->name, ids, n_builtin < n_ids ? n_builtin : n_ids, false);
			char *m = known_name(c->name, ids, n_ids, true) ? unknown_setting(path, c, builtin) : NULL;
			if (m) {
				SM_GROW(*msgs, cap, n + 1);
				(*msgs)[n++] = m;
			}
			continue;
		}
		if (c->kind != CFG_RULE && c->kind != CFG_PACK)
			continue;
		const char *const *v = c->pack ? packs : ids;
		size_t nv = c->pack ? n_packs : n_ids;
		if (known_name(c->name, v, nv, !c->pack))
			continue;
		char fam[64];
		const char *near = c->pack ? closest(c->name, v, nv)
					   : config_closest_name(c->name, v, nv, fam, sizeof(fam));
		const char *what = c->pack ? "pack" : "rule";
		size_t len = strlen(path) + strlen(c->name) + (near ? strlen(near) : 0) + 80;
		char *m = xmalloc(len);
		if (near)
			snprintf(m, len, "%s:%u: unknown %s '%s' (did you mean '%s'?)", path, c->line, what,
				 c->name, near);
		else
			snprintf(m, len, "%s:%u: unknown %s '%s' (see: storymaster rules list)", path,
				 c->line, what, c->name);
		SM_GROW(*msgs, cap, n + 1);
		(*msgs)[n++] = m;
	}
	return n;
}

void config_file_release(struct sm_config *cfg)
{
	for (size_t i = 0; i < cfg->n_names; i++) {
		free(cfg->names[i].name);
		free(cfg->names[i].value);
	}
	free(cfg->names);
	cfg->names = NULL;
	cfg->n_names = cfg->cap_names = 0;
	for (size_t i = 0; i < cfg->n_params; i++) {
		free(cfg->params[i].rule);
		free(cfg->params[i].key);
	}
	free(cfg->params);
	cfg->params = NULL;
	cfg->n_params = cfg->cap_params = 0;
	for (size_t i = 0; i < cfg->n_packs_off; i++)
		free(cfg->packs_off[i]);
	free(cfg->packs_off);
	cfg->packs_off = NULL;
	cfg->n_packs_off = cfg->cap_packs_off = 0;
	for (size_t i = 0; i < cfg->n_packs_on; i++)
		free(cfg->packs_on[i]);
	free(cfg->packs_on);
	cfg->packs_on = NULL;
	cfg->n_packs_on = cfg->cap_packs_on = 0;
	free(cfg->path_buf);
	cfg->path_buf = NULL;
}

int config_find(const char *start_dir, char **path_out)
{
	char dir[4096];
	struct stat st;
	*path_out = NULL;
	if (!realpath(start_dir && *start_dir ? start_dir : ".", dir))
		return 0;
	for (;;) {
		char path[4200];
		snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ? dir : "", CONFIG_NAME);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			*path_out = xstrdup(path);
			return 1;
		}
		char *slash = strrchr(dir, '/');
		if (!slash || !strcmp(dir, "/"))
			return 0;
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
}

/* ---- reading ---- */

struct cl {
	yaml_document_t *d;
	const char *path;
	struct sm_err *err;
	struct sm_config *cfg;
	const char *base; /* directory of the file, for relative rules_dirs */
};

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int bad(struct cl *C, const yaml_node_t *n, const char *what)
{
	return sm_fail(C->err, SM_EFORMAT, "%s:%u: %s", C->path, n ? (unsigned)n->start_mark.line + 1 : 1, what);
}

/* "on"/"true"/"yes" = 1, "off"/"false"/"no" = 0, else -1. */
static int onoff(const char *s)
{
	if (!s)
		return -1;
	if (!strcasecmp(s, "on") || !strcasecmp(s, "true") || !strcasecmp(s, "yes"))
		return 1;
	if (!strcasecmp(s, "off") || !strcasecmp(s, "false") || !strcasecmp(s, "no"))
		return 0;
	return -1;
}

static int rule_level(struct cl *C, const yaml_node_t *v, const char *rule)
{
	const char *s = scalar(v);
	if (onoff(s) == 0) {
		config_set_rule(C->cfg, rule, -1);
		return SM_OK;
	}
	if (onoff(s) == 1) {
		config_set_rule(C->cfg, rule, CONFIG_ON);
		return SM_OK;
	}
	int lv = s ? sev_parse(s) : -1;
	if (lv < 0)
		return bad(C, v, "a rule's level must be off, info, suggestion, warning or error");
	config_set_rule(C->cfg, rule, lv);
	return SM_OK;
}

static int read_rules(struct cl *C, const yaml_node_t *m)
{
	if (m->type != YAML_MAPPING_NODE)
		return bad(C, m, "'rules' must map rule ids to a level or settings");
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		const yaml_node_t *k = yaml_document_get_node(C->d, p->key);
		const yaml_node_t *v = yaml_document_get_node(C->d, p->value);
		const char *rule = scalar(k);
		if (!rule)
			return bad(C, k, "rule ids must be strings");
		if (v->type == YAML_SCALAR_NODE) {
			add_entry(C->cfg, CFG_RULE, rule, scalar(v), line_of(k));
			int rc = rule_level(C, v, rule);
			if (rc)
				return rc;
			continue;
		}
		if (v->type != YAML_MAPPING_NODE)
			return bad(C, v, "a rule's settings must be a level or a mapping");
		add_entry(C->cfg, CFG_RULE, rule, "(settings)", line_of(k));
		for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top; q++) {
			const char *key = scalar(yaml_document_get_node(C->d, q->key));
			const yaml_node_t *val = yaml_document_get_node(C->d, q->value);
			const char *s = scalar(val);
			if (!key || !s)
				return bad(C, val, "rule settings must be key: value");
			char kv[200];
			snprintf(kv, sizeof(kv), "%s: %s", key, s);
			add_entry(C->cfg, CFG_PARAM, rule, kv, line_of(val));
			if (!strcmp(key, "level")) {
				int rc = rule_level(C, val, rule);
				if (rc)
					return rc;
			} else if (!strcmp(key, "dialogue")) {
				int b = onoff(s);
				if (b < 0)
					return bad(C, val, "'dialogue' must be true or false");
				config_set_param(C->cfg, rule, "dialogue", b);
			} else {
				char *end;
				double d = strtod(s, &end);
				if (end == s || (*end && strcmp(end, "%")))
					return bad(C, val, "a threshold must be a number");
				if (*end == '%')
					d /= 100;
				config_set_param(C->cfg, rule, key, d);
			}
		}
	}
	return SM_OK;
}

/* Add s as an accepted word, or as a rules folder relative to the file. */
static void list_add(struct cl *C, const char *s, bool dirs, unsigned line)
{
	if (!dirs) {
		config_accept(C->cfg, s);
		add_entry(C->cfg, CFG_ACCEPT, "accept", s, line);
		return;
	}
	char tmp[4200];
	if (s[0] != '/')
		snprintf(tmp, sizeof(tmp), "%s/%s", C->base, s);
	else
		snprintf(tmp, sizeof(tmp), "%s", s);
	SM_GROW(C->cfg->rule_dirs, C->cfg->cap_rule_dirs, C->cfg->n_rule_dirs + 1);
	C->cfg->rule_dirs[C->cfg->n_rule_dirs++] = xstrdup(tmp);
	add_entry(C->cfg, CFG_DIR, "rules_dirs", tmp, line);
}

static int read_list(struct cl *C, const yaml_node_t *v, bool dirs)
{
	if (scalar(v)) {
		list_add(C, scalar(v), dirs, line_of(v));
		return SM_OK;
	}
	if (v->type != YAML_SEQUENCE_NODE)
		return bad(C, v, "expected a list of strings");
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		const yaml_node_t *c = yaml_document_get_node(C->d, *it);
		if (!scalar(c))
			return bad(C, c, "expected a list of strings");
		list_add(C, scalar(c), dirs, line_of(c));
	}
	return SM_OK;
}

static int read_root(struct cl *C, const yaml_node_t *root)
{
	if (root->type != YAML_MAPPING_NODE)
		return bad(C, root, "the configuration must be a mapping");
	int rc = SM_OK;
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top && !rc; p++) {
		const yaml_node_t *k = yaml_document_get_node(C->d, p->key);
		const yaml_node_t *v = yaml_document_get_node(C->d, p->value);
		const char *key = scalar(k);
		if (!key)
			return bad(C, k, "keys must be strings");
		if (!strcmp(key, "house")) {
			const char *s = scalar(v);
			add_entry(C->cfg, CFG_HOUSE, "house", s, line_of(v));
			if (s && !strcasecmp(s, "us"))
				C->cfg->house = HOUSE_US;
			else if (s && !strcasecmp(s, "uk"))
				C->cfg->house = HOUSE_UK;
			else if (s && !strcasecmp(s, "none"))
				C->cfg->house = HOUSE_NONE;
			else
				rc = bad(C, v, "house must be us, uk or none");
		} else if (!strcmp(key, "packs")) {
			if (v->type != YAML_MAPPING_NODE)
				return bad(C, v, "'packs' must map pack names to on or off");
			for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top; q++) {
				const yaml_node_t *pkn = yaml_document_get_node(C->d, q->key);
				const char *pk = scalar(pkn);
				const yaml_node_t *pv = yaml_document_get_node(C->d, q->value);
				int b = onoff(scalar(pv));
				if (!pk || b < 0)
					return bad(C, pv, "a pack is on or off");
				add_entry(C->cfg, CFG_PACK, pk, b ? "on" : "off", line_of(pkn));
				config_set_pack(C->cfg, pk, b == 1);
			}
		} else if (!strcmp(key, "rules")) {
			rc = read_rules(C, v);
		} else if (!strcmp(key, "accept") || !strcmp(key, "names") || !strcmp(key, "words")) {
			rc = read_list(C, v, false);
		} else if (!strcmp(key, "rules_dirs") || !strcmp(key, "styles")) {
			rc = read_list(C, v, true);
		} else {
			char tmp[160];
			snprintf(tmp, sizeof(tmp), "unknown setting '%s'", key);
			rc = bad(C, k, tmp);
		}
	}
	return rc;
}

int config_load(struct sm_config *cfg, const char *path, struct sm_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = sm_read_file(path, CONFIG_MAX, &buf, &len, err);
	if (rc)
		return rc;
	if (sm_yaml_flow_depth(buf, len) > SM_YAML_MAX_DEPTH) {
		free(buf);
		return sm_fail(err, SM_EFORMAT, "%s: collections nested more than %d deep", path,
			       SM_YAML_MAX_DEPTH);
	}
	yaml_parser_t parser;
	yaml_document_t doc;
	if (!yaml_parser_initialize(&parser))
		SM_BUG("yaml_parser_initialize failed");
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = sm_fail(err, SM_EFORMAT, "%s:%u: %s", path, (unsigned)parser.problem_mark.line + 1,
			     parser.problem ? parser.problem : "malformed YAML");
		yaml_parser_delete(&parser);
		free(buf);
		return rc;
	}
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	char base[4096];
	snprintf(base, sizeof(base), "%s", path);
	char *slash = strrchr(base, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(base, sizeof(base), ".");
	struct cl C = { &doc, path, err, cfg, base };
	rc = root ? read_root(&C, root) : SM_OK; /* an empty file is a valid, empty config */
	if (rc == SM_OK) {
		free(cfg->path_buf);
		cfg->path_buf = xstrdup(path);
		cfg->path = cfg->path_buf;
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	free(buf);
	return rc;
}
