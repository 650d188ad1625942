/* pace_data.h: the pacing metrics of each paragraph, scene and chapter
 * and each scene's pace score (the formula is in checks/pacing.h, which
 * computes them): the data the store keeps and the reports show. Only types
 * and component names. */
#ifndef SM_PACE_DATA_H
#define SM_PACE_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

#endif
