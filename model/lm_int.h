/* lm_int.h: internals shared by the files of model/ and by its tests: the
 * model struct, the parameter tensors, the layer kernels (forward/backward
 * pairs, outputs first, llm.c style) and a small deterministic RNG. */
#ifndef SM_LM_INT_H
#define SM_LM_INT_H

#include "lm.h"
#include "base/arena.h"
#include "base/hmap.h"
#include "base/sbuf.h"

#define LM_NT 16 /* parameter tensors */

/* Tensor order in lm->params and in files. */
enum {
	LM_WTE, LM_WPE, LM_LN1W, LM_LN1B, LM_QKVW, LM_QKVB, LM_ATTPROJW, LM_ATTPROJB,
	LM_LN2W, LM_LN2B, LM_FCW, LM_FCB, LM_FCPROJW, LM_FCPROJB, LM_LNFW, LM_LNFB,
};

struct lm {
	struct lm_config cfg;
	struct lm_bpe *bpe;
	struct lm_meta meta;
	float *params;          /* n_params floats, one allocation */
	size_t n_params;
	float *p[LM_NT];        /* tensor views into params */
	size_t sz[LM_NT];       /* floats per tensor */
	struct lm_lex *lex;     /* words of the training text, or NULL */
};

/* The lexicon: lower-cased words of the training text with their counts
 * (saturated at 255); an open-addressing set over one byte pool. */
struct lm_lex {
	struct sm_map map;      /* word -> index; map.n words, in the order added */
	unsigned char *count;   /* by index: occurrences, at most 255 */
	size_t cap;
	struct arena words;     /* owns the words */
	size_t bytes;           /* size of the file section: 2 + length per word */
};
/** Free a lexicon; NULL is a no-op. */
void lm_lex_free(struct lm_lex *x);
/** Add count occurrences of the lower-cased word w[0..n) (n <= 255). */
void lm_lex_add(struct lm_lex **x, const char *w, size_t n, unsigned count);
/** Add the entries of a file section p[0..n), as lm_lex_write writes them
 * (model files and training checkpoints); false when one is malformed. */
bool lm_lex_read(struct lm_lex **x, const unsigned char *p, size_t n);
/** Append the file section's entries (count byte, length byte, bytes; x->bytes
 * in all) in the order added; the sbuf's error (its cap) when it fails. */
int lm_lex_write(const struct lm_lex *x, struct sbuf *sb);

/** Name of tensor i ("wte", ...). */
const char *lm_tensor_name(int i);
/** True when tensor i is stored in int8 (weight matrices and embeddings). */
int lm_tensor_quantized(int i);
/** Fill sz[LM_NT] with the tensor sizes of cfg; returns the total. */
size_t lm_tensor_sizes(const struct lm_config *cfg, size_t *sz);
/** Point views[LM_NT] at the tensors inside base (sizes sz). */
void lm_tensor_views(float *base, const size_t *sz, float **views);
/** Model around existing parameters (copied) without initialization. */
struct lm *lm_alloc(const struct lm_config *cfg, struct lm_bpe *bpe);

/* ---- kernels (B*T = N rows) ---- */
void lm_encoder_forward(float *out, const uint16_t *inp, const float *wte, const float *wpe, int B,
			int T, int C);
void lm_encoder_backward(float *dwte, float *dwpe, const float *dout, const uint16_t *inp, int B,
			 int T, int C);
void lm_layernorm_forward(float *out, float *mean, float *rstd, const float *inp, const float *w,
			  const float *b, int N, int C);
void lm_layernorm_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp,
			   const float *w, const float *mean, const float *rstd, int N, int C);
/** out (N x OC) = inp (N x C) * w^T (w is OC x C) + b (may be NULL), via sgemm. */
void lm_matmul_forward(float *out, const float *inp, const float *w, const float *b, int N, int C,
		       int OC);
/** The same with plain loops (the reference the tests compare against). */
void lm_matmul_forward_naive(float *out, const float *inp, const float *w, const float *b, int N,
			     int C, int OC);
/** dinp = dout * w (overwritten); dw += dout^T * inp; db += column sums. */
void lm_matmul_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp,
			const float *w, int N, int C, int OC);
void lm_gelu_forward(float *out, const float *inp, size_t n);
/** dinp = gelu'(inp) * dout (overwritten). */
void lm_gelu_backward(float *dinp, const float *inp, const float *dout, size_t n);
/** Causal self-attention: qkv (B,T,3C) -> out (B,T,C); att (B,NH,T,T) keeps
 * the softmax weights for backward. */
void lm_attention_forward(float *out, float *att, const float *qkv, int B, int T, int C, int NH);
/** dqkv (overwritten) from dout; scratch holds T*T floats. */
void lm_attention_backward(float *dqkv, float *scratch, const float *dout, const float *qkv,
			   const float *att, int B, int T, int C, int NH);

/* ---- RNG (splitmix64 / xorshift*) ---- */
struct lm_rng { uint64_t s; };
uint64_t lm_rng_next(struct lm_rng *r);
/** Uniform in [0,1). */
double lm_rng_uniform(struct lm_rng *r);
/** Standard normal (Box-Muller). */
double lm_rng_normal(struct lm_rng *r);

/* ---- work area internals used by scoring ---- */
int lm_work_B(const struct lm_work *w);
int lm_work_T(const struct lm_work *w);

#endif
