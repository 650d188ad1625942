/* gpt.c: the transformer: a decoder-only, pre-norm GPT (LayerNorm, causal
 * multi-head attention, GELU MLP, learned positions, tied embeddings).
 * Layer kernels come in forward/backward pairs (llm.c); every matrix product
 * is one cblas_sgemm over all B*T rows of a batch. */
#if defined(__GNUC__) && !defined(__clang__)
/* -O2 (and trapping math) leave the element-wise loops (GELU, the
 * softmaxes, layernorm) scalar; they were a third of a forward pass */
#pragma GCC optimize("O3,no-trapping-math")
#endif
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lm_int.h"

/* ================================================================== */
/* RNG                                                                */
/* ================================================================== */

uint64_t lm_rng_next(struct lm_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

double lm_rng_uniform(struct lm_rng *r) { return (double)(lm_rng_next(r) >> 11) * (1.0 / 9007199254740992.0); }

double lm_rng_normal(struct lm_rng *r)
{
	double u = lm_rng_uniform(r), v = lm_rng_uniform(r);
	if (u < 1e-300)
		u = 1e-300;
	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* ================================================================== */
/* Parameters                                                         */
/* ================================================================== */

static const char *const tensor_names[LM_NT] = {
	"wte", "wpe", "ln1w", "ln1b", "qkvw", "qkvb", "attprojw", "attprojb",
	"ln2w", "ln2b", "fcw", "fcb", "fcprojw", "fcprojb", "lnfw", "lnfb",
};

const char *lm_tensor_name(int i) { return tensor_names[i]; }

int lm_tensor_quantized(int i)
{
	return i == LM_WTE || i == LM_WPE || i == LM_QKVW || i == LM_ATTPROJW || i == LM_FCW ||
	       i == LM_FCPROJW;
}

size_t lm_tensor_sizes(const struct lm_config *c, size_t *sz)
{
	size_t V = (size_t)c->V, T = (size_t)c->T, C = (size_t)c->C, L = (size_t)c->L, F = (size_t)c->F;
	sz[LM_WTE] = V * C;
	sz[LM_WPE] = T * C;
	sz[LM_LN1W] = sz[LM_LN1B] = L * C;
	sz[LM_QKVW] = L * 3 * C * C;
	sz[LM_QKVB] = L * 3 * C;
	sz[LM_ATTPROJW] = L * C * C;
	sz[LM_ATTPROJB] = L * C;
	sz[LM_LN2W] = sz[LM_LN2B] = L * C;
	sz[LM_FCW] = L * F * C;
	sz[LM_FCB] = L * F;
	sz[LM_FCPROJW] = L * C * F;
	sz[LM_FCPROJB] = L * C;
	sz[LM_LNFW] = sz[LM_LNFB] = C;
	size_t n = 0;
	for (int i = 0; i < LM_NT; i++)
		n += sz[i];
	return n;
}

void lm_tensor_views(float *base, const size_t *sz, float **views)
{
	for (int i = 0; i < LM_NT; i++) {
		views[i] = base;
		base += sz[i];
	}
}

int lm_config_check(const struct lm_config *c, struct sm_err *err)
{
	if (c->V < 256 || c->V > 65536 || c->T < 1 || c->T > 4096 || c->C < 1 || c->C > 4096 ||
	    c->L < 1 || c->L > 64 || c->NH < 1 || c->C % c->NH || c->F < 1 || c->F > 65536)
		return sm_fail(err, SM_EMODEL, "bad model configuration (V %d T %d C %d L %d NH %d F %d)",
			       c->V, c->T, c->C, c->L, c->NH, c->F);
	return SM_OK;
}

struct lm *lm_alloc(const struct lm_config *cfg, struct lm_bpe *bpe)
{
	struct lm *lm = xcalloc(1, sizeof(*lm));
	lm->cfg = *cfg;
	lm->bpe = bpe;
	lm->n_params = lm_tensor_sizes(cfg, lm->sz);
	lm->params = xcalloc(lm->n_params, sizeof(float));
	lm_tensor_views(lm->params, lm->sz, lm->p);
	return lm;
}

struct lm *lm_new(const struct lm_config *cfg, struct lm_bpe *bpe, uint64_t seed)
{
	struct lm *lm = lm_alloc(cfg, bpe);
	struct lm_rng r = { seed * 0x2545f4914f6cdd1dULL + 1 };
	float resid_scale = 1.0f / sqrtf(2.0f * (float)cfg->L);
	for (int i = 0; i < LM_NT; i++) {
		float *p = lm->p[i];
		size_t n = lm->sz[i];
		if (i == LM_LN1W || i == LM_LN2W || i == LM_LNFW) {
			for (size_t j = 0; j < n; j++)
				p[j] = 1.0f;
		} else if (lm_tensor_quantized(i)) {
			float s = 0.02f * ((i == LM_ATTPROJW || i == LM_FCPROJW) ? resid_scale : 1.0f);
			if (i == LM_WPE)
				s = 0.01f;
			for (size_t j = 0; j < n; j++)
				p[j] = s * (float)lm_rng_normal(&r);
		}
	}
	return lm;
}

void lm_free(struct lm *lm)
{
	if (!lm)
		return;
	lm_bpe_free(lm->bpe);
	lm_lex_free(lm->lex);
	free(lm->params);
	free(lm);
}

const struct lm_config *lm_cfg(const struct lm *lm) { return &lm->cfg; }
struct lm_bpe *lm_tokenizer(struct lm *lm) { return lm->bpe; }
struct lm_meta *lm_meta(struct lm *lm) { return &lm->meta; }
size_t lm_n_params(const struct lm *lm) { return lm->n_params; }
float *lm_params(struct lm *lm) { return lm->params; }

/* ================================================================== */
/* Kernels                                                            */
/* ================================================================== */

void lm_encoder_forward(float *out, const uint16_t *inp, const float *wte, const float *wpe, int B,
			int T, int C)
{
	for (int b = 0; b < B; b++)
		for (int t = 0; t < T; t++) {
			float *o = out + ((size_t)b * T + t) * C;
			const float *e = wte + (size_t)inp[b * T + t] * C, *p = wpe + (size_t)t * C;
			for (int i = 0; i < C; i++)
				o[i] = e[i] + p[i];
		}
}

void lm_encoder_backward(float *dwte, float *dwpe, const float *dout, const uint16_t *inp, int B,
			 int T, int C)
{
	for (int b = 0; b < B; b++)
		for (int t = 0; t < T; t++) {
			const float *d = dout + ((size_t)b * T + t) * C;
			float *de = dwte + (size_t)inp[b * T + t] * C, *dp = dwpe + (size_t)t * C;
			for (int i = 0; i < C; i++) {
				de[i] += d[i];
				dp[i] += d[i];
			}
		}
}

void lm_layernorm_forward(float *out, float *mean, float *rstd, const float *inp, const float *w,
			  const float *b, int N, int C)
{
	const float eps = 1e-5f;
	for (int n = 0; n < N; n++) {
		const float *x = inp + (size_t)n * C;
		float m = 0.0f, v = 0.0f;
		for (int i = 0; i < C; i++)
			m += x[i];
		m /= (float)C;
		for (int i = 0; i < C; i++) {
			float d = x[i] - m;
			v += d * d;
		}
		v /= (float)C;
		float s = 1.0f / sqrtf(v + eps);
		float *o = out + (size_t)n * C;
		for (int i = 0; i < C; i++)
			o[i] = (x[i] - m) * s * w[i] + b[i];
		mean[n] = m;
		rstd[n] = s;
	}
}

void lm_layernorm_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp,
			   const float *w, const float *mean, const float *rstd, int N, int C)
{
	for (int n = 0; n < N; n++) {
		const float *d = dout + (size_t)n * C, *x = inp + (size_t)n * C;
		float *di = dinp + (size_t)n * C;
		float m = mean[n], s = rstd[n];
		float dnorm_mean = 0.0f, dnorm_norm_mean = 0.0f;
		for (int i = 0; i < C; i++) {
			float norm = (x[i] - m) * s;
			float dnorm = w[i] * d[i];
			dnorm_mean += dnorm;
			dnorm_norm_mean += dnorm * norm;
		}
		dnorm_mean /= (float)C;
		dnorm_norm_mean /= (float)C;
		for (int i = 0; i < C; i++) {
			float norm = (x[i] - m) * s;
			float dnorm = w[i] * d[i];
			db[i] += d[i];
			dw[i] += norm * d[i];
			di[i] += (dnorm - dnorm_mean - norm * dnorm_norm_mean) * s;
		}
	}
}

void lm_matmul_forward(float *out, const float *inp, const float *w, const float *b, int N, int C,
		       int OC)
{
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, N, OC, C, 1.0f, inp, C, w, C, 0.0f, out,
		    OC);
	if (b)
		for (int n = 0; n < N; n++) {
			float *o = out + (size_t)n * OC;
			for (int i = 0; i < OC; i++)
				o[i] += b[i];
		}
}

void lm_matmul_forward_naive(float *out, const float *inp, const float *w, const float *b, int N,
			     int C, int OC)
{
	for (int n = 0; n < N; n++)
		for (int o = 0; o < OC; o++) {
			double s = b ? b[o] : 0.0;
			for (int i = 0; i < C; i++)
				s += (double)inp[(size_t)n * C + i] * w[(size_t)o * C + i];
			out[(size_t)n * OC + o] = (float)s;
		}
}

void lm_matmul_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp,
			const float *w, int N, int C, int OC)
{
	if (dinp)
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, C, OC, 1.0f, dout, OC, w, C,
			    0.0f, dinp, C);
	cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, OC, C, N, 1.0f, dout, OC, inp, C, 1.0f,
		    dw, C);
	if (db)
		for (int n = 0; n < N; n++) {
			const float *d = dout + (size_t)n * OC;
			for (int i = 0; i < OC; i++)
				db[i] += d[i];
		}
}

#define GELU_S 0.7978845608028654f /* sqrt(2/pi) */

/* exp that the compiler can vectorize (libm's expf is a call per value, and
 * GELU and the softmaxes took a fifth of a forward pass): exp(x) = 2^n e^r
 * with r in [-ln2/2, ln2/2], Cephes' polynomial; relative error ~2e-7. */
static inline float vexp(float x)
{
	x = x < -87.0f ? -87.0f : x > 88.0f ? 88.0f : x;
	float n = (x * 1.44269504f + 12582912.0f) - 12582912.0f; /* round to nearest */
	float r = x - n * 0.693359375f + n * 2.12194440e-4f;
	float p = 1.9875691500e-4f;
	p = p * r + 1.3981999507e-3f;
	p = p * r + 8.3334519073e-3f;
	p = p * r + 4.1665795894e-2f;
	p = p * r + 1.6666665459e-1f;
	p = p * r + 5.0000001201e-1f;
	p = p * r * r + r + 1.0f;
	int32_t e = ((int32_t)n + 127) << 23;
	float scale;
	memcpy(&scale, &e, sizeof(scale));
	return p * scale;
}

/* tanh through exp: libm's tanhf (expm1f) cost a quarter of a training step */
static inline float fast_tanh(float x)
{
	float e = vexp(2.0f * x);
	return 1.0f - 2.0f / (e + 1.0f);
}

void lm_gelu_forward(float *out, const float *inp, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		float x = inp[i];
		float cube = 0.044715f * x * x * x;
		out[i] = 0.5f * x * (1.0f + fast_tanh(GELU_S * (x + cube)));
	}
}

void lm_gelu_backward(float *dinp, const float *inp, const float *dout, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		float x = inp[i];
		float cube = 0.044715f * x * x * x;
		float th = fast_tanh(GELU_S * (x + cube));
		float sech2 = 1.0f - th * th;
		float g = 0.5f * (1.0f + th) + x * 0.5f * sech2 * GELU_S * (1.0f + 3.0f * 0.044715f * x * x);
		dinp[i] = g * dout[i];
	}
}

void lm_attention_forward(float *out, float *att, const float *qkv, int B, int T, int C, int NH)
{
	int hs = C / NH, C3 = 3 * C;
	float scale = 1.0f / sqrtf((float)hs);
	for (int b = 0; b < B; b++)
		for (int h = 0; h < NH; h++) {
			const float *q = qkv + (size_t)b * T * C3 + h * hs, *k = q + C, *v = q + 2 * C;
			float *a = att + ((size_t)b * NH + h) * T * T;
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, T, T, hs, scale, q, C3, k, C3,
				    0.0f, a, T);
			for (int t = 0; t < T; t++) {
				float *row = a + (size_t)t * T;
				float mx = row[0];
				for (int j = 1; j <= t; j++)
					if (row[j] > mx)
						mx = row[j];
				float sum = 0.0f;
				for (int j = 0; j <= t; j++) {
					row[j] = vexp(row[j] - mx);
					sum += row[j];
				}
				float inv = 1.0f / sum;
				for (int j = 0; j <= t; j++)
					row[j] *= inv;
				for (int j = t + 1; j < T; j++)
					row[j] = 0.0f;
			}
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, T, hs, T, 1.0f, a, T, v, C3,
				    0.0f, out + (size_t)b * T * C + h * hs, C);
		}
}

void lm_attention_backward(float *dqkv, float *scratch, const float *dout, const float *qkv,
			   const float *att, int B, int T, int C, int NH)
{
	int hs = C / NH, C3 = 3 * C;
	float scale = 1.0f / sqrtf((float)hs);
	for (int b = 0; b < B; b++)
		for (int h = 0; h < NH; h++) {
			size_t qo = (size_t)b * T * C3 + h * hs;
			const float *q = qkv + qo, *k = q + C, *v = q + 2 * C;
			float *dq = dqkv + qo, *dk = dq + C, *dv = dq + 2 * C;
			const float *a = att + ((size_t)b * NH + h) * T * T;
			const float *dy = dout + (size_t)b * T * C + h * hs;
			float *ds = scratch;
			/* d(att) = dy v^T ; dv = att^T dy */
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, T, T, hs, 1.0f, dy, C, v, C3,
				    0.0f, ds, T);
			cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, T, hs, T, 1.0f, a, T, dy, C,
				    0.0f, dv, C3);
			/* softmax backward, causal */
			for (int t = 0; t < T; t++) {
				const float *ar = a + (size_t)t * T;
				float *dr = ds + (size_t)t * T;
				float dot = 0.0f;
				for (int j = 0; j <= t; j++)
					dot += ar[j] * dr[j];
				for (int j = 0; j <= t; j++)
					dr[j] = ar[j] * (dr[j] - dot);
				for (int j = t + 1; j < T; j++)
					dr[j] = 0.0f;
			}
			/* dq = scale dpre k ; dk = scale dpre^T q */
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, T, hs, T, scale, ds, T, k, C3,
				    0.0f, dq, C3);
			cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, T, hs, T, scale, ds, T, q, C3,
				    0.0f, dk, C3);
		}
}

/* ================================================================== */
/* Work area, forward and backward                                    */
/* ================================================================== */

struct lm_work {
	int B, T, train, tail;
	float *mem;
	/* activations; per-layer ones have L slices when training, one otherwise */
	float *encoded;          /* (B,T,C) */
	float *ln1, *ln1_mean, *ln1_rstd; /* (L,B,T,C) (L,B,T) */
	float *qkv;              /* (L,B,T,3C) */
	float *atty;             /* (L,B,T,C) */
	float *att;              /* (L,B,NH,T,T) */
	float *residual2;        /* (L,B,T,C) */
	float *ln2, *ln2_mean, *ln2_rstd;
	float *fch, *fch_gelu;   /* (L,B,T,F) */
	float *residual3;        /* (L,B,T,C) */
	float *lnf, *lnf_mean, *lnf_rstd; /* (B,T,C) (B,T) */
	float *logits;           /* training: (B,T,V), probabilities after forward;
				  * scoring: LOGIT_CHUNK rows of scratch */
	float *logp;             /* (B,T) */
	uint16_t *argmax;        /* (B,T) */
	/* backward scratch */
	float *dres, *dln, *dqkv, *datty, *dfch, *dfch_gelu, *dscratch;
	const uint16_t *inputs, *targets;
	float *ibuf;             /* allocation for argmax */
};

/* Rows of logits computed at a time when not training: scoring needs only
 * each row's target probability and argmax, so the (B,T,V) array (32 MB
 * for 8 windows of 256 tokens and 4,096 tokens of vocabulary) is never
 * needed whole; 128 rows keep the products on cblas_sgemm. */
#define LOGIT_CHUNK 128

/* The floats of each activation array of a work area, in the order of
 * struct lm_work's pointers (work_arrays); returns their total. */
#define WORK_ARRAYS 26
static size_t work_sizes(const struct lm *lm, int B, int T, int train, size_t want_out[WORK_ARRAYS])
{
	size_t C = (size_t)lm->cfg.C, L = train ? (size_t)lm->cfg.L : 1, F = (size_t)lm->cfg.F;
	size_t V = (size_t)lm->cfg.V, NH = (size_t)lm->cfg.NH, N = (size_t)B * T;
	const size_t want[WORK_ARRAYS] = {
		N * C,                                /* encoded */
		L * N * C, L * N, L * N,              /* ln1 */
		L * N * 3 * C, L * N * C,             /* qkv atty */
		L * (size_t)B * NH * T * T,           /* att */
		L * N * C, L * N * C, L * N, L * N,   /* residual2 ln2 */
		L * N * F, L * N * F, L * N * C,      /* fch fch_gelu residual3 */
		N * C, N, N, (train ? N : SM_MIN(N, LOGIT_CHUNK)) * V, N, /* lnf logits logp */
		train ? N * C : 0, train ? N * C : 0, train ? N * 3 * C : 0, train ? N * C : 0,
		train ? N * F : 0, train ? N * F : 0, train ? (size_t)T * T : 0,
	};
	size_t total = 0;
	for (size_t i = 0; i < WORK_ARRAYS; i++)
		total += want_out[i] = want[i];
	return total;
}

size_t lm_work_bytes(const struct lm *lm, int B, int T, int train)
{
	size_t want[WORK_ARRAYS];
	return sizeof(struct lm_work) + work_sizes(lm, B, T, train, want) * sizeof(float) +
	       (size_t)B * (size_t)T * sizeof(uint16_t);
}

struct lm_work *lm_work_new(const struct lm *lm, int B, int T, int train)
{
	struct lm_work *w = xcalloc(1, sizeof(*w));
	size_t N = (size_t)B * T;
	w->B = B;
	w->T = T;
	w->train = train;
	size_t want[WORK_ARRAYS];
	size_t total = work_sizes(lm, B, T, train, want);
	float **ptrs[WORK_ARRAYS] = {
		&w->encoded, &w->ln1, &w->ln1_mean, &w->ln1_rstd, &w->qkv, &w->atty, &w->att,
		&w->residual2, &w->ln2, &w->ln2_mean, &w->ln2_rstd, &w->fch, &w->fch_gelu,
		&w->residual3, &w->lnf, &w->lnf_mean, &w->lnf_rstd, &w->logits, &w->logp,
		&w->dres, &w->dln, &w->dqkv, &w->datty, &w->dfch, &w->dfch_gelu, &w->dscratch,
	};
	w->mem = xcalloc(total, sizeof(float));
	float *p = w->mem;
	for (size_t i = 0; i < WORK_ARRAYS; i++) {
		*ptrs[i] = want[i] ? p : NULL;
		p += want[i];
	}
	w->argmax = xcalloc(N, sizeof(uint16_t));
	return w;
}

void lm_work_free(struct lm_work *w)
{
	if (!w)
		return;
	free(w->mem);
	free(w->argmax);
	free(w);
}

const float *lm_work_logp(const struct lm_work *w) { return w->logp; }
const uint16_t *lm_work_argmax(const struct lm_work *w) { return w->argmax; }
const float *lm_work_hidden(const struct lm_work *w) { return w->lnf; }
void lm_work_set_tail(struct lm_work *w, int t_from) { w->tail = t_from < 0 || t_from >= w->T ? 0 : t_from; }
int lm_work_B(const struct lm_work *w) { return w->B; }
int lm_work_T(const struct lm_work *w) { return w->T; }

/* Softmax of one row of logits (row r of the work area): log-probability of
 * the target, the argmax, and probabilities in place when training (for
 * backward). */
static void softmax_row(struct lm_work *w, size_t r, float *row, int V, double *loss, int *cnt)
{
	float mx = row[0];
	int am = 0;
	for (int i = 1; i < V; i++)
		if (row[i] > mx) {
			mx = row[i];
			am = i;
		}
	float sum = 0.0f;
	for (int i = 0; i < V; i++) {
		row[i] = vexp(row[i] - mx);
		sum += row[i];
	}
	float inv = 1.0f / sum;
	w->argmax[r] = (uint16_t)am;
	if (w->targets) {
		float pt = row[w->targets[r]] * inv;
		w->logp[r] = logf(pt > 1e-30f ? pt : 1e-30f);
		*loss -= w->logp[r];
		(*cnt)++;
	}
	if (w->train)
		for (int i = 0; i < V; i++)
			row[i] *= inv;
}

/* softmax_row over the rows [tail, T) of every sequence. */
static float softmax_rows(struct lm_work *w, int V)
{
	double loss = 0.0;
	int cnt = 0;
	for (int b = 0; b < w->B; b++)
		for (int t = w->tail; t < w->T; t++) {
			size_t r = (size_t)b * w->T + t;
			softmax_row(w, r, w->logits + r * V, V, &loss, &cnt);
		}
	return cnt ? (float)(loss / cnt) : 0.0f;
}

float lm_forward(struct lm *lm, struct lm_work *w, const uint16_t *inputs, const uint16_t *targets)
{
	int B = w->B, T = w->T, C = lm->cfg.C, L = lm->cfg.L, NH = lm->cfg.NH, F = lm->cfg.F;
	int V = lm->cfg.V, N = B * T;
	size_t ls = w->train ? 1 : 0; /* layer stride multiplier */
	float **p = lm->p;
	w->inputs = inputs;
	w->targets = targets;
	lm_encoder_forward(w->encoded, inputs, p[LM_WTE], p[LM_WPE], B, T, C);
	float *residual = w->encoded;
	for (int l = 0; l < L; l++) {
		size_t lo = ls * l;
		float *ln1 = w->ln1 + lo * N * C, *ln1m = w->ln1_mean + lo * N, *ln1r = w->ln1_rstd + lo * N;
		float *qkv = w->qkv + lo * N * 3 * C, *atty = w->atty + lo * N * C;
		float *att = w->att + lo * (size_t)B * NH * T * T;
		float *res2 = w->residual2 + lo * N * C, *ln2 = w->ln2 + lo * N * C;
		float *ln2m = w->ln2_mean + lo * N, *ln2r = w->ln2_rstd + lo * N;
		float *fch = w->fch + lo * N * F, *fchg = w->fch_gelu + lo * N * F;
		float *res3 = w->residual3 + lo * N * C;
		lm_layernorm_forward(ln1, ln1m, ln1r, residual, p[LM_LN1W] + l * C, p[LM_LN1B] + l * C, N, C);
		lm_matmul_forward(qkv, ln1, p[LM_QKVW] + (size_t)l * 3 * C * C, p[LM_QKVB] + l * 3 * C, N,
				  C, 3 * C);
		lm_attention_forward(atty, att, qkv, B, T, C, NH);
		lm_matmul_forward(res2, atty, p[LM_ATTPROJW] + (size_t)l * C * C, p[LM_ATTPROJB] + l * C,
				  N, C, C);
		for (size_t i = 0; i < (size_t)N * C; i++)
			res2[i] += residual[i];
		lm_layernorm_forward(ln2, ln2m, ln2r, res2, p[LM_LN2W] + l * C, p[LM_LN2B] + l * C, N, C);
		lm_matmul_forward(fch, ln2, p[LM_FCW] + (size_t)l * F * C, p[LM_FCB] + l * F, N, C, F);
		lm_gelu_forward(fchg, fch, (size_t)N * F);
		lm_matmul_forward(res3, fchg, p[LM_FCPROJW] + (size_t)l * C * F, p[LM_FCPROJB] + l * C, N,
				  F, C);
		for (size_t i = 0; i < (size_t)N * C; i++)
			res3[i] += res2[i];
		residual = res3;
	}
	lm_layernorm_forward(w->lnf, w->lnf_mean, w->lnf_rstd, residual, p[LM_LNFW], p[LM_LNFB], N, C);
	if (!w->train) { /* LOGIT_CHUNK rows at a time, in one buffer */
		double loss = 0.0;
		int cnt = 0;
		for (int b = 0; b < B; b++)
			for (int t = w->tail; t < T;) {
				int m = SM_MIN(LOGIT_CHUNK, T - t);
				size_t r = (size_t)b * T + t;
				lm_matmul_forward(w->logits, w->lnf + r * C, p[LM_WTE], NULL, m, C, V);
				for (int i = 0; i < m; i++)
					softmax_row(w, r + (size_t)i, w->logits + (size_t)i * V, V, &loss, &cnt);
				t += m;
			}
		return cnt ? (float)(loss / cnt) : 0.0f;
	}
	if (w->tail == 0) {
		lm_matmul_forward(w->logits, w->lnf, p[LM_WTE], NULL, N, C, V);
	} else {
		int M = T - w->tail;
		for (int b = 0; b < B; b++) {
			size_t r = (size_t)b * T + w->tail;
			lm_matmul_forward(w->logits + r * V, w->lnf + r * C, p[LM_WTE], NULL, M, C, V);
		}
	}
	return softmax_rows(w, V);
}

void lm_backward(struct lm *lm, struct lm_work *w, float *grads)
{
	SM_ASSERT(w->train && w->targets && w->tail == 0);
	int B = w->B, T = w->T, C = lm->cfg.C, L = lm->cfg.L, NH = lm->cfg.NH, F = lm->cfg.F;
	int V = lm->cfg.V, N = B * T;
	float **p = lm->p;
	float *g[LM_NT];
	lm_tensor_views(grads, lm->sz, g);
	/* d(loss)/d(logits) = (probs - onehot) / N, in place */
	float inv = 1.0f / (float)N;
	for (int r = 0; r < N; r++) {
		float *row = w->logits + (size_t)r * V;
		row[w->targets[r]] -= 1.0f;
		for (int i = 0; i < V; i++)
			row[i] *= inv;
	}
	lm_matmul_backward(w->dln, g[LM_WTE], NULL, w->logits, w->lnf, p[LM_WTE], N, C, V);
	memset(w->dres, 0, sizeof(float) * (size_t)N * C);
	const float *resL = w->residual3 + (size_t)(L - 1) * N * C;
	lm_layernorm_backward(w->dres, g[LM_LNFW], g[LM_LNFB], w->dln, resL, p[LM_LNFW], w->lnf_mean,
			      w->lnf_rstd, N, C);
	for (int l = L - 1; l >= 0; l--) {
		size_t lo = (size_t)l;
		const float *residual = l == 0 ? w->encoded : w->residual3 + (lo - 1) * N * C;
		float *ln1 = w->ln1 + lo * N * C, *ln1m = w->ln1_mean + lo * N, *ln1r = w->ln1_rstd + lo * N;
		float *qkv = w->qkv + lo * N * 3 * C, *atty = w->atty + lo * N * C;
		float *att = w->att + lo * (size_t)B * NH * T * T;
		float *res2 = w->residual2 + lo * N * C, *ln2 = w->ln2 + lo * N * C;
		float *ln2m = w->ln2_mean + lo * N, *ln2r = w->ln2_rstd + lo * N;
		float *fch = w->fch + lo * N * F, *fchg = w->fch_gelu + lo * N * F;
		lm_matmul_backward(w->dfch_gelu, g[LM_FCPROJW] + lo * C * F, g[LM_FCPROJB] + lo * C,
				   w->dres, fchg, p[LM_FCPROJW] + lo * C * F, N, F, C);
		lm_gelu_backward(w->dfch, fch, w->dfch_gelu, (size_t)N * F);
		lm_matmul_backward(w->dln, g[LM_FCW] + lo * F * C, g[LM_FCB] + lo * F, w->dfch, ln2,
				   p[LM_FCW] + lo * F * C, N, C, F);
		lm_layernorm_backward(w->dres, g[LM_LN2W] + lo * C, g[LM_LN2B] + lo * C, w->dln, res2,
				      p[LM_LN2W] + lo * C, ln2m, ln2r, N, C);
		lm_matmul_backward(w->datty, g[LM_ATTPROJW] + lo * C * C, g[LM_ATTPROJB] + lo * C,
				   w->dres, atty, p[LM_ATTPROJW] + lo * C * C, N, C, C);
		lm_attention_backward(w->dqkv, w->dscratch, w->datty, qkv, att, B, T, C, NH);
		lm_matmul_backward(w->dln, g[LM_QKVW] + lo * 3 * C * C, g[LM_QKVB] + lo * 3 * C, w->dqkv,
				   ln1, p[LM_QKVW] + lo * 3 * C * C, N, C, 3 * C);
		lm_layernorm_backward(w->dres, g[LM_LN1W] + lo * C, g[LM_LN1B] + lo * C, w->dln, residual,
				      p[LM_LN1W] + lo * C, ln1m, ln1r, N, C);
	}
	lm_encoder_backward(g[LM_WTE], g[LM_WPE], w->dres, w->inputs, B, T, C);
}
