/* sentences.c: sentence boundaries inside one paragraph (segmentation stage).
 * Works on the block's tokens. A sentence ends after a run of . ! ? …
 * (including "..." and "?!"), then any closing quotes or brackets, when white
 * space follows and then the end, an opening quote, a capitalised word or a
 * number. No split after an abbreviation (Mr. Dr. St. etc. e.g.), an
 * initial (J. R. R. Tolkien), or before a lower-case word: so
 * `"Stop!" she cried.` and `Wait... and see.` stay one sentence. */
#include "segment/seg_internal.h"

#include <string.h>

/* First code point of token tk. */
static uint32_t tok_cp(const struct sm_doc *doc, const struct token *tk)
{
	uint32_t w;
	return seg_cp(doc->text, tk->off, tk->off + tk->len, &w);
}

static bool is_terminator(const struct sm_doc *doc, const struct token *tk)
{
	if (tk->kind != TOK_PUNCT)
		return false;
	uint32_t cp = tok_cp(doc, tk);
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x203D;
}

static bool is_closer(const struct sm_doc *doc, const struct token *tk)
{
	if (tk->kind != TOK_PUNCT || tk->len > 3)
		return false;
	uint32_t cp = tok_cp(doc, tk);
	return cp == '"' || cp == '\'' || cp == SEG_RDQUO || cp == SEG_RSQUO || cp == ')' ||
	       cp == ']' || cp == '}' || cp == '_' || cp == 0xBB;
}

static bool is_open_quote(uint32_t cp)
{
	return cp == '"' || cp == '\'' || cp == SEG_LDQUO || cp == SEG_LSQUO || cp == 0xAB;
}

static bool is_opener(uint32_t cp)
{
	return is_open_quote(cp) || cp == '(' || cp == '[' || cp == '{' || cp == '_';
}

static bool adjacent(const struct token *a, const struct token *b)
{
	return a->off + a->len == b->off;
}

/* Abbreviations that do not end a sentence, lower case, without the dot.
 * "no" is checked apart (only before a number: "No. 5"). */
static const char *const abbrevs[] = {
	"mr", "mrs", "ms", "messrs", "mme", "mlle", "dr", "st", "jr", "sr", "col", "capt", "gen",
	"lt", "sgt", "rev", "prof", "hon", "mt", "vs", "etc", "esq", "cf", "viz", "fig", "vol",
	"ch", "pp", "approx", "gov", "sen", "rep", "adm", "maj", "cpl", "pvt", "ave", "ft",
};

/*
 * Is the '.' at text offset dot the end of an abbreviation or initial? The
 * word before it is read back over ASCII letters and dots only (at most 15
 * bytes, so the check is constant time). next_is_number tells whether the
 * following token is a number ("No. 5").
 */
static bool is_abbrev(const struct sm_doc *doc, uint32_t bstart, uint32_t dot, bool next_is_number)
{
	const char *t = doc->text;
	uint32_t i = dot;
	while (i > bstart && dot - i < 16) {
		char c = t[i - 1];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.'))
			break;
		i--;
	}
	if (i == dot || dot - i >= 16)
		return false;
	if (i > bstart) {
		uint32_t w;
		enum seg_cc c = seg_class(seg_cp_before(t, bstart, i, &w));
		if (seg_is_wordc(c))
			return false; /* part of a longer non-ASCII word */
	}
	char w[16];
	uint32_t n = dot - i;
	for (uint32_t k = 0; k < n; k++)
		w[k] = (char)(t[i + k] | (t[i + k] == '.' ? 0 : 0x20));
	/* initials and dotted abbreviations: J. / e.g. / U.S.A. (not the word "I") */
	if (n == 1)
		return t[i] >= 'A' && t[i] <= 'Z' && t[i] != 'I';
	bool dotted = n % 2 == 1;
	for (uint32_t k = 1; k < n && dotted; k += 2)
		dotted = w[k] == '.';
	for (uint32_t k = 0; k < n && dotted; k += 2)
		dotted = w[k] != '.';
	if (dotted)
		return true;
	if (memchr(w, '.', n))
		return false;
	if (n == 2 && w[0] == 'n' && w[1] == 'o')
		return next_is_number;
	for (size_t k = 0; k < SM_ARRAY_LEN(abbrevs); k++)
		if (strlen(abbrevs[k]) == n && memcmp(abbrevs[k], w, n) == 0)
			return true;
	return false;
}

/*
 * Decide whether a sentence ends after the terminator run toks[first..last]
 * followed (after closers and white space) by toks[next], next < n.
 */
static bool ends_here(const struct sm_doc *doc, uint32_t bstart, const struct token *toks, size_t first,
		      size_t last, size_t next, size_t n)
{
	const struct token *tn = &toks[next];
	/* a single '.' right after a word may end an abbreviation */
	if (first == last && toks[first].len == 1 && doc->text[toks[first].off] == '.' && first > 0 &&
	    adjacent(&toks[first - 1], &toks[first]) && toks[first - 1].kind != TOK_PUNCT &&
	    is_abbrev(doc, bstart, toks[first].off, tn->kind == TOK_NUMBER))
		return false;
	/* look through opening punctuation to the next word */
	size_t k = next;
	while (k < n && toks[k].kind == TOK_PUNCT && is_opener(tok_cp(doc, &toks[k]))) {
		if (is_open_quote(tok_cp(doc, &toks[k])))
			return true;
		k++;
	}
	if (k >= n)
		return true;
	const struct token *tw = &toks[k];
	if (tw->kind == TOK_NUMBER)
		return true;
	if (tw->kind != TOK_WORD)
		return false; /* a dash, another ellipsis ... */
	uint32_t w;
	enum seg_cc c = seg_class(seg_cp(doc->text, tw->off, tw->off + tw->len, &w));
	return c != SEG_LOWER;
}

static void push_sentence(const struct sm_doc *doc, uint32_t b, struct seg_state *st, size_t first,
			  size_t last)
{
	SM_GROW(st->sents, st->cap_sents, st->n_sents + 1);
	uint32_t si = (uint32_t)st->n_sents++;
	struct sentence *s = &st->sents[si];
	memset(s, 0, sizeof(*s));
	s->block = b;
	s->tok_first = (uint32_t)first;
	s->n_tok = (uint32_t)(last + 1 - first);
	s->off = st->toks[first].off;
	s->len = st->toks[last].off + st->toks[last].len - s->off;
	bool all_dlg = true, seen_word = false;
	for (size_t k = first; k <= last; k++) {
		struct token *tk = &st->toks[k];
		tk->sent = si;
		if (tk->kind != TOK_WORD && tk->kind != TOK_NUMBER)
			continue;
		if (!seen_word)
			tk->flags |= TOKF_SSTART;
		seen_word = true;
		s->n_words++;
		if (!(tk->flags & TOKF_DIALOGUE))
			all_dlg = false;
	}
	s->dialogue_only = seen_word && all_dlg;
	(void)doc;
}

void seg_split_sentences(const struct sm_doc *doc, uint32_t b, size_t tok_first, struct seg_state *st)
{
	const struct block *bl = &doc->blocks[b];
	size_t n = st->n_toks;
	if (tok_first == n) {
		/* no token (a block of unusual spaces): one empty sentence */
		SM_GROW(st->sents, st->cap_sents, st->n_sents + 1);
		struct sentence *s = &st->sents[st->n_sents++];
		memset(s, 0, sizeof(*s));
		s->off = bl->off;
		s->len = bl->len;
		s->block = b;
		s->tok_first = (uint32_t)n;
		return;
	}
	if (bl->kind == BLK_HEADING) {
		push_sentence(doc, b, st, tok_first, n - 1);
		return;
	}
	/* token indexes below are relative to the block's first token */
	const struct token *toks = st->toks + tok_first;
	size_t m = n - tok_first, start = 0;
	for (size_t k = 0; k < m; k++) {
		if (!is_terminator(doc, &toks[k]))
			continue;
		size_t last = k;
		while (last + 1 < m && adjacent(&toks[last], &toks[last + 1]) &&
		       is_terminator(doc, &toks[last + 1]))
			last++;
		size_t e = last;
		while (e + 1 < m && adjacent(&toks[e], &toks[e + 1]) && is_closer(doc, &toks[e + 1]))
			e++;
		if (e + 1 < m && !adjacent(&toks[e], &toks[e + 1]) &&
		    ends_here(doc, bl->off, toks, k, last, e + 1, m)) {
			push_sentence(doc, b, st, tok_first + start, tok_first + e);
			toks = st->toks + tok_first; /* (no realloc of toks here, but be safe) */
			start = e + 1;
		}
		k = e;
	}
	if (start < m)
		push_sentence(doc, b, st, tok_first + start, n - 1);
}
