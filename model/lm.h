/* lm.h: the language model library: a byte-level BPE tokenizer, a small
 * decoder-only transformer (forward and backward on OpenBLAS sgemm),
 * training (AdamW), the SMLM file format (int8 blocks) and scoring of texts
 * (surprisal per token mapped back to byte spans).
 * Names follow llm.c: B batch, T time (context), C channels, V vocabulary. */
#ifndef SM_LM_H
#define SM_LM_H

#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/sm.h"

/* ------------------------------------------------------------------ */
/* Tokenizer                                                          */
/* ------------------------------------------------------------------ */

struct lm_bpe;

/**
 * Train a byte-level BPE tokenizer on text[0..n) with vocab_size tokens
 * (256 byte tokens plus vocab_size - 256 merges; 257..65536). Deterministic.
 * Returns a new tokenizer; caller frees with lm_bpe_free.
 */
struct lm_bpe *lm_bpe_train(const char *text, size_t n, int vocab_size);

/** Build a tokenizer from n_merges merge pairs (left, right token ids, in
 * rank order). Returns NULL (and sets err, SM_EMODEL) when a pair refers to a
 * token not yet defined. Caller frees with lm_bpe_free. */
struct lm_bpe *lm_bpe_from_merges(const uint16_t *pairs, int n_merges, struct sm_err *err);

/** Free a tokenizer; NULL is a no-op. */
void lm_bpe_free(struct lm_bpe *bpe);

/** Number of tokens (256 + merges). */
int lm_bpe_vocab(const struct lm_bpe *bpe);

/** Merge pairs in rank order (2 ids each); borrowed, valid while bpe lives.
 * *n receives the number of merges. */
const uint16_t *lm_bpe_merges(const struct lm_bpe *bpe, int *n);

/**
 * Encode text[0..n). Returns the number of tokens written to out (at most
 * cap; when it returns more than cap, call again with a larger buffer: the
 * count is exact). Any byte string is accepted. Not thread-safe (it keeps a
 * cache of word encodings): use one tokenizer per thread or a lock.
 */
size_t lm_bpe_encode(struct lm_bpe *bpe, const char *text, size_t n, uint16_t *out, size_t cap);

/** Bytes of token id: *len receives the length; borrowed. */
const char *lm_bpe_token(const struct lm_bpe *bpe, int id, size_t *len);

/** Decode ids into buf (cap bytes). Returns the byte length of the whole
 * decoding (which may exceed cap: then only cap bytes were written). */
size_t lm_bpe_decode(const struct lm_bpe *bpe, const uint16_t *ids, size_t n, char *buf, size_t cap);

/* ------------------------------------------------------------------ */
/* Model                                                              */
/* ------------------------------------------------------------------ */

/** Hyper-parameters of the transformer. */
struct lm_config {
	int V;  /* vocabulary size */
	int T;  /* context length (maximum positions) */
	int C;  /* channels (d_model) */
	int L;  /* layers */
	int NH; /* attention heads (C % NH == 0) */
	int F;  /* hidden units of the MLP */
};

/* Facts about how a model was made, stored in the file. */
struct lm_meta {
	char corpus[128];   /* description of the training text */
	float val_loss;     /* best validation loss (nats per token), 0 when unknown */
	float val_bpb;      /* validation bits per byte, 0 when unknown */
	uint64_t train_tokens; /* tokens seen in training */
	uint32_t steps;     /* optimizer steps */
};

struct lm; /* a model: config, tokenizer, fp32 parameters */

/** Check a configuration: SM_OK, or SM_EMODEL with a message when a value is
 * out of range (or C is not a multiple of NH). */
int lm_config_check(const struct lm_config *cfg, struct sm_err *err);

/** New model with random parameters (GPT-2 initialization) from seed;
 * consumes bpe (freed with the model). cfg->V must equal the tokenizer's
 * vocabulary. Caller frees with lm_free. */
struct lm *lm_new(const struct lm_config *cfg, struct lm_bpe *bpe, uint64_t seed);
/** Free a model; NULL is a no-op. */
void lm_free(struct lm *lm);
/** The configuration (borrowed). */
const struct lm_config *lm_cfg(const struct lm *lm);
/** The tokenizer (borrowed; not thread-safe, see lm_bpe_encode). */
struct lm_bpe *lm_tokenizer(struct lm *lm);
/** Metadata (borrowed, writable). */
struct lm_meta *lm_meta(struct lm *lm);
/** Number of parameters. */
size_t lm_n_params(const struct lm *lm);
/** The parameter vector (lm_n_params floats; borrowed, writable). */
float *lm_params(struct lm *lm);

/**
 * Forward and loss over B sequences of T tokens (T <= cfg->T) in one
 * batch: every matrix product is one sgemm with B*T rows. targets may be
 * NULL (no loss). Returns the mean loss in nats, or 0 without targets.
 * The activation memory belongs to a work area made by lm_work_new.
 */
struct lm_work;
/** Work area for batches of B x T tokens; train = keep what backward needs.
 * Caller frees with lm_work_free. */
struct lm_work *lm_work_new(const struct lm *lm, int B, int T, int train);
/** The bytes lm_work_new(lm, B, T, train) allocates. */
size_t lm_work_bytes(const struct lm *lm, int B, int T, int train);
/** Free a work area; NULL is a no-op. */
void lm_work_free(struct lm_work *w);
/** Forward; see above. inputs and targets hold B*T ids. */
float lm_forward(struct lm *lm, struct lm_work *w, const uint16_t *inputs, const uint16_t *targets);
/** Backward of the last lm_forward with targets (train work only): adds
 * the gradients of the mean loss into grads (lm_n_params floats). */
void lm_backward(struct lm *lm, struct lm_work *w, float *grads);
/** Per-position log-probability (natural log) of the targets after the last
 * forward with targets: B*T floats, borrowed from the work area. */
const float *lm_work_logp(const struct lm_work *w);
/** Per-position most likely next token after the last forward: B*T ids. */
const uint16_t *lm_work_argmax(const struct lm_work *w);
/** Final hidden states (after the last norm) of the last forward, B*T*C. */
const float *lm_work_hidden(const struct lm_work *w);
/** Only positions t >= t_from of each sequence need logits (scoring of
 * overlapping windows); 0 = all. Applies to later lm_forward calls. */
void lm_work_set_tail(struct lm_work *w, int t_from);

/* ------------------------------------------------------------------ */
/* Lexicon                                                            */
/* ------------------------------------------------------------------ */

/** Add the words of text[0..n) (runs of ASCII letters and non-ASCII bytes,
 * lower-cased) to the model's lexicon; words seen fewer than min_count times
 * in this text are not added. Saved with the model. */
void lm_lexicon_add_text(struct lm *lm, const char *text, size_t n, unsigned min_count);
/** How often the training text had word w[0..n) (case-insensitive; saturated
 * at 255); 0 when unknown or when the model has no lexicon. */
unsigned lm_lexicon_count(const struct lm *lm, const char *w, size_t n);
/** Number of words in the lexicon. */
size_t lm_lexicon_size(const struct lm *lm);

/* ------------------------------------------------------------------ */
/* Files                                                              */
/* ------------------------------------------------------------------ */

/** Write the model to path in the SMLM format (int8 blocks of 32 with an
 * fp32 scale; norms and biases fp32; FNV-1a checksum). When report is
 * non-NULL, one line per tensor with its quantization error is printed there
 * (the caller's stream: the library does not choose where to print).
 * Errors: SM_EIO. */
int lm_save(const struct lm *lm, const char *path, FILE *report, struct sm_err *err);
/** Load a model from n bytes (copied and dequantized; data may be freed
 * afterwards). Errors: SM_EMODEL for anything malformed. */
int lm_load_mem(const void *data, size_t n, struct lm **out, struct sm_err *err);
/** Load a model file (SMLM, or a training checkpoint written by lm_train).
 * Errors: SM_EIO, SM_EMODEL. Caller frees *out with lm_free. */
int lm_load_file(const char *path, struct lm **out, struct sm_err *err);
/** Load the model held in a training checkpoint (its current parameters,
 * fp32). Errors: SM_EIO, SM_EMODEL. Caller frees *out with lm_free. */
int lm_load_checkpoint(const char *path, struct lm **out, struct sm_err *err);
struct lm_train_opts;
/** The settings a training checkpoint was written with (steps, learning
 * rate and its schedule, batch, validation cadence and patience, seed) into
 * o, and o->resumed_step, so that a resumed run goes on as it was started.
 * Errors: those of lm_load_checkpoint. */
int lm_checkpoint_settings(const char *path, struct lm_train_opts *o, struct sm_err *err);
/** Load the default model built into the binary. Errors: SM_EMODEL when the
 * binary was built without one. Caller frees *out with lm_free. */
int lm_load_default(struct lm **out, struct sm_err *err);

/* ------------------------------------------------------------------ */
/* Training                                                           */
/* ------------------------------------------------------------------ */

/* Progress report from lm_train, for the CLI to print. */
struct lm_progress {
	int step, steps;        /* current and total optimizer steps */
	float train_loss;       /* mean loss of the last step (nats) */
	float val_loss;         /* last validation loss, < 0 when none yet */
	float best_val;         /* best so far, < 0 when none */
	double tok_per_s;       /* training throughput */
	double eta_s;           /* estimated seconds left */
	int is_eval;            /* this report follows an evaluation */
};

struct lm_train_opts {
	int steps;              /* optimizer steps (0: from epochs) */
	double epochs;          /* used when steps == 0 */
	int B;                  /* sequences per step and thread */
	int T;                  /* sequence length (<= model T) */
	int threads;            /* worker threads (1..8) */
	uint64_t seed;
	float lr;               /* peak learning rate */
	float min_lr_frac;      /* final lr as a fraction of lr */
	int warmup;             /* warmup steps */
	float wd;               /* AdamW weight decay on matrices */
	float clip;             /* gradient norm clip */
	int eval_every;         /* steps between validations */
	int eval_windows;       /* validation windows (T tokens each) */
	int patience;           /* evaluations without improvement before stopping */
	const char *ckpt_path;  /* resumable checkpoint written at each eval, or NULL */
	const char *resume_path;/* checkpoint to resume from, or NULL */
	void (*progress)(const struct lm_progress *p, void *ctx);
	void *ctx;
	const volatile sig_atomic_t *interrupt; /* set (by a signal handler) to stop at the next step; NULL: never */
	double time_budget;     /* seconds this run may train (0: no limit); past it, it stops as at the end */
	char stop_reason[200];  /* out: why training stopped */
	int interrupted;        /* out: it stopped because *interrupt was set */
	int best_step;          /* out: the step of the weights kept (0: the starting ones) */
	float start_val_bpb;    /* out: validation bits per byte before the first step (not on resume) */
	int resumed_step;       /* out of lm_checkpoint_settings: the step the checkpoint is at */
};

/** Defaults for opts (steps 0, epochs 1, B 8, T 256, threads 2, lr 2e-3,
 * eval_every and patience 0: from the run's length, about twenty
 * evaluations and a patience of 3, or 5 for fifteen evaluations or more). */
void lm_train_defaults(struct lm_train_opts *o);

/**
 * Train lm on tokens train[0..n_train), validating on val[0..n_val) (may
 * be n_val < T+1: then no validation and no early stop). On return lm holds
 * the parameters with the best validation loss (or the last ones without
 * validation), and lm_meta(lm) is updated. Errors: SM_EUSAGE (too little
 * data), SM_EIO / SM_EMODEL (checkpoint).
 */
int lm_train(struct lm *lm, const uint16_t *train, size_t n_train, const uint16_t *val,
	     size_t n_val, struct lm_train_opts *o, struct sm_err *err);

/**
 * Split a training text into training and validation parts of whole
 * chapters: chapters are found by heading lines ("CHAPTER 12", "Chapter IV",
 * "# ...") or else chunks of about 20 kB (a tenth of a shorter text) at paragraph breaks; every tenth
 * chapter (from the fifth) goes to validation. Also unwraps hard-wrapped lines
 * (lm_normalize). *train and *val are caller-owned (free()).
 */
void lm_split_chapters(const char *text, size_t n, char **train, size_t *n_train, char **val,
		       size_t *n_val);

/** Normalize text the way the model sees it, in place and keeping the
 * length: a single newline inside a paragraph becomes a space (paragraph
 * breaks, two or more newlines, stay). */
void lm_normalize(char *text, size_t n);

/* ------------------------------------------------------------------ */
/* Scoring                                                            */
/* ------------------------------------------------------------------ */

/**
 * Make the model ready to run on this thread under the process's memory
 * limits (ulimit -d, -v): OpenBLAS maps a 128 MiB buffer the first time a
 * thread multiplies and retries a refused mapping for ever, so this checks
 * the room and maps it now. Call once, on the thread that runs the checks,
 * before anything else uses the model. Errors: SM_ELIMIT (too little room:
 * the caller goes on without the model).
 */
int lm_ready(const struct lm *lm, struct sm_err *err);

/* Why scoring gave up (lm_score_until returned SM_ELIMIT). */
enum lm_limit {
	LM_LIMIT_NONE = 0,
	LM_LIMIT_SIZE,   /* the text is longer than the scorer takes */
	LM_LIMIT_TIME,   /* the deadline passed */
	LM_LIMIT_MEMORY, /* the process's memory limits leave too little room */
	LM_LIMIT_CANCEL, /* the caller's cancel flag was set */
};

/* Result of scoring a text: one entry per token. */
struct lm_scored {
	enum lm_limit limit; /* LM_LIMIT_NONE, or why nothing was scored */
	size_t n;            /* tokens */
	uint32_t *off;       /* bytes into the scored text (token start) */
	uint16_t *len;       /* bytes */
	uint16_t *id;        /* token id */
	uint16_t *top;       /* the model's most likely token at this position */
	float *bits;         /* surprisal in bits (cache-mixed when asked) */
	float *model_bits;   /* surprisal under the model alone */
};

/**
 * Score text[0..n): every token gets its surprisal given the text before
 * it (the first token given a paragraph break). Long texts are scored in
 * windows of the model context advancing by half a context, batched, on
 * `threads` workers. cache_lambda in [0,1): weight of a unigram cache of the
 * text's own earlier tokens mixed into each prediction (adapts to names).
 * Fills *out (caller releases with lm_scored_release). Errors: SM_ELIMIT,
 * with out->limit saying why: a text too long, or too little memory under
 * the process's limits (ulimit -d, -v) for even one worker (with room for
 * fewer workers than asked, fewer run).
 */
int lm_score(struct lm *lm, const char *text, size_t n, int threads, float cache_lambda,
	     struct lm_scored *out, struct sm_err *err);
/** lm_score with a deadline (an sm_now() time; 0: none) and a cancel flag
 * (another thread sets it; NULL: none): past the one or once the other is
 * set, the workers stop at their next batch and nothing is returned.
 * Errors: SM_ELIMIT, also at the deadline (out->limit LM_LIMIT_TIME) and on
 * cancel (LM_LIMIT_CANCEL). */
int lm_score_until(struct lm *lm, const char *text, size_t n, int threads, float cache_lambda,
		   double deadline, const atomic_int *cancel, struct lm_scored *out, struct sm_err *err);
/** Free what lm_score allocated. */
void lm_scored_release(struct lm_scored *s);
/** Sum of bits of tokens overlapping text[off..off+len); *n_tok receives their count (may be NULL). */
double lm_scored_span(const struct lm_scored *s, uint32_t off, uint32_t len, size_t *n_tok);


/**
 * Greedy continuation: given text[0..n) as context, write the most likely
 * continuation of at most max_tokens tokens (stopping after the first word)
 * into buf (NUL-terminated, cap bytes). Returns its length.
 */
size_t lm_continue_word(struct lm *lm, const char *text, size_t n, int max_tokens, char *buf,
			size_t cap);

/** Mean final hidden state over text[0..n) (a paragraph embedding): out
 * receives lm_cfg(lm)->C floats. Texts longer than the context use its start. */
void lm_embed(struct lm *lm, const char *text, size_t n, float *out);

#endif
