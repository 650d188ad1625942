/* rule_run.c: run compiled rules (rule_int.h) over a segmented book.
 * Regex rules walk their scope's units (paragraphs, sentences, scenes,
 * chapters, headings) and drop matches outside the scope's filter
 * (narration / dialogue); the fiction types walk the token arrays. Every
 * pcre2_match runs under the ruleset's match/depth limits, and every rule
 * has a time budget per document; a rule that hits either stops for that
 * document with one warning. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ingest/ingest.h"
#include "rules/rule_int.h"
#include "segment/segment.h"

struct run {
	const struct ruleset *rs;
	const struct rule *r;
	struct sm_book *book;
	struct sm_findings *out;
	pcre2_match_data *md;
	pcre2_match_data *md2;     /* for exceptions, so md keeps the groups */
	uint32_t di;               /* index of the document being read */
	const struct sm_doc *d;
	enum rule_filter filter;   /* after the configuration */
	struct timespec t0;
	bool stopped;              /* for this document */
	bool warned;               /* for this run */
	size_t n_matches;
};

static double ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static void stop(struct run *R, const char *why)
{
	R->stopped = true;
	if (!R->warned)
		book_warn(R->book, "rule '%s' stopped in '%s': %s; the rest of the run goes on",
			  R->r->id, R->d->path ? R->d->path : "-", why);
	R->warned = true;
}

static bool over_budget(struct run *R)
{
	if (!R->stopped && ms_since(&R->t0) > R->rs->budget_ms)
		stop(R, "it ran past its time budget");
	return R->stopped;
}

static double param(const struct run *R, const char *key, double def)
{
	return config_rule_param(R->book->cfg, R->r->id, key, def);
}

/* True when text offset off lies inside a dialogue span. */
static bool in_dialogue(const struct sm_doc *d, uint32_t off)
{
	size_t lo = 0, hi = d->n_dlgs;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (d->dlgs[mid].off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return false;
	const struct dialogue *g = &d->dlgs[lo - 1];
	return off < g->off + g->len;
}

static bool pass_filter(const struct run *R, uint32_t off)
{
	if (R->filter == F_ALL)
		return true;
	bool dlg = in_dialogue(R->d, off);
	return R->filter == F_DIALOGUE ? dlg : !dlg;
}

static bool tok_pass(const struct run *R, const struct token *t)
{
	if (R->filter == F_ALL)
		return true;
	bool dlg = (t->flags & TOKF_DIALOGUE) != 0;
	return R->filter == F_DIALOGUE ? dlg : !dlg;
}

/* Whole-string match of s[0..n) (doc text) against re, which the loader
 * compiled anchored at both ends (exceptions). */
static bool full_match(const struct run *R, const pcre2_code *re, const char *s, size_t n)
{
	int rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, R->md2, R->rs->mctx);
	return rc >= 0;
}

/* Copy the template, replacing each %s in turn with args[i] (n_args of them). */
static void format_msg(char *buf, size_t cap, const char *tmpl, const char *const *args, size_t n_args)
{
	size_t o = 0, a = 0;
	for (const char *p = tmpl; *p && o + 1 < cap; p++) {
		if (p[0] == '%' && p[1] == 's') {
			const char *s = a < n_args ? args[a++] : "";
			while (*s && o + 1 < cap)
				buf[o++] = *s++;
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			buf[o++] = '%';
			p++;
		} else {
			buf[o++] = *p;
		}
	}
	buf[o] = '\0';
}

static struct sm_finding *emit(struct run *R, uint32_t off, uint32_t len, const char *sugg,
			       const char *const *args, size_t n_args)
{
	char msg[1024];
	format_msg(msg, sizeof(msg), R->r->message, args, n_args);
	return findings_add(R->out, R->book, R->r->id, R->r->level, R->di, off, len, sugg, "%s", msg);
}

static char *dup_span(const struct sm_doc *d, uint32_t off, uint32_t len)
{
	return xstrndup(d->text + off, len);
}

/* ------------------------------------------------------------------ */
/* matching                                                           */
/* ------------------------------------------------------------------ */

typedef void (*match_fn)(struct run *R, const pcre2_code *re, uint32_t off, uint32_t len, void *ctx);

static bool ascii_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Where the phrase prefilter (struct rule) sends a position. */
enum start_kind {
	S_NONE, /* no match can begin before end */
	S_LIST, /* try the phrases of start_list[list] at pos */
	S_ANY,  /* not modelled here: search with the whole pattern from pos */
};

/* True when t[k] begins one of U+2010..U+2027 (dashes, quotation marks,
 * bullets, ellipsis): neither word characters nor white space. */
static bool general_punct(const unsigned char *t, uint32_t k, uint32_t end)
{
	return t[k] == 0xE2 && k + 2 < end && t[k + 1] == 0x80 && t[k + 2] >= 0x90 && t[k + 2] <= 0xA7;
}

/* The ASCII word [p, *q) of t; false when it runs into a non-ASCII
 * character that may be a word character (the word is then not known). */
static bool ascii_run(const unsigned char *t, uint32_t p, uint32_t end, uint32_t *q)
{
	uint32_t k = p;
	while (k < end && ascii_word(t[k]))
		k++;
	*q = k;
	return k == end || t[k] < 0x80 || general_punct(t, k, end);
}

/* The next position in [at, end) where a match of r->re may begin, with
 * what to try there; *resume is where to look next when nothing matches.
 * A match begins at the start of a whole ASCII word listed in r->starts,
 * and the phrases to try there depend on the next word too; a non-ASCII
 * character that may be a letter (caseless matching an ASCII one, such as
 * U+212A KELVIN SIGN) or white space where it matters gives S_ANY. Text is
 * valid UTF-8 (doc.c). */
static enum start_kind next_start(const struct rule *r, const char *text, uint32_t at, uint32_t end,
				  uint32_t *pos, uint32_t *resume, size_t *list)
{
	const unsigned char *t = (const unsigned char *)text;
	uint32_t p = at;
	while (p < end) {
		unsigned char c = t[p];
		if (c < 0x80 && !ascii_word(c)) {
			p++;
			continue;
		}
		*pos = p;
		if (c >= 0x80) {
			/* U+00A0..U+00BF and U+2000..U+203F: no letter of them is caseless an ASCII one */
			bool punct = (c == 0xC2 && p + 1 < end && t[p + 1] >= 0xA0) ||
				     (c == 0xE2 && p + 1 < end && t[p + 1] == 0x80);
			if (!punct && c >= 0xC0)
				return S_ANY;
			p++;
			continue;
		}
		uint32_t q;
		bool whole = ascii_run(t, p, end, &q);
		/* after an ASCII word character \b fails: no match begins there */
		if (p > 0 && ascii_word(t[p - 1])) {
			p = q;
			continue;
		}
		*resume = q;
		if (!whole)
			return S_ANY;
		char key[2 * RULE_START_MAX + 4];
		size_t n1 = q - p;
		if (n1 > RULE_START_MAX) {
			p = q;
			continue;
		}
		rule_lower(key, sizeof(key), text + p, n1);
		if (!rule_words_get(&r->starts, key, n1)) {
			p = q;
			continue;
		}
		/* The second word: after ASCII non-word characters only, as
		 * phrases have them (a space stands for \s+, which may match
		 * non-ASCII white space). General punctuation cannot be part of a
		 * match: then only phrases without a second word can match. */
		uint32_t r2 = q, q2;
		while (r2 < end && t[r2] < 0x80 && !ascii_word(t[r2]))
			r2++;
		double *v = NULL;
		if (r2 < end && !general_punct(t, r2, end)) {
			if (t[r2] >= 0x80 || !ascii_run(t, r2, end, &q2))
				return S_ANY;
			if (q2 - r2 <= RULE_START_MAX) {
				key[n1] = ' ';
				size_t kn = n1 + 1 + rule_lower(key + n1 + 1, sizeof(key) - n1 - 1, text + r2, q2 - r2);
				v = rule_words_get(&r->starts, key, kn);
			}
		}
		if (!v) {
			key[n1] = '\x01';
			v = rule_words_get(&r->starts, key, n1 + 1);
		}
		if (v) {
			*list = (size_t)*v;
			return S_LIST;
		}
		p = q;
	}
	return S_NONE;
}

/* Call fn for every match of re in [off, end) that passes the filter, the
 * exceptions and the accepted words. Stops on a limit or the budget. The
 * document text is valid UTF-8 (doc.c), hence PCRE2_NO_UTF_CHECK: without
 * it every call would check the rest of the unit again. When re has the
 * phrase prefilter, the matches are the same: an unanchored search is the
 * anchored match at each position in turn, and next_start skips only
 * positions where no phrase can match. */
static void each_match(struct run *R, const pcre2_code *re, uint32_t off, uint32_t end, bool use_filter,
		       match_fn fn, void *ctx)
{
	const struct rule *r = R->r;
	const char *text = R->d->text;
	bool pre = re == r->re && r->phrase_re;
	PCRE2_SIZE at = off;
	while (at <= end && !R->stopped) {
		int rc = PCRE2_ERROR_NOMATCH;
		if (pre) {
			uint32_t pos = 0, resume = 0;
			size_t li = 0;
			enum start_kind k;
			while ((k = next_start(r, text, (uint32_t)at, end, &pos, &resume, &li)) == S_LIST) {
				const uint32_t *l = r->start_list + li;
				for (uint32_t j = 1; j <= l[0] && rc == PCRE2_ERROR_NOMATCH; j++)
					rc = pcre2_match(r->phrase_re[l[j]], (PCRE2_SPTR)text, end, pos, PCRE2_NO_UTF_CHECK,
							 R->md, R->rs->mctx);
				if (rc != PCRE2_ERROR_NOMATCH)
					break;
				at = resume;
			}
			if (k == S_ANY)
				rc = pcre2_match(re, (PCRE2_SPTR)text, end, pos, PCRE2_NO_UTF_CHECK, R->md, R->rs->mctx);
		} else {
			rc = pcre2_match(re, (PCRE2_SPTR)text, end, at, PCRE2_NO_UTF_CHECK, R->md, R->rs->mctx);
		}
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc < 0) {
			if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
			    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT) {
				stop(R, "its pattern hit the PCRE2 match limit (catastrophic backtracking?)");
			} else {
				PCRE2_UCHAR m[120];
				char why[200];
				pcre2_get_error_message(rc, m, sizeof(m));
				snprintf(why, sizeof(why), "matching failed: %s", (char *)m);
				stop(R, why);
			}
			break;
		}
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(R->md);
		uint32_t mo = (uint32_t)ov[0], ml = (uint32_t)(ov[1] - ov[0]);
		if (ov[1] <= ov[0]) { /* empty match: step one code point */
			at = ov[1] + 1;
			while (at < end && ((unsigned char)text[at] & 0xC0) == 0x80)
				at++;
		} else {
			at = ov[1];
		}
		if ((++R->n_matches & 63) == 0 && over_budget(R))
			break;
		if (!ml && r->type != RT_CAPITALIZATION)
			continue;
		if (use_filter && !pass_filter(R, mo))
			continue;
		if (r->exc_re && full_match(R, r->exc_re, text + mo, ml))
			continue;
		if (config_is_accepted(R->book->cfg, text + mo, ml))
			continue;
		fn(R, re, mo, ml, ctx);
	}
}

/* The units of a rule's scope, each as a text range [off, end). */
struct unit { uint32_t off, end; };

static size_t units_of(const struct run *R, struct unit **out, bool whole_text)
{
	const struct sm_doc *d = R->d;
	struct unit *u = NULL;
	size_t n = 0, cap = 0;
	switch (R->r->unit) {
	case U_TEXT:
		if (whole_text) {
			u = xmalloc(sizeof(*u));
			u[0] = (struct unit){ 0, d->len };
			*out = u;
			return 1;
		}
		/* fall through */
	case U_PARAGRAPH:
		for (size_t i = 0; i < d->n_blocks; i++) {
			if (d->blocks[i].kind != BLK_PARAGRAPH)
				continue;
			SM_GROW(u, cap, n + 1);
			u[n++] = (struct unit){ d->blocks[i].off, d->blocks[i].off + d->blocks[i].len };
		}
		break;
	case U_HEADING:
		for (size_t i = 0; i < d->n_blocks; i++) {
			if (d->blocks[i].kind != BLK_HEADING)
				continue;
			SM_GROW(u, cap, n + 1);
			u[n++] = (struct unit){ d->blocks[i].off, d->blocks[i].off + d->blocks[i].len };
		}
		break;
	case U_SENTENCE:
		for (size_t i = 0; i < d->n_sents; i++) {
			const struct sentence *s = &d->sents[i];
			if (s->block >= d->n_blocks || d->blocks[s->block].kind != BLK_PARAGRAPH)
				continue;
			SM_GROW(u, cap, n + 1);
			u[n++] = (struct unit){ s->off, s->off + s->len };
		}
		break;
	case U_SCENE:
	case U_CHAPTER: {
		size_t m = R->r->unit == U_SCENE ? d->n_scenes : d->n_chapters;
		for (size_t i = 0; i < m; i++) {
			uint32_t bf, bl;
			if (R->r->unit == U_SCENE)
				bf = d->scenes[i].block_first, bl = d->scenes[i].block_last;
			else
				bf = d->chapters[i].block_first, bl = d->chapters[i].block_last;
			if (bl < bf || bl >= d->n_blocks)
				continue;
			SM_GROW(u, cap, n + 1);
			u[n++] = (struct unit){ d->blocks[bf].off, d->blocks[bl].off + d->blocks[bl].len };
		}
		break;
	}
	}
	*out = u;
	return n;
}

/* ------------------------------------------------------------------ */
/* Vale types                                                         */
/* ------------------------------------------------------------------ */

static void on_existence(struct run *R, const pcre2_code *re, uint32_t off, uint32_t len, void *ctx)
{
	(void)re;
	(void)ctx;
	char *m = dup_span(R->d, off, len);
	const char *args[] = { m };
	emit(R, off, len, NULL, args, 1);
	free(m);
}

static void on_substitution(struct run *R, const pcre2_code *re, uint32_t off, uint32_t len, void *ctx)
{
	(void)re;
	(void)ctx;
	const struct rule *r = R->r;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(R->md);
	uint32_t n_ov = pcre2_get_ovector_count(R->md);
	size_t k = 0;
	for (k = 0; k < r->n_swap; k++)
		if (r->grp[k] < n_ov && ov[2 * r->grp[k]] != PCRE2_UNSET)
			break;
	if (k == r->n_swap)
		return;
	char *m = dup_span(R->d, off, len);
	const char *rep = r->repl[k];
	if (strcasecmp(m, rep) == 0) { /* already the preferred form */
		free(m);
		return;
	}
	/* "a|b" offers several replacements */
	char sugg[512];
	size_t o = 0;
	for (const char *p = rep; *p && o + 5 < sizeof(sugg); p++) {
		if (*p == '|') {
			memcpy(sugg + o, " or ", 4);
			o += 4;
		} else {
			sugg[o++] = *p;
		}
	}
	sugg[o] = '\0';
	const char *args[] = { sugg, m };
	emit(R, off, len, sugg, args, 2);
	free(m);
}

struct occ { uint32_t count, first_off, first_len, nth_off, nth_len; long max; };

static void on_occurrence(struct run *R, const pcre2_code *re, uint32_t off, uint32_t len, void *ctx)
{
	(void)R;
	(void)re;
	struct occ *o = ctx;
	if (!o->count)
		o->first_off = off, o->first_len = len;
	o->count++;
	if (o->max >= 0 && o->count == (uint32_t)o->max + 1)
		o->nth_off = off, o->nth_len = len;
}

struct rep { bool have; uint32_t off, len; };

static void on_repetition(struct run *R, const pcre2_code *re, uint32_t off, uint32_t len, void *ctx)
{
	(void)re;
	struct rep *p = ctx;
	const char *t = R->d->text;
	if (p->have && p->len == len) {
		bool gap_ws = true;
		for (uint32_t i = p->off + p->len; i < off; i++)
			if (t[i] != ' ' && t[i] != '\n' && t[i] != '\t')
				gap_ws = false;
		bool same = R->r->ignorecase ? !strncasecmp(t + p->off, t + off, len) : !memcmp(t + p->off, t + off, len);
		if (gap_ws && same) {
			char *m = dup_span(R->d, off, len);
			const char *args[] = { m };
			emit(R, p->off, off + len - p->off, NULL, args, 1);
			free(m);
		}
	}
	p->have = true;
	p->off = off;
	p->len = len;
}

static void run_regex(struct run *R)
{
	const struct rule *r = R->r;
	struct unit *u = NULL;
	size_t n = units_of(R, &u, r->type == RT_OCCURRENCE);
	long max = (long)param(R, "max", (double)r->max), min = (long)param(R, "min", (double)r->min);
	for (size_t i = 0; i < n && !R->stopped; i++) {
		if (over_budget(R))
			break;
		switch (r->type) {
		case RT_EXISTENCE:
			each_match(R, r->re, u[i].off, u[i].end, true, on_existence, NULL);
			break;
		case RT_SUBSTITUTION:
			each_match(R, r->re, u[i].off, u[i].end, true, on_substitution, NULL);
			break;
		case RT_REPETITION: {
			struct rep p = { 0 };
			each_match(R, r->re, u[i].off, u[i].end, true, on_repetition, &p);
			break;
		}
		case RT_OCCURRENCE: {
			struct occ o = { 0 };
			o.max = max;
			each_match(R, r->re, u[i].off, u[i].end, true, on_occurrence, &o);
			char cnt[32];
			snprintf(cnt, sizeof(cnt), "%u", o.count);
			const char *args[] = { cnt };
			if (max >= 0 && o.count > (uint32_t)max)
				emit(R, o.nth_off, o.nth_len, NULL, args, 1);
			else if (min >= 0 && o.count < (uint32_t)min) {
				uint32_t l = u[i].end - u[i].off;
				emit(R, u[i].off, l > 80 ? 80 : l, NULL, args, 1);
			}
			break;
		}
		default:
			break;
		}
	}
	free(u);
}

/* conditional: every match of first (group 1 when it has one) needs a match
 * of second (group 1) somewhere in the document, else it is reported. */
static void collect_second(struct run *R, const pcre2_code *re, uint32_t off, uint32_t len, void *ctx)
{
	(void)re;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(R->md);
	if (pcre2_get_ovector_count(R->md) > 1 && ov[2] != PCRE2_UNSET)
		off = (uint32_t)ov[2], len = (uint32_t)(ov[3] - ov[2]);
	rule_words_add(ctx, R->d->text + off, len, 1);
}

static void check_first(struct run *R, const pcre2_code *re, uint32_t off, uint32_t len, void *ctx)
{
	(void)re;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(R->md);
	uint32_t ko = off, kl = len;
	if (pcre2_get_ovector_count(R->md) > 1 && ov[2] != PCRE2_UNSET)
		ko = (uint32_t)ov[2], kl = (uint32_t)(ov[3] - ov[2]);
	if (rule_words_get(ctx, R->d->text + ko, kl))
		return;
	char *m = dup_span(R->d, ko, kl);
	const char *args[] = { m };
	emit(R, off, len, NULL, args, 1);
	free(m);
}

static void run_conditional(struct run *R)
{
	struct unit *u = NULL;
	size_t n = units_of(R, &u, false);
	struct rule_words seen = { 0 };
	for (size_t i = 0; i < n && !R->stopped; i++)
		each_match(R, R->r->second, u[i].off, u[i].end, true, collect_second, &seen);
	for (size_t i = 0; i < n && !R->stopped; i++)
		each_match(R, R->r->first, u[i].off, u[i].end, true, check_first, &seen);
	rule_words_release(&seen);
	free(u);
}

/* capitalization of each unit (headings by default). */
static const char *const small_words[] = {
	"a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "at", "by", "in",
	"of", "on", "to", "up", "as", "from", "with", "into", "onto", "upon", "off", "per", "via",
};

static bool word_ok(const struct run *R, const char *w, size_t n, size_t idx, bool last)
{
	const struct rule *r = R->r;
	unsigned char c = (unsigned char)w[0];
	bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
	if (!upper && !lower)
		return true;
	if (r->exc_re && full_match(R, r->exc_re, w, n))
		return true;
	switch (r->cap) {
	case CAP_TITLE:
		if (idx == 0 || last)
			return upper;
		for (size_t i = 0; i < SM_ARRAY_LEN(small_words); i++)
			if (strlen(small_words[i]) == n && !strncmp(small_words[i], w, n))
				return true; /* small words may go either way */
		return upper;
	case CAP_SENTENCE:
		if (idx == 0)
			return upper;
		return lower || (n == 1 && w[0] == 'I');
	case CAP_LOWER:
		for (size_t i = 0; i < n; i++)
			if (w[i] >= 'A' && w[i] <= 'Z')
				return false;
		return true;
	case CAP_UPPER:
		for (size_t i = 0; i < n; i++)
			if (w[i] >= 'a' && w[i] <= 'z')
				return false;
		return true;
	case CAP_REGEX:
		break;
	}
	return true;
}

static void run_capitalization(struct run *R)
{
	const struct rule *r = R->r;
	struct unit *u = NULL;
	size_t n = units_of(R, &u, false);
	const char *t = R->d->text;
	for (size_t i = 0; i < n && !R->stopped; i++) {
		uint32_t off = u[i].off, len = u[i].end - u[i].off;
		bool ok = true;
		if (r->cap == CAP_REGEX) {
			int rc = pcre2_match(r->cap_re, (PCRE2_SPTR)t, u[i].end, off,
					     PCRE2_ANCHORED | PCRE2_ENDANCHORED, R->md, R->rs->mctx);
			if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
				stop(R, "its pattern hit the PCRE2 match limit (catastrophic backtracking?)");
				break;
			}
			ok = rc >= 0;
		} else {
			/* split into words of letters, digits, ' and - */
			uint32_t words[64][2];
			size_t nw = 0;
			for (uint32_t p = off; p < u[i].end && nw < 64;) {
				while (p < u[i].end && !((unsigned char)t[p] >= 0x80 || (t[p] >= 'A' && t[p] <= 'Z') ||
							 (t[p] >= 'a' && t[p] <= 'z') || (t[p] >= '0' && t[p] <= '9')))
					p++;
				uint32_t s = p;
				while (p < u[i].end && ((unsigned char)t[p] >= 0x80 || (t[p] >= 'A' && t[p] <= 'Z') ||
							(t[p] >= 'a' && t[p] <= 'z') || (t[p] >= '0' && t[p] <= '9') ||
							t[p] == '\'' || t[p] == '-'))
					p++;
				if (p > s)
					words[nw][0] = s, words[nw][1] = p - s, nw++;
			}
			for (size_t w = 0; w < nw && ok; w++)
				ok = word_ok(R, t + words[w][0], words[w][1], w, w + 1 == nw);
		}
		if (!ok) {
			char *m = dup_span(R->d, off, len);
			const char *args[] = { m };
			emit(R, off, len, NULL, args, 1);
			free(m);
		}
	}
	free(u);
}

/* ------------------------------------------------------------------ */
/* book-wide types: consistency, rate                                 */
/* ------------------------------------------------------------------ */

struct hit { uint32_t doc, off, len; int form; };
struct hits { struct hit *v; size_t n, cap; int form; };

static void collect_either(struct run *R, const pcre2_code *re, uint32_t off, uint32_t len, void *ctx)
{
	(void)re;
	struct hits *h = ctx;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(R->md);
	int form = (pcre2_get_ovector_count(R->md) > 1 && ov[2] != PCRE2_UNSET) ? 1 : 2;
	SM_GROW(h->v, h->cap, h->n + 1);
	h->v[h->n++] = (struct hit){ R->di, off, len, form };
}

static void collect_any(struct run *R, const pcre2_code *re, uint32_t off, uint32_t len, void *ctx)
{
	(void)re;
	struct hits *h = ctx;
	SM_GROW(h->v, h->cap, h->n + 1);
	h->v[h->n++] = (struct hit){ R->di, off, len, h->form };
}

static void start_doc(struct run *R, uint32_t di)
{
	R->di = di;
	R->d = R->book->docs[di];
	R->stopped = false;
	clock_gettime(CLOCK_MONOTONIC, &R->t0);
}

static void run_consistency(struct run *R)
{
	const struct rule *r = R->r;
	for (size_t e = 0; e < r->n_either; e++) {
		struct hits h = { 0 };
		for (uint32_t di = 0; di < R->book->n_docs; di++) {
			start_doc(R, di);
			struct unit *u = NULL;
			size_t n = units_of(R, &u, false);
			for (size_t i = 0; i < n && !R->stopped; i++)
				each_match(R, r->either[e], u[i].off, u[i].end, true, collect_either, &h);
			free(u);
		}
		int first = h.n ? h.v[0].form : 0;
		for (size_t i = 0; i < h.n; i++) {
			if (h.v[i].form == first)
				continue;
			start_doc(R, h.v[i].doc);
			char *m = dup_span(R->d, h.v[i].off, h.v[i].len);
			char *was = dup_span(R->book->docs[h.v[0].doc], h.v[0].off, h.v[0].len);
			const char *args[] = { m, was };
			struct sm_finding *f = emit(R, h.v[i].off, h.v[i].len, was, args, 2);
			findings_relate(R->out, f, h.v[0].doc, h.v[0].off, h.v[0].len, R->book);
			free(m);
			free(was);
		}
		free(h.v);
	}
}

static void run_rate(struct run *R)
{
	const struct rule *r = R->r;
	size_t ng = r->n_groups ? r->n_groups : 1;
	struct hits *h = xcalloc(ng, sizeof(*h));
	uint64_t words = 0;
	for (uint32_t di = 0; di < R->book->n_docs; di++) {
		start_doc(R, di);
		for (size_t t = 0; t < R->d->n_toks; t++)
			if (R->d->toks[t].kind == TOK_WORD && tok_pass(R, &R->d->toks[t]))
				words++;
		struct unit *u = NULL;
		size_t n = units_of(R, &u, false);
		for (size_t g = 0; g < ng; g++)
			for (size_t i = 0; i < n && !R->stopped; i++)
				each_match(R, r->n_groups ? r->groups[g] : r->re, u[i].off, u[i].end, true, collect_any, &h[g]);
		free(u);
	}
	double per = param(R, "per", r->per), limit = param(R, "rate", r->rate);
	if (words > 0 && (double)words >= param(R, "min_words", r->min_words)) {
		for (size_t g = 0; g < ng; g++) {
			double rate = (double)h[g].n * per / (double)words;
			/* A rate needs a few instances: one sigh in a short chapter is not a habit. */
			double minc = param(R, "min_count", r->min_count >= 0 ? r->min_count : 3);
			if (!h[g].n || rate <= limit || (double)h[g].n < minc)
				continue;
			char what[128], stats[256];
			snprintf(what, sizeof(what), "%s", r->n_groups ? r->group_names[g] : "");
			if (r->n_groups && r->group_ref[g] >= 0)
				snprintf(stats, sizeof(stats), "%zu times, %.1f per %g words (threshold %g, reference corpus %.1f)",
					 h[g].n, rate, per, limit, r->group_ref[g]);
			else
				snprintf(stats, sizeof(stats), "%zu times, %.1f per %g words (threshold %g)", h[g].n, rate, per, limit);
			const char *args[] = { r->n_groups ? what : stats, stats };
			start_doc(R, h[g].v[0].doc);
			struct sm_finding *f = emit(R, h[g].v[0].off, h[g].v[0].len, NULL, args, 2);
			for (size_t i = 1; i < h[g].n && i < 10; i++)
				findings_relate(R->out, f, h[g].v[i].doc, h[g].v[i].off, h[g].v[i].len, R->book);
		}
	}
	for (size_t g = 0; g < ng; g++)
		free(h[g].v);
	free(h);
}

/* ------------------------------------------------------------------ */
/* token types: echo, starts, sticky, overuse                         */
/* ------------------------------------------------------------------ */

/* Lower-case word of token t with simple inflections removed. */
static size_t stem(const struct sm_doc *d, const struct token *t, char *buf, size_t cap)
{
	size_t n = rule_lower(buf, cap, d->text + t->off, t->len);
	if (n > 2 && (!strcmp(buf + n - 2, "'s") || !strcmp(buf + n - 2, "\xe2\x80\x99s"))) /* (short form) */
		n -= 2, buf[n] = '\0';
	if (n > 5 && !strcmp(buf + n - 3, "ies"))
		n -= 2, buf[n - 1] = 'y', buf[n] = '\0';
	else if (n > 5 && !strcmp(buf + n - 3, "ing"))
		n -= 3, buf[n] = '\0';
	else if (n > 4 && !strcmp(buf + n - 2, "ed"))
		n -= 2, buf[n] = '\0';
	else if (n > 4 && !strcmp(buf + n - 2, "es"))
		n -= 2, buf[n] = '\0';
	else if (n > 3 && buf[n - 1] == 's' && buf[n - 2] != 's')
		n -= 1, buf[n] = '\0';
	if (n > 3 && buf[n - 1] == 'e')
		n -= 1, buf[n] = '\0';
	return n;
}

static bool is_alpha_word(const struct sm_doc *d, const struct token *t)
{
	for (uint32_t i = 0; i < t->len; i++) {
		unsigned char c = (unsigned char)d->text[t->off + i];
		if (!((c | 32) >= 'a' && (c | 32) <= 'z') && c < 0x80 && c != '\'' && c != '-')
			return false;
	}
	return true;
}

/* Lower-cased text of the token before toks[i] in the same block, in buf
 * ("" at the start of a block). */
static const char *prev_tok(const struct sm_doc *d, size_t i, char *buf, size_t cap)
{
	buf[0] = '\0';
	if (i == 0 || d->toks[i - 1].block != d->toks[i].block)
		return buf;
	rule_lower(buf, cap, d->text + d->toks[i - 1].off, d->toks[i - 1].len);
	return buf;
}

static bool word_in(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(w, *list))
			return true;
	return false;
}

/* Deliberate parallelism, not an echo: the same word (not an article or
 * possessive) before both ("it was impossible; it was impossible"), or a correlative pair ("whether violently ... or violently",
 * "partly ..., and partly"). */
static bool parallel_pair(const struct sm_doc *d, size_t first, size_t second)
{
	static const char *const joins[] = { "and", "or", "nor", "but", ";", ",", NULL };
	static const char *const openers[] = { "whether", "either", "neither", "both", "not", "and",
					       "or", ";", ",", ":", "", NULL };
	/* "the garden ... the garden" is still an echo: a shared article is no frame */
	static const char *const articles[] = { "the", "a", "an", "this", "that", "his", "her", "their",
						"my", "your", "its", "our", "in", "of", "to", NULL };
	char a[64], b[64];
	prev_tok(d, first, a, sizeof(a));
	prev_tok(d, second, b, sizeof(b));
	if (a[0] && !strcmp(a, b) && !word_in(a, articles))
		return true;
	return word_in(b, joins) && word_in(a, openers);
}

static void run_echo(struct run *R)
{
	const struct rule *r = R->r;
	const struct sm_doc *d = R->d;
	double window = param(R, "window", r->window), min_len = param(R, "min_len", r->min_len);
	struct rule_words last = { 0 }, lower = { 0 };
	/* Words the document also writes in lower case; a capitalized word that
	 * never appears so is a name even at the start of a sentence ("Katherine"). */
	for (size_t i = 0; i < d->n_toks; i++) {
		const struct token *t = &d->toks[i];
		if (t->kind == TOK_WORD && !(t->flags & TOKF_CAP)) {
			char lw[128];
			size_t ln = rule_lower(lw, sizeof(lw), d->text + t->off, t->len);
			if (!rule_words_get(&lower, lw, ln))
				rule_words_add(&lower, lw, ln, 1.0);
		}
	}
	uint32_t *widx = xmalloc(sizeof(*widx) * (d->n_toks + 1));
	uint32_t w = 0, scene = UINT32_MAX;
	for (size_t i = 0; i < d->n_toks && !R->stopped; i++) {
		const struct token *t = &d->toks[i];
		widx[i] = w;
		if (t->kind != TOK_WORD)
			continue;
		w++;
		const struct block *b = &d->blocks[t->block];
		if (b->kind != BLK_PARAGRAPH)
			continue;
		if (b->scene != scene) { /* echoes do not cross scene breaks */
			rule_words_release(&last);
			scene = b->scene;
		}
		if (!tok_pass(R, t) || t->len < min_len || !is_alpha_word(d, t))
			continue;
		if ((t->flags & TOKF_CAP) && !(t->flags & TOKF_SSTART))
			continue; /* names */
		char lw[128], st[128];
		size_t ln = rule_lower(lw, sizeof(lw), d->text + t->off, t->len);
		if (rule_words_get(&r->words, lw, ln) || config_is_accepted(R->book->cfg, lw, ln))
			continue;
		if ((t->flags & TOKF_CAP) && !rule_words_get(&lower, lw, ln))
			continue; /* a name at the start of a sentence */
		size_t sn = stem(d, t, st, sizeof(st));
		double *prev = rule_words_get(&last, st, sn);
		if (prev && w - widx[(size_t)*prev] <= window && !parallel_pair(d, (size_t)*prev, i)) {
			const struct token *p = &d->toks[(size_t)*prev];
			char *m = dup_span(d, t->off, t->len);
			char gap[16];
			snprintf(gap, sizeof(gap), "%u", w - widx[(size_t)*prev] - 1);
			const char *args[] = { m, gap };
			struct sm_finding *f = emit(R, t->off, t->len, NULL, args, 2);
			findings_relate(R->out, f, R->di, p->off, p->len, R->book);
			free(m);
		}
		rule_words_add(&last, st, sn, (double)i);
		if ((i & 1023) == 0)
			over_budget(R);
	}
	free(widx);
	rule_words_release(&last);
	rule_words_release(&lower);
}

/* First word token of sentence s, or NULL. */
static const struct token *first_word(const struct sm_doc *d, const struct sentence *s)
{
	for (uint32_t i = 0; i < s->n_tok; i++)
		if (d->toks[s->tok_first + i].kind == TOK_WORD)
			return &d->toks[s->tok_first + i];
	return NULL;
}

static bool sent_in_scope(const struct run *R, const struct sentence *s, const struct token **fw)
{
	const struct sm_doc *d = R->d;
	if (s->block >= d->n_blocks || d->blocks[s->block].kind != BLK_PARAGRAPH)
		return false;
	*fw = first_word(d, s);
	if (!*fw)
		return false;
	if (R->filter == F_NARRATION && (s->dialogue_only || ((*fw)->flags & TOKF_DIALOGUE)))
		return false;
	if (R->filter == F_DIALOGUE && !((*fw)->flags & TOKF_DIALOGUE))
		return false;
	return true;
}

/* A book-wide share (sentences opening with a pronoun, glue words), kept by
 * chapter too: the finding is placed in the chapter where the share is
 * highest, not on the book's first line. */
struct share_part {
	uint32_t doc, chapter;
	uint64_t num, den;
	uint32_t off, len;     /* the first counted instance (or sentence) in it */
	bool have;
};

struct share {
	uint64_t num, den;
	struct share_part *p;
	size_t n, cap;
};

/* The part of sh for chapter `chapter` of document doc (chapters come in order). */
static struct share_part *share_part(struct share *sh, uint32_t doc, uint32_t chapter)
{
	if (sh->n && sh->p[sh->n - 1].doc == doc && sh->p[sh->n - 1].chapter == chapter)
		return &sh->p[sh->n - 1];
	SM_GROW(sh->p, sh->cap, sh->n + 1);
	sh->p[sh->n] = (struct share_part){ doc, chapter, 0, 0, 0, 0, false };
	return &sh->p[sh->n++];
}

/* The chapter with the highest share among those with at least a quarter of
 * the mean chapter's count (a short chapter's few sentences prove nothing);
 * NULL when nothing was counted. */
static const struct share_part *share_worst(const struct share *sh)
{
	const struct share_part *best = NULL;
	double floor_den = sh->n ? (double)sh->den / (double)sh->n / 4.0 : 0;
	for (size_t i = 0; i < sh->n; i++) {
		const struct share_part *q = &sh->p[i];
		if (!q->have || !q->den || (double)q->den < floor_den)
			continue;
		if (!best || (double)q->num * (double)best->den > (double)best->num * (double)q->den)
			best = q;
	}
	return best;
}

static void run_starts(struct run *R, struct share *sh, struct rule_words *names)
{
	const struct rule *r = R->r;
	const struct sm_doc *d = R->d;
	double run = param(R, "run", r->run);
	char prev[128] = "";
	uint32_t count = 0, scene = UINT32_MAX;
	for (size_t i = 0; i < d->n_sents; i++) {
		const struct sentence *s = &d->sents[i];
		const struct token *fw;
		if (!sent_in_scope(R, s, &fw)) {
			if (s->block < d->n_blocks && d->blocks[s->block].kind != BLK_PARAGRAPH)
				count = 0;
			continue;
		}
		char lw[128];
		size_t ln = rule_lower(lw, sizeof(lw), d->text + fw->off, fw->len);
		if (d->blocks[s->block].scene != scene) {
			scene = d->blocks[s->block].scene;
			count = 0;
		}
		if (count && !strcmp(prev, lw)) {
			count++;
		} else {
			count = 1;
			snprintf(prev, sizeof(prev), "%s", lw);
		}
		if (run > 0 && count == (uint32_t)run) {
			char *m = dup_span(d, fw->off, fw->len);
			char c[16];
			snprintf(c, sizeof(c), "%u", count);
			const char *args[] = { m, c };
			emit(R, fw->off, fw->len, NULL, args, 2);
			free(m);
		}
		if (r->share > 0) {
			struct share_part *q = share_part(sh, R->di, d->blocks[s->block].chapter);
			sh->den++;
			q->den++;
			bool name = (fw->flags & TOKF_CAP) && rule_words_get(names, lw, ln);
			if (rule_words_get(&r->words, lw, ln) || name) {
				sh->num++;
				q->num++;
				if (!q->have)
					q->off = fw->off, q->len = fw->len, q->have = true;
			}
		}
	}
}

static void run_sticky(struct run *R, struct share *sh)
{
	const struct rule *r = R->r;
	const struct sm_doc *d = R->d;
	double limit = param(R, "sentence_share", r->sentence_share), minw = param(R, "min_words", r->min_words);
	for (size_t i = 0; i < d->n_sents; i++) {
		const struct sentence *s = &d->sents[i];
		const struct token *fw;
		if (!sent_in_scope(R, s, &fw))
			continue;
		uint32_t n = 0, g = 0;
		for (uint32_t k = 0; k < s->n_tok; k++) {
			const struct token *t = &d->toks[s->tok_first + k];
			if (t->kind != TOK_WORD || !tok_pass(R, t))
				continue;
			n++;
			char lw[128];
			size_t ln = rule_lower(lw, sizeof(lw), d->text + t->off, t->len);
			if (rule_words_get(&r->words, lw, ln))
				g++;
		}
		struct share_part *q = share_part(sh, R->di, d->blocks[s->block].chapter);
		sh->num += g;
		sh->den += n;
		q->num += g;
		q->den += n;
		if (!q->have)
			q->off = s->off, q->len = s->len, q->have = true;
		if (n >= minw && n > 0 && (double)g / n > limit) {
			char pct[64];
			snprintf(pct, sizeof(pct), "%.0f%%", 100.0 * g / n);
			char lim[32];
			snprintf(lim, sizeof(lim), "%.0f%%", 100.0 * limit);
			const char *args[] = { pct, lim };
			emit(R, s->off, s->len, NULL, args, 2);
		}
	}
}

struct wstat { uint32_t count, cap_mid, low, wins, last_win, doc, off, len; const char *w; double ratio; };

/* Typographic apostrophes (U+2019) of w[0..n) made plain, in place, so that
 * "it\u2019s" is the reference's "it's"; returns the new length. */
static size_t plain_apostrophes(char *w, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (i + 2 < n && (unsigned char)w[i] == 0xE2 && (unsigned char)w[i + 1] == 0x80 &&
		    (unsigned char)w[i + 2] == 0x99) {
			w[k++] = '\'';
			i += 2;
		} else
			w[k++] = w[i];
	}
	w[k] = '\0';
	return k;
}

static int cmp_wstat(const void *a, const void *b)
{
	const struct wstat *x = *(struct wstat *const *)a, *y = *(struct wstat *const *)b;
	if (x->ratio != y->ratio)
		return x->ratio > y->ratio ? -1 : 1;
	return strcmp(x->w, y->w);
}

/* Words of narration per window, for how evenly a word is spread. */
#define OVERUSE_WINDOW 1000

static void run_overuse(struct run *R)
{
	const struct rule *r = R->r;
	struct rule_words idx = { 0 };
	struct wstat *st = NULL;
	size_t n = 0, cap = 0;
	uint64_t words = 0;
	double min_len = param(R, "min_len", r->min_len);
	for (uint32_t di = 0; di < R->book->n_docs; di++) {
		start_doc(R, di);
		const struct sm_doc *d = R->d;
		for (size_t i = 0; i < d->n_toks; i++) {
			const struct token *t = &d->toks[i];
			if (t->kind != TOK_WORD || d->blocks[t->block].kind != BLK_PARAGRAPH)
				continue;
			words++;
			if (t->len < min_len || !is_alpha_word(d, t) || !tok_pass(R, t))
				continue;
			char lw[128];
			size_t ln = plain_apostrophes(lw, rule_lower(lw, sizeof(lw), d->text + t->off, t->len));
			if (rule_words_get(&r->words, lw, ln))
				continue;
			double *v = rule_words_get(&idx, lw, ln);
			if (!v) {
				SM_GROW(st, cap, n + 1);
				st[n] = (struct wstat){ 0, 0, 0, 0, 0, di, t->off, t->len, NULL, 0 };
				rule_words_add(&idx, lw, ln, (double)n);
				v = rule_words_get(&idx, lw, ln);
				n++;
			}
			struct wstat *s = &st[(size_t)*v];
			s->count++;
			if ((t->flags & TOKF_CAP) && !(t->flags & TOKF_SSTART))
				s->cap_mid++;
			if (!(t->flags & TOKF_CAP))
				s->low++;
			uint32_t win = (uint32_t)(words / OVERUSE_WINDOW) + 1;
			if (s->last_win != win) {
				s->wins++;
				s->last_win = win;
			}
		}
	}
	/* how many windows a word spread evenly at random would reach */
	double n_win = (double)(words / OVERUSE_WINDOW + 1);
	double factor = param(R, "factor", r->factor), minc = param(R, "min_count", r->min_count >= 0 ? r->min_count : 10);
	double maxr = param(R, "max", r->max_report);
	struct wstat **cand = xmalloc(sizeof(*cand) * (n + 1));
	size_t nc = 0;
	for (uint32_t i = 0; i < idx.map.n; i++) {
		struct wstat *s = &st[(size_t)idx.vals[i]];
		s->w = rule_words_key(&idx, i);
		/* rare, or a name: capitalized in mid-sentence, or nearly never in
		 * lower case ("Priya" who mostly opens her sentences) */
		if (s->count < minc || s->cap_mid * 2 >= s->count || s->low * 10 < s->count)
			continue;
		if (config_is_accepted(R->book->cfg, s->w, strlen(s->w)))
			continue;
		/* the subject of a few chapters ("airlock", "horde") is not a
		 * habit of the writer's: a word overused is one that turns up all
		 * through the book, in most of the windows that a word spread at
		 * random would reach */
		if ((double)s->wins < 0.6 * n_win * (1.0 - exp(-(double)s->count / n_win)))
			continue;
		double pm = (double)s->count * 1e6 / (double)words;
		double *ref = rule_words_get(&r->reference, s->w, strlen(s->w));
		double base = ref && *ref > r->ref_floor ? *ref : r->ref_floor;
		s->ratio = pm / base;
		if (s->ratio >= factor)
			cand[nc++] = s;
	}
	if (nc > 1)
		qsort(cand, nc, sizeof(*cand), cmp_wstat);
	for (size_t i = 0; i < nc && i < (size_t)maxr; i++) {
		struct wstat *s = cand[i];
		char stats[200];
		snprintf(stats, sizeof(stats), "%u times, %.1f per 10,000 words, %.0f times its rate in the reference corpus",
			 s->count, (double)s->count * 1e4 / (double)words, s->ratio);
		const char *args[] = { s->w, stats };
		start_doc(R, s->doc);
		emit(R, s->off, s->len, NULL, args, 2);
	}
	free(cand);
	free(st);
	rule_words_release(&idx);
}

/* Words seen capitalized in mid-sentence more often than not: character names. */
static void find_names(const struct sm_book *book, struct rule_words *names)
{
	struct rule_words cnt = { 0 };
	for (size_t di = 0; di < book->n_docs; di++) {
		const struct sm_doc *d = book->docs[di];
		for (size_t i = 0; i < d->n_toks; i++) {
			const struct token *t = &d->toks[i];
			if (t->kind != TOK_WORD || (t->flags & TOKF_SSTART))
				continue;
			char lw[128];
			size_t ln = rule_lower(lw, sizeof(lw), d->text + t->off, t->len);
			double *v = rule_words_get(&cnt, lw, ln);
			double add = (t->flags & TOKF_CAP) ? 1 : -1;
			if (!v)
				rule_words_add(&cnt, lw, ln, add);
			else
				*v += add;
		}
	}
	for (uint32_t i = 0; i < cnt.map.n; i++)
		if (cnt.vals[i] > 0)
			rule_words_add(names, rule_words_key(&cnt, i), cnt.map.len[i], 1);
	rule_words_release(&cnt);
}

/* ------------------------------------------------------------------ */
/* driver                                                             */
/* ------------------------------------------------------------------ */

static void run_rule(struct run *R)
{
	const struct rule *r = R->r;
	struct share sh = { 0 };
	struct rule_words names = { 0 };
	switch (r->type) {
	case RT_CONSISTENCY:
		run_consistency(R);
		return;
	case RT_RATE:
		run_rate(R);
		return;
	case RT_OVERUSE:
		run_overuse(R);
		return;
	default:
		break;
	}
	if (r->type == RT_STARTS && r->share > 0)
		find_names(R->book, &names);
	for (uint32_t di = 0; di < R->book->n_docs; di++) {
		start_doc(R, di);
		switch (r->type) {
		case RT_EXISTENCE:
		case RT_SUBSTITUTION:
		case RT_OCCURRENCE:
		case RT_REPETITION:
			run_regex(R);
			break;
		case RT_CONDITIONAL:
			run_conditional(R);
			break;
		case RT_CAPITALIZATION:
			run_capitalization(R);
			break;
		case RT_ECHO:
			run_echo(R);
			break;
		case RT_STARTS:
			run_starts(R, &sh, &names);
			break;
		case RT_STICKY:
			run_sticky(R, &sh);
			break;
		default:
			break;
		}
	}
	rule_words_release(&names);
	double share = param(R, "share", r->share);
	const struct share_part *at = share_worst(&sh);
	if (share > 0 && at && sh.den > 0 && (double)sh.num / (double)sh.den > share &&
	    (double)sh.den >= param(R, "min_words", r->type == RT_STARTS ? r->min_words : 0)) {
		char pct[64], lim[32];
		snprintf(pct, sizeof(pct), "%.0f%%", 100.0 * (double)sh.num / (double)sh.den);
		snprintf(lim, sizeof(lim), "%.0f%%", 100.0 * share);
		const char *args[] = { pct, lim };
		start_doc(R, at->doc);
		if (r->type == RT_STICKY) {
			/* the book's average, once; the sentence template does not fit it */
			char msg[300];
			snprintf(msg, sizeof(msg),
				 "glue words make up %s of the book's words (aim for %s or less); the most, "
				 "%.0f%%, in this chapter", pct, lim, 100.0 * (double)at->num / (double)at->den);
			findings_add(R->out, R->book, r->id, SM_SEV_INFO, at->doc, at->off, at->len, NULL, "%s", msg);
		} else {
			emit(R, at->off, at->len, NULL, args, 2);
		}
	}
	free(sh.p);
}

int ruleset_run(const struct ruleset *rs, struct sm_book *book, struct sm_findings *out,
		int only, struct sm_err *err)
{
	(void)err;
	if (!rs)
		return SM_OK;
	pcre2_match_data *md = pcre2_match_data_create(64, NULL);
	pcre2_match_data *md2 = pcre2_match_data_create(8, NULL);
	if (!md || !md2)
		SM_BUG("pcre2_match_data_create failed");
	for (size_t i = 0; i < rs->n; i++) {
		if (only >= 0 && (size_t)only != i)
			continue;
		const struct rule *r = rs->v[i];
		const struct sm_config *cfg = book->cfg;
		if (!config_pack_enabled(cfg, r->pack))
			continue;
		if (r->house != HOUSE_NONE && r->house != (int)cfg->house)
			continue;
		if (config_rule_level(cfg, r->id, (int)r->level) < 0)
			continue;
		if (r->opt_in && !config_rule_asked(cfg, r->id, r->pack))
			continue;
		struct run R = { 0 };
		R.rs = rs;
		R.r = r;
		R.book = book;
		R.out = out;
		R.md = md;
		R.md2 = md2;
		R.filter = r->filter;
		int dlg = config_rule_dialogue(cfg, r->id);
		if (dlg == 1 && R.filter == F_NARRATION)
			R.filter = F_ALL;
		else if (dlg == 0 && R.filter == F_ALL)
			R.filter = F_NARRATION;
		if (book->n_docs)
			start_doc(&R, 0);
		run_rule(&R);
	}
	pcre2_match_data_free(md);
	pcre2_match_data_free(md2);
	return SM_OK;
}

int ruleset_test_rule(const struct ruleset *rs, size_t i,
		      void (*report)(void *ctx, bool fire, const char *text, size_t n_found),
		      void *ctx)
{
	const struct rule *r = rs->v[i];
	int failed = 0;
	for (int fire = 1; fire >= 0; fire--) {
		size_t n = fire ? r->n_fire : r->n_pass;
		for (size_t j = 0; j < n; j++) {
			const char *text = fire ? r->fire[j] : r->pass[j];
			struct sm_doc *doc = NULL;
			struct sm_err e;
			sm_err_clear(&e);
			size_t found = 0;
			bool ok = false;
			if (ingest_buffer("example.txt", "text", text, strlen(text), &doc, &e) == SM_OK &&
			    seg_document(doc, &e) == SM_OK) {
				struct sm_config cfg;
				config_init(&cfg);
				cfg.house = (enum house_style)r->house;
				cfg.all_rules = true; /* an opt-in rule's examples run too */
				struct sm_book book = { 0 };
				book.docs = &doc;
				book.n_docs = 1;
				book.cfg = &cfg;
				struct sm_findings f;
				findings_init(&f);
				ruleset_run(rs, &book, &f, (int)i, NULL);
				for (size_t k = 0; k < f.n; k++)
					if (!strcmp(f.v[k].rule, r->id))
						found++;
				ok = fire ? found > 0 : found == 0;
				findings_release(&f);
				book_release_warnings(&book);
				config_release(&cfg);
			}
			doc_free(doc);
			if (!ok) {
				failed++;
				if (report)
					report(ctx, fire != 0, text, found);
			}
		}
	}
	return failed;
}
