/* tokens.c: words, numbers and punctuation of one block (segmentation stage).
 * A word is a maximal run of letters, marks and digits, joined across inner
 * apostrophes (don't, o'clock), single inner hyphens (to-morrow; "--" and
 * dashes separate words), soft hyphens and joiners, and inner , . between
 * digits (1,000 and 3.14). Everything else that is not white space is a
 * punctuation (P*) or symbol (S*) token; runs of '.' and of '-' are one token. */
#include "segment/seg_internal.h"

#include <utf8proc.h>

enum seg_cc seg_class(uint32_t cp)
{
	if (cp < 0x80) {
		if (cp >= 'a' && cp <= 'z')
			return SEG_LOWER;
		if (cp >= 'A' && cp <= 'Z')
			return SEG_UPPER;
		if (cp >= '0' && cp <= '9')
			return SEG_DIGIT;
		if (cp == ' ' || (cp >= '\t' && cp <= '\r'))
			return SEG_SPACE;
		if (cp < 0x20 || cp == 0x7F)
			return SEG_OTHER;
		if (cp == '$' || cp == '+' || cp == '<' || cp == '=' || cp == '>' || cp == '^' ||
		    cp == '`' || cp == '|' || cp == '~')
			return SEG_SYMBOL;
		return SEG_PUNCT;
	}
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LT:
		return SEG_UPPER;
	case UTF8PROC_CATEGORY_LL:
		return SEG_LOWER;
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return SEG_LETTER;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return SEG_MARK;
	case UTF8PROC_CATEGORY_ND:
		return SEG_DIGIT;
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return SEG_NUMBER;
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return SEG_SPACE;
	case UTF8PROC_CATEGORY_PC:
	case UTF8PROC_CATEGORY_PD:
	case UTF8PROC_CATEGORY_PS:
	case UTF8PROC_CATEGORY_PE:
	case UTF8PROC_CATEGORY_PI:
	case UTF8PROC_CATEGORY_PF:
	case UTF8PROC_CATEGORY_PO:
		return SEG_PUNCT;
	case UTF8PROC_CATEGORY_SM:
	case UTF8PROC_CATEGORY_SC:
	case UTF8PROC_CATEGORY_SK:
	case UTF8PROC_CATEGORY_SO:
		return SEG_SYMBOL;
	default:
		return SEG_OTHER;
	}
}

static void push_tok(struct seg_state *st, const struct token *tk)
{
	SM_GROW(st->toks, st->cap_toks, st->n_toks + 1);
	st->toks[st->n_toks++] = *tk;
}

/* Class of the code point at t[j], or SEG_SPACE at the end (a boundary). */
static enum seg_cc class_at(const char *t, uint32_t j, uint32_t end)
{
	uint32_t w;
	return j < end ? seg_class(seg_cp(t, j, end, &w)) : SEG_SPACE;
}

/* Scan the word that starts at t[i] (a word character); fill tk. */
static uint32_t scan_word(const char *t, uint32_t i, uint32_t end, struct token *tk)
{
	uint32_t j = i, w;
	bool all_digits = true;
	unsigned n_upper = 0, n_lower = 0;
	enum seg_cc last = SEG_SPACE;
	while (j < end) {
		uint32_t cp = seg_cp(t, j, end, &w);
		enum seg_cc c = seg_class(cp);
		if (seg_is_wordc(c)) {
			if (c != SEG_DIGIT)
				all_digits = false;
			if (c == SEG_UPPER)
				n_upper++;
			else if (c == SEG_LOWER)
				n_lower++;
			last = c;
			j += w;
			continue;
		}
		enum seg_cc next = class_at(t, j + w, end);
		bool join = false;
		if (cp == '\'' || cp == SEG_RSQUO)
			join = seg_is_letter(last) && seg_is_letter(next);
		else if (cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == 0xAD || cp == 0x200C ||
			 cp == 0x200D)
			join = seg_is_wordc(next);
		else if (cp == '.' || cp == ',')
			join = all_digits && last == SEG_DIGIT && next == SEG_DIGIT;
		if (!join)
			break;
		if (cp != '.' && cp != ',')
			all_digits = false;
		j += w;
	}
	tk->len = j - i;
	tk->kind = all_digits ? TOK_NUMBER : TOK_WORD;
	/* CAP: the word begins with an upper-case letter. UPPER: it has at least
	 * two upper-case letters and no lower-case one ("I" and "A" are CAP only). */
	if (seg_class(seg_cp(t, i, end, &w)) == SEG_UPPER)
		tk->flags |= TOKF_CAP;
	if (n_upper >= 2 && n_lower == 0)
		tk->flags |= TOKF_UPPER;
	return j;
}

void seg_tokenize(const struct sm_doc *doc, uint32_t b, struct seg_state *st)
{
	const char *t = doc->text;
	const struct block *bl = &doc->blocks[b];
	uint32_t i = bl->off, end = bl->off + bl->len, w;
	bool nl = false;
	while (i < end) {
		uint32_t cp = seg_cp(t, i, end, &w);
		enum seg_cc c = seg_class(cp);
		if (c == SEG_SPACE || c == SEG_OTHER) {
			if (cp == '\n' || cp == 0x2028 || cp == '\v')
				nl = true;
			i += w;
			continue;
		}
		struct token tk = {.off = i, .block = b};
		if (seg_is_wordc(c)) {
			i = scan_word(t, i, end, &tk);
		} else {
			uint32_t j = i + w;
			if (cp == '.' || cp == '-')
				while (j < end && t[j] == (char)cp)
					j++;
			tk.len = j - i;
			tk.kind = c == SEG_SYMBOL ? TOK_SYMBOL : TOK_PUNCT;
			i = j;
		}
		if (nl)
			tk.flags |= TOKF_NEWLINE;
		nl = false;
		push_tok(st, &tk);
	}
}
