/* store_metrics.h: the pacing metrics of each chapter and scene in the store
 * (stage 4), one set per document per run so that the report can show
 * per-chapter changes between drafts. Table pace_metrics, created with
 * CREATE TABLE IF NOT EXISTS (it sits beside the versioned schema of store.c). */
#ifndef SM_STORE_METRICS_H
#define SM_STORE_METRICS_H

#include "checks/pace_data.h"
#include "store/store.h"

/* One stored row: a chapter (scene == 0) or a scene of a chapter. */
struct pm_row {
	int64_t chapter;          /* chapter number (struct chapter.number) */
	int64_t scene;            /* 1-based within the chapter; 0 for the chapter row */
	const char *title;        /* chapter title, "" when none (owned by the pm_rows arena) */
	int64_t words, sents, paras, dlg_words, action, percept, pastperf;
	int64_t max_dry_words, max_beatless;
	double sent_mean, sent_sd, para_mean;
	double score;             /* pace score (scenes; 0 for chapters) */
	double z[PACE_N_COMP];    /* signed z of each component (scenes) */
	int64_t hist[PACE_HIST_BINS];
	bool has_surprisal;
	double surprisal;         /* bits per word, when has_surprisal */
};

struct pm_rows {
	struct pm_row *v;         /* chapter and scene rows in chapter, scene order */
	size_t n, cap;
	struct arena arena;       /* owns the titles */
};

/**
 * Store the metrics of every chapter and scene of book->docs[doc] computed
 * in p, for run, replacing any rows of the same document and run. Run it
 * after store_put_doc. Errors: SM_EDB.
 */
int store_put_metrics(struct store *st, int64_t run, const struct sm_book *book, uint32_t doc,
		      const struct pacing *p, struct sm_err *err);

/** Initialize an empty row list. */
void pm_rows_init(struct pm_rows *r);
/** Free a row list. */
void pm_rows_release(struct pm_rows *r);

/**
 * Append the rows stored for the document at path by run to r (none when the
 * run stored no metrics, or the table does not exist yet). Errors: SM_EDB.
 */
int store_get_metrics(struct store *st, const char *path, int64_t run, struct pm_rows *r,
		      struct sm_err *err);

#endif
