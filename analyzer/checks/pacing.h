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

#define PACE_HIST_BINS 13   /* sentence lengths 1-5, 6-10, ..., 56-60, 61+ words */
#define PACE_HIST_WIDTH 5   /* words per histogram bin */

/* Score components, in the order of the formula above. */
enum pace_comp {
	PACE_C_DIALOGUE,
	PACE_C_ACTION,
	PACE_C_PERCEPT,
	PACE_C_PASTPERF,
	PACE_C_SENTLEN,
	PACE_C_PARALEN,
	PACE_C_SURPRISAL,
	PACE_N_COMP
};

/** Name of a component: "dialogue share", "action verbs", ... */
const char *pace_comp_name(enum pace_comp c);

/* Metrics of one paragraph. */
struct pace_para {
	uint32_t doc, block;       /* index into book->docs, into that doc's blocks */
	uint32_t scene;            /* index into pacing->scenes */
	uint32_t n_words, n_sents;
	uint32_t n_dlg_words;      /* words inside dialogue */
	uint32_t n_action;         /* action verbs in narration */
	uint32_t n_percept;        /* perception/cognition verbs in narration */
	uint32_t n_pastperf;       /* "had" + past participle in narration */
	uint32_t n_scored;         /* words with a surprisal (0 without the model) */
	double bits;               /* sum of those words' surprisal (bits); the
				    * paragraph's information rate is bits / n_scored */
	/* Expository features of the narration (pacing.info-dump), counted
	 * outside dialogue only: */
	uint32_t n_narr_sents;     /* sentences with a narration word */
	uint32_t n_long;           /* words of 9 or more letters */
	uint32_t n_nominal;        /* nominalizations: -tion -sion -ment -ity -ism
				    * -ance -ence -ancy -ency (6+ letters) */
	uint32_t n_numeric;        /* numbers, number words (hundred, forty), dates
				    * (a year counts twice), percent */
	uint32_t n_proper;         /* capitalized words that are not a character's
				    * name (places, institutions, ships) */
	uint32_t n_charref;        /* subject pronouns (I he she we they) and
				    * character names */
	uint32_t n_char_starts;    /* sentences opening with one of those */
	uint32_t n_subj_action;    /* action verbs with a pronoun or character subject */
	uint32_t n_copula;         /* forms of "be" */
	uint32_t n_passive;        /* "be" [adverb] past participle */
	uint32_t n_present;        /* present-tense is/are/has/does (generic statements) */
	bool has_dialogue;
	bool has_beat;             /* narration besides speech tags ("said he") */
	bool unclosed;             /* a quotation runs past the paragraph's end (a
				    * letter or a speech of several paragraphs) */
};

/* Metrics of a scene, a chapter or the whole book. */
struct pace_metrics {
	uint32_t n_words, n_sents, n_paras;
	uint32_t n_dlg_words, n_narr_words;
	uint32_t n_dlg_paras;       /* paragraphs containing dialogue */
	uint32_t n_action, n_percept, n_pastperf;
	uint32_t max_dry_paras;     /* longest run of paragraphs without dialogue */
	uint32_t max_dry_words;     /* words in the longest such run (by words) */
	uint32_t max_beatless;      /* longest run of dialogue paragraphs without a beat */
	double sent_mean, sent_sd;  /* words per sentence */
	double para_mean;           /* words per paragraph */
	double dlg_share;           /* n_dlg_words / n_words, 0..1 */
	double action_rate;         /* action verbs per 100 narration words */
	double percept_rate;        /* perception/cognition verbs per 100 narration words */
	double pastperf_rate;       /* past-perfect verbs per 1,000 narration words */
	uint32_t hist[PACE_HIST_BINS]; /* sentence-length histogram */
	/* Information rate: mean surprisal in bits per word, present only when
	 * the language model scored the book (book->lm non-NULL, not
	 * --no-model); otherwise has_surprisal is false, surprisal is NaN and
	 * the value is left out of every output. */
	uint32_t n_scored;          /* words with a surprisal */
	bool has_surprisal;
	double surprisal;           /* bits per word, when has_surprisal */
};

struct pace_scene {
	uint32_t doc, scene;        /* book->docs index, index into that doc's scenes */
	uint32_t chapter;           /* index into pacing->chapters */
	uint32_t para_first, n_para;/* pacing->paras */
	struct pace_metrics m;
	double z[PACE_N_COMP];      /* signed z of each component (+ = faster), clamped */
	double score;               /* pace score (formula above) */
};

struct pace_chapter {
	uint32_t doc, chapter;      /* book->docs index, index into that doc's chapters */
	uint32_t number;            /* 1-based ordinal over the whole book */
	const char *title;          /* borrowed from the doc */
	uint32_t scene_first, n_scene; /* pacing->scenes */
	struct pace_metrics m;
};

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

struct pacing {
	struct pace_para *paras; size_t n_paras;
	struct pace_scene *scenes; size_t n_scenes;
	struct pace_chapter *chapters; size_t n_chapters;
	struct pace_metrics book;    /* the whole book */
	double comp_mean[PACE_N_COMP], comp_sd[PACE_N_COMP]; /* the book's scene norms */
	bool comp_used[PACE_N_COMP]; /* false for surprisal unless every scene has one */
	double median_scene_words;
	double median_scene_dlg;     /* median dialogue share of the scenes, 0..1 */
	double median_action_rate;   /* median of the scenes' action rates */
	double slow_score;           /* score at the slow_quantile of the scenes */
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
