/* language.c: the checks built on the language model (stage 3, analyzers).
 *   language.anomaly   a word far more surprising than the manuscript's own
 *                      baseline (robust z-score of word surprisal) that is
 *                      used once, unknown to the model's lexicon and one edit
 *                      from a word it knows well; the suggestion is the
 *                      model's own next word when it is a close edit, else
 *                      that known word
 *   style.voice-drift  a chapter whose mean surprisal per token is an outlier
 *                      against the rest of the book
 * Names (capitalized words not at a sentence start, and those words wherever
 * they occur), all-caps words, numbers and accepted words are never flagged;
 * a unigram cache of the manuscript's own tokens adapts the model to it.
 * The scores come from book_doc_scores (checks/book_scores.c), shared with
 * the pacing metrics, so each document is scored once per book.
 * Skipped with --no-model or when no model is loaded. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/hmap.h"
#include "checks/check.h"
#include "checks/slip.h"
#include "lm.h"

#define ANOM_Z 5.5         /* robust z of a word's surprisal */
#define ANOM_MIN_BITS 20.0 /* and at least this many bits */
#define DRIFT_Z 3.0        /* robust z of a chapter's mean surprisal */
#define DRIFT_MIN_WORDS 300 /* chapters shorter than this are not compared */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Median and scaled MAD (a robust standard deviation) of v[0..n); v is sorted. */
static void robust_stats(double *v, size_t n, double *med, double *sd)
{
	*med = *sd = 0.0;
	if (!n)
		return;
	qsort(v, n, sizeof(*v), cmp_double);
	*med = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
	double *d = xmalloc(n * sizeof(*d));
	for (size_t i = 0; i < n; i++)
		d[i] = fabs(v[i] - *med);
	qsort(d, n, sizeof(*d), cmp_double);
	*sd = 1.4826 * (n % 2 ? d[n / 2] : 0.5 * (d[n / 2 - 1] + d[n / 2]));
	free(d);
}

/* Lower-case hash of a word, for the set of names. */
static uint64_t word_key(const char *s, size_t n)
{
	uint64_t h = SM_HASH_INIT;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)tolower((unsigned char)s[i]);
		h = sm_hash(h, &c, 1);
	}
	return h | 1;
}

/* Counts of lower-cased words (hash keys) in a document. */
struct wcount {
	struct sm_map map; /* word key -> index into c */
	uint32_t *c;
	size_t cap;
};

static void wcount_add(struct wcount *s, uint64_t k, uint32_t add)
{
	bool added;
	uint32_t i = sm_map_int_add(&s->map, k, &added);
	if (added) {
		SM_GROW(s->c, s->cap, (size_t)i + 1);
		s->c[i] = 0;
	}
	s->c[i] += add;
}

static uint32_t wcount_get(struct wcount *s, uint64_t k)
{
	uint32_t i = sm_map_int(&s->map, k);
	return i == SM_MAP_NONE ? 0 : s->c[i];
}

static void wcount_free(struct wcount *s)
{
	sm_map_free(&s->map);
	free(s->c);
}

/* Is token t a word the anomaly check may flag? */
static bool eligible(const struct sm_book *book, const struct sm_doc *doc, const struct token *t,
		     struct wcount *names)
{
	if (t->kind != TOK_WORD || (t->flags & TOKF_UPPER))
		return false;
	if ((t->flags & TOKF_CAP) && !(t->flags & TOKF_SSTART))
		return false;
	const char *w = doc->text + t->off;
	for (uint32_t i = 0; i < t->len; i++)
		if (isdigit((unsigned char)w[i]))
			return false;
	if ((t->flags & TOKF_CAP) && wcount_get(names, word_key(w, t->len)))
		return false;
	if (config_is_accepted(book->cfg, w, t->len))
		return false;
	return true;
}

/* Is w (lower-cased, n bytes) a word of the model's lexicon, or an
 * inflection of one ("stones", "hoping", "stopped", "kindly")? */
static bool known_word(const struct lm *lm, const char *w, size_t n)
{
	static const char *const suffixes[] = { "s", "es", "ed", "d", "ing", "ly", "er", "est",
						"ness", "ment", "y", "en", "ful", "less" };
	if (lm_lexicon_count(lm, w, n))
		return true;
	char stem[64];
	for (size_t k = 0; k < 5 && n + 3 < sizeof(stem); k++) { /* w is the stem of a known word */
		size_t sl = strlen(suffixes[k]);
		memcpy(stem, w, n);
		memcpy(stem + n, suffixes[k], sl);
		if (lm_lexicon_count(lm, stem, n + sl) >= 2)
			return true;
	}
	for (size_t k = 0; k < SM_ARRAY_LEN(suffixes); k++) {
		size_t sl = strlen(suffixes[k]);
		if (n < sl + 3 || n - sl + 1 >= sizeof(stem) || memcmp(w + n - sl, suffixes[k], sl))
			continue;
		size_t m = n - sl;
		memcpy(stem, w, m);
		if (lm_lexicon_count(lm, stem, m))
			return true;
		stem[m] = 'e'; /* hoping -> hope */
		if (lm_lexicon_count(lm, stem, m + 1))
			return true;
		if (m >= 4 && stem[m - 1] == stem[m - 2] && lm_lexicon_count(lm, stem, m - 1))
			return true; /* stopped -> stop */
		if (stem[m - 1] == 'i') { /* happily -> happy */
			stem[m - 1] = 'y';
			if (lm_lexicon_count(lm, stem, m))
				return true;
		}
	}
	return false;
}

/* Find the most frequent word one slip (delete, swap, replace, insert) away
 * from w that the lexicon knows well or the document uses often; copy it to
 * out. Returns false when there is none. As in language.typo, the first
 * letter is kept but for a swap with the second, a wrong letter and a letter
 * too many are the slips of slip.h: "stdout" is no typo for "stout". */
static bool close_known(const struct lm *lm, struct wcount *words, const char *w, size_t n,
			char *out, size_t cap)
{
	char c[72];
	unsigned best = 0;
	if (n + 2 > sizeof(c) || n + 2 > cap)
		return false;
	for (size_t i = 0; i <= n; i++)
		for (int op = 0; op < 4; op++)
			for (int ch = 0; ch < (op >= 2 ? 26 : 1); ch++) {
				size_t m = 0;
				if (op != 1 && i == 0)
					continue; /* the first letter is right */
				if (op == 0) { /* delete w[i] */
					if (i == n || !slip_extra_letter(w, n, i))
						continue;
					memcpy(c, w, i);
					memcpy(c + i, w + i + 1, n - i - 1);
					m = n - 1;
				} else if (op == 1) { /* swap w[i], w[i+1] */
					if (i + 1 >= n || w[i] == w[i + 1])
						continue;
					memcpy(c, w, n);
					c[i] = w[i + 1];
					c[i + 1] = w[i];
					m = n;
				} else if (op == 2) { /* replace w[i] */
					if (i == n || w[i] == 'a' + ch || !slip_wrong_letter(w[i], (char)('a' + ch)))
						continue;
					memcpy(c, w, n);
					c[i] = (char)('a' + ch);
					m = n;
				} else { /* insert before w[i] */
					memcpy(c, w, i);
					c[i] = (char)('a' + ch);
					memcpy(c + i + 1, w + i, n - i);
					m = n + 1;
				}
				if (m < 2)
					continue;
				unsigned lc = lm_lexicon_count(lm, c, m);
				unsigned dc = wcount_get(words, word_key(c, m));
				unsigned score = lc + 10 * dc;
				if ((lc >= 5 || dc >= 3) && score > best) {
					best = score;
					memcpy(out, c, m);
					out[m] = 0;
				}
			}
	return best > 0;
}

/* Suggest the model's own word at this place when it is a close edit. */
static const char *suggest(struct sm_book *book, const struct sm_doc *doc, const struct token *t,
			   char *buf, size_t cap)
{
	uint32_t start = t->off > 600 ? t->off - 600 : 0;
	uint32_t end = t->off;
	while (end > start && doc->text[end - 1] == ' ')
		end--;
	size_t n = lm_continue_word(book->lm, doc->text + start, end - start, 5, buf, cap);
	if (n < 2)
		return NULL;
	if (n == t->len && !strncasecmp(buf, doc->text + t->off, n))
		return NULL;
	int d = sm_edit_distance(buf, n, doc->text + t->off, t->len, 98, true);
	if (d < 1 || d > 2)
		return NULL;
	/* keep the writer's capitalization of the first letter */
	if (isupper((unsigned char)doc->text[t->off]))
		buf[0] = (char)toupper((unsigned char)buf[0]);
	return buf;
}

struct chap_stat {
	uint32_t doc, chapter, n_words;
	double mean; /* bits per token */
};

static int run(struct sm_book *book, struct sm_findings *out, struct sm_err *err)
{
	if (book->cfg->no_model || !book->lm)
		return SM_OK;
	struct chap_stat *cs = NULL;
	size_t n_cs = 0, cap_cs = 0;
	int rc = SM_OK;
	for (size_t di = 0; di < book->n_docs; di++) {
		struct sm_doc *doc = book->docs[di];
		if (!doc->len || !doc->n_toks)
			continue;
		const struct lm_scored *sp; /* borrowed from the book */
		rc = book_doc_scores(book, di, &sp, err);
		if (rc)
			break;
		if (!sp)
			continue;
		/* names: capitalized words seen away from a sentence start */
		struct wcount names = { 0 }, words = { 0 };
		for (size_t i = 0; i < doc->n_toks; i++) {
			const struct token *t = &doc->toks[i];
			if (t->kind != TOK_WORD)
				continue;
			uint64_t k = word_key(doc->text + t->off, t->len);
			wcount_add(&words, k, 1);
			if ((t->flags & TOKF_CAP) && !(t->flags & TOKF_SSTART))
				wcount_add(&names, k, 1);
		}
		/* word surprisals and the document's baseline */
		double *bits = xmalloc((doc->n_toks + 1) * sizeof(double));
		double *base = xmalloc((doc->n_toks + 1) * sizeof(double));
		size_t n_base = 0;
		for (size_t i = 0; i < doc->n_toks; i++) {
			const struct token *t = &doc->toks[i];
			bits[i] = -1.0;
			if (!eligible(book, doc, t, &names))
				continue;
			bits[i] = lm_scored_span(sp, t->off, t->len, NULL);
			base[n_base++] = bits[i];
		}
		double med, sd;
		robust_stats(base, n_base, &med, &sd);
		if (sd < 1.0)
			sd = 1.0;
		for (size_t i = 0; n_base >= 50 && i < doc->n_toks; i++) {
			const struct token *t = &doc->toks[i];
			if (bits[i] < 0)
				continue;
			double z = (bits[i] - med) / sd;
			if (z < ANOM_Z || bits[i] < ANOM_MIN_BITS || t->len < 3 || t->len > 40)
				continue;
			/* a typo is a word used once, unknown to the model's lexicon,
			 * and one edit away from a word it knows well */
			char low[64], cand[72];
			const char *w = doc->text + t->off;
			if (wcount_get(&words, word_key(w, t->len)) >= 2)
				continue;
			size_t wl = t->len;
			if (wl > 2 && w[wl - 2] == '\'' && (w[wl - 1] == 's' || w[wl - 1] == 'S'))
				wl -= 2; /* possessive */
			if (memchr(w, '-', wl) || memchr(w, '\'', wl) || memchr(w, '_', wl))
				continue; /* compounds and elisions: parts are checked on their own terms */
			for (size_t q = 0; q < wl; q++)
				low[q] = (char)tolower((unsigned char)w[q]);
			if (known_word(book->lm, low, wl) ||
			    !close_known(book->lm, &words, low, wl, cand, sizeof(cand)))
				continue;
			char sbuf[64];
			const char *sug = suggest(book, doc, t, sbuf, sizeof(sbuf));
			if (!sug) {
				if (isupper((unsigned char)w[0]))
					cand[0] = (char)toupper((unsigned char)cand[0]);
				sug = cand;
			}
			findings_add(out, book, "language.anomaly", SM_SEV_WARNING, (uint32_t)di, t->off,
				     t->len, sug,
				     "'%.*s' is far more surprising here than this manuscript's words usually are "
				     "(%.1f bits, %.1f robust deviations above the median %.1f): a typo for '%s'?",
				     (int)t->len, w, bits[i], z, med, sug);
		}
		free(bits);
		free(base);
		wcount_free(&names);
		wcount_free(&words);
		/* chapter means for voice drift */
		for (size_t c = 0; c < doc->n_chapters; c++) {
			const struct chapter *ch = &doc->chapters[c];
			if (ch->block_last < ch->block_first || ch->n_words < DRIFT_MIN_WORDS)
				continue;
			uint32_t a = doc->blocks[ch->block_first].off;
			const struct block *lb = &doc->blocks[ch->block_last];
			size_t k;
			double sum = lm_scored_span(sp, a, lb->off + lb->len - a, &k);
			if (!k)
				continue;
			SM_GROW(cs, cap_cs, n_cs + 1);
			cs[n_cs++] = (struct chap_stat){ (uint32_t)di, (uint32_t)c, ch->n_words, sum / (double)k };
		}
	}
	if (!rc && n_cs >= 3) {
		double *v = xmalloc(n_cs * sizeof(double)), med, sd;
		for (size_t i = 0; i < n_cs; i++)
			v[i] = cs[i].mean;
		robust_stats(v, n_cs, &med, &sd);
		free(v);
		if (sd < 0.02)
			sd = 0.02;
		for (size_t i = 0; i < n_cs; i++) {
			double z = (cs[i].mean - med) / sd;
			if (fabs(z) < DRIFT_Z)
				continue;
			const struct sm_doc *doc = book->docs[cs[i].doc];
			const struct chapter *ch = &doc->chapters[cs[i].chapter];
			uint32_t b = ch->heading >= 0 ? (uint32_t)ch->heading : ch->block_first;
			findings_add(out, book, "style.voice-drift", SM_SEV_INFO, cs[i].doc,
				     doc->blocks[b].off, doc->blocks[b].len, NULL,
				     "this chapter reads %s the rest of the book: %.2f bits per token against a "
				     "median of %.2f (%.1f robust deviations)",
				     z > 0 ? "less predictably than" : "more predictably than", cs[i].mean, med, z);
		}
	}
	free(cs);
	return rc;
}

/* The rule ids this analyzer reports, for the catalog (checks/catalog.h):
 * sorted by id; `rules list`, `rules show` and the configuration read them. */
static const struct check_info checks[] = {
	{ "language.anomaly", "language", "warning", true, false,
	  "a word the language model finds far more surprising than the book's own words",
	  "'graetest' is far more surprising than the book's words; did you mean 'greatest'?", APPENDIX_NONE },
	{ "style.voice-drift", "language", "info", true, true,
	  "a chapter the language model reads as if someone else wrote it",
	  "this chapter reads unlike the rest of the book: 5.10 bits per token against a median "
	  "of 4.20", APPENDIX_NONE },
};

const struct analyzer an_language = { "language", run, checks, SM_ARRAY_LEN(checks) };
