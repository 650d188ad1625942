/* consistency.h: the book-wide character registry (names, aliases, gender,
 * mentions per chapter) and the fact ledger (eye and hair colour, age) that
 * the consistency checks build, for other users: the pacing and report code
 * and the `characters` command. Built from a segmented struct sm_book. */
#ifndef SM_CONSISTENCY_H
#define SM_CONSISTENCY_H

#include "base/arena.h"
#include "checks/check.h"

enum cons_gender { CONS_G_UNKNOWN = 0, CONS_G_MALE, CONS_G_FEMALE };

/* A place in the book. */
struct cons_place {
	uint32_t doc;      /* index into book->docs */
	uint32_t off, len; /* bytes into that doc's text */
	uint32_t chapter;  /* book-wide chapter ordinal, 0-based (cons_chapter_label) */
};

/* One spelling under which a character is mentioned ("Miss Woodhouse"). */
struct cons_alias {
	const char *text;  /* as written, honorific normalized to "Mr." etc. (registry arena) */
	uint32_t n;        /* mentions with this form */
};

struct cons_character {
	const char *name;            /* display name: the fullest form (registry arena) */
	enum cons_gender gender;     /* from honorifics and following pronouns */
	uint32_t n_mentions;         /* all aliases together */
	struct cons_alias *aliases;  /* n_aliases entries, most frequent first */
	uint32_t n_aliases;
	uint32_t *chapters;          /* book-wide chapter ordinals with mentions, ascending */
	uint32_t *chapter_counts;    /* mentions in each of those chapters */
	uint32_t n_chapters;
	struct cons_place first;     /* first mention */
};

/* A mention of a character, in book order. */
struct cons_mention {
	struct cons_place at;
	uint32_t character;          /* index into reg->chars */
};

enum cons_attr { CONS_ATTR_EYES, CONS_ATTR_HAIR, CONS_ATTR_AGE };

/* One attribute statement from the narration ("Emma's grey eyes"). */
struct cons_fact {
	uint32_t character;          /* index into reg->chars */
	enum cons_attr attr;
	const char *value;           /* normalized ("grey", "23") (registry arena) */
	int num;                     /* the age for CONS_ATTR_AGE, else 0 */
	struct cons_place at;        /* the value's words */
};

struct cons_registry {
	struct arena arena;          /* owns every string and array below */
	struct cons_character *chars;/* most mentioned first */
	size_t n_chars;
	struct cons_mention *mentions;
	size_t n_mentions;
	struct cons_fact *facts;     /* in book order */
	size_t n_facts;
	uint32_t n_chapters;         /* chapters in the whole book */
	void *priv;                  /* internal word tables (consistency code only) */
};

/**
 * Build the registry of book: find proper names, cluster aliases into
 * characters (places are left out), learn genders, count mentions per
 * chapter and collect the fact ledger. The book must be segmented.
 * On success *out is caller-owned (cons_registry_free). Returns SM_OK; the
 * only error is SM_EUSAGE for a book without documents.
 */
int cons_registry_build(const struct sm_book *book, struct cons_registry **out,
			struct sm_err *err);

/** Free the registry; cons_registry_free(NULL) is a no-op. */
void cons_registry_free(struct cons_registry *reg);

/**
 * The registry cached in book->registry, building it on first use.
 * Borrowed: valid until cons_book_release(book). Returns NULL only for a
 * book without documents.
 */
const struct cons_registry *cons_book_registry(struct sm_book *book);

/** Free the registry cached in book->registry (if any) and clear it. */
void cons_book_release(struct sm_book *book);

/** "eyes", "hair", "age". */
const char *cons_attr_name(enum cons_attr a);

/** "male", "female", "unknown". */
const char *cons_gender_name(enum cons_gender g);

/**
 * Write a human label of a book-wide chapter ordinal into buf (size n):
 * "chapter 3" for one document, "ch2.md, chapter 1" when the book has
 * several files. Returns buf.
 */
const char *cons_chapter_label(const struct sm_book *book, const struct cons_place *at,
			       char *buf, size_t n);

#endif
