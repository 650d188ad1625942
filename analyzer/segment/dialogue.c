/* dialogue.c: dialogue spans of a paragraph (segmentation stage).
 * A document quotes dialogue either with double marks (“…” or "…") or, UK
 * style, with single marks (‘…’ or '…'); the style is decided once per
 * document by which kind opens more quotations. Straight marks are paired
 * by position: an opening mark follows the paragraph start, white space, an
 * opening bracket or a dash. A single mark between letters (don't), after an
 * s before a lower-case word (the boys' hats) or starting an elision ('tis)
 * is an apostrophe. A quotation still open at the end of its paragraph ends
 * there with unclosed set; by the multi-paragraph convention the next
 * paragraph opens again with a mark and gets its own span. The scan is a
 * flat state machine: no nesting, no recursion. */
#include "segment/seg_internal.h"

#include <string.h>

/* What surrounds a quote mark. */
enum ctx { C_EDGE, C_SPACE, C_OPEN, C_DASH, C_WORD, C_PUNCT };

static enum ctx ctx_of(uint32_t cp)
{
	if (cp == '(' || cp == '[' || cp == '{' || cp == 0xAB)
		return C_OPEN;
	if (cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == 0x2015)
		return C_DASH;
	enum seg_cc c = seg_class(cp);
	if (c == SEG_SPACE)
		return C_SPACE;
	if (seg_is_wordc(c))
		return C_WORD;
	return C_PUNCT;
}

static enum ctx ctx_before(const char *t, uint32_t start, uint32_t i)
{
	uint32_t w;
	return i <= start ? C_EDGE : ctx_of(seg_cp_before(t, start, i, &w));
}

static enum ctx ctx_after(const char *t, uint32_t i, uint32_t end)
{
	uint32_t w;
	return i >= end ? C_EDGE : ctx_of(seg_cp(t, i, end, &w));
}

/* True when the word at t[i..end) is an elision written with a leading
 * apostrophe ('tis, 'twas, 'em ...), so the mark before it is no quote. */
static bool is_elision(const char *t, uint32_t i, uint32_t end)
{
	static const char *const words[] = {"tis", "twas", "twere", "twill", "twould", "em",
					    "cause", "cos", "til", "till", "bout", "neath", "nuff",
					    "ere", "un", "n"};
	char w[8];
	size_t n = 0;
	while (i < end && n < sizeof(w) && ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z')))
		w[n++] = (char)(t[i++] | 0x20);
	if (n == 0 || n == sizeof(w))
		return false;
	uint32_t cw;
	if (i < end && seg_is_letter(seg_class(seg_cp(t, i, end, &cw))))
		return false;
	for (size_t k = 0; k < SM_ARRAY_LEN(words); k++)
		if (strlen(words[k]) == n && memcmp(words[k], w, n) == 0)
			return true;
	return false;
}

/* Roles a mark can play. */
enum qrole { Q_NONE, Q_OPEN, Q_CLOSE, Q_TOGGLE };

/* Role of the quote mark cp at t[i] (w bytes) in a block [start, end). */
static enum qrole quote_role(const char *t, uint32_t start, uint32_t end, uint32_t i, uint32_t w,
			     uint32_t cp, bool single)
{
	enum ctx before = ctx_before(t, start, i), after = ctx_after(t, i + w, end);
	bool open_pos = before == C_EDGE || before == C_SPACE || before == C_OPEN;
	bool free_after = after == C_EDGE || after == C_SPACE;
	if (!single) {
		if (cp == SEG_LDQUO)
			return Q_OPEN;
		if (cp == SEG_RDQUO)
			return Q_CLOSE;
		if (cp != '"')
			return Q_NONE;
		if (open_pos)
			return free_after ? Q_TOGGLE : Q_OPEN;
		if (before == C_DASH)
			return (free_after || after == C_PUNCT) ? Q_CLOSE : Q_OPEN;
		return Q_CLOSE; /* after a word or punctuation */
	}
	if (cp == SEG_LSQUO)
		return is_elision(t, i + w, end) ? Q_NONE : Q_OPEN;
	if (cp != '\'' && cp != SEG_RSQUO)
		return Q_NONE;
	if (open_pos || before == C_DASH) {
		if (free_after)
			return Q_TOGGLE;
		/* ’ at a word start is an apostrophe ('tis typed with smart quotes) */
		if (cp == SEG_RSQUO || is_elision(t, i + w, end))
			return Q_NONE;
		return Q_OPEN;
	}
	if (before == C_WORD && after == C_WORD)
		return Q_NONE; /* don't */
	if (before == C_WORD && after == C_SPACE) {
		/* the boys' hats: s, mark, space, lower-case word */
		uint32_t pw;
		uint32_t prev = seg_cp_before(t, start, i, &pw);
		if (prev == 's' || prev == 'S') {
			uint32_t j = i + w, cw;
			while (j < end && ctx_of(seg_cp(t, j, end, &cw)) == C_SPACE)
				j += cw;
			if (j < end && seg_class(seg_cp(t, j, end, &cw)) == SEG_LOWER)
				return Q_NONE;
		}
	}
	return Q_CLOSE;
}

bool seg_single_quote_style(const struct sm_doc *doc)
{
	size_t n_double = 0, n_single = 0;
	const char *t = doc->text;
	for (size_t b = 0; b < doc->n_blocks; b++) {
		const struct block *bl = &doc->blocks[b];
		if (bl->kind != BLK_PARAGRAPH)
			continue;
		uint32_t i = bl->off, end = bl->off + bl->len, w;
		while (i < end) {
			unsigned char c = (unsigned char)t[i];
			if (c != '"' && c != '\'' && c != 0xE2) {
				i++;
				continue;
			}
			uint32_t cp = seg_cp(t, i, end, &w);
			if (cp == '"' || cp == SEG_LDQUO) {
				if (quote_role(t, bl->off, end, i, w, cp, false) == Q_OPEN)
					n_double++;
			} else if (cp == '\'' || cp == SEG_LSQUO) {
				if (quote_role(t, bl->off, end, i, w, cp, true) == Q_OPEN)
					n_single++;
			}
			i += w;
		}
	}
	return n_single > n_double;
}

static void push_span(struct seg_state *st, uint32_t off, uint32_t end, uint32_t b, bool unclosed)
{
	SM_GROW(st->dlgs, st->cap_dlgs, st->n_dlgs + 1);
	struct dialogue *d = &st->dlgs[st->n_dlgs++];
	d->off = off;
	d->len = end - off;
	d->block = b;
	d->unclosed = unclosed;
}

void seg_dialogue_block(const struct sm_doc *doc, uint32_t b, bool single, size_t tok_first,
			struct seg_state *st)
{
	const char *t = doc->text;
	const struct block *bl = &doc->blocks[b];
	uint32_t i = bl->off, end = bl->off + bl->len, w;
	size_t d_first = st->n_dlgs;
	bool in = false;
	uint32_t open_at = 0;
	while (i < end) {
		unsigned char c = (unsigned char)t[i];
		if (c != '"' && c != '\'' && c != 0xE2) {
			i++;
			continue;
		}
		uint32_t cp = seg_cp(t, i, end, &w);
		enum qrole r = quote_role(t, bl->off, end, i, w, cp, single);
		if (r == Q_TOGGLE)
			r = in ? Q_CLOSE : Q_NONE;
		if (r == Q_OPEN) {
			/* an opening mark inside an open quotation: the first one
			 * was never closed; end it here and start again */
			if (in)
				push_span(st, open_at, i, b, true);
			in = true;
			open_at = i;
		} else if (r == Q_CLOSE && in) {
			push_span(st, open_at, i + w, b, false);
			in = false;
		}
		i += w;
	}
	if (in)
		push_span(st, open_at, end, b, true);
	/* flag tokens inside the spans: both lists are sorted by offset */
	size_t k = d_first;
	for (size_t j = tok_first; j < st->n_toks && k < st->n_dlgs; j++) {
		struct token *tk = &st->toks[j];
		while (k < st->n_dlgs && st->dlgs[k].off + st->dlgs[k].len <= tk->off)
			k++;
		if (k < st->n_dlgs && tk->off >= st->dlgs[k].off)
			tk->flags |= TOKF_DIALOGUE;
	}
}
