/* consistency_int.h: what the consistency files share (consistency.c,
 * characters.c, variants.c, punctuation.c, facts.c, tense.c, pov.c,
 * timeline.c). Private to analyzer/checks/; other callers use consistency.h.
 *
 * The checks work on their own word list per document (struct cw), made from
 * doc->text, the sentences and the dialogue spans, so that they depend only
 * on those and not on how the tokenizer splits "Mr." or "Emma's". */
#ifndef SM_CONSISTENCY_INT_H
#define SM_CONSISTENCY_INT_H

#include "base/hmap.h"
#include "checks/consistency/consistency.h"

enum cw_flag {
	CW_CAP = 1 << 0,      /* starts with an upper-case letter */
	CW_SSTART = 1 << 1,   /* first word of a sentence, or first after an opening quote */
	CW_DLG = 1 << 2,      /* inside dialogue */
	CW_UPPER = 1 << 3,    /* all upper case, two letters or more */
	CW_POSS = 1 << 4,     /* a possessive 's followed (stripped from the id) */
	CW_DOT = 1 << 5,      /* directly followed by '.' */
	CW_HYNEXT = 1 << 6,   /* joined to the next word by one hyphen ("to-morrow") */
	CW_LETTER = 1 << 7,   /* inside a letter (epistle) quoted in the narration */
	CW_HEAD = 1 << 8,     /* inside a heading */
	CW_COMMA = 1 << 9,    /* directly followed by ',' */
	CW_PUNCT = 1 << 10,   /* followed by . , ; : ! ? (clause end) */
	CW_ITAL = 1 << 11,    /* inside _underscores_ or *stars* (foreign or stressed) */
	CW_LINE = 1 << 12,    /* first word of a source line (hard wrap, verse) */
};

/* A word: letters, digits and inner apostrophes; hyphens split words. */
struct cw {
	uint32_t off, len;   /* bytes into doc->text (possessive included) */
	uint32_t id;         /* interned lower-case form without the possessive */
	uint32_t block;      /* index into doc->blocks */
	uint32_t sent;       /* sentence number within the doc (from doc->sents) */
	uint16_t fl;         /* enum cw_flag bits */
};

struct cdoc {
	const struct sm_doc *doc;
	struct cw *w;        /* n words in text order (malloc) */
	size_t n;
	uint32_t chap_base;  /* book-wide ordinal of this doc's chapter 0 */
	uint8_t *letter;     /* per block: 1 when the block is part of a letter (malloc) */
};

/* Interned lower-case words. */
struct cintern {
	struct sm_map map;   /* lower-case form -> id; map.str[id] is NUL-terminated */
	struct arena arena;  /* owns the forms */
};

/* Everything the checks read: the words of every document and counts. */
struct cbook {
	const struct sm_book *book;
	struct cdoc *d;
	size_t n_docs;
	struct cintern in;
	uint32_t *n_all;     /* per id: occurrences */
	uint32_t *n_low;     /* per id: starting lower case */
	uint32_t *n_capmid;  /* per id: capitalized, not sentence-initial, not all caps */
	uint32_t *n_capst;   /* per id: capitalized at a sentence start */
	uint32_t *name_char; /* per id: character index + 1 when the word is part of a name */
	size_t n_ids;
	uint64_t n_words;
	uint32_t n_chapters;
};

/* ---- consistency.c: words and helpers ---- */

/** Build cb from book (words, counts). Caller frees with cbook_release. */
void cbook_init(struct cbook *cb, const struct sm_book *book);
void cbook_release(struct cbook *cb);
/** Id of the lower-case form s[0..n), or UINT32_MAX when the book lacks it. */
uint32_t cbook_lookup(const struct cbook *cb, const char *s, size_t n);
/** Id of a NUL-terminated lower-case word, or UINT32_MAX. */
uint32_t cbook_id(const struct cbook *cb, const char *s);
/** Lower-case form of id. */
const char *cbook_str(const struct cbook *cb, uint32_t id);
/** Book-wide chapter ordinal of a word. */
uint32_t cbook_chapter(const struct cbook *cb, uint32_t doc, uint32_t block);
/** True when word w of doc d is id. */
static inline bool cw_is(const struct cdoc *d, size_t i, uint32_t id)
{
	return i < d->n && d->w[i].id == id;
}
/** Length of word x without its possessive ("Emma's" -> 4 bytes). */
uint32_t cw_base_len(const struct sm_doc *doc, const struct cw *x);
/** Describe a place for messages: "chapter 3" or "b.md, chapter 1" (buf). */
const char *cons_where(const struct cbook *cb, uint32_t doc, uint32_t off, char *buf, size_t n);
/** Honorific class of a lower-case word: 0 none, 1 male, 2 female married,
 * 3 female unmarried, 4 either ("Dr", "Captain" may be a woman's title). */
int cons_honorific(const char *w);

/* ---- the parts ---- */

/** characters.c: fill reg (characters, mentions, genders) from cb and set cb->name_char. */
void cons_characters(struct cbook *cb, struct cons_registry *reg);
/** facts.c: collect the fact ledger into reg. */
void cons_facts(struct cbook *cb, struct cons_registry *reg);

/* The checks: each appends findings; none fails. */
void cons_check_names(struct cbook *cb, const struct cons_registry *reg, struct sm_findings *out);
void cons_check_spelling(struct cbook *cb, const struct cons_registry *reg, struct sm_findings *out);
void cons_check_capitals(struct cbook *cb, struct sm_findings *out);
void cons_check_punct(struct cbook *cb, struct sm_findings *out);
void cons_check_attributes(struct cbook *cb, const struct cons_registry *reg,
			   struct sm_findings *out);
void cons_check_tense(struct cbook *cb, const struct cons_registry *reg, struct sm_findings *out);
void cons_check_pov(struct cbook *cb, struct sm_findings *out);
void cons_check_timeline(struct cbook *cb, const struct cons_registry *reg,
			 struct sm_findings *out);

/** Build the registry from an existing cbook (used by consistency.c). */
struct cons_registry *cons_registry_from(struct cbook *cb);

#endif
