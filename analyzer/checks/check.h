/* check.h: the analyzer registry and what analyzers share beside the book
 * and its findings (book/book.h): the language model's scores of each
 * document. An analyzer reads a whole book (all files of one check or scan,
 * in natural name order) and appends findings; it never prints. */
#ifndef SM_CHECK_H
#define SM_CHECK_H

#include "book/book.h"
#include "checks/catalog.h"

/**
 * The language model's scoring of book->docs[doc] (lm_score with a unigram
 * cache of the document's own tokens, weight 0.03, on 2 threads), computed on
 * the first call for that document and kept on the book. *out is borrowed:
 * valid until book_release_scores(book). *out is NULL (and SM_OK returned)
 * when there is no model (book->lm NULL or cfg->no_model). A failed scoring
 * is not cached. Errors: those of lm_score (SM_ELIMIT).
 */
int book_doc_scores(struct sm_book *book, size_t doc, const struct lm_scored **out,
		    struct sm_err *err);
/** How many times book_doc_scores has run the model for this book (one per
 * document at most, unless the documents changed); for tests. */
size_t book_n_scorings(const struct sm_book *book);
/** Free the cached scores; a no-op when there are none. */
void book_release_scores(struct sm_book *book);

/* An analyzer family. run() reads the book and appends findings; it returns
 * SM_OK or an error (which the CLI reports and which stops nothing else). */
struct analyzer {
	const char *name;     /* "structure", "rules", "consistency", "pacing", "language" */
	int (*run)(struct sm_book *book, struct sm_findings *out, struct sm_err *err);
	const struct check_info *checks; /* the rule ids it reports (the catalog), sorted */
	size_t n_checks;
};

/** NULL-terminated list of analyzers, in the order they run. */
extern const struct analyzer *const analyzers[];

/** Run every enabled analyzer over the book, then sort. */
int checks_run(struct sm_book *book, struct sm_findings *out, struct sm_err *err);

#endif
