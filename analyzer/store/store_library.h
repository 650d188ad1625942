/* store_library.h: a library store (issue 15) holds many books, each one
 * row of `books` keyed by the book's path relative to the library folder
 * ("Emma", "press/2019/Night Shift.docx"), with the documents, runs,
 * findings, metrics and characters of each book as a one-book store has
 * them. A one-book store (plain `scan`) has no rows in `books`.
 *
 * Books reach a library store only through store_merge: a library scan
 * checks each book into a store of its own (store_set_book names it), and
 * merges that in, one transaction per book, so a kill loses at most the
 * books not yet merged. `storymaster merge` uses the same function for the
 * shards of many machines. Errors are SM_EDB with the store's path. */
#ifndef SM_STORE_LIBRARY_H
#define SM_STORE_LIBRARY_H

#include "store/store.h"

/* One book of a library store. */
struct store_book {
	int64_t id;
	char *key;                /* path relative to the library folder */
	char *title, *author;     /* author NULL when unknown */
	int64_t run_id;           /* the run that stored its current version, 0 when none */
	char *settings;           /* that run's settings fingerprint; "" unless it ended 'ok' */
	int64_t n_docs;
};

/** The books, sorted by key (bytes); *out is caller-owned (store_books_free).
 * None (0) in a one-book store. Errors: SM_EDB. */
int store_books(struct store *st, struct store_book **out, size_t *n, struct sm_err *err);
void store_books_free(struct store_book *v, size_t n);

/** The book with this key among v[0..n) (store_books: sorted by key), by
 * binary search; NULL when none has it. */
const struct store_book *store_book_find(const struct store_book *v, size_t n, const char *key);

/** The book named by arg, its key ("Night Shift") or else its id ("3"),
 * among v[0..n) (store_books); NULL when none is. */
const struct store_book *store_book_named(const struct store_book *v, size_t n, const char *arg);

/** The name book id's character registry is stored under (store_book_key
 * of its documents' paths, as `scan` stores it); caller frees; NULL when
 * the book has no documents. */
char *store_book_registry_key(struct store *st, int64_t id);

/** Does the store hold documents that belong to no book (a one-book store)? */
int store_has_loose_docs(struct store *st, bool *yes, struct sm_err *err);

/**
 * Make everything a one-book store holds one book of a library: the book
 * row (key, title, author copied), and its documents and runs naming it.
 * For the store a library scan checks one book into. Errors: SM_EDB.
 */
int store_set_book(struct store *st, const char *key, const char *title, const char *author,
		   struct sm_err *err);

/**
 * Remove, one transaction, the books whose key is not among keys[0..n)
 * (folders gone from the library), with their documents, findings and
 * characters; their runs stay, as history, and each leaves a tombstone
 * (removed_books) so that store_merge removes it from a merged store too.
 * *n_removed may be NULL.
 */
int store_drop_books(struct store *st, char *const *keys, size_t n, int64_t *n_removed,
		     struct sm_err *err);

enum {
	/* The source's version of a book replaces the destination's, whatever
	 * its history (a library scan updating its own store). Without it a
	 * book already in the destination from elsewhere is a conflict unless
	 * identical (same documents by hash, same findings by fingerprint). */
	STORE_MERGE_REPLACE = 1,
};

struct store_merge_stats {
	size_t added;      /* books new in the destination */
	size_t updated;    /* books that gained a newer version */
	size_t same;       /* books already there (the same runs, or identical) */
	size_t conflicts;  /* books refused: a different version from elsewhere */
	size_t removed;    /* books the source's scan removed, removed here too */
	size_t findings;   /* findings copied */
};

/**
 * Merge the library store at src_path into st, one transaction per book:
 * runs (by uid: a run already in st is not copied twice, so merging the same
 * shard again changes nothing), documents with their versions, chapters,
 * scenes, findings, related places, pacing metrics and the character
 * registry, with ids renumbered. src is migrated to the current schema
 * first. Conflicts do not stop the other books: each is counted in stats
 * and the first is described in err with SM_EDB returned after every book
 * was tried. stats may be NULL.
 */
int store_merge(struct store *st, const char *src_path, unsigned flags,
		struct store_merge_stats *stats, struct sm_err *err);

/* ------------------------------------------------------------------------
 * The library read back for `report --library`.
 * ---------------------------------------------------------------------- */

/* The families every book row counts findings of, in column order. */
#define LIB_N_FAMILIES 5
extern const char *const lib_families[LIB_N_FAMILIES]; /* consistency, language, pacing, structure, style */

struct lib_top {              /* one consistency finding shown for a book */
	char *rule, *message, *text, *path;
	int64_t paragraph;
};

struct lib_row {
	int64_t id;
	char *key, *title, *author; /* author NULL when unknown */
	int64_t docs, words, chapters, scenes;
	int64_t findings, by_sev[3];        /* enum sm_sev order */
	int64_t by_family[LIB_N_FAMILIES];  /* counts per lib_families */
	int64_t other;                      /* findings of other categories */
	double dialogue;          /* share of words in dialogue (0..1), -1 without metrics */
	double sent_mean;         /* mean sentence length in words, -1 without metrics */
	int64_t slow_stretches;   /* pacing.slow-stretch findings */
	const char *status;       /* its latest run's status ("ok", "errors", ...) */
	char *scanned;            /* when that run ended, ISO 8601 */
	struct lib_top top[3];    /* up to three consistency findings, errors first */
	size_t n_top;
};

struct library_data {
	struct lib_row *rows;     /* sorted by key */
	size_t n;
	int64_t words, findings;
};

/** Read one row per book. The caller releases ld (library_data_release);
 * on failure it is released already. Errors: SM_EDB. */
int library_data_load(struct store *st, struct library_data *ld, struct sm_err *err);
void library_data_release(struct library_data *ld);

#endif
