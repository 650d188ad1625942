/* pacing.h: transparent pacing metrics per paragraph, scene and chapter,
 * the per-scene pace score, and the pacing findings (checks/pacing.c).
 *
 * The pace score of a scene (documented formula, see also man/storymaster.1):
 *
 *   score = mean over components c of  sign_c * clamp(z_c, -3, 3)
 *
 * where z_c = (x_c - mean_c) / sd_c against the book's own scenes, and
 *   c = dialogue share              (words inside dialogue / words)        sign +1
 *       action verbs                (per 100 narration words)              sign +1
 *       perception/cognition verbs  (per 100 narration words)              sign -1
 *       past perfect                (per 1,000 narration words)            sign -1
 *       mean sentence length        (words)                                sign -1
 *       mean paragraph length       (words)                                sign -1
 *       information rate            (mean surprisal, bits/word; only when
 *                                    the language model scored the book)   sign -1
 * A component whose sd is 0 contributes 0.
 *
 * Information rate is the mean surprisal of the scene's words under the
 * language model (the bits of the model tokens overlapping each word, with
 * the document's unigram cache: book_doc_scores). Reading time grows with
 * surprisal, so dense, unpredictable prose (exposition, description in rare
 * words) counts as slower and plain, predictable prose (quick dialogue,
 * everyday action) as faster; over the 32 scenes of Northanger Abbey the
 * scene surprisal correlates -0.65 with dialogue share and -0.57 with the
 * action-verb rate, so the sign agrees with the other components. Without
 * the model (--no-model, or no model built in) the component is left out of
 * the mean (comp_used), so the score is then the mean of the other six,
 * exactly as without this component.
 *
 * Negative scores are slower than the book's average scene; the report names
 * the components with the most negative signed z as what "drove" a low score. */
#ifndef SM_PACING_H
#define SM_PACING_H

#include "checks/check.h"
#include "checks/pace_data.h"

/* Tunable thresholds of the findings (defaults from pacing_opts_init). */
struct pace_opts {
	uint32_t slow_min_words;     /* pacing.slow-stretch: minimum run length (800) */
	double slow_quantile;        /* slowest fraction of the book's scenes (0.10) */
	uint32_t dump_min_words;     /* pacing.info-dump: minimum block (150) */
	double dump_pastperf_rate;   /* past-perfect per 1,000 words that marks backstory (15) */
	uint32_t heads_min_paras;    /* pacing.talking-heads: minimum run (6) */
	uint32_t mono_window;        /* pacing.monotony: sentences in the window (10) */
	double mono_max_sd;          /* window sd (words) at or under which it is monotone (2.0) */
	uint32_t mono_min_mean;      /* ignore windows of very short sentences (8 words) */
	double scene_len_z;          /* pacing.scene-length: |z| of log words (2.5) */
	uint32_t scene_len_min_scenes; /* fewer scenes than this: no scene-length finding (8) */
};

/** Defaults of the thresholds. */
void pacing_opts_init(struct pace_opts *o);

/**
 * Compute the metrics of every paragraph, scene and chapter of book (docs must
 * be segmented), the book's norms, and each scene's pace score. With a model
 * (book->lm), the documents are scored through book_doc_scores, which caches
 * the scores on book (hence book is not const); a document the model cannot
 * score (SM_ELIMIT) just has no information rate. *out is caller-owned
 * (pacing_free). Errors: SM_EFORMAT when an embedded lexicon (rules/pacing/
 * TSV files) is missing or malformed.
 */
int pacing_compute(struct sm_book *book, struct pacing **out, struct sm_err *err);

/** Free p; pacing_free(NULL) is a no-op. */
void pacing_free(struct pacing *p);

/** Pace score of metrics m (of any paragraph range) against p's scene
 * norms; z (PACE_N_COMP entries, may be NULL) receives the signed z's. */
double pacing_score_metrics(const struct pacing *p, const struct pace_metrics *m, double *z);

/** Metrics of p->paras[first .. first+n) of book into *m. */
void pacing_metrics_range(const struct sm_book *book, const struct pacing *p, size_t first,
			  size_t n, struct pace_metrics *m);

/** Components of scene s sorted by how much they pulled the score down:
 * writes up to n component indexes whose signed z is below -0.5, most
 * negative first, into comp; returns how many. */
size_t pacing_drivers(const struct pacing *p, size_t s, enum pace_comp *comp, size_t n);

/**
 * Append the pacing findings (pacing.slow-stretch, pacing.info-dump,
 * pacing.talking-heads, pacing.monotony, pacing.scene-length) for p, computed
 * from book, to out, with thresholds o (NULL: defaults).
 */
void pacing_find(const struct sm_book *book, const struct pacing *p, const struct pace_opts *o,
		 struct sm_findings *out);

extern const struct analyzer an_pacing;

#endif
