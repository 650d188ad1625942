/* report_chars.h: the character registry and the consistency findings laid
 * out for the report renderers (stage 5): the registry's book-wide chapter
 * ordinals mapped to the stored documents and chapters with readable labels,
 * and the variant findings grouped by the variant they report. Shared by the
 * HTML, Markdown and JSON reports. */
#ifndef SM_REPORT_CHARS_H
#define SM_REPORT_CHARS_H

#include "checks/registry.h"
#include "report/report_data.h"

/* One chapter of the book, by the registry's book-wide ordinal. */
struct rc_chapter {
	size_t doc;                 /* index into rd->docs; SIZE_MAX when not in the store */
	const struct rd_chapter *ch;/* NULL for a document without chapters or not stored */
	char label[200];            /* "chapter 3", "ch2.md, chapter 1", "ch0.md, front matter" */
	char brief[96];             /* "ch. 3", "ch2.md \xc2\xb7 1": for column heads */
};

struct rc_book {
	const struct cons_registry *reg; /* rd->chars (borrowed), NULL when none stored */
	struct rc_chapter *chapters;     /* n_chapters entries, by ordinal */
	size_t n_chapters;               /* chapters of the book, 0 without a registry */
};

/**
 * Lay out the registry of rd (rd->chars, may be NULL) over rd's documents:
 * the documents of the registry's book in natural order, each contributing
 * its chapters (one ordinal when it has none), as the consistency code
 * counts them. b is caller-owned; release with rc_book_release. rd borrowed.
 */
void rc_book_init(struct rc_book *b, const struct report_data *rd);

/** Free what rc_book_init allocated. */
void rc_book_release(struct rc_book *b);

/**
 * The label of book-wide chapter ordinal (0-based): the mapped label, or
 * "chapter N" when the ordinal is not mapped. Borrowed from b or static
 * buffer buf (size n) — valid until the next call with buf.
 */
const char *rc_chapter_label(const struct rc_book *b, uint32_t ordinal, char *buf, size_t n);

/**
 * Write the 1-based ordinals of n sorted 0-based chapter ordinals as ranges
 * into buf (size size): "1\xe2\x80\x934, 6". Returns buf.
 */
const char *rc_ranges(const uint32_t *ord, uint32_t n, char *buf, size_t size);

/* The findings of one rule that report the same variant (same message). */
struct rc_group {
	const struct rd_finding *first; /* in document order */
	size_t n;                       /* findings with this message */
	size_t *idx;                    /* their indexes into rd->findings (n entries) */
};

/**
 * Group the current findings of rd whose rule is rule by message, in order
 * of first appearance. *out (caller-owned, rc_groups_free) receives the
 * groups; returns their number.
 */
size_t rc_groups(const struct report_data *rd, const char *rule, struct rc_group **out);

/** Free groups made by rc_groups (n of them); NULL is a no-op. */
void rc_groups_free(struct rc_group *g, size_t n);

/** The file name of path (after its last '/'). Borrowed from path. */
const char *rc_base_name(const char *path);

#endif
