/* seg_internal.h: declarations shared by the segmentation files
 * (segment.c, chapters.c, tokens.c, sentences.c, dialogue.c). Private to
 * analyzer/segment/; callers use segment.h. */
#ifndef SM_SEG_INTERNAL_H
#define SM_SEG_INTERNAL_H

#include "segment/segment.h"

/* Character classes used by every stage (from utf8proc categories). */
enum seg_cc {
	SEG_SPACE,   /* Zs, Zl, Zp and ASCII white space */
	SEG_UPPER,   /* Lu, Lt */
	SEG_LOWER,   /* Ll */
	SEG_LETTER,  /* Lm, Lo: letters without case */
	SEG_MARK,    /* Mn, Mc, Me */
	SEG_DIGIT,   /* Nd */
	SEG_NUMBER,  /* Nl, No */
	SEG_PUNCT,   /* P* */
	SEG_SYMBOL,  /* S* */
	SEG_OTHER,   /* controls, format characters, unassigned */
};

/** Class of code point cp. */
enum seg_cc seg_class(uint32_t cp);

/** True for classes that make up words (letters, marks, digits). */
static inline bool seg_is_wordc(enum seg_cc c)
{
	return c >= SEG_UPPER && c <= SEG_NUMBER;
}

/** True for letters of any case. */
static inline bool seg_is_letter(enum seg_cc c)
{
	return c == SEG_UPPER || c == SEG_LOWER || c == SEG_LETTER;
}

/**
 * Decode the code point at s[i] (i < end). *w receives its length in bytes.
 * The text is valid UTF-8 (doc.c guarantees it); a stray byte decodes as
 * itself with length 1 so that callers always advance.
 */
static inline uint32_t seg_cp(const char *s, uint32_t i, uint32_t end, uint32_t *w)
{
	const unsigned char *u = (const unsigned char *)s + i;
	uint32_t left = end - i;
	unsigned c = u[0];
	if (c < 0x80) {
		*w = 1;
		return c;
	}
	if (c >= 0xC0 && c < 0xE0 && left >= 2) {
		*w = 2;
		return ((c & 0x1Fu) << 6) | (u[1] & 0x3Fu);
	}
	if (c >= 0xE0 && c < 0xF0 && left >= 3) {
		*w = 3;
		return ((c & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
	}
	if (c >= 0xF0 && left >= 4) {
		*w = 4;
		return ((c & 0x07u) << 18) | ((u[1] & 0x3Fu) << 12) | ((u[2] & 0x3Fu) << 6) |
		       (u[3] & 0x3Fu);
	}
	*w = 1;
	return c;
}

/** The code point that ends just before s[i] (start < i); *w its length. */
static inline uint32_t seg_cp_before(const char *s, uint32_t start, uint32_t i, uint32_t *w)
{
	uint32_t j = i - 1;
	while (j > start && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80)
		j--;
	uint32_t cp = seg_cp(s, j, i, w);
	if (j + *w != i) { /* not a clean sequence: step one byte */
		*w = 1;
		return (unsigned char)s[i - 1];
	}
	return cp;
}

/* Quote characters. */
#define SEG_LDQUO 0x201Cu /* “ */
#define SEG_RDQUO 0x201Du /* ” */
#define SEG_LSQUO 0x2018u /* ‘ */
#define SEG_RSQUO 0x2019u /* ’ (also the typographic apostrophe) */

/** Growable arrays of the segmentation pass (malloc'd, copied into the arena at the end). */
struct seg_state {
	struct token *toks; size_t n_toks, cap_toks;
	struct sentence *sents; size_t n_sents, cap_sents;
	struct dialogue *dlgs; size_t n_dlgs, cap_dlgs;
};

/* ---- chapters.c ---- */

/** Remove glyph-only paragraphs (and BLK_BREAK blocks) from doc->blocks,
 * setting after_break (and page_break when the glyph had one) on the next block. */
void seg_remove_breaks(struct sm_doc *doc);
/** Turn chapter-like paragraphs into headings and give every heading its
 * role and declared number. */
void seg_assign_roles(struct sm_doc *doc);
/** Build doc->chapters and doc->scenes (arena) and set block.chapter/scene.
 * Needs block.n_words. */
void seg_build_chapters(struct sm_doc *doc);
/** Like seg_heading_role; *bare tells whether the text was a number alone.
 * strict (for plain paragraphs): after the number only the end or a
 * separator (: . - — –) may follow, so "Chapter one was dull." is no heading. */
enum blk_role seg_heading_kind(const char *s, size_t n, bool strict, int32_t *num, bool *bare);

/* ---- tokens.c ---- */

/** Append the tokens of block b (text[off..off+len)) to st; sets TOKF_CAP,
 * TOKF_UPPER and TOKF_NEWLINE (not SSTART or DIALOGUE). */
void seg_tokenize(const struct sm_doc *doc, uint32_t b, struct seg_state *st);

/* ---- dialogue.c ---- */

/** Quote style of the document: true when single quotes mark dialogue (UK). */
bool seg_single_quote_style(const struct sm_doc *doc);
/** Append the dialogue spans of block b to st and flag the block's tokens
 * (st->toks[tok_first..n_toks)) inside them with TOKF_DIALOGUE. */
void seg_dialogue_block(const struct sm_doc *doc, uint32_t b, bool single, size_t tok_first,
			struct seg_state *st);

/* ---- sentences.c ---- */

/** Split block b, whose tokens are st->toks[tok_first..n_toks), into
 * sentences appended to st; sets TOKF_SSTART and token.sent. A heading is one
 * sentence. */
void seg_split_sentences(const struct sm_doc *doc, uint32_t b, size_t tok_first,
			 struct seg_state *st);

#endif
