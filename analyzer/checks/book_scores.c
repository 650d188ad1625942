/* book_scores.c: the language model's scores of a book's documents (stage 3,
 * checks), computed once per document and shared by the analyzers that read
 * them: pacing (information rate) and language (anomalies, voice drift).
 * Scoring is the costly step of a check (seconds per novel), so no analyzer
 * calls lm_score on a document itself. */
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "lm.h"

#define SCORE_CACHE_LAMBDA 0.03f /* weight of the document's unigram cache */
#define SCORE_THREADS 2

struct book_scores {
	size_t n;                  /* entries (book->n_docs when made) */
	const struct sm_doc **doc; /* the document each entry scored; NULL = not yet */
	uint64_t *hash;            /* ... its source's hash and its text's length: a freed */
	uint32_t *len;             /* document's address may be another's (the language server) */
	struct lm_scored *s;       /* n entries */
	size_t n_scorings;         /* lm_score calls made */
};

int book_doc_scores(struct sm_book *book, size_t doc, const struct lm_scored **out,
		    struct sm_err *err)
{
	*out = NULL;
	if (!book->lm || (book->cfg && book->cfg->no_model) || doc >= book->n_docs)
		return SM_OK;
	struct book_scores *bs = book->scores;
	if (bs && bs->n < book->n_docs) { /* documents were added: start over */
		book_release_scores(book);
		bs = NULL;
	}
	if (!bs) {
		bs = xcalloc(1, sizeof(*bs));
		bs->n = book->n_docs;
		bs->doc = xcalloc(bs->n, sizeof(*bs->doc));
		bs->hash = xcalloc(bs->n, sizeof(*bs->hash));
		bs->len = xcalloc(bs->n, sizeof(*bs->len));
		bs->s = xcalloc(bs->n, sizeof(*bs->s));
		book->scores = bs;
	}
	const struct sm_doc *d = book->docs[doc];
	if (bs->doc[doc] == d && bs->hash[doc] == d->hash && bs->len[doc] == d->len) {
		*out = &bs->s[doc];
		return SM_OK;
	}
	/* another document at this index (the book was reloaded): rescore */
	lm_scored_release(&bs->s[doc]);
	bs->doc[doc] = NULL;
	if (d->len && d->n_toks) {
		/* Scoring is the slow part of a check: say which document. */
		if (book->progress)
			book->progress(book->progress_ctx, "language model scoring", doc, book->n_docs);
		double deadline = book->time_limit > 0 ? sm_now() + book->time_limit : 0;
		int rc = lm_score_until(book->lm, d->text, d->len,
					    book->lm_threads > 0 ? book->lm_threads : SCORE_THREADS, SCORE_CACHE_LAMBDA,
					deadline, book->cancel, &bs->s[doc], err);
		bs->n_scorings++;
		enum lm_limit why = bs->s[doc].limit;
		if (rc && (why == LM_LIMIT_TIME || why == LM_LIMIT_MEMORY)) {
			/* Too slow for the time limit, or too big for the memory
			 * limit: this document gets no model findings, the rest
			 * of the check goes on. */
			if (why == LM_LIMIT_TIME)
				book_warn(book, "%s: the language model stopped after %g s (--time-limit); "
					  "its checks skipped this file", d->path, book->time_limit);
			else
				book_warn(book, "%s: %s; its checks skipped this file", d->path, err->msg);
			sm_err_clear(err);
			book->n_model_skipped++;
			rc = SM_OK;
		}
		if (rc)
			return rc;
	}
	/* an empty document keeps the zeroed (n = 0) result */
	bs->doc[doc] = d;
	bs->hash[doc] = d->hash;
	bs->len[doc] = d->len;
	*out = &bs->s[doc];
	return SM_OK;
}

size_t book_n_scorings(const struct sm_book *book)
{
	return book->scores ? book->scores->n_scorings : 0;
}

void book_release_scores(struct sm_book *book)
{
	struct book_scores *bs = book->scores;
	if (!bs)
		return;
	for (size_t i = 0; i < bs->n; i++)
		lm_scored_release(&bs->s[i]);
	free(bs->doc);
	free(bs->hash);
	free(bs->len);
	free(bs->s);
	free(bs);
	book->scores = NULL;
}
