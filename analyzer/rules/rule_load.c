/* rule_load.c: read Vale-style YAML rule files (libyaml) and compile them
 * into struct rule: PCRE2 patterns (UTF + UCP, JIT when available) and word
 * sets. Part of the rule engine (analyzer/rules/); rule_run.c runs them. */
#include <dirent.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "base/embedded.h"
#include "base/sbuf.h"
#include "rules/rule_int.h"

#define RULE_MAX_FILE (4u << 20)
#define RULE_MAX_PATTERN (1u << 20)

/* ------------------------------------------------------------------ */
/* word sets                                                          */
/* ------------------------------------------------------------------ */

size_t rule_lower(char *buf, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	buf[n] = '\0';
	return n;
}

void rule_words_add(struct rule_words *s, const char *w, size_t n, double val)
{
	uint32_t i = sm_map_str(&s->map, w, n);
	if (i == SM_MAP_NONE) {
		i = sm_map_str_add(&s->map, xstrndup(w, n), n, NULL);
		SM_GROW(s->vals, s->cap, (size_t)i + 1);
	}
	s->vals[i] = val;
}

double *rule_words_get(const struct rule_words *s, const char *w, size_t n)
{
	uint32_t i = sm_map_str(&s->map, w, n);
	return i == SM_MAP_NONE ? NULL : &s->vals[i];
}

void rule_words_release(struct rule_words *s)
{
	for (uint32_t i = 0; i < s->map.n; i++)
		free((char *)s->map.str[i]);
	sm_map_free(&s->map);
	free(s->vals);
	memset(s, 0, sizeof(*s));
}

/* ------------------------------------------------------------------ */
/* ruleset handle                                                     */
/* ------------------------------------------------------------------ */

struct ruleset *ruleset_new(void)
{
	struct ruleset *rs = xcalloc(1, sizeof(*rs));
	rs->budget_ms = 2000;
	rs->mctx = pcre2_match_context_create(NULL);
	if (!rs->mctx)
		SM_BUG("pcre2_match_context_create failed");
	/* Catastrophic patterns stop here instead of hanging the run. */
	pcre2_set_match_limit(rs->mctx, 1000000);
	pcre2_set_depth_limit(rs->mctx, 10000);
	pcre2_set_heap_limit(rs->mctx, 20000); /* KiB */
	rs->jit = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
	if (rs->jit)
		pcre2_jit_stack_assign(rs->mctx, NULL, rs->jit);
	return rs;
}

void ruleset_add_warning(struct ruleset *rs, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	SM_GROW(rs->warn, rs->cap_warn, rs->n_warn + 1);
	rs->warn[rs->n_warn++] = xstrdup(tmp);
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void rule_free(struct rule *r)
{
	if (!r)
		return;
	free(r->id);
	free(r->pack);
	free(r->file);
	free(r->type_name);
	free(r->scope_name);
	free(r->message);
	free(r->description);
	free(r->link);
	pcre2_code_free(r->re);
	for (size_t i = 0; i < r->n_phrase_re; i++)
		pcre2_code_free(r->phrase_re[i]);
	free(r->phrase_re);
	free(r->start_list);
	rule_words_release(&r->starts);
	free_strv(r->repl, r->n_swap);
	free(r->grp);
	for (size_t i = 0; i < r->n_either; i++)
		pcre2_code_free(r->either[i]);
	free(r->either);
	pcre2_code_free(r->first);
	pcre2_code_free(r->second);
	pcre2_code_free(r->cap_re);
	pcre2_code_free(r->exc_re);
	rule_words_release(&r->words);
	rule_words_release(&r->reference);
	free_strv(r->group_names, r->n_groups);
	for (size_t i = 0; i < r->n_groups; i++)
		pcre2_code_free(r->groups[i]);
	free(r->groups);
	free(r->group_ref);
	free_strv(r->fire, r->n_fire);
	free_strv(r->pass, r->n_pass);
	free(r);
}

void ruleset_free(struct ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n; i++)
		rule_free(rs->v[i]);
	free(rs->v);
	free_strv(rs->warn, rs->n_warn);
	pcre2_match_context_free(rs->mctx);
	pcre2_jit_stack_free(rs->jit);
	free(rs);
}

size_t ruleset_count(const struct ruleset *rs) { return rs ? rs->n : 0; }
size_t ruleset_n_warnings(const struct ruleset *rs) { return rs ? rs->n_warn : 0; }
const char *ruleset_warning(const struct ruleset *rs, size_t i) { return rs->warn[i]; }
void ruleset_set_budget(struct ruleset *rs, double ms) { rs->budget_ms = ms; }

int ruleset_find(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->v[i]->id, id))
			return (int)i;
	return -1;
}

void ruleset_info(const struct ruleset *rs, size_t i, struct rule_info *info)
{
	const struct rule *r = rs->v[i];
	info->id = r->id;
	info->pack = r->pack;
	info->file = r->file;
	info->type = r->type_name;
	info->message = r->message;
	info->description = r->description ? r->description : r->message;
	info->link = r->link;
	info->scope = r->scope_name ? r->scope_name : "text";
	info->level = r->level;
	info->house = r->house;
	info->opt_in = r->opt_in;
	info->n_fire = r->n_fire;
	info->n_pass = r->n_pass;
}

const char *ruleset_example(const struct ruleset *rs, size_t i, bool fire, size_t j)
{
	const struct rule *r = rs->v[i];
	if (fire)
		return j < r->n_fire ? r->fire[j] : NULL;
	return j < r->n_pass ? r->pass[j] : NULL;
}

/* ------------------------------------------------------------------ */
/* YAML helpers                                                       */
/* ------------------------------------------------------------------ */

struct ld {
	yaml_document_t *d;
	const char *file;
	const char *dir;
	const char *pack;
	struct sm_err *err;
	struct rule *r;
};

static unsigned line_of(const yaml_node_t *n) { return (unsigned)n->start_mark.line + 1; }

static int bad(struct ld *L, const yaml_node_t *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad(struct ld *L, const yaml_node_t *n, const char *fmt, ...)
{
	char tmp[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	return sm_fail(L->err, SM_ERULE, "%s:%u: %s", L->file, n ? line_of(n) : 1, tmp);
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int get_str(struct ld *L, const yaml_node_t *n, const char *key, char **out)
{
	const char *s = scalar(n);
	if (!s)
		return bad(L, n, "'%s' must be a string", key);
	free(*out);
	*out = xstrdup(s);
	return SM_OK;
}

static int get_bool(struct ld *L, const yaml_node_t *n, const char *key, bool *out)
{
	const char *s = scalar(n);
	if (s && (!strcasecmp(s, "true") || !strcasecmp(s, "yes") || !strcasecmp(s, "on")))
		*out = true;
	else if (s && (!strcasecmp(s, "false") || !strcasecmp(s, "no") || !strcasecmp(s, "off")))
		*out = false;
	else
		return bad(L, n, "'%s' must be true or false", key);
	return SM_OK;
}

static int get_num(struct ld *L, const yaml_node_t *n, const char *key, double *out)
{
	const char *s = scalar(n);
	char *end;
	if (!s || !*s)
		return bad(L, n, "'%s' must be a number", key);
	double v = strtod(s, &end);
	if (*end == '%' && end[1] == '\0') {
		v /= 100;
		end++;
	}
	if (*end)
		return bad(L, n, "'%s' must be a number, not '%s'", key, s);
	*out = v;
	return SM_OK;
}

/* A list of strings (a single string counts as a list of one). */
static int get_list(struct ld *L, const yaml_node_t *n, const char *key, char ***out, size_t *n_out)
{
	if (n->type == YAML_SCALAR_NODE) {
		*out = xrealloc(*out, sizeof(**out) * (*n_out + 1));
		(*out)[(*n_out)++] = xstrdup(scalar(n));
		return SM_OK;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return bad(L, n, "'%s' must be a list", key);
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		const yaml_node_t *c = yaml_document_get_node(L->d, *it);
		const char *s = scalar(c);
		if (!s)
			return bad(L, c, "'%s' items must be strings", key);
		*out = xrealloc(*out, sizeof(**out) * (*n_out + 1));
		(*out)[(*n_out)++] = xstrdup(s);
	}
	return SM_OK;
}

/* ------------------------------------------------------------------ */
/* patterns                                                           */
/* ------------------------------------------------------------------ */

/* Compile pat with the engine's options plus extra (JIT when available). */
static int compile_with(struct ld *L, const yaml_node_t *at, const char *pat, bool icase, uint32_t extra,
			pcre2_code **out)
{
	int ec;
	PCRE2_SIZE eo;
	uint32_t opt = PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE | (icase ? PCRE2_CASELESS : 0) | extra;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, opt, &ec, &eo, NULL);
	if (!re) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(ec, msg, sizeof(msg));
		return bad(L, at, "bad pattern at offset %zu: %s", (size_t)eo, (char *)msg);
	}
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
	*out = re;
	return SM_OK;
}

static int compile(struct ld *L, const yaml_node_t *at, const char *pat, bool icase, pcre2_code **out)
{
	return compile_with(L, at, pat, icase, 0, out);
}

/* Expand a phrase of the cliché notation into a pattern: {pos} {obj} {subj}
 * {refl} {someone} are pronoun slots, a word ending in ~ takes simple
 * inflections, ( | ) and ? after ) keep their meaning, spaces match any run
 * of white space, everything else is literal. */
static void phrase_to_re(struct sbuf *sb, const char *p)
{
	static const struct { const char *slot, *re; } slots[] = {
		{ "{pos}", "(?:my|your|his|her|its|our|their)" },
		{ "{obj}", "(?:me|you|him|her|it|us|them)" },
		{ "{subj}", "(?:I|you|he|she|it|we|they)" },
		{ "{refl}", "(?:myself|yourself|himself|herself|itself|ourselves|themselves)" },
		{ "{someone}", "(?:me|you|him|her|us|them|\\p{Lu}\\p{L}+)" },
	};
	sbuf_adds(sb, "(?:");
	while (*p) {
		if (*p == '{') {
			bool done = false;
			for (size_t i = 0; i < SM_ARRAY_LEN(slots); i++) {
				size_t n = strlen(slots[i].slot);
				if (!strncmp(p, slots[i].slot, n)) {
					sbuf_adds(sb, slots[i].re);
					p += n;
					done = true;
					break;
				}
			}
			if (done)
				continue;
		}
		if (*p == '~') {
			sbuf_adds(sb, "(?:s|es|d|ed|ing)?");
			p++;
		} else if (*p == ' ') {
			sbuf_adds(sb, "\\s+");
			while (*p == ' ')
				p++;
		} else if (*p == '(') {
			sbuf_adds(sb, "(?:");
			p++;
		} else if (*p == ')' || *p == '|' || *p == '?') {
			sbuf_addc(sb, *p++);
		} else if (strchr("\\^$.[]*+{}", *p)) {
			sbuf_addc(sb, '\\');
			sbuf_addc(sb, *p++);
		} else {
			sbuf_addc(sb, *p++);
		}
	}
	sbuf_adds(sb, ")");
}

/* ------------------------------------------------------------------ */
/* the phrase prefilter                                               */
/* ------------------------------------------------------------------ */

/* A phrases: alternation is \b(?:p1|p2|...)\b. When every phrase can only
 * begin with an ASCII word character, a match begins at the start of a \w
 * run of the text, and that whole run (it ends where the phrase has a
 * non-word character, or at the final \b) is the phrase's first word; the
 * non-word characters after it are the phrase's separator, and the next
 * run its second word. keys_of lists, for one phrase, every pair
 * "first second" it can begin with, or "first\x01" when it can match
 * without a second word or where the second is beyond what is modelled
 * ({someone}, non-ASCII, a ? after a letter): such a phrase is then tried
 * whatever word comes second. Anything not modelled in the first word makes
 * the whole prefilter give up, and the rule runs unfiltered. */
struct keys {
	struct rule_words *set;
	bool fail;
};

#define KEYS_MAX 8192 /* give up beyond this many keys per phrase list */

static void keys_emit(struct keys *K, const char *w, size_t n1, size_t n, bool second)
{
	char key[2 * RULE_START_MAX + 4];
	if (!n1) { /* the phrase may begin with a non-word character */
		K->fail = true;
		return;
	}
	memcpy(key, w, n1);
	size_t k = n1;
	if (second) {
		memcpy(key + k, w + n1, n - n1); /* " second" */
		k = n;
	} else {
		key[k++] = '\x01';
	}
	if (K->set->map.n >= KEYS_MAX)
		K->fail = true;
	else
		rule_words_add(K->set, key, k, 1);
}

/* The ')' closing the group whose content begins at p, or NULL. */
static const char *group_close(const char *p)
{
	int depth = 0;
	for (; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && !depth--)
			return p;
	}
	return NULL;
}

/* Where the walk is: in the first word, in the separator after it, or in
 * the second word; w holds "first" then " second" (n1 = first's length). */
enum kphase { K_FIRST, K_SEP, K_SECOND };

static void keys_walk(struct keys *K, const char *p, const char *w0, size_t n, size_t n1, enum kphase ph,
		      const char **ret, size_t n_ret);

/* Walk each alternative of the group content [p, close), each resuming at
 * `after` when it ends. */
static void keys_group(struct keys *K, const char *p, const char *close, const char *after, const char *w,
		       size_t n, size_t n1, enum kphase ph, const char **ret, size_t n_ret)
{
	const char *stack[16];
	if (n_ret + 1 > SM_ARRAY_LEN(stack)) {
		K->fail = true;
		return;
	}
	if (n_ret)
		memcpy(stack, ret, n_ret * sizeof(*ret));
	stack[n_ret] = after;
	int depth = 0;
	const char *alt = p;
	for (const char *q = p; q <= close && !K->fail; q++) {
		if (q < close && *q == '(')
			depth++;
		else if (q < close && *q == ')')
			depth--;
		else if (q == close || (*q == '|' && !depth)) {
			keys_walk(K, alt, w, n, n1, ph, stack, n_ret + 1);
			alt = q + 1;
		}
	}
}

/* Something the walk does not model: fatal in the first word, a wildcard
 * second word after it. */
static void keys_unknown(struct keys *K, const char *w, size_t n1, enum kphase ph)
{
	if (ph == K_FIRST)
		K->fail = true;
	else
		keys_emit(K, w, n1, 0, false);
}

/* Extend the words w0[0..n) from phrase position p; ret holds where each
 * enclosing group resumes. Mirrors phrase_to_re. */
static void keys_walk(struct keys *K, const char *p, const char *w0, size_t n, size_t n1, enum kphase ph,
		      const char **ret, size_t n_ret)
{
	static const struct { const char *slot; const char *words[8]; } slots[] = {
		{ "{pos}", { "my", "your", "his", "her", "its", "our", "their" } },
		{ "{obj}", { "me", "you", "him", "her", "it", "us", "them" } },
		{ "{subj}", { "i", "you", "he", "she", "it", "we", "they" } },
		{ "{refl}", { "myself", "yourself", "himself", "herself", "itself", "ourselves", "themselves" } },
	};
	static const char *const infl[] = { "", "s", "es", "d", "ed", "ing" }; /* phrase_to_re's ~ */
	char w[2 * RULE_START_MAX + 4];
	memcpy(w, w0, n);
	size_t cap = ph == K_FIRST ? RULE_START_MAX : n1 + 1 + RULE_START_MAX;
	while (!K->fail) {
		unsigned char c = (unsigned char)*p;
		if (c == '\0' && n_ret) { /* the last top-level alternative (keys_of) */
			p = ret[--n_ret];
			continue;
		}
		if (c == '\0') { /* the phrase ends */
			if (ph == K_FIRST)
				keys_emit(K, w, n, n, false);
			else
				keys_emit(K, w, n1, n, ph == K_SECOND);
			return;
		}
		if (c == '|' || c == ')') { /* this alternative ends: resume after its group */
			if (!n_ret) {
				K->fail = true;
				return;
			}
			p = ret[--n_ret];
			continue;
		}
		if (c == '(') {
			const char *close = group_close(p + 1);
			if (!close) {
				K->fail = true;
				return;
			}
			const char *after = close + 1;
			bool opt = *after == '?';
			if (opt && after[1] == '?') {
				keys_unknown(K, w, n1, ph);
				return;
			}
			keys_group(K, p + 1, close, after + opt, w, n, n1, ph, ret, n_ret);
			if (!opt)
				return;
			p = after + 1; /* the optional group left out */
			continue;
		}
		bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
		size_t k = 0;
		if (c == '{') {
			while (k < SM_ARRAY_LEN(slots) && strncmp(p, slots[k].slot, strlen(slots[k].slot)))
				k++;
			if (k == SM_ARRAY_LEN(slots) && !strncmp(p, "{someone}", 9)) { /* any capitalized word */
				keys_unknown(K, w, n1, ph);
				return;
			}
			word = k < SM_ARRAY_LEN(slots); /* else a literal '{' */
		}
		if (word && ph == K_SEP)
			ph = K_SECOND; /* the second word begins */
		if (c == '{' && word) {
			for (size_t j = 0; j < 8 && slots[k].words[j] && !K->fail; j++) {
				size_t l = strlen(slots[k].words[j]);
				if (n + l > cap) {
					keys_unknown(K, w, n1, ph);
					return;
				}
				memcpy(w + n, slots[k].words[j], l);
				keys_walk(K, p + strlen(slots[k].slot), w, n + l, n1, ph, ret, n_ret);
			}
			return;
		}
		if (c == '~') {
			if (ph == K_SEP) { /* an ending after a non-word character */
				keys_unknown(K, w, n1, ph);
				return;
			}
			for (size_t j = 0; j < SM_ARRAY_LEN(infl) && !K->fail; j++) {
				size_t l = strlen(infl[j]);
				if (n + l > cap) {
					keys_unknown(K, w, n1, ph);
					return;
				}
				memcpy(w + n, infl[j], l);
				keys_walk(K, p + 1, w, n + l, n1, ph, ret, n_ret);
			}
			return;
		}
		if (word) {
			if (n >= cap || p[1] == '?') { /* too long; an optional letter */
				keys_unknown(K, w, n1, ph);
				return;
			}
			w[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			p++;
			continue;
		}
		if (c >= 0x80 || c == '?') { /* may be a word character; a bare quantifier */
			keys_unknown(K, w, n1, ph);
			return;
		}
		/* an ASCII non-word character (a space stands for \s+) */
		if (ph == K_SECOND) {
			keys_emit(K, w, n1, n, true);
			return;
		}
		if (ph == K_FIRST) {
			if (!n) {
				K->fail = true;
				return;
			}
			n1 = n;
			w[n++] = ' ';
			cap = n1 + 1 + RULE_START_MAX;
			ph = K_SEP;
		}
		p++;
	}
}

/* The keys of one phrase into set (empty before); false when the prefilter
 * cannot model it. */
static bool keys_of(const char *phrase, struct rule_words *set)
{
	struct keys K = { set, false };
	/* phrase_to_re wraps the phrase in (?: ), so a top-level | is an alternation */
	const char *end = phrase + strlen(phrase);
	keys_group(&K, phrase, end, end, "", 0, 0, K_FIRST, NULL, 0);
	return !K.fail;
}

struct plist { uint32_t *v; size_t n, cap; }; /* phrase indices, ascending */

static void plist_add(struct plist *l, uint32_t i)
{
	if (l->n && l->v[l->n - 1] == i)
		return;
	SM_GROW(l->v, l->cap, l->n + 1);
	l->v[l->n++] = i;
}

/* Add phrase i to the list of key (created on first use). */
static void key_list_add(struct rule_words *idx, struct plist **lists, size_t *n_lists, size_t *cap_lists,
			 const char *key, size_t kn, uint32_t i)
{
	double *v = rule_words_get(idx, key, kn);
	if (!v) {
		SM_GROW(*lists, *cap_lists, *n_lists + 1);
		(*lists)[*n_lists] = (struct plist){ NULL, 0, 0 };
		rule_words_add(idx, key, kn, (double)*n_lists);
		v = rule_words_get(idx, key, kn);
		++*n_lists;
	}
	plist_add(&(*lists)[(size_t)*v], i);
}

/* Set up the phrase prefilter of r (see struct rule) for its
 * case-insensitive alternation of phrases; r is left without it when some
 * phrase is beyond what keys_of models. Phrase i gets its own anchored
 * pattern \b(?:pi)\b: at a position where no phrase before i matches, the
 * alternation matches what pi matches, so trying the phrases listed under
 * the text's two words in order gives the alternation's match. */
static void build_starts(struct rule *r, char **phrases, size_t n_phr)
{
	struct rule_words idx = { 0 }; /* key -> index into lists */
	struct plist *lists = NULL;
	size_t n_lists = 0, cap_lists = 0;
	bool ok = n_phr < UINT32_MAX;
	for (size_t i = 0; i < n_phr && ok; i++) {
		struct rule_words one = { 0 };
		ok = keys_of(phrases[i], &one);
		for (uint32_t j = 0; j < one.map.n && ok; j++) {
			const char *key = rule_words_key(&one, j);
			size_t kn = strlen(key);
			size_t n1 = strcspn(key, " \x01");
			key_list_add(&idx, &lists, &n_lists, &cap_lists, key, n1, (uint32_t)i); /* the first word */
			key_list_add(&idx, &lists, &n_lists, &cap_lists, key, kn, (uint32_t)i);
		}
		rule_words_release(&one);
		if (idx.map.n > KEYS_MAX)
			ok = false;
	}
	/* a phrase that takes any second word also goes under each "first second" */
	for (uint32_t j = 0; j < idx.map.n && ok; j++) {
		const char *key = rule_words_key(&idx, j);
		const char *sp = strchr(key, ' ');
		if (!sp)
			continue;
		char wild[RULE_START_MAX + 2];
		size_t n1 = (size_t)(sp - key);
		memcpy(wild, key, n1);
		wild[n1] = '\x01';
		double *wv = rule_words_get(&idx, wild, n1 + 1);
		if (!wv)
			continue;
		struct plist *a = &lists[(size_t)idx.vals[j]], *b = &lists[(size_t)*wv], m = { NULL, 0, 0 };
		for (size_t x = 0, y = 0; x < a->n || y < b->n;) /* merge, keeping phrase order */
			plist_add(&m, (y == b->n || (x < a->n && a->v[x] < b->v[y])) ? a->v[x++] : b->v[y++]);
		free(a->v);
		*a = m;
	}
	/* the lists, flat: count then phrase indices; first words map to -1 */
	for (uint32_t j = 0; j < idx.map.n && ok; j++) {
		const char *key = rule_words_key(&idx, j);
		size_t kn = strlen(key);
		if (!strpbrk(key, " \x01")) {
			rule_words_add(&r->starts, key, kn, -1);
			continue;
		}
		const struct plist *l = &lists[(size_t)idx.vals[j]];
		rule_words_add(&r->starts, key, kn, (double)r->n_start_list);
		r->start_list = xrealloc(r->start_list, sizeof(*r->start_list) * (r->n_start_list + l->n + 1));
		r->start_list[r->n_start_list++] = (uint32_t)l->n;
		memcpy(r->start_list + r->n_start_list, l->v, l->n * sizeof(*l->v));
		r->n_start_list += l->n;
	}
	if (ok)
		r->phrase_re = xcalloc(n_phr, sizeof(*r->phrase_re));
	for (size_t i = 0; i < n_phr && ok; i++) {
		/* interpreted: a few tries each, where a JIT compile of all would cost more */
		struct sbuf sb;
		sbuf_init(&sb, RULE_MAX_PATTERN);
		sbuf_adds(&sb, "\\b");
		phrase_to_re(&sb, phrases[i]);
		sbuf_adds(&sb, "\\b");
		int ec;
		PCRE2_SIZE eo;
		r->phrase_re[i] = sb.buf ? pcre2_compile((PCRE2_SPTR)sb.buf, PCRE2_ZERO_TERMINATED,
							 PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE | PCRE2_CASELESS |
							 PCRE2_ANCHORED, &ec, &eo, NULL) : NULL;
		r->n_phrase_re = i + 1;
		ok = r->phrase_re[i] != NULL;
		sbuf_release(&sb);
	}
	if (!ok) {
		for (size_t i = 0; i < r->n_phrase_re; i++)
			pcre2_code_free(r->phrase_re[i]);
		free(r->phrase_re);
		r->phrase_re = NULL;
		r->n_phrase_re = 0;
		free(r->start_list);
		r->start_list = NULL;
		r->n_start_list = 0;
		rule_words_release(&r->starts);
	}
	for (size_t i = 0; i < n_lists; i++)
		free(lists[i].v);
	free(lists);
	rule_words_release(&idx);
}

/* The Vale token alternation: \b(?:t1|t2|...)\b, or without \b for nonword. */
static int build_tokens(struct ld *L, const yaml_node_t *at, char **toks, size_t n_toks,
			char **phrases, size_t n_phr, char **raw, size_t n_raw, pcre2_code **out)
{
	struct rule *r = L->r;
	struct sbuf sb;
	sbuf_init(&sb, RULE_MAX_PATTERN);
	if (n_raw) {
		for (size_t i = 0; i < n_raw; i++)
			sbuf_adds(&sb, raw[i]);
	} else {
		if (!r->nonword)
			sbuf_adds(&sb, "\\b");
		sbuf_adds(&sb, "(?:");
		size_t k = 0;
		for (size_t i = 0; i < n_toks; i++, k++) {
			if (k)
				sbuf_addc(&sb, '|');
			sbuf_adds(&sb, toks[i]);
		}
		for (size_t i = 0; i < n_phr; i++, k++) {
			if (k)
				sbuf_addc(&sb, '|');
			phrase_to_re(&sb, phrases[i]);
		}
		sbuf_addc(&sb, ')');
		if (!r->nonword)
			sbuf_adds(&sb, "\\b");
	}
	if (!sb.buf)
		return bad(L, at, "pattern too long");
	int rc = compile(L, at, sb.buf, r->ignorecase, out);
	if (!rc && out == &r->re && n_phr && !n_toks && !n_raw && !r->nonword && r->ignorecase)
		build_starts(r, phrases, n_phr);
	sbuf_release(&sb);
	return rc;
}

/* ------------------------------------------------------------------ */
/* the rule file                                                      */
/* ------------------------------------------------------------------ */

static const struct { const char *name; int type; } types[] = {
	{ "existence", RT_EXISTENCE }, { "substitution", RT_SUBSTITUTION },
	{ "occurrence", RT_OCCURRENCE }, { "repetition", RT_REPETITION },
	{ "consistency", RT_CONSISTENCY }, { "conditional", RT_CONDITIONAL },
	{ "capitalization", RT_CAPITALIZATION }, { "echo", RT_ECHO },
	{ "starts", RT_STARTS }, { "sticky", RT_STICKY }, { "rate", RT_RATE },
	{ "overuse", RT_OVERUSE },
};
static const char *const vale_unsupported[] = {
	"spelling", "sequence", "metric", "script", "readability", "invisible", "lint",
};

static bool scope_given(const struct rule *r) { return r->scope_name != NULL; }

static int set_scope(struct ld *L, const yaml_node_t *n)
{
	struct rule *r = L->r;
	struct sbuf sb;
	sbuf_init(&sb, 4096);
	const yaml_node_t *items[16];
	size_t k = 0;
	if (n->type == YAML_SCALAR_NODE) {
		items[k++] = n;
	} else if (n->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *it = n->data.sequence.items.start;
		     it < n->data.sequence.items.top && k < SM_ARRAY_LEN(items); it++)
			items[k++] = yaml_document_get_node(L->d, *it);
	} else {
		return bad(L, n, "'scope' must be a string or a list");
	}
	for (size_t i = 0; i < k; i++) {
		const char *s = scalar(items[i]);
		if (!s) {
			sbuf_release(&sb);
			return bad(L, items[i], "'scope' items must be strings");
		}
		if (sb.len)
			sbuf_addc(&sb, ',');
		sbuf_adds(&sb, s);
		if (!strcmp(s, "narration"))
			r->filter = F_NARRATION;
		else if (!strcmp(s, "dialogue"))
			r->filter = F_DIALOGUE;
		else if (!strcmp(s, "sentence"))
			r->unit = U_SENTENCE;
		else if (!strcmp(s, "paragraph"))
			r->unit = U_PARAGRAPH;
		else if (!strcmp(s, "scene"))
			r->unit = U_SCENE;
		else if (!strcmp(s, "chapter"))
			r->unit = U_CHAPTER;
		else if (!strncmp(s, "heading", 7) || !strcmp(s, "title"))
			r->unit = U_HEADING;
		else if (!strcmp(s, "text") || !strcmp(s, "raw") || !strcmp(s, "summary") ||
			 !strcmp(s, "list") || !strcmp(s, "blockquote") || s[0] == '~')
			r->unit = U_TEXT; /* Vale markup scopes: prose is all we have */
		else {
			sbuf_release(&sb);
			return bad(L, items[i], "unknown scope '%s'", s);
		}
	}
	free(r->scope_name);
	r->scope_name = sbuf_detach(&sb, NULL);
	return SM_OK;
}

/* A reference table: lines "word<TAB>per-million", '#' comments. */
static int load_reference(struct ld *L, const yaml_node_t *at, const char *name)
{
	char path[1024];
	snprintf(path, sizeof(path), "rules/%s/%s", L->pack, name);
	const struct sm_embedded *e = embedded_find(path);
	char *buf = NULL;
	size_t len = 0;
	const char *text;
	if (L->dir) {
		snprintf(path, sizeof(path), "%s/%s", L->dir, name);
		struct sm_err e2;
		if (sm_read_file(path, 64u << 20, &buf, &len, &e2) != SM_OK && !e)
			return bad(L, at, "reference table '%s': %s", name, e2.msg);
	}
	if (buf) {
		text = buf;
	} else if (e) {
		text = (const char *)e->data;
		len = (size_t)(e->end - e->data);
	} else {
		return bad(L, at, "reference table '%s' not found", name);
	}
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		const char *tab = memchr(p, '\t', (size_t)(nl - p));
		if (*p != '#' && tab) {
			char lw[128];
			size_t n = rule_lower(lw, sizeof(lw), p, (size_t)(tab - p));
			rule_words_add(&L->r->reference, lw, n, strtod(tab + 1, NULL));
		}
		p = nl + 1;
	}
	free(buf);
	return SM_OK;
}

/* Named groups of the rate type, or name -> number for its reference. */
static int load_groups(struct ld *L, const yaml_node_t *n)
{
	struct rule *r = L->r;
	if (n->type != YAML_MAPPING_NODE)
		return bad(L, n, "'groups' must be a mapping of name: pattern");
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		const yaml_node_t *k = yaml_document_get_node(L->d, p->key);
		const yaml_node_t *v = yaml_document_get_node(L->d, p->value);
		if (!scalar(k) || !scalar(v))
			return bad(L, k, "'groups' entries must be name: pattern");
		size_t np = strlen(scalar(v)) + 16;
		char *pat = xmalloc(np);
		snprintf(pat, np, "\\b(?:%s)\\b", scalar(v));
		pcre2_code *re = NULL;
		int rc = compile(L, v, pat, r->ignorecase, &re);
		free(pat);
		if (rc)
			return rc;
		r->groups = xrealloc(r->groups, sizeof(*r->groups) * (r->n_groups + 1));
		r->group_names = xrealloc(r->group_names, sizeof(char *) * (r->n_groups + 1));
		r->group_ref = xrealloc(r->group_ref, sizeof(double) * (r->n_groups + 1));
		r->groups[r->n_groups] = re;
		r->group_names[r->n_groups] = xstrdup(scalar(k));
		r->group_ref[r->n_groups] = -1;
		r->n_groups++;
	}
	return SM_OK;
}

static int parse_rule(struct ld *L, const yaml_node_t *root)
{
	struct rule *r = L->r;
	const yaml_node_t *type_node = NULL, *swap = NULL, *either = NULL, *first = NULL,
			  *second = NULL, *match = NULL, *groups = NULL, *refmap = NULL,
			  *tokens_at = root;
	const char *refname = NULL;
	char **toks = NULL, **phr = NULL, **raw = NULL, **exc = NULL, **words = NULL;
	size_t n_toks = 0, n_phr = 0, n_raw = 0, n_exc = 0, n_words = 0;
	int rc = SM_OK;

	if (root->type != YAML_MAPPING_NODE)
		return bad(L, root, "a rule file must be a mapping");
	r->level = SM_SEV_WARNING;
	r->max = -1;
	r->min = -1;
	r->window = 20;
	r->min_len = 4;
	r->per = 1000;
	r->factor = 5;
	r->min_count = -1; /* unset: overuse 10, rate 3 */
	r->max_report = 10;
	r->ref_floor = 1;
	r->sentence_share = 0.6;
	r->min_words = 0;

	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top && !rc; p++) {
		const yaml_node_t *k = yaml_document_get_node(L->d, p->key);
		const yaml_node_t *v = yaml_document_get_node(L->d, p->value);
		const char *key = scalar(k);
		if (!key) {
			rc = bad(L, k, "keys must be strings");
			break;
		}
		if (!strcmp(key, "extends") || !strcmp(key, "type")) {
			if (!scalar(v))
				rc = bad(L, v, "'extends' must be a string");
			type_node = v;
		} else if (!strcmp(key, "message")) {
			rc = get_str(L, v, key, &r->message);
		} else if (!strcmp(key, "description")) {
			rc = get_str(L, v, key, &r->description);
		} else if (!strcmp(key, "link")) {
			rc = get_str(L, v, key, &r->link);
		} else if (!strcmp(key, "level")) {
			const char *s = scalar(v);
			int lv = s ? sev_parse(s) : -1;
			if (lv < 0)
				rc = bad(L, v, "level must be error, warning or suggestion");
			else
				r->level = (enum sm_sev)lv;
		} else if (!strcmp(key, "ignorecase")) {
			rc = get_bool(L, v, key, &r->ignorecase);
		} else if (!strcmp(key, "nonword")) {
			rc = get_bool(L, v, key, &r->nonword);
		} else if (!strcmp(key, "scope")) {
			rc = set_scope(L, v);
		} else if (!strcmp(key, "tokens") || !strcmp(key, "token")) {
			tokens_at = v;
			rc = get_list(L, v, key, &toks, &n_toks);
		} else if (!strcmp(key, "phrases")) {
			tokens_at = v;
			rc = get_list(L, v, key, &phr, &n_phr);
		} else if (!strcmp(key, "raw")) {
			tokens_at = v;
			rc = get_list(L, v, key, &raw, &n_raw);
		} else if (!strcmp(key, "exceptions")) {
			rc = get_list(L, v, key, &exc, &n_exc);
		} else if (!strcmp(key, "words")) {
			rc = get_list(L, v, key, &words, &n_words);
		} else if (!strcmp(key, "swap")) {
			swap = v;
		} else if (!strcmp(key, "either")) {
			either = v;
		} else if (!strcmp(key, "first")) {
			first = v;
		} else if (!strcmp(key, "second")) {
			second = v;
		} else if (!strcmp(key, "match")) {
			match = v;
		} else if (!strcmp(key, "groups")) {
			groups = v;
		} else if (!strcmp(key, "reference")) {
			if (scalar(v))
				refname = scalar(v);
			else
				refmap = v;
		} else if (!strcmp(key, "default")) {
			const char *s = scalar(v);
			if (s && (!strcasecmp(s, "off") || !strcasecmp(s, "false")))
				r->opt_in = true;
			else if (!s || (strcasecmp(s, "on") && strcasecmp(s, "true")))
				rc = bad(L, v, "default must be on or off");
		} else if (!strcmp(key, "house")) {
			const char *s = scalar(v);
			if (s && !strcasecmp(s, "us"))
				r->house = HOUSE_US;
			else if (s && !strcasecmp(s, "uk"))
				r->house = HOUSE_UK;
			else
				rc = bad(L, v, "house must be us or uk");
		} else if (!strcmp(key, "max") || !strcmp(key, "min")) {
			double d;
			rc = get_num(L, v, key, &d);
			if (!rc && key[1] == 'a')
				r->max = (long)d, r->max_report = d;
			else if (!rc)
				r->min = (long)d;
		} else if (!strcmp(key, "window")) {
			rc = get_num(L, v, key, &r->window);
		} else if (!strcmp(key, "min_len")) {
			rc = get_num(L, v, key, &r->min_len);
		} else if (!strcmp(key, "run")) {
			rc = get_num(L, v, key, &r->run);
		} else if (!strcmp(key, "share")) {
			rc = get_num(L, v, key, &r->share);
		} else if (!strcmp(key, "sentence_share")) {
			rc = get_num(L, v, key, &r->sentence_share);
		} else if (!strcmp(key, "min_words")) {
			rc = get_num(L, v, key, &r->min_words);
		} else if (!strcmp(key, "rate")) {
			rc = get_num(L, v, key, &r->rate);
		} else if (!strcmp(key, "per")) {
			rc = get_num(L, v, key, &r->per);
		} else if (!strcmp(key, "factor")) {
			rc = get_num(L, v, key, &r->factor);
		} else if (!strcmp(key, "min_count")) {
			rc = get_num(L, v, key, &r->min_count);
		} else if (!strcmp(key, "floor")) {
			rc = get_num(L, v, key, &r->ref_floor);
		} else if (!strcmp(key, "examples")) {
			if (v->type != YAML_MAPPING_NODE) {
				rc = bad(L, v, "'examples' must hold fire: and pass: lists");
				break;
			}
			for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top && !rc; q++) {
				const char *ek = scalar(yaml_document_get_node(L->d, q->key));
				const yaml_node_t *ev = yaml_document_get_node(L->d, q->value);
				if (ek && !strcmp(ek, "fire"))
					rc = get_list(L, ev, "fire", &r->fire, &r->n_fire);
				else if (ek && !strcmp(ek, "pass"))
					rc = get_list(L, ev, "pass", &r->pass, &r->n_pass);
				else
					rc = bad(L, ev, "'examples' holds only fire: and pass:");
			}
		}
		/* other Vale keys (action, vocab, alpha, style, append, ...) are accepted and ignored */
	}
	if (rc)
		goto done;
	if (!type_node) {
		rc = bad(L, root, "missing 'extends' (the rule type)");
		goto done;
	}
	const char *tn = scalar(type_node);
	int type = -1;
	for (size_t i = 0; i < SM_ARRAY_LEN(types); i++)
		if (!strcmp(types[i].name, tn))
			type = types[i].type;
	if (type < 0) {
		for (size_t i = 0; i < SM_ARRAY_LEN(vale_unsupported); i++)
			if (!strcmp(vale_unsupported[i], tn)) {
				rc = sm_fail(L->err, SM_ERULE, "%s: rule type '%s' is not supported; rule skipped",
					     L->file, tn);
				goto done;
			}
		rc = bad(L, type_node, "unknown rule type '%s'", tn);
		goto done;
	}
	r->type = (enum rule_type)type;
	r->type_name = xstrdup(tn);
	if (!r->message)
		r->message = xstrdup(r->description ? r->description : r->id);

	if (n_exc) {
		struct sbuf sb;
		sbuf_init(&sb, RULE_MAX_PATTERN);
		sbuf_adds(&sb, "(?:");
		for (size_t i = 0; i < n_exc; i++) {
			if (i)
				sbuf_addc(&sb, '|');
			sbuf_adds(&sb, exc[i]);
		}
		sbuf_addc(&sb, ')');
		/* anchored at both ends when compiled: JIT does not take these
		 * options at match time (rule_run.c full_match) */
		rc = sb.buf ? compile_with(L, root, sb.buf, r->ignorecase || r->type == RT_CAPITALIZATION,
					   PCRE2_ANCHORED | PCRE2_ENDANCHORED, &r->exc_re)
			    : bad(L, root, "exceptions too long");
		sbuf_release(&sb);
		if (rc)
			goto done;
	}
	for (size_t i = 0; i < n_words; i++) {
		char lw[128];
		size_t n = rule_lower(lw, sizeof(lw), words[i], strlen(words[i]));
		rule_words_add(&r->words, lw, n, 1);
	}

	switch (r->type) {
	case RT_EXISTENCE:
	case RT_OCCURRENCE:
	case RT_REPETITION:
	case RT_RATE:
		if (r->type == RT_RATE && groups) {
			rc = load_groups(L, groups);
			if (!rc && refmap && refmap->type == YAML_MAPPING_NODE) {
				for (yaml_node_pair_t *p = refmap->data.mapping.pairs.start; p < refmap->data.mapping.pairs.top; p++) {
					const char *k = scalar(yaml_document_get_node(L->d, p->key));
					const char *v = scalar(yaml_document_get_node(L->d, p->value));
					for (size_t g = 0; k && v && g < r->n_groups; g++)
						if (!strcmp(r->group_names[g], k))
							r->group_ref[g] = strtod(v, NULL);
				}
			}
			break;
		}
		if (!n_toks && !n_phr && !n_raw) {
			rc = bad(L, root, "'%s' needs tokens (or raw, or phrases)", tn);
			break;
		}
		if (r->type == RT_OCCURRENCE)
			r->nonword = true; /* Vale counts occurrence's token as written */
		rc = build_tokens(L, tokens_at, toks, n_toks, phr, n_phr, raw, n_raw, &r->re);
		if (!rc && r->type == RT_OCCURRENCE && r->max < 0 && r->min < 0)
			rc = bad(L, root, "occurrence needs max or min");
		if (!rc && r->type == RT_RATE && r->rate <= 0)
			rc = bad(L, root, "rate needs 'rate' above 0");
		break;
	case RT_SUBSTITUTION: {
		if (!swap || swap->type != YAML_MAPPING_NODE) {
			rc = bad(L, swap ? swap : root, "substitution needs a 'swap' mapping");
			break;
		}
		struct sbuf sb;
		sbuf_init(&sb, RULE_MAX_PATTERN);
		sbuf_adds(&sb, r->nonword ? "(?:" : "\\b(?:");
		uint32_t group = 1;
		for (yaml_node_pair_t *p = swap->data.mapping.pairs.start; p < swap->data.mapping.pairs.top; p++) {
			const yaml_node_t *k = yaml_document_get_node(L->d, p->key);
			const yaml_node_t *v = yaml_document_get_node(L->d, p->value);
			if (!scalar(k) || !scalar(v)) {
				rc = bad(L, k, "'swap' entries must be pattern: replacement");
				break;
			}
			pcre2_code *one = NULL;
			if ((rc = compile(L, k, scalar(k), r->ignorecase, &one)))
				break;
			uint32_t caps = 0;
			pcre2_pattern_info(one, PCRE2_INFO_CAPTURECOUNT, &caps);
			pcre2_code_free(one);
			r->repl = xrealloc(r->repl, sizeof(char *) * (r->n_swap + 1));
			r->grp = xrealloc(r->grp, sizeof(uint32_t) * (r->n_swap + 1));
			r->repl[r->n_swap] = xstrdup(scalar(v));
			r->grp[r->n_swap] = group;
			r->n_swap++;
			group += 1 + caps;
			if (r->n_swap > 1)
				sbuf_addc(&sb, '|');
			sbuf_addf(&sb, "(%s)", scalar(k));
		}
		sbuf_adds(&sb, r->nonword ? ")" : ")\\b");
		if (!rc && !r->n_swap)
			rc = bad(L, swap, "'swap' is empty");
		if (!rc)
			rc = sb.buf ? compile(L, swap, sb.buf, r->ignorecase, &r->re) : bad(L, swap, "swap too long");
		sbuf_release(&sb);
		break;
	}
	case RT_CONSISTENCY:
		if (!either || either->type != YAML_MAPPING_NODE) {
			rc = bad(L, either ? either : root, "consistency needs an 'either' mapping");
			break;
		}
		for (yaml_node_pair_t *p = either->data.mapping.pairs.start; p < either->data.mapping.pairs.top && !rc; p++) {
			const yaml_node_t *k = yaml_document_get_node(L->d, p->key);
			const yaml_node_t *v = yaml_document_get_node(L->d, p->value);
			if (!scalar(k) || !scalar(v)) {
				rc = bad(L, k, "'either' entries must be pattern: pattern");
				break;
			}
			size_t np = strlen(scalar(k)) + strlen(scalar(v)) + 32;
			char *pat = xmalloc(np);
			snprintf(pat, np, "\\b(?:(%s)|(%s))\\b", scalar(k), scalar(v));
			r->either = xrealloc(r->either, sizeof(*r->either) * (r->n_either + 1));
			r->either[r->n_either] = NULL;
			rc = compile(L, k, pat, r->ignorecase, &r->either[r->n_either]);
			free(pat);
			if (!rc)
				r->n_either++;
		}
		if (!rc && !r->n_either)
			rc = bad(L, either, "'either' is empty");
		break;
	case RT_CONDITIONAL:
		if (!scalar(first) || !scalar(second)) {
			rc = bad(L, root, "conditional needs 'first' and 'second' patterns");
			break;
		}
		rc = compile(L, first, scalar(first), r->ignorecase, &r->first);
		if (!rc)
			rc = compile(L, second, scalar(second), r->ignorecase, &r->second);
		break;
	case RT_CAPITALIZATION: {
		const char *m = scalar(match);
		if (!m) {
			rc = bad(L, match ? match : root, "capitalization needs 'match'");
			break;
		}
		if (!scope_given(r))
			r->unit = U_HEADING;
		if (!strcmp(m, "$title"))
			r->cap = CAP_TITLE;
		else if (!strcmp(m, "$sentence"))
			r->cap = CAP_SENTENCE;
		else if (!strcmp(m, "$lower"))
			r->cap = CAP_LOWER;
		else if (!strcmp(m, "$upper"))
			r->cap = CAP_UPPER;
		else {
			r->cap = CAP_REGEX;
			rc = compile(L, match, m, false, &r->cap_re);
		}
		break;
	}
	case RT_ECHO:
	case RT_STICKY:
		if (!r->words.map.n)
			rc = bad(L, root, "'%s' needs 'words' (%s)", tn,
				 r->type == RT_ECHO ? "the words to ignore" : "the glue words");
		if (r->type == RT_ECHO && !scope_given(r))
			r->filter = F_NARRATION;
		break;
	case RT_STARTS:
		if (r->run <= 0 && r->share <= 0)
			rc = bad(L, root, "starts needs 'run' or 'share'");
		break;
	case RT_OVERUSE:
		if (!refname) {
			rc = bad(L, root, "overuse needs 'reference' (a table file)");
			break;
		}
		rc = load_reference(L, root, refname);
		break;
	}
done:
	free_strv(toks, n_toks);
	free_strv(phr, n_phr);
	free_strv(raw, n_raw);
	free_strv(exc, n_exc);
	free_strv(words, n_words);
	return rc;
}

int ruleset_add_yaml(struct ruleset *rs, const char *id, const char *pack, const char *file,
		     const char *dir, const char *src, size_t len, struct sm_err *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	int rc = SM_OK;
	if (len > RULE_MAX_FILE)
		return sm_fail(err, SM_ERULE, "%s: rule file too large", file);
	if (sm_yaml_flow_depth(src, len) > SM_YAML_MAX_DEPTH)
		return sm_fail(err, SM_ERULE, "%s: collections nested more than %d deep", file,
			       SM_YAML_MAX_DEPTH);
	if (!yaml_parser_initialize(&parser))
		SM_BUG("yaml_parser_initialize failed");
	yaml_parser_set_input_string(&parser, (const unsigned char *)src, len);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = sm_fail(err, SM_ERULE, "%s:%u: %s", file, (unsigned)parser.problem_mark.line + 1,
			     parser.problem ? parser.problem : "malformed YAML");
		yaml_parser_delete(&parser);
		return rc;
	}
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (!root) {
		rc = sm_fail(err, SM_ERULE, "%s:1: empty rule file", file);
		goto done;
	}
	struct rule *r = xcalloc(1, sizeof(*r));
	r->id = xstrdup(id);
	r->pack = xstrdup(pack);
	r->file = xstrdup(file);
	struct ld L = { &doc, file, dir, pack, err, r };
	rc = parse_rule(&L, root);
	if (rc) {
		rule_free(r);
		goto done;
	}
	if (ruleset_find(rs, id) >= 0) {
		rc = sm_fail(err, SM_ERULE, "%s: rule id '%s' is already defined", file, id);
		rule_free(r);
		goto done;
	}
	SM_GROW(rs->v, rs->cap, rs->n + 1);
	rs->v[rs->n++] = r;
done:
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return rc;
}

/* "rules/<pack>/<stem>.yml" -> pack and stem; false for other names. */
static bool split_name(const char *name, char *pack, size_t np, char *stem, size_t ns)
{
	if (strncmp(name, "rules/", 6))
		return false;
	const char *p = name + 6, *slash = strchr(p, '/');
	if (!slash || strchr(slash + 1, '/'))
		return false;
	const char *dot = strrchr(slash + 1, '.');
	if (!dot || (strcmp(dot, ".yml") && strcmp(dot, ".yaml")))
		return false;
	snprintf(pack, np, "%.*s", (int)(slash - p), p);
	snprintf(stem, ns, "%.*s", (int)(dot - slash - 1), slash + 1);
	return true;
}

int ruleset_load_embedded(struct ruleset **out, struct sm_err *err)
{
	struct ruleset *rs = ruleset_new();
	for (const struct sm_embedded *e = sm_embedded; e->name; e++) {
		char pack[128], stem[128], id[300];
		if (!split_name(e->name, pack, sizeof(pack), stem, sizeof(stem)))
			continue;
		snprintf(id, sizeof(id), "style.%s", stem);
		struct sm_err e2;
		sm_err_clear(&e2);
		if (ruleset_add_yaml(rs, id, pack, e->name, NULL, (const char *)e->data,
				     (size_t)(e->end - e->data), &e2) != SM_OK)
			ruleset_add_warning(rs, "%s", e2.msg);
	}
	if (!rs->n) {
		ruleset_free(rs);
		*out = NULL;
		return sm_fail(err, SM_ERULE, "no rule packs are built into this binary");
	}
	*out = rs;
	return SM_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ruleset_load_style(struct ruleset *rs, const char *dir, struct sm_err *err, bool top);

/* The entries of dir in name order: its *.yml / *.yaml files (names only),
 * or with folders its sub-folders (as paths). Caller frees each and *out. */
static int list_dir(const char *dir, bool folders, char ***out, size_t *n_out, struct sm_err *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return sm_fail(err, SM_EIO, "'%s': cannot read the rules folder", dir);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (folders) {
			char path[4096];
			struct stat st;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			if (stat(path, &st) || !S_ISDIR(st.st_mode))
				continue;
			SM_GROW(names, cap, n + 1);
			names[n++] = xstrdup(path);
		} else {
			const char *dot = strrchr(de->d_name, '.');
			if (!dot || (strcmp(dot, ".yml") && strcmp(dot, ".yaml")))
				continue;
			SM_GROW(names, cap, n + 1);
			names[n++] = xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);
	*out = names;
	*n_out = n;
	return SM_OK;
}

/* A Vale StylesPath: a folder of style folders (and Vale's config/). Each
 * sub-folder is loaded as a style, in name order. */
static int load_styles_path(struct ruleset *rs, const char *dir, struct sm_err *err)
{
	char **names;
	size_t n;
	int rc = list_dir(dir, true, &names, &n, err);
	for (size_t i = 0; i < n; i++) {
		if (rc == SM_OK)
			rc = ruleset_load_style(rs, names[i], err, false);
		free(names[i]);
	}
	free(names);
	return rc;
}

int ruleset_load_dir(struct ruleset *rs, const char *dir, struct sm_err *err)
{
	return ruleset_load_style(rs, dir, err, true);
}

static int ruleset_load_style(struct ruleset *rs, const char *dir, struct sm_err *err, bool top)
{
	char **names;
	size_t n;
	int rc0 = list_dir(dir, false, &names, &n, err);
	if (rc0 != SM_OK)
		return rc0;
	if (!n && top)
		return load_styles_path(rs, dir, err);
	/* the style's name is the folder's last component */
	char style[256];
	size_t dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	const char *base = dir;
	for (size_t i = 0; i < dl; i++)
		if (dir[i] == '/' && i + 1 < dl)
			base = dir + i + 1;
	snprintf(style, sizeof(style), "%.*s", (int)(dir + dl - base), base);
	for (size_t i = 0; i < n; i++) {
		char path[4096], id[600];
		snprintf(path, sizeof(path), "%.*s/%s", (int)dl, dir, names[i]);
		snprintf(id, sizeof(id), "style.%s.%.*s", style, (int)(strrchr(names[i], '.') - names[i]), names[i]);
		char *buf = NULL;
		size_t len = 0;
		struct sm_err e2;
		sm_err_clear(&e2);
		if (sm_read_file(path, RULE_MAX_FILE, &buf, &len, &e2) != SM_OK)
			ruleset_add_warning(rs, "%s: %s", path, e2.msg);
		else if (ruleset_add_yaml(rs, id, style, path, dir, buf, len, &e2) != SM_OK)
			ruleset_add_warning(rs, "%s", e2.msg);
		free(buf);
		free(names[i]);
	}
	free(names);
	return SM_OK;
}
