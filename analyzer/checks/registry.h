/* registry.h: the data of the book-wide character registry (names,
 * aliases, gender, mentions per chapter) and of the fact ledger (eye and
 * hair colour, age): what the consistency checks find out about the cast,
 * as the store keeps it and the reports show it. Only types and their names;
 * building a registry is the consistency family's (consistency/consistency.h). */
#ifndef SM_REGISTRY_H
#define SM_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

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

/** Free the registry; cons_registry_free(NULL) is a no-op. */
void cons_registry_free(struct cons_registry *reg);

/** "eyes", "hair", "age". */
const char *cons_attr_name(enum cons_attr a);

/** "male", "female", "unknown". */
const char *cons_gender_name(enum cons_gender g);

#endif
