/* consistency.h: building the book-wide character registry and the fact
 * ledger (checks/registry.h holds their types) from a segmented struct
 * sm_book, for the consistency checks and other analyzers (pacing) and the
 * `characters` command. */
#ifndef SM_CONSISTENCY_H
#define SM_CONSISTENCY_H

#include "checks/check.h"
#include "checks/registry.h"

/**
 * Build the registry of book: find proper names, cluster aliases into
 * characters (places are left out), learn genders, count mentions per
 * chapter and collect the fact ledger. The book must be segmented.
 * On success *out is caller-owned (cons_registry_free). Returns SM_OK; the
 * only error is SM_EUSAGE for a book without documents.
 */
int cons_registry_build(const struct sm_book *book, struct cons_registry **out,
			struct sm_err *err);

/**
 * The registry cached in book->registry, building it on first use.
 * Borrowed: valid until cons_book_release(book). Returns NULL only for a
 * book without documents.
 */
const struct cons_registry *cons_book_registry(struct sm_book *book);

/** Free the registry cached in book->registry (if any) and clear it. */
void cons_book_release(struct sm_book *book);

/**
 * Write a human label of a book-wide chapter ordinal into buf (size n):
 * "chapter 3" for one document, "ch2.md, chapter 1" when the book has
 * several files. Returns buf.
 */
const char *cons_chapter_label(const struct sm_book *book, const struct cons_place *at,
			       char *buf, size_t n);

#endif
