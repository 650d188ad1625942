/* pacing_metrics.c: the pacing metrics of every paragraph, scene and chapter
 * (stage 3, checks), and the per-scene pace score normalized within the
 * book. The verb lexicons are data, embedded from the TSV files in rules/pacing/.
 * With the language model, the information rate (mean surprisal per word)
 * comes from the book's shared scores (book_doc_scores). */
#include "checks/pacing.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "base/hmap.h"
#include "lm.h"

/* ------------------------------------------------------------------ */
/* Lexicons: a set of 64-bit word hashes with class bits               */

enum { LEX_ACTION = 1, LEX_PERCEPT = 2, LEX_PARTICIPLE = 4, LEX_SPEECH = 8 };

struct lex {
	struct sm_map map; /* word hash -> index into val */
	uint8_t *val;      /* class bits, or a count */
	size_t cap;
};

static uint64_t word_hash(const char *s, size_t n)
{
	uint64_t h = SM_HASH_INIT;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		h = sm_hash(h, &c, 1);
	}
	return h ? h : 1;
}

static void lex_put(struct lex *x, const char *s, size_t n, uint8_t cls)
{
	bool added;
	uint32_t i = sm_map_int_add(&x->map, word_hash(s, n), &added);
	if (added) {
		SM_GROW(x->val, x->cap, (size_t)i + 1);
		x->val[i] = 0;
	}
	x->val[i] |= cls;
}

/* The value slot of s[0..n), or NULL. */
static uint8_t *lex_slot(const struct lex *x, const char *s, size_t n)
{
	if (n == 0 || n > 40)
		return NULL;
	uint32_t i = sm_map_int(&x->map, word_hash(s, n));
	return i == SM_MAP_NONE ? NULL : &x->val[i];
}

static uint8_t lex_get(const struct lex *x, const char *s, size_t n)
{
	const uint8_t *v = lex_slot(x, s, n);
	return v ? *v : 0;
}

static void lex_release(struct lex *x)
{
	sm_map_free(&x->map);
	free(x->val);
	memset(x, 0, sizeof(*x));
}

static bool is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Add a lemma and its regular inflections (-s, -ed, -ing, with and without
 * a doubled final consonant; over-generation is harmless in a set). */
static void lex_put_lemma(struct lex *x, const char *w, size_t n, uint8_t cls)
{
	char buf[64];
	if (n == 0 || n + 4 >= sizeof(buf))
		return;
	lex_put(x, w, n, cls);
	char last = w[n - 1], prev = n > 1 ? w[n - 2] : 0;
	bool cons_y = last == 'y' && !is_vowel(prev);
	/* third person */
	memcpy(buf, w, n);
	if (last == 's' || last == 'x' || last == 'z' || (last == 'h' && (prev == 'c' || prev == 's'))) {
		memcpy(buf + n, "es", 2);
		lex_put(x, buf, n + 2, cls);
	} else if (cons_y) {
		memcpy(buf + n - 1, "ies", 3);
		lex_put(x, buf, n + 2, cls);
	} else {
		buf[n] = 's';
		lex_put(x, buf, n + 1, cls);
	}
	/* past */
	memcpy(buf, w, n);
	if (last == 'e') {
		buf[n] = 'd';
		lex_put(x, buf, n + 1, cls);
	} else if (cons_y) {
		memcpy(buf + n - 1, "ied", 3);
		lex_put(x, buf, n + 2, cls);
	} else {
		memcpy(buf + n, "ed", 2);
		lex_put(x, buf, n + 2, cls);
		buf[n] = last;
		memcpy(buf + n + 1, "ed", 2);
		lex_put(x, buf, n + 3, cls);
	}
	/* present participle */
	memcpy(buf, w, n);
	if (n > 2 && last == 'e' && prev == 'i') {
		memcpy(buf + n - 2, "ying", 4);
		lex_put(x, buf, n + 2, cls);
	} else if (n > 2 && last == 'e' && prev != 'e') {
		memcpy(buf + n - 1, "ing", 3);
		lex_put(x, buf, n + 2, cls);
	} else {
		memcpy(buf + n, "ing", 3);
		lex_put(x, buf, n + 3, cls);
		buf[n] = last;
		memcpy(buf + n + 1, "ing", 3);
		lex_put(x, buf, n + 4, cls);
	}
}

/* Load one embedded TSV lexicon: "lemma [TAB past [TAB participle]]" lines,
 * '#' comments. Irregular participles also get LEX_PARTICIPLE. With
 * only_forms the lines are plain word lists (participles.tsv). */
static int lex_load(struct lex *x, const char *name, uint8_t cls, bool only_forms,
		    struct sm_err *err)
{
	const struct sm_embedded *e = embedded_find(name);
	if (!e)
		return sm_fail(err, SM_EFORMAT, "'%s': lexicon not embedded in the binary", name);
	const char *p = (const char *)e->data, *end = (const char *)e->end;
	unsigned line = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		line++;
		if (le > p && le[-1] == '\r')
			le--;
		if (le > p && *p != '#') {
			const char *f[3];
			size_t fl[3];
			int nf = 0;
			const char *q = p;
			while (q <= le && nf < 3) {
				const char *t = memchr(q, '\t', (size_t)(le - q));
				const char *fe = t ? t : le;
				f[nf] = q;
				fl[nf] = (size_t)(fe - q);
				nf++;
				if (!t)
					break;
				q = t + 1;
			}
			for (int i = 0; i < nf; i++) {
				for (size_t k = 0; k < fl[i]; k++) {
					char c = f[i][k];
					if (!((c >= 'a' && c <= 'z') || c == '-' || c == '\''))
						return sm_fail(err, SM_EFORMAT, "'%s': line %u: bad word",
							       name, line);
				}
				if (fl[i] == 0)
					return sm_fail(err, SM_EFORMAT, "'%s': line %u: empty field",
						       name, line);
			}
			if (only_forms) {
				lex_put(x, f[0], fl[0], cls);
			} else {
				lex_put_lemma(x, f[0], fl[0], cls);
				if (nf > 1)
					lex_put(x, f[1], fl[1], cls);
				if (nf > 2)
					lex_put(x, f[2], fl[2], (uint8_t)(cls | LEX_PARTICIPLE));
			}
		}
		p = nl ? nl + 1 : end;
	}
	return SM_OK;
}

static int lexicons_load(struct lex *x, struct sm_err *err)
{
	int rc;
	if ((rc = lex_load(x, "rules/pacing/action-verbs.tsv", LEX_ACTION, false, err)) ||
	    (rc = lex_load(x, "rules/pacing/perception-verbs.tsv", LEX_PERCEPT, false, err)) ||
	    (rc = lex_load(x, "rules/pacing/speech-verbs.tsv", LEX_SPEECH, false, err)) ||
	    (rc = lex_load(x, "rules/pacing/participles.tsv", LEX_PARTICIPLE, true, err)))
		return rc;
	return SM_OK;
}

/* ------------------------------------------------------------------ */
/* Paragraph metrics                                                   */

static bool word_is(const char *s, size_t n, const char *w)
{
	size_t wn = strlen(w);
	if (n != wn)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != w[i])
			return false;
	}
	return true;
}

static bool word_in(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (word_is(s, n, *list))
			return true;
	return false;
}

/* Adverbs that may stand between "had" and its participle. */
static const char *const had_adverbs[] = {
	"not", "never", "already", "just", "long", "since", "once", "always", "ever",
	"often", "also", "only", "scarcely", "hardly", "before", "then", "all", "both",
	"even", "quite", "certainly", "probably", "now", "so", "lately", "recently",
	"still", "indeed", "really", "actually", "almost", "nearly", "clearly", NULL,
};

/* Words ending in -ed that are not participles. */
static const char *const not_participles[] = {
	"indeed", "need", "seed", "speed", "breed", "creed", "deed", "steed", "greed",
	"hundred", "kindred", "naked", "wicked", "sacred", "rugged", "ragged", "shed",
	"bed", "red", "fled", "sled", "wed", "led", "bred", "fed", "sped", NULL,
};

static bool is_participle(const struct lex *x, const char *s, size_t n)
{
	if (lex_get(x, s, n) & LEX_PARTICIPLE)
		return true;
	if (n > 4 && (s[n - 2] == 'e' || s[n - 2] == 'E') && (s[n - 1] == 'd' || s[n - 1] == 'D'))
		return !word_in(s, n, not_participles);
	return false;
}

static bool tok_is_word(const struct token *t)
{
	return t->kind == TOK_WORD;
}

/* ------------------------------------------------------------------ */
/* Expository features (pacing.info-dump)                              */

/* The book's words: which occur in lower case anywhere (so a capitalized
 * sentence start is an ordinary word), and how often a capitalized word acts
 * as a character does (before a verb of action, perception or speech, after
 * "said" or after a title). Keys are the word up to an apostrophe. */
struct book_words {
	struct lex lower;  /* val 1: seen in lower case */
	struct lex agent;  /* val: times seen as an agent, saturating at 255 */
};

/* Length of s up to an apostrophe (' or U+2019): "Tom's" -> "Tom". */
static size_t stem_len(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'')
			return i;
		if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0x99)
			return i;
	}
	return n;
}

static const char *const subj_pronouns[] = { "i", "he", "she", "we", "they", NULL };

static const char *const honorifics[] = {
	"mr", "mrs", "ms", "miss", "dr", "sir", "lady", "lord", "madam", "madame", "captain",
	"colonel", "major", "lieutenant", "sergeant", "general", "aunt", "uncle", "professor",
	"detective", "inspector", "mister", "monsieur", "mademoiselle", NULL,
};

static const char *const number_words[] = {
	"hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion",
	"billions", "trillion", "dozen", "dozens", "twenty", "thirty", "forty", "fifty", "sixty",
	"seventy", "eighty", "ninety", "percent", "century", "centuries", NULL,
};

static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", NULL,
};

static const char *const be_forms[] = { "be", "is", "are", "was", "were", "been", "being", NULL };
static const char *const present_forms[] = { "is", "are", "has", "does", NULL };

/* -ment and -ence words that name no abstraction but a moment, a sound, a
 * place or a thing, and are common in any narration. */
static const char *const not_nominal[] = {
	"moment", "moments", "silence", "silences", "distance", "entrance", "fence", "whence",
	"thence", "hence", "sentence", "garment", "garments", "apartment", "basement",
	"pavement", "ointment", "advance", "glance", "glances", "chance", "instance",
	"evidence", NULL,
};

static bool ends_with(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++) {
		char c = s[n - k + i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != suf[i])
			return false;
	}
	return true;
}

static bool is_nominal(const char *s, size_t n)
{
	static const char *const suf[] = {
		"tion", "tions", "sion", "sions", "ment", "ments", "ity", "ities", "ism", "isms",
		"ance", "ances", "ence", "ences", "ancy", "ency", NULL,
	};
	if (n < 6 || word_in(s, n, not_nominal))
		return false;
	for (const char *const *x = suf; *x; x++)
		if (ends_with(s, n, *x))
			return true;
	return false;
}

/* Letters of a word (bytes of ASCII letters plus code points beyond ASCII). */
static size_t n_letters(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			k++;
		else if (c >= 0xC0)
			k++;
	}
	return k;
}

static bool has_digit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return true;
	return false;
}

static bool is_adverb(const char *s, size_t n)
{
	return (n > 3 && ends_with(s, n, "ly")) || word_in(s, n, had_adverbs);
}

/* Token k of doc, when it is a narration word of sentence sent; else NULL. */
static const struct token *narr_word(const struct sm_doc *doc, size_t k, uint32_t sent)
{
	if (k >= doc->n_toks)
		return NULL;
	const struct token *t = &doc->toks[k];
	if (t->kind != TOK_WORD || t->sent != sent || (t->flags & TOKF_DIALOGUE))
		return NULL;
	return t;
}

/* True when narration token k starts a verb of action, perception or speech
 * (after at most one adverb or auxiliary): "Tom grabbed", "she slowly turned". */
static bool verb_follows(const struct lex *x, const struct sm_doc *doc, size_t k, uint32_t sent)
{
	static const char *const aux[] = { "had", "was", "would", "could", "did", "has", "is",
					   "will", "then", "and", NULL };
	for (int step = 0; step < 2; step++) {
		const struct token *t = narr_word(doc, k + 1 + (size_t)step, sent);
		if (!t)
			return false;
		const char *w = doc->text + t->off;
		if (lex_get(x, w, t->len) & (LEX_ACTION | LEX_PERCEPT | LEX_SPEECH))
			return !(t->flags & TOKF_CAP);
		if (!is_adverb(w, t->len) && !word_in(w, t->len, aux))
			return false;
	}
	return false;
}

static void lex_bump(struct lex *x, const char *s, size_t n)
{
	uint8_t v = lex_get(x, s, n);
	if (v == 0) {
		lex_put(x, s, n, 1);
		return;
	}
	if (v == 255)
		return;
	*lex_slot(x, s, n) = (uint8_t)(v + 1); /* a count, not class bits */
}

/* A capitalized word can be a name: not a sentence start that the book also
 * writes in lower case ("The", "Walk"). */
static bool name_like(const struct book_words *bw, const struct token *t, const char *w, size_t n)
{
	return !(t->flags & TOKF_SSTART) || !lex_get(&bw->lower, w, n);
}

/* Fill bw from every document of the book. */
static void book_words_build(const struct lex *x, const struct sm_book *book, struct book_words *bw)
{
	memset(bw, 0, sizeof(*bw));
	for (size_t d = 0; d < book->n_docs; d++) {
		const struct sm_doc *doc = book->docs[d];
		for (size_t k = 0; k < doc->n_toks; k++) {
			const struct token *t = &doc->toks[k];
			const char *w = doc->text + t->off;
			size_t n = stem_len(w, t->len);
			if (t->kind == TOK_WORD && !(t->flags & TOKF_CAP) && !lex_get(&bw->lower, w, n))
				lex_put(&bw->lower, w, n, 1);
		}
	}
	for (size_t d = 0; d < book->n_docs; d++) {
		const struct sm_doc *doc = book->docs[d];
		for (size_t k = 0; k < doc->n_toks; k++) {
			const struct token *t = &doc->toks[k];
			if (t->kind != TOK_WORD || !(t->flags & TOKF_CAP) || (t->flags & TOKF_DIALOGUE))
				continue;
			const char *w = doc->text + t->off;
			size_t n = stem_len(w, t->len);
			if (word_is(w, n, "i") || !name_like(bw, t, w, n))
				continue;
			bool agent = verb_follows(x, doc, k, t->sent);
			if (!agent && k > 0) {
				const struct token *pv = narr_word(doc, k - 1, t->sent);
				if (pv) {
					const char *pw = doc->text + pv->off;
					agent = (lex_get(x, pw, pv->len) & LEX_SPEECH) ||
						word_in(pw, stem_len(pw, pv->len), honorifics);
				}
			}
			if (agent)
				lex_bump(&bw->agent, w, n);
		}
	}
}

static void book_words_release(struct book_words *bw)
{
	lex_release(&bw->lower);
	lex_release(&bw->agent);
}

/* A capitalized word names a character: a title, or seen as an agent at
 * least twice in the book, or the first name before such a word. */
static bool is_character(const struct book_words *bw, const struct sm_doc *doc, size_t k)
{
	const struct token *t = &doc->toks[k];
	const char *w = doc->text + t->off;
	size_t n = stem_len(w, t->len);
	if (word_in(w, n, honorifics))
		return true;
	if (!name_like(bw, t, w, n))
		return false;
	if (lex_get(&bw->agent, w, n) >= 2)
		return true;
	const struct token *nx = narr_word(doc, k + 1, t->sent);
	if (nx && (nx->flags & TOKF_CAP)) {
		const char *nw = doc->text + nx->off;
		return lex_get(&bw->agent, nw, stem_len(nw, nx->len)) >= 2;
	}
	return false;
}

/* The expository features of the narration of block b into pp. */
static void measure_expository(const struct lex *x, const struct book_words *bw,
			       const struct sm_doc *doc, uint32_t b, struct pace_para *pp)
{
	const struct block *bl = &doc->blocks[b];
	uint32_t last_sent = UINT32_MAX;
	/* where the last character subject was, counted in words, for "she
	 * turned and ran": an action verb within three words of it */
	uint32_t since_subj = UINT32_MAX;
	for (uint32_t k = bl->tok_first; k < bl->tok_first + bl->n_tok; k++) {
		const struct token *t = &doc->toks[k];
		if (t->flags & TOKF_DIALOGUE) {
			since_subj = UINT32_MAX;
			continue;
		}
		const char *w = doc->text + t->off;
		if (t->kind == TOK_NUMBER) {
			/* 3:15 and 12/5 are one number; a year is a date */
			const struct token *pv = k > bl->tok_first ? &doc->toks[k - 1] : NULL;
			const struct token *pv2 = k > bl->tok_first + 1 ? &doc->toks[k - 2] : NULL;
			bool joined = pv && pv2 && pv->kind == TOK_PUNCT && pv->off + pv->len == t->off &&
				      pv2->kind == TOK_NUMBER && pv2->off + pv2->len == pv->off;
			if (!joined) {
				pp->n_numeric++;
				if (t->len == 4 && (w[0] == '1' || (w[0] == '2' && w[1] <= '1')))
					pp->n_numeric++;
			}
			continue;
		}
		if (t->kind != TOK_WORD) {
			if (t->kind == TOK_PUNCT && t->len == 1 && (w[0] == ',' || w[0] == '-'))
				continue; /* "she, too, ran" keeps its subject */
			since_subj = UINT32_MAX;
			continue;
		}
		bool first = t->sent != last_sent;
		if (first) {
			last_sent = t->sent;
			pp->n_narr_sents++;
			since_subj = UINT32_MAX;
		}
		if (since_subj != UINT32_MAX)
			since_subj++;
		size_t n = stem_len(w, t->len);
		uint8_t cls = lex_get(x, w, t->len);
		if (n_letters(w, t->len) >= 9)
			pp->n_long++;
		if (is_nominal(w, t->len))
			pp->n_nominal++;
		if (has_digit(w, t->len) || word_in(w, t->len, number_words)) {
			pp->n_numeric++;
		} else if (word_in(w, t->len, months)) {
			const struct token *nx = k + 1 < doc->n_toks ? &doc->toks[k + 1] : NULL;
			const struct token *pv = k > 0 ? &doc->toks[k - 1] : NULL;
			if ((nx && nx->kind == TOK_NUMBER) || (pv && pv->kind == TOK_NUMBER))
				pp->n_numeric++;
		}
		bool subj = false;
		if (word_in(w, n, subj_pronouns)) {
			subj = true;
		} else if ((t->flags & TOKF_CAP) && n > 0) {
			if (is_character(bw, doc, k))
				subj = true;
			else if (name_like(bw, t, w, n))
				pp->n_proper++;
		}
		if (subj) {
			pp->n_charref++;
			pp->n_char_starts += first;
			since_subj = 0;
		}
		if ((cls & LEX_ACTION) && !subj && since_subj != UINT32_MAX && since_subj <= 3)
			pp->n_subj_action++;
		if (word_in(w, t->len, be_forms)) {
			pp->n_copula++;
			const struct token *nx = narr_word(doc, k + 1, t->sent);
			if (nx && is_adverb(doc->text + nx->off, nx->len))
				nx = narr_word(doc, k + 2, t->sent);
			if (nx && is_participle(x, doc->text + nx->off, nx->len))
				pp->n_passive++;
		}
		if (word_in(w, t->len, present_forms))
			pp->n_present++;
	}
}

/* Measure block b of doc into pp. */
static void measure_para(const struct lex *x, const struct sm_doc *doc, uint32_t b,
			 struct pace_para *pp)
{
	const struct block *bl = &doc->blocks[b];
	const struct token *tk = doc->toks + bl->tok_first;
	uint32_t nt = bl->n_tok;
	pp->n_sents = 0;
	for (uint32_t s = 0; s < bl->n_sent; s++)
		if (doc->sents[bl->sent_first + s].n_words > 0)
			pp->n_sents++;
	/* narration pieces between dialogue spans: a piece is a tag when it has at
	 * most six words one of which is a speech verb and none an action verb
	 * ("said she, laughing" carries a beat); any other piece with a word is a
	 * beat. */
	uint32_t piece_words = 0;
	bool piece_speech = false, piece_action = false;
	for (uint32_t i = 0; i <= nt; i++) {
		bool end = i == nt;
		const struct token *t = end ? NULL : &tk[i];
		bool dlg = t && (t->flags & TOKF_DIALOGUE);
		if (end || dlg) {
			if (piece_words > 0 && !(piece_speech && !piece_action && piece_words <= 6))
				pp->has_beat = true;
			piece_words = 0;
			piece_speech = piece_action = false;
		}
		if (end)
			break;
		if (!tok_is_word(t))
			continue;
		pp->n_words++;
		if (dlg) {
			pp->n_dlg_words++;
			pp->has_dialogue = true;
			continue;
		}
		const char *w = doc->text + t->off;
		uint8_t cls = lex_get(x, w, t->len);
		piece_words++;
		if (cls & LEX_SPEECH)
			piece_speech = true;
		else if (cls & LEX_ACTION)
			piece_action = true;
		if (cls & LEX_ACTION)
			pp->n_action++;
		else if (cls & LEX_PERCEPT)
			pp->n_percept++;
		if (word_is(w, t->len, "had")) {
			/* "had" [adverb [adverb]] participle, in the same sentence */
			uint32_t j = i + 1, skipped = 0;
			while (j < nt && tok_is_word(&tk[j]) && skipped < 2 &&
			       tk[j].sent == t->sent && !(tk[j].flags & TOKF_DIALOGUE) &&
			       word_in(doc->text + tk[j].off, tk[j].len, had_adverbs)) {
				j++;
				skipped++;
			}
			if (j < nt && tok_is_word(&tk[j]) && tk[j].sent == t->sent &&
			    !(tk[j].flags & TOKF_DIALOGUE) &&
			    is_participle(x, doc->text + tk[j].off, tk[j].len))
				pp->n_pastperf++;
		}
	}
	/* Paragraphs that are only an unquoted piece are never "dialogue". */
	if (!pp->has_dialogue)
		pp->has_beat = pp->n_words > 0;
}

/* Information rate of block b: the surprisal of each of its words under the
 * model's scores sc of the document. */
static void measure_bits(const struct lm_scored *sc, const struct sm_doc *doc, uint32_t b,
			 struct pace_para *pp)
{
	const struct block *bl = &doc->blocks[b];
	for (uint32_t i = bl->tok_first; i < bl->tok_first + bl->n_tok; i++) {
		const struct token *t = &doc->toks[i];
		if (!tok_is_word(t))
			continue;
		size_t k;
		double bits = lm_scored_span(sc, t->off, t->len, &k);
		if (!k)
			continue;
		pp->bits += bits;
		pp->n_scored++;
	}
}

/* ------------------------------------------------------------------ */
/* Aggregates                                                          */

static void metrics_finish(struct pace_metrics *m, double sum_sq, double bits)
{
	m->has_surprisal = m->n_scored > 0;
	m->surprisal = m->has_surprisal ? bits / m->n_scored : NAN;
	m->n_narr_words = m->n_words - m->n_dlg_words;
	m->sent_mean = m->n_sents ? (double)m->n_words / m->n_sents : 0;
	if (m->n_sents > 1) {
		double var = sum_sq / m->n_sents - m->sent_mean * m->sent_mean;
		m->sent_sd = var > 0 ? sqrt(var) : 0;
	}
	m->para_mean = m->n_paras ? (double)m->n_words / m->n_paras : 0;
	m->dlg_share = m->n_words ? (double)m->n_dlg_words / m->n_words : 0;
	m->action_rate = m->n_narr_words ? 100.0 * m->n_action / m->n_narr_words : 0;
	m->percept_rate = m->n_narr_words ? 100.0 * m->n_percept / m->n_narr_words : 0;
	m->pastperf_rate = m->n_narr_words ? 1000.0 * m->n_pastperf / m->n_narr_words : 0;
}

/* Metrics over paras[first .. first+n); runs restart at scene boundaries. */
static void metrics_over(const struct sm_book *book, const struct pace_para *paras, size_t first,
			 size_t n, struct pace_metrics *m)
{
	memset(m, 0, sizeof(*m));
	double sum_sq = 0, bits = 0;
	uint32_t dry = 0, dry_w = 0, heads = 0, scene = UINT32_MAX;
	for (size_t i = first; i < first + n; i++) {
		const struct pace_para *p = &paras[i];
		if (p->scene != scene) {
			dry = dry_w = heads = 0;
			scene = p->scene;
		}
		m->n_paras++;
		m->n_words += p->n_words;
		m->n_sents += p->n_sents;
		m->n_dlg_words += p->n_dlg_words;
		m->n_action += p->n_action;
		m->n_percept += p->n_percept;
		m->n_pastperf += p->n_pastperf;
		m->n_scored += p->n_scored;
		bits += p->bits;
		if (p->has_dialogue) {
			m->n_dlg_paras++;
			dry = dry_w = 0;
			heads = p->has_beat ? 0 : heads + 1;
		} else {
			dry++;
			dry_w += p->n_words;
			heads = 0;
		}
		m->max_dry_paras = SM_MAX(m->max_dry_paras, dry);
		m->max_dry_words = SM_MAX(m->max_dry_words, dry_w);
		m->max_beatless = SM_MAX(m->max_beatless, heads);
		const struct sm_doc *doc = book->docs[p->doc];
		const struct block *bl = &doc->blocks[p->block];
		for (uint32_t s = 0; s < bl->n_sent; s++) {
			uint32_t w = doc->sents[bl->sent_first + s].n_words;
			if (!w)
				continue;
			sum_sq += (double)w * w;
			uint32_t bin = (w - 1) / PACE_HIST_WIDTH;
			m->hist[bin < PACE_HIST_BINS ? bin : PACE_HIST_BINS - 1]++;
		}
	}
	metrics_finish(m, sum_sq, bits);
}

static double comp_value(const struct pace_metrics *m, enum pace_comp c)
{
	switch (c) {
	case PACE_C_DIALOGUE: return m->dlg_share;
	case PACE_C_ACTION: return m->action_rate;
	case PACE_C_PERCEPT: return m->percept_rate;
	case PACE_C_PASTPERF: return m->pastperf_rate;
	case PACE_C_SENTLEN: return m->sent_mean;
	case PACE_C_PARALEN: return m->para_mean;
	case PACE_C_SURPRISAL: return m->surprisal;
	case PACE_N_COMP: break;
	}
	return 0;
}

static const int comp_sign[PACE_N_COMP] = { +1, +1, -1, -1, -1, -1, -1 };

const char *pace_comp_name(enum pace_comp c)
{
	static const char *const names[PACE_N_COMP] = {
		"dialogue share", "action verbs", "perception/cognition verbs", "past perfect",
		"sentence length", "paragraph length", "information rate",
	};
	return (unsigned)c < PACE_N_COMP ? names[c] : "?";
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Quantile q (0..1) of v[0..n) by nearest rank; sorts a copy. */
static double quantile(const double *v, size_t n, double q)
{
	if (!n)
		return 0;
	double *c = xmalloc(n * sizeof(*c));
	memcpy(c, v, n * sizeof(*c));
	qsort(c, n, sizeof(*c), cmp_double);
	size_t k = (size_t)floor(q * (double)(n - 1) + 0.5);
	double r = c[k < n ? k : n - 1];
	free(c);
	return r;
}

/* Score of metrics m against the book's scene norms, filling z (may be NULL). */
static double score_of(const struct pacing *p, const struct pace_metrics *m, double *z)
{
	double sum = 0;
	int used = 0;
	for (int c = 0; c < PACE_N_COMP; c++) {
		double v = 0;
		if (p->comp_used[c] && p->comp_sd[c] > 1e-9) {
			v = comp_sign[c] * (comp_value(m, (enum pace_comp)c) - p->comp_mean[c]) /
			    p->comp_sd[c];
			v = v < -3 ? -3 : v > 3 ? 3 : v;
		}
		if (z)
			z[c] = v;
		if (p->comp_used[c]) {
			sum += v;
			used++;
		}
	}
	return used ? sum / used : 0;
}

double pacing_score_metrics(const struct pacing *p, const struct pace_metrics *m, double *z)
{
	return score_of(p, m, z);
}

void pacing_metrics_range(const struct sm_book *book, const struct pacing *p, size_t first,
			  size_t n, struct pace_metrics *m)
{
	metrics_over(book, p->paras, first, n, m);
}

static bool is_para(const struct block *b)
{
	return b->kind == BLK_PARAGRAPH && b->role == ROLE_NONE;
}

int pacing_compute(struct sm_book *book, struct pacing **out, struct sm_err *err)
{
	*out = NULL;
	struct lex x = { 0 };
	int rc = lexicons_load(&x, err);
	if (rc) {
		lex_release(&x);
		return rc;
	}
	struct book_words bw;
	book_words_build(&x, book, &bw);
	struct pacing *p = xcalloc(1, sizeof(*p));
	size_t cap_paras = 0, cap_scenes = 0, cap_ch = 0;
	for (size_t d = 0; d < book->n_docs; d++) {
		const struct sm_doc *doc = book->docs[d];
		/* the model's scores (NULL without a model); a document it cannot
		 * score has no information rate, and the language analyzer, which
		 * reads the same scores, reports the error */
		const struct lm_scored *scores = NULL;
		struct sm_err serr;
		if (book_doc_scores(book, d, &scores, &serr) != SM_OK)
			scores = NULL;
		/* blocks whose quotation runs on past their end */
		bool *unclosed = xcalloc(doc->n_blocks ? doc->n_blocks : 1, sizeof(*unclosed));
		for (size_t k = 0; k < doc->n_dlgs; k++)
			if (doc->dlgs[k].unclosed && doc->dlgs[k].block < doc->n_blocks)
				unclosed[doc->dlgs[k].block] = true;
		for (size_t c = 0; c < doc->n_chapters; c++) {
			const struct chapter *ch = &doc->chapters[c];
			size_t ch_index = p->n_chapters;
			size_t scene_first = p->n_scenes;
			for (uint32_t s = ch->scene_first; s < ch->scene_first + ch->n_scene &&
							   s < doc->n_scenes; s++) {
				const struct scene *sc = &doc->scenes[s];
				size_t para_first = p->n_paras;
				for (uint32_t b = sc->block_first; b <= sc->block_last && b < doc->n_blocks;
				     b++) {
					if (!is_para(&doc->blocks[b]) || !doc->blocks[b].n_words)
						continue;
					SM_GROW(p->paras, cap_paras, p->n_paras + 1);
					struct pace_para *pp = &p->paras[p->n_paras];
					memset(pp, 0, sizeof(*pp));
					pp->doc = (uint32_t)d;
					pp->block = b;
					pp->scene = (uint32_t)p->n_scenes;
					measure_para(&x, doc, b, pp);
					measure_expository(&x, &bw, doc, b, pp);
					if (scores)
						measure_bits(scores, doc, b, pp);
					pp->unclosed = unclosed[b];
					if (pp->n_words)
						p->n_paras++;
				}
				if (p->n_paras == para_first)
					continue; /* a scene with no prose (a heading only) */
				SM_GROW(p->scenes, cap_scenes, p->n_scenes + 1);
				struct pace_scene *ps = &p->scenes[p->n_scenes++];
				memset(ps, 0, sizeof(*ps));
				ps->doc = (uint32_t)d;
				ps->scene = s;
				ps->chapter = (uint32_t)ch_index;
				ps->para_first = (uint32_t)para_first;
				ps->n_para = (uint32_t)(p->n_paras - para_first);
				metrics_over(book, p->paras, para_first, ps->n_para, &ps->m);
			}
			if (p->n_scenes == scene_first)
				continue;
			SM_GROW(p->chapters, cap_ch, p->n_chapters + 1);
			struct pace_chapter *pc = &p->chapters[p->n_chapters++];
			memset(pc, 0, sizeof(*pc));
			pc->doc = (uint32_t)d;
			pc->chapter = (uint32_t)c;
			pc->number = (uint32_t)p->n_chapters;
			pc->title = ch->title ? ch->title : "";
			pc->scene_first = (uint32_t)scene_first;
			pc->n_scene = (uint32_t)(p->n_scenes - scene_first);
			uint32_t pf = p->scenes[scene_first].para_first;
			metrics_over(book, p->paras, pf, p->n_paras - pf, &pc->m);
		}
		free(unclosed);
	}
	lex_release(&x);
	book_words_release(&bw);
	metrics_over(book, p->paras, 0, p->n_paras, &p->book);

	/* Information rate joins the score only when every scene has one:
	 * without the model the score is the mean of the other components. */
	bool all_scored = p->n_scenes > 0;
	for (size_t s = 0; s < p->n_scenes; s++)
		all_scored = all_scored && p->scenes[s].m.has_surprisal;
	for (int c = 0; c < PACE_N_COMP; c++)
		p->comp_used[c] = c != PACE_C_SURPRISAL || all_scored;

	/* The book's norms: mean and sd of each component over its scenes. */
	size_t ns = p->n_scenes;
	double *v = xcalloc(ns ? ns : 1, sizeof(*v));
	for (int c = 0; c < PACE_N_COMP; c++) {
		double sum = 0, sq = 0;
		if (!p->comp_used[c])
			continue; /* its norm stays 0 */
		for (size_t s = 0; s < ns; s++) {
			double y = comp_value(&p->scenes[s].m, (enum pace_comp)c);
			sum += y;
			sq += y * y;
		}
		p->comp_mean[c] = ns ? sum / ns : 0;
		double var = ns ? sq / ns - p->comp_mean[c] * p->comp_mean[c] : 0;
		p->comp_sd[c] = var > 0 ? sqrt(var) : 0;
	}
	for (size_t s = 0; s < ns; s++)
		p->scenes[s].score = score_of(p, &p->scenes[s].m, p->scenes[s].z);
	for (size_t s = 0; s < ns; s++)
		v[s] = p->scenes[s].m.n_words;
	p->median_scene_words = quantile(v, ns, 0.5);
	for (size_t s = 0; s < ns; s++)
		v[s] = p->scenes[s].m.dlg_share;
	p->median_scene_dlg = quantile(v, ns, 0.5);
	for (size_t s = 0; s < ns; s++)
		v[s] = p->scenes[s].m.action_rate;
	p->median_action_rate = quantile(v, ns, 0.5);
	for (size_t s = 0; s < ns; s++)
		v[s] = p->scenes[s].score;
	struct pace_opts o;
	pacing_opts_init(&o);
	p->slow_score = quantile(v, ns, o.slow_quantile);
	free(v);
	*out = p;
	return SM_OK;
}

void pacing_free(struct pacing *p)
{
	if (!p)
		return;
	free(p->paras);
	free(p->scenes);
	free(p->chapters);
	free(p);
}

size_t pacing_drivers(const struct pacing *p, size_t s, enum pace_comp *comp, size_t n)
{
	size_t k = 0;
	const double *z = p->scenes[s].z;
	bool taken[PACE_N_COMP] = { false };
	while (k < n) {
		int best = -1;
		for (int c = 0; c < PACE_N_COMP; c++)
			if (!taken[c] && p->comp_used[c] && z[c] < -0.5 && (best < 0 || z[c] < z[best]))
				best = c;
		if (best < 0)
			break;
		taken[best] = true;
		comp[k++] = (enum pace_comp)best;
	}
	return k;
}

void pacing_opts_init(struct pace_opts *o)
{
	o->slow_min_words = 800;
	o->slow_quantile = 0.10;
	o->dump_min_words = 150;
	o->dump_pastperf_rate = 15;
	o->heads_min_paras = 6;
	o->mono_window = 10;
	o->mono_max_sd = 2.0;
	o->mono_min_mean = 8;
	o->scene_len_z = 2.5;
	o->scene_len_min_scenes = 8;
}
