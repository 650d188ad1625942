/* store_characters.h: the character registry and fact ledger of a book in
 * the store (stage 4): tables characters, character_aliases,
 * character_mentions and character_facts, created with CREATE TABLE IF NOT
 * EXISTS beside the versioned schema of store.c. One book is one set of rows,
 * keyed by a book name (the scan's directory or first file). */
#ifndef SM_STORE_CHARACTERS_H
#define SM_STORE_CHARACTERS_H

#include "checks/registry.h"
#include "store/store.h"

/**
 * Store reg (built from book) under the key bookname, replacing the rows an
 * earlier call stored for that key, in one transaction. Borrowed arguments.
 * Errors: SM_EDB.
 */
int store_put_characters(struct store *st, const char *bookname, const struct sm_book *book,
			 const struct cons_registry *reg, struct sm_err *err);

/**
 * Read the registry stored under bookname (NULL: the most recently stored
 * book) into a new registry: characters with aliases, chapters and facts
 * (places carry only the chapter; doc is UINT32_MAX). On success *out is
 * caller-owned (cons_registry_free); *out has no characters when nothing was
 * stored. Errors: SM_EDB.
 */
int store_get_characters(struct store *st, const char *bookname, struct cons_registry **out,
			 struct sm_err *err);

/**
 * The book name under which the registry of a book made of paths (n of them,
 * borrowed) is stored: the path itself for one file, else the longest
 * directory the paths share ("." for relative paths without one, "/" for
 * absolute ones). Independent of the order of paths. Caller frees with free().
 */
char *store_book_key(const char *const *paths, size_t n);

/**
 * True when path belongs to the book named book (as store_book_key makes
 * them): the same path, or a path under that directory.
 */
bool store_book_has(const char *book, const char *path);

#endif
