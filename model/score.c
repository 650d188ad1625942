/* score.c: scoring texts with the language model: normalization to the
 * model's spelling (typographic quotes and dashes to ASCII, hard wraps to
 * spaces) with a map back to the original bytes, windows of the context
 * advancing by half a context, batched on worker threads (each with
 * single-threaded BLAS), an optional unigram cache of the text's own tokens,
 * greedy word continuation (suggestions) and paragraph embeddings. */
#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "lm_int.h"
#include "doc/doc.h"

#define SCORE_MAX_BYTES ((size_t)64 << 20)
#define SCORE_B 4 /* windows per batch */

/* Normalized copy of text: *norm (caller frees) and map[i] = byte offset in
 * text of normalized byte i (map has n_norm + 1 entries). */
static size_t normalize_map(const char *text, size_t n, char **norm, uint32_t **map)
{
	char *o = xmalloc(3 * n + 1);
	uint32_t *m = xmalloc((3 * n + 1) * sizeof(uint32_t));
	size_t k = 0;
	const unsigned char *s = (const unsigned char *)text;
	for (size_t i = 0; i < n;) {
		const char *rep = NULL;
		size_t clen = 1;
		if (s[i] == 0xe2 && i + 2 < n && s[i + 1] == 0x80) {
			switch (s[i + 2]) {
			case 0x98: case 0x99: rep = "'"; break;
			case 0x9c: case 0x9d: rep = "\""; break;
			case 0x94: case 0x95: rep = "--"; break;
			case 0x93: rep = "-"; break;
			case 0xa6: rep = "..."; break;
			}
			if (rep)
				clen = 3;
		} else if (s[i] == 0xc2 && i + 1 < n && s[i + 1] == 0xa0) {
			rep = " ";
			clen = 2;
		} else if (s[i] == '\n' && (i == 0 || s[i - 1] != '\n') && i + 1 < n && s[i + 1] != '\n') {
			rep = " ";
		} else if (s[i] == '\r' || s[i] == '\t') {
			rep = " ";
		}
		if (rep) {
			for (const char *r = rep; *r; r++) {
				o[k] = *r;
				m[k++] = (uint32_t)i;
			}
		} else {
			o[k] = (char)s[i];
			m[k++] = (uint32_t)i;
		}
		i += clen;
	}
	m[k] = (uint32_t)n;
	o[k] = 0;
	*norm = o;
	*map = m;
	return k;
}

struct job {
	struct lm *lm;
	struct lm_work *w;
	const uint16_t *seq;  /* context + body tokens */
	size_t S;             /* sequence length */
	int first, n_win;     /* windows [first, n_win) for batches k, k+nth, ... */
	int k, nth;
	float *logp;          /* per sequence position (target), natural log */
	uint16_t *top;
	uint16_t *inp, *tgt;
	double deadline;      /* sm_now() past which to stop; 0: none */
	atomic_int *stop;     /* set by the first worker past the deadline */
	const atomic_int *cancel; /* the caller's: stop when set; NULL: none */
};

/* Windows 1.. start at s = w * H and score input positions [T-H, T). */
static void *score_run(void *arg)
{
	struct job *j = arg;
	int B = lm_work_B(j->w), T = lm_work_T(j->w), H = T / 2;
	int n_batches = (j->n_win - j->first + B - 1) / B;
	for (int bi = j->k; bi < n_batches; bi += j->nth) {
		if (atomic_load(j->stop))
			break;
		if ((j->deadline > 0 && sm_now() > j->deadline) || (j->cancel && atomic_load(j->cancel))) {
			atomic_store(j->stop, 1);
			break;
		}
		int w0 = j->first + bi * B;
		for (int b = 0; b < B; b++) {
			size_t s = (size_t)(w0 + b) * H;
			for (int t = 0; t < T; t++) {
				size_t p = s + t;
				j->inp[b * T + t] = p < j->S ? j->seq[p] : 0;
				j->tgt[b * T + t] = p + 1 < j->S ? j->seq[p + 1] : 0;
			}
		}
		lm_forward(j->lm, j->w, j->inp, j->tgt);
		const float *lp = lm_work_logp(j->w);
		const uint16_t *am = lm_work_argmax(j->w);
		for (int b = 0; b < B && w0 + b < j->n_win; b++) {
			size_t s = (size_t)(w0 + b) * H;
			for (int t = T - H; t < T; t++) {
				size_t p = s + t + 1; /* target position */
				if (p >= j->S)
					break;
				j->logp[p] = lp[b * T + t];
				j->top[p] = am[b * T + t];
			}
		}
	}
	return NULL;
}

/* OpenBLAS maps one buffer per thread that runs a product (BUFFER_SIZE in
 * its common_x86_64.h, 128 MiB, plus guard pages), keeps it for the rest
 * of the process, and when the mmap is refused it retries for ever. */
#define BLAS_BUFFER_BYTES (((size_t)128 << 20) + ((size_t)1 << 20))
/* Address space a new thread reserves beyond what it writes: its stack and
 * glibc's malloc arena (64 MiB reserved on 64-bit), counted by ulimit -v. */
#define THREAD_RESERVE_BYTES ((size_t)72 << 20)
/* Room kept for everything else the check allocates meanwhile. */
#define MEM_SLACK_BYTES ((size_t)32 << 20)

/* Threads that have run products in this process (each has its buffer). */
static atomic_int blas_threads;

/* The most workers (at most want) whose memory the process's limits
 * allow, or 0 when not even one fits; *need and *room (bytes) say why. */
static int workers_that_fit(const struct lm *lm, size_t fixed, int want, size_t *need, size_t *room)
{
	size_t data, as;
	sm_mem_room(&data, &as);
	int have = atomic_load(&blas_threads);
	size_t work = lm_work_bytes(lm, SCORE_B, lm->cfg.T, 0) + 2 * sizeof(uint16_t) * SCORE_B * (size_t)lm->cfg.T;
	for (int k = want; k >= 1; k--) {
		size_t blas = k > have ? (size_t)(k - have) * BLAS_BUFFER_BYTES : 0;
		size_t nd = fixed + (size_t)k * work + blas + MEM_SLACK_BYTES;
		size_t na = nd + (size_t)(k - 1) * THREAD_RESERVE_BYTES;
		*need = data < as ? nd : na;
		*room = data < as ? data : as;
		if (nd <= data && na <= as)
			return k;
	}
	return 0;
}

/* The error of a model that does not fit: how much it needs, how much is left. */
static int mem_fail(struct sm_err *err, size_t need, size_t room)
{
	return sm_fail(err, SM_ELIMIT,
		       "the language model needs about %zu MB and the memory limit (ulimit) leaves %zu MB",
		       (need + (1u << 20) - 1) >> 20, room >> 20);
}

int lm_ready(const struct lm *lm, struct sm_err *err)
{
	if (atomic_load(&blas_threads) >= 1)
		return SM_OK;
	size_t need, room;
	if (!workers_that_fit(lm, 0, 1, &need, &room))
		return mem_fail(err, need, room);
	/* one product big enough for OpenBLAS's buffered path (small ones
	 * skip the buffer): it maps this thread's buffer now, while there is
	 * room, and every later product on this thread reuses it */
	enum { W = 128 };
	float *a = xcalloc((size_t)3 * W * W, sizeof(float));
	openblas_set_num_threads(1);
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, W, W, W, 1.0f, a, W, a + W * W, W,
		    0.0f, a + 2 * W * W, W);
	free(a);
	atomic_store(&blas_threads, 1);
	return SM_OK;
}

int lm_score(struct lm *lm, const char *text, size_t n, int threads, float cache_lambda,
	     struct lm_scored *out, struct sm_err *err)
{
	return lm_score_until(lm, text, n, threads, cache_lambda, 0, NULL, out, err);
}

int lm_score_until(struct lm *lm, const char *text, size_t n, int threads, float cache_lambda,
		   double deadline, const atomic_int *cancel, struct lm_scored *out, struct sm_err *err)
{
	memset(out, 0, sizeof(*out));
	atomic_int stop = 0;
	if (n > SCORE_MAX_BYTES) {
		out->limit = LM_LIMIT_SIZE;
		return sm_fail(err, SM_ELIMIT, "text too long to score (%zu bytes)", n);
	}
	/* the copies of the text (normalize_map, the tokens, the results) and
	 * a work area per worker must fit the memory limits, if any */
	size_t need, room;
	int nth = workers_that_fit(lm, 40 * n, SM_MAX(1, SM_MIN(threads, 8)), &need, &room);
	if (!nth) {
		out->limit = LM_LIMIT_MEMORY;
		return mem_fail(err, need, room);
	}
	char *norm;
	uint32_t *map;
	size_t nn = normalize_map(text, n, &norm, &map);
	uint16_t ctx[8];
	size_t n_ctx = lm_bpe_encode(lm->bpe, "\n\n", 2, ctx, 8);
	size_t cap = nn + 16;
	uint16_t *seq = xmalloc((cap + n_ctx) * sizeof(uint16_t));
	memcpy(seq, ctx, n_ctx * sizeof(uint16_t));
	size_t nb = lm_bpe_encode(lm->bpe, norm, nn, seq + n_ctx, cap);
	SM_ASSERT(nb <= cap);
	size_t S = n_ctx + nb;
	int T = lm->cfg.T, H = T / 2;
	float *logp = xcalloc(S + 1, sizeof(float));
	uint16_t *top = xcalloc(S + 1, sizeof(uint16_t));
	openblas_set_num_threads(1);
	/* window 0: all positions */
	{
		struct lm_work *w0 = lm_work_new(lm, 1, T, 0);
		uint16_t *inp = xcalloc((size_t)T, sizeof(uint16_t)), *tgt = xcalloc((size_t)T, sizeof(uint16_t));
		for (int t = 0; t < T; t++) {
			inp[t] = (size_t)t < S ? seq[t] : 0;
			tgt[t] = (size_t)t + 1 < S ? seq[t + 1] : 0;
		}
		lm_forward(lm, w0, inp, tgt);
		if (atomic_load(&blas_threads) < 1)
			atomic_store(&blas_threads, 1);
		for (int t = 0; t < T && (size_t)t + 1 < S; t++) {
			logp[t + 1] = lm_work_logp(w0)[t];
			top[t + 1] = lm_work_argmax(w0)[t];
		}
		free(inp);
		free(tgt);
		lm_work_free(w0);
	}
	/* windows 1..n_win-1 start at w*H; the last must reach position S-1 */
	int n_win = 1;
	while ((size_t)(n_win - 1) * H + T + 1 < S)
		n_win++;
	if (S <= (size_t)T + 1)
		n_win = 1;
	if (n_win > 1) {
		struct job jobs[8];
		pthread_t th[8];
		int started[8] = { 0 };
		for (int k = 0; k < nth; k++) {
			jobs[k] = (struct job){ lm, lm_work_new(lm, SCORE_B, T, 0), seq, S, 1, n_win, k, nth,
						logp, top, xmalloc(sizeof(uint16_t) * SCORE_B * T),
						xmalloc(sizeof(uint16_t) * SCORE_B * T), deadline, &stop, cancel };
			lm_work_set_tail(jobs[k].w, T - H);
		}
		for (int k = 1; k < nth; k++)
			started[k] = pthread_create(&th[k], NULL, score_run, &jobs[k]) == 0;
		score_run(&jobs[0]);
		int ran = 1;
		for (int k = 1; k < nth; k++) {
			if (started[k]) {
				pthread_join(th[k], NULL);
				ran++;
			} else
				score_run(&jobs[k]);
		}
		for (int had = atomic_load(&blas_threads); had < ran;)
			if (atomic_compare_exchange_weak(&blas_threads, &had, ran))
				break;
		for (int k = 0; k < nth; k++) {
			lm_work_free(jobs[k].w);
			free(jobs[k].inp);
			free(jobs[k].tgt);
		}
	}
	if (atomic_load(&stop)) {
		free(logp);
		free(top);
		free(seq);
		free(norm);
		free(map);
		if (cancel && atomic_load(cancel)) {
			out->limit = LM_LIMIT_CANCEL;
			return sm_fail(err, SM_ELIMIT, "model scoring cancelled");
		}
		out->limit = LM_LIMIT_TIME;
		return sm_fail(err, SM_ELIMIT, "model scoring stopped at the time limit");
	}
	/* results for body tokens, with the unigram cache */
	out->n = nb;
	out->off = xmalloc((nb + 1) * sizeof(uint32_t));
	out->len = xmalloc((nb + 1) * sizeof(uint16_t));
	out->id = xmalloc((nb + 1) * sizeof(uint16_t));
	out->top = xmalloc((nb + 1) * sizeof(uint16_t));
	out->bits = xmalloc((nb + 1) * sizeof(float));
	out->model_bits = xmalloc((nb + 1) * sizeof(float));
	uint32_t *counts = cache_lambda > 0 ? xcalloc((size_t)lm->cfg.V, sizeof(uint32_t)) : NULL;
	size_t noff = 0;
	const double inv_ln2 = 1.0 / log(2.0);
	for (size_t i = 0; i < nb; i++) {
		size_t p = n_ctx + i, tl;
		uint16_t id = seq[p];
		lm_bpe_token(lm->bpe, id, &tl);
		uint32_t a = map[noff], b = map[noff + tl];
		noff += tl;
		out->off[i] = a;
		out->len[i] = (uint16_t)SM_MIN(b - a, 0xffffu);
		out->id[i] = id;
		out->top[i] = top[p];
		double pm = exp((double)logp[p]);
		out->model_bits[i] = (float)(-logp[p] * inv_ln2);
		if (counts) {
			double pc = i ? (double)counts[id] / (double)i : 0.0;
			double pmix = (1.0 - cache_lambda) * pm + cache_lambda * pc;
			if (!i)
				pmix = pm;
			out->bits[i] = (float)(-log(pmix > 1e-30 ? pmix : 1e-30) * inv_ln2);
			counts[id]++;
		} else {
			out->bits[i] = out->model_bits[i];
		}
	}
	free(counts);
	free(logp);
	free(top);
	free(seq);
	free(norm);
	free(map);
	return SM_OK;
}

void lm_scored_release(struct lm_scored *s)
{
	free(s->off);
	free(s->len);
	free(s->id);
	free(s->top);
	free(s->bits);
	free(s->model_bits);
	memset(s, 0, sizeof(*s));
}

double lm_scored_span(const struct lm_scored *s, uint32_t off, uint32_t len, size_t *n_tok)
{
	/* first token ending after off */
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->off[mid] + s->len[mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	double sum = 0.0;
	size_t cnt = 0;
	for (size_t i = lo; i < s->n && s->off[i] < off + len; i++) {
		if (s->len[i] == 0 && s->off[i] < off)
			continue;
		sum += s->bits[i];
		cnt++;
	}
	if (n_tok)
		*n_tok = cnt;
	return sum;
}

/* Encode the normalized text; returns a malloc'd token array. */
static uint16_t *encode_norm(struct lm *lm, const char *text, size_t n, size_t *nt)
{
	char *norm;
	uint32_t *map;
	size_t nn = normalize_map(text, n, &norm, &map);
	uint16_t *ids = xmalloc((nn + 4) * sizeof(uint16_t));
	size_t k = lm_bpe_encode(lm->bpe, "\n\n", 2, ids, 2);
	k = SM_MIN(k, (size_t)2);
	k += lm_bpe_encode(lm->bpe, norm, nn, ids + k, nn + 2);
	free(norm);
	free(map);
	*nt = k;
	return ids;
}

static int is_letter_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

size_t lm_continue_word(struct lm *lm, const char *text, size_t n, int max_tokens, char *buf,
			size_t cap)
{
	size_t nt;
	if (cap == 0)
		return 0;
	buf[0] = 0;
	uint16_t *ids = encode_norm(lm, text, n, &nt);
	int T = SM_MIN(lm->cfg.T, 96);
	int keep = T - max_tokens;
	if (keep < 1 || max_tokens < 1) {
		free(ids);
		return 0;
	}
	size_t start = nt > (size_t)keep ? nt - keep : 0;
	uint16_t *inp = xcalloc((size_t)T, sizeof(uint16_t));
	int len = (int)(nt - start);
	memcpy(inp, ids + start, (size_t)len * sizeof(uint16_t));
	free(ids);
	struct lm_work *w = lm_work_new(lm, 1, T, 0);
	size_t bl = 0;
	for (int k = 0; k < max_tokens; k++) {
		lm_work_set_tail(w, len - 1);
		lm_forward(lm, w, inp, NULL);
		uint16_t id = lm_work_argmax(w)[len - 1];
		size_t tl;
		const char *tp = lm_bpe_token(lm->bpe, id, &tl);
		/* stop at the end of the first word */
		size_t j = 0;
		if (k == 0 && tl && tp[0] == ' ')
			j = 1;
		size_t e = j;
		while (e < tl && is_letter_byte((unsigned char)tp[e]))
			e++;
		for (size_t q = j; q < e && bl + 1 < cap; q++)
			buf[bl++] = tp[q];
		if (e < tl || (k > 0 && e == 0))
			break;
		inp[len++] = id;
	}
	buf[bl] = 0;
	lm_work_free(w);
	free(inp);
	return bl;
}

void lm_embed(struct lm *lm, const char *text, size_t n, float *out)
{
	size_t nt;
	uint16_t *ids = encode_norm(lm, text, n, &nt);
	int T = (int)SM_MIN(nt, (size_t)lm->cfg.T), C = lm->cfg.C;
	struct lm_work *w = lm_work_new(lm, 1, T, 0);
	lm_work_set_tail(w, T - 1); /* logits are not needed */
	lm_forward(lm, w, ids, NULL);
	const float *h = lm_work_hidden(w);
	for (int c = 0; c < C; c++)
		out[c] = 0.0f;
	for (int t = 0; t < T; t++)
		for (int c = 0; c < C; c++)
			out[c] += h[(size_t)t * C + c] / (float)T;
	lm_work_free(w);
	free(ids);
}
