/* store.h: the SQLite store of documents, chapters, scenes, runs and
 * findings (stage 4 of the pipeline). One transaction per document: a crash
 * or kill never leaves half a document. Schema in store.c, versioned with
 * PRAGMA user_version. */
#ifndef SM_STORE_H
#define SM_STORE_H

#include "base/sm.h"
#include "book/book.h"

struct store;
struct sqlite3;

/** Open (creating and migrating when needed) the store at path. WAL, foreign
 * keys, busy timeout. *out is caller-owned (store_free). Errors: SM_EDB. */
int store_open(const char *path, struct store **out, struct sm_err *err);
/** Like store_open, but never creates the file: a missing store is an error
 * (SM_EDB). An existing empty file is initialized. For readers (`report`). */
int store_open_existing(const char *path, struct store **out, struct sm_err *err);
/** Close; store_free(NULL) is a no-op. */
void store_free(struct store *st);

/** Start a run (a scan); *run receives its id. Runs left 'running' by a
 * process of this machine that is gone (killed, crashed) are marked
 * 'interrupted' first; a scan still at work keeps its run. */
int store_run_begin(struct store *st, int64_t *run, struct sm_err *err);
/** Finish a run with status "ok", "errors" or "interrupted". */
int store_run_end(struct store *st, int64_t run, const char *status, struct sm_err *err);

/** Record the settings fingerprint (a short string, copied) run checked with. */
int store_run_set_settings(struct store *st, int64_t run, const char *settings, struct sm_err *err);
/** The settings fingerprint of the latest run into out (cap bytes); "" when
 * there is none, it predates fingerprints, or it did not end 'ok' (killed,
 * or the book-wide rows could not be stored: they cannot be trusted).
 * Errors: SM_EDB. */
int store_last_settings(struct store *st, char *out, size_t cap, struct sm_err *err);

/** Content hash stored for path by its last scan; *found false when never stored. */
int store_doc_hash(struct store *st, const char *path, uint64_t *hash, bool *found,
		   struct sm_err *err);

/** Number of documents stored (0 for a store no scan has written). */
int store_doc_count(struct store *st, int64_t *n, struct sm_err *err);

/** The paths of every stored document, sorted by bytes; *out is caller-owned
 * (free each path and the array; NULL and 0 when none). Errors: SM_EDB. */
int store_doc_paths(struct store *st, char ***out, size_t *n, struct sm_err *err);

/** Number of current findings of the document stored for path whose severity
 * is at least sev (0 when the path is not stored). */
int store_doc_findings_at(struct store *st, const char *path, enum sm_sev sev, int64_t *n,
			  struct sm_err *err);

/**
 * Store document book->docs[doc] with its structure and the findings of f
 * that belong to it, for run, in one transaction, replacing what an earlier
 * scan stored as the current version of that path. Findings keep a stable
 * fingerprint (rule + normalized text + context) so drafts can be compared.
 */
int store_put_doc(struct store *st, int64_t run, const struct sm_book *book, uint32_t doc,
		  const struct sm_findings *f, struct sm_err *err);

/**
 * Stable fingerprint of finding x of doc, as 16 hex digits and a NUL in out:
 * a hash of the rule, the quoted text and up to three words either side in
 * the same paragraph, all lowercased with white space collapsed. It does not
 * depend on the paragraph number, so editing other paragraphs keeps it.
 */
void store_fingerprint(const struct sm_doc *doc, const struct sm_finding *x, char out[17]);

/** The path the store was opened with (borrowed, valid until store_free). */
const char *store_path(const struct store *st);

/**
 * Remove, in one transaction, every stored document whose path is not among
 * paths[0..n) (a chapter deleted or renamed since the last scan: the store
 * holds one book, the files of its latest scan). Their chapters, scenes and
 * findings go with them. *n_removed (may be NULL) receives the count.
 * Errors: SM_EDB.
 */
int store_prune_docs(struct store *st, char *const *paths, size_t n, int64_t *n_removed,
		     struct sm_err *err);

/* Stores more rows of one document inside store_put_doc's transaction. */
typedef int store_doc_hook(struct store *st, int64_t run, const struct sm_book *book, uint32_t doc,
			   void *ctx, struct sm_err *err);
/** Register hook (NULL to remove), called by store_put_doc for every document
 * just before it commits; an error from it rolls the whole document back. */
void store_set_doc_hook(struct store *st, store_doc_hook *hook, void *ctx);

/** In a child process just forked: reseed SQLite's random numbers (run
 * uids), which the child would otherwise draw as its parent and siblings do.
 * The child must not use a store its parent opened. */
void store_after_fork(void);

/** Does run id exist in the store? Errors: SM_EDB. */
int store_has_run(struct store *st, int64_t id, bool *found, struct sm_err *err);

#endif
