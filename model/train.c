/* train.c: training of the language model: text normalization and the
 * chapter-level validation split, AdamW with warmup and cosine decay,
 * gradient clipping, worker threads (each with single-threaded BLAS) whose
 * gradients are summed in a fixed order, validation with early stopping,
 * and resumable checkpoints. */
#include <cblas.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/sbuf.h"
#include "lm_int.h"

/* ================================================================== */
/* Text preparation                                                   */
/* ================================================================== */

void lm_normalize(char *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i] == '\r')
			t[i] = ' ';
		if (t[i] == '\n' && (i == 0 || t[i - 1] != '\n') && (i + 1 >= n || t[i + 1] != '\n')) {
			/* a lone newline: hard wrap, unless the previous one was also a newline
			 * (then i-1 is '\n' and we would not be here) */
			if (i > 0 && i + 1 < n)
				t[i] = ' ';
		}
	}
}

/* True when the line s[0..n) is a chapter heading. */
static int is_heading(const char *s, size_t n)
{
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	if (n == 0 || n > 60)
		return 0;
	if (n > 2 && s[0] == '#' && (s[1] == ' ' || s[1] == '#'))
		return 1;
	if (n > 8 && !strncasecmp(s, "chapter ", 8))
		return 1;
	return 0;
}

/* Append part to a growing buffer with a paragraph break between parts. */
static void append_part(struct sbuf *sb, const char *p, size_t n)
{
	while (n && (*p == '\n' || *p == ' ')) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == '\n' || p[n - 1] == ' '))
		n--;
	if (!n)
		return;
	if (sb->len && sbuf_add(sb, "\n\n", 2))
		SM_BUG("split buffer cap");
	if (sbuf_add(sb, p, n))
		SM_BUG("split buffer cap");
}

void lm_split_chapters(const char *text, size_t n, char **train, size_t *n_train, char **val,
		       size_t *n_val)
{
	size_t *starts = NULL, ns = 0, cap = 0;
	/* heading lines */
	for (size_t i = 0; i < n;) {
		size_t e = i;
		while (e < n && text[e] != '\n')
			e++;
		if (is_heading(text + i, e - i)) {
			SM_GROW(starts, cap, ns + 1);
			starts[ns++] = i;
		}
		i = e + 1;
	}
	if (ns < 6) { /* no chapters: chunks of ~20 kB at paragraph breaks (a tenth of a
		       * shorter text, so that a short story still has a part to validate on) */
		ns = 0;
		size_t last = 0, chunk = SM_MIN((size_t)20000, SM_MAX((size_t)1000, n / 10));
		SM_GROW(starts, cap, 1);
		starts[ns++] = 0;
		for (size_t i = 0; i + 1 < n; i++)
			if (text[i] == '\n' && text[i + 1] == '\n' && i >= last + chunk) { /* never i - last: i may be last - 1 */
				SM_GROW(starts, cap, ns + 1);
				starts[ns++] = last = i + 2;
			}
	} else if (starts[0] != 0) { /* front matter is a part of its own */
		SM_GROW(starts, cap, ns + 1);
		memmove(starts + 1, starts, ns * sizeof(*starts));
		starts[0] = 0;
		ns++;
	}
	struct sbuf tr, va;
	sbuf_init(&tr, (size_t)1 << 31);
	sbuf_init(&va, (size_t)1 << 31);
	for (size_t k = 0; k < ns; k++) {
		size_t a = starts[k], b = k + 1 < ns ? starts[k + 1] : n;
		int to_val = ns >= 10 ? k % 10 == 5 : (ns >= 2 && k == ns - 1);
		append_part(to_val ? &va : &tr, text + a, b - a);
	}
	free(starts);
	if (!tr.buf)
		sbuf_addc(&tr, '\n');
	if (!va.buf)
		sbuf_addc(&va, '\n');
	*train = sbuf_detach(&tr, n_train);
	*val = sbuf_detach(&va, n_val);
	lm_normalize(*train, *n_train);
	lm_normalize(*val, *n_val);
}

/* ================================================================== */
/* Options                                                            */
/* ================================================================== */

void lm_train_defaults(struct lm_train_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->epochs = 1.0;
	o->B = 8;
	o->T = 256;
	o->threads = 2;
	o->seed = 1;
	o->lr = 2e-3f;
	o->min_lr_frac = 0.1f;
	o->warmup = 100;
	o->wd = 0.1f;
	o->clip = 1.0f;
	o->eval_every = 0; /* from the run's length */
	o->eval_windows = 64;
	o->patience = 0;   /* from the number of evaluations */
}

/* ================================================================== */
/* Checkpoints                                                        */
/* ================================================================== */

#define CK_MAGIC "SMCK"
#define CK_VERSION 2 /* 2: the run's settings and the lexicon are kept too */

struct ckstate {
	uint32_t step;
	uint64_t rng;
	float best_val;
	uint32_t best_step, bad_evals;
	uint64_t tokens;
};

/* The settings of the run, so that --resume goes on as it was started. */
struct cksettings {
	int32_t steps, warmup, eval_every, eval_windows, patience, B, T;
	float lr, min_lr_frac, wd, clip;
	uint64_t seed;
};

static void settings_of(const struct lm_train_opts *o, int steps, int eval_every, int patience,
			struct cksettings *k)
{
	memset(k, 0, sizeof(*k));
	k->steps = steps;
	k->warmup = o->warmup;
	k->eval_every = eval_every;
	k->eval_windows = o->eval_windows;
	k->patience = patience;
	k->B = o->B;
	k->T = o->T;
	k->lr = o->lr;
	k->min_lr_frac = o->min_lr_frac;
	k->wd = o->wd;
	k->clip = o->clip;
	k->seed = o->seed;
}

static int ck_write(const struct lm *lm, const float *m, const float *v, const float *best,
		    const struct ckstate *st, const struct cksettings *set, const char *path, struct sm_err *err)
{
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	if (!f)
		return sm_fail(err, SM_EIO, "'%s': %s", tmp, strerror(errno));
	uint64_t h = SM_HASH_INIT;
	int nm;
	const uint16_t *merges = lm_bpe_merges(lm->bpe, &nm);
	uint32_t hdr[9] = { CK_VERSION, (uint32_t)lm->cfg.V, (uint32_t)lm->cfg.T, (uint32_t)lm->cfg.C,
			    (uint32_t)lm->cfg.L, (uint32_t)lm->cfg.NH, (uint32_t)lm->cfg.F,
			    (uint32_t)nm, 0 };
	struct sbuf lex;
	sbuf_init(&lex, (size_t)1 << 30);
	if (lm->lex)
		lm_lex_write(lm->lex, &lex);
	uint32_t lex_len = (uint32_t)lex.len;
	struct { const void *p; size_t n; } parts[] = {
		{ CK_MAGIC, 4 }, { hdr, sizeof(hdr) }, { merges, sizeof(uint16_t) * 2 * (size_t)nm },
		{ st, sizeof(*st) }, { set, sizeof(*set) }, { &lm->meta, sizeof(lm->meta) },
		{ lm->params, lm->n_params * 4 }, { m, lm->n_params * 4 }, { v, lm->n_params * 4 },
		{ best, lm->n_params * 4 }, { &lex_len, 4 }, { lex.buf ? lex.buf : "", lex.len },
	};
	int bad = 0;
	for (size_t i = 0; i < SM_ARRAY_LEN(parts); i++) {
		h = sm_hash(h, parts[i].p, parts[i].n);
		bad |= fwrite(parts[i].p, 1, parts[i].n, f) != parts[i].n;
	}
	sbuf_release(&lex);
	bad |= fwrite(&h, 1, 8, f) != 8;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path)) {
		remove(tmp);
		return sm_fail(err, SM_EIO, "'%s': cannot write checkpoint", path);
	}
	return SM_OK;
}

/* Read a checkpoint file: *buf holds it (caller frees); *off is where the
 * state starts. Validates magic, version, checksum and sizes. */
static int ck_read(const char *path, char **buf, size_t *n, uint32_t *hdr, size_t *off,
		   struct sm_err *err)
{
	int rc = sm_read_file(path, (size_t)1 << 31, buf, n, err);
	if (rc)
		return rc;
	char *b = *buf;
	if (*n < 4 + 36 + 8 || memcmp(b, CK_MAGIC, 4))
		goto bad;
	memcpy(hdr, b + 4, 36);
	if (hdr[0] != CK_VERSION) {
		free(*buf);
		*buf = NULL;
		return sm_fail(err, SM_EMODEL, "'%s': a training checkpoint of another version of storymaster", path);
	}
	uint64_t h, want;
	memcpy(&want, b + *n - 8, 8);
	h = sm_hash(SM_HASH_INIT, b, *n - 8);
	if (h != want)
		goto bad;
	struct lm_config cfg = { (int)hdr[1], (int)hdr[2], (int)hdr[3], (int)hdr[4], (int)hdr[5], (int)hdr[6] };
	if (lm_config_check(&cfg, NULL) || hdr[7] + 256 != hdr[1])
		goto bad;
	size_t sz[LM_NT];
	size_t np = lm_tensor_sizes(&cfg, sz);
	size_t fixed = 40 + 4 * (size_t)hdr[7] + sizeof(struct ckstate) + sizeof(struct cksettings) +
		       sizeof(struct lm_meta) + 16 * np;
	uint32_t lex_len;
	if (*n < fixed + 4 + 8)
		goto bad;
	memcpy(&lex_len, b + fixed, 4);
	if (fixed + 4 + (size_t)lex_len + 8 != *n)
		goto bad;
	*off = 40 + 4 * (size_t)hdr[7];
	return SM_OK;
bad:
	free(*buf);
	*buf = NULL;
	return sm_fail(err, SM_EMODEL, "'%s': not a valid training checkpoint", path);
}

int lm_load_checkpoint(const char *path, struct lm **out, struct sm_err *err)
{
	char *buf;
	size_t n, off;
	uint32_t hdr[9];
	*out = NULL;
	int rc = ck_read(path, &buf, &n, hdr, &off, err);
	if (rc)
		return rc;
	struct lm_config cfg = { (int)hdr[1], (int)hdr[2], (int)hdr[3], (int)hdr[4], (int)hdr[5], (int)hdr[6] };
	uint16_t *merges = xmalloc(4 * (size_t)hdr[7] + 4);
	memcpy(merges, buf + 40, 4 * (size_t)hdr[7]);
	struct lm_bpe *bpe = lm_bpe_from_merges(merges, (int)hdr[7], err);
	free(merges);
	if (!bpe) {
		free(buf);
		return SM_EMODEL;
	}
	struct lm *lm = lm_alloc(&cfg, bpe);
	off += sizeof(struct ckstate) + sizeof(struct cksettings);
	memcpy(&lm->meta, buf + off, sizeof(lm->meta));
	lm->meta.corpus[sizeof(lm->meta.corpus) - 1] = 0;
	off += sizeof(lm->meta);
	memcpy(lm->params, buf + off, lm->n_params * 4);
	off += 4 * lm->n_params * 4;
	uint32_t lex_len;
	memcpy(&lex_len, buf + off, 4);
	if (!lm_lex_read(&lm->lex, (const unsigned char *)buf + off + 4, lex_len)) {
		free(buf);
		lm_free(lm);
		return sm_fail(err, SM_EMODEL, "'%s': a checkpoint with a bad lexicon", path);
	}
	free(buf);
	*out = lm;
	return SM_OK;
}

int lm_checkpoint_settings(const char *path, struct lm_train_opts *o, struct sm_err *err)
{
	char *buf;
	size_t n, off;
	uint32_t hdr[9];
	int rc = ck_read(path, &buf, &n, hdr, &off, err);
	if (rc)
		return rc;
	struct ckstate st;
	struct cksettings k;
	memcpy(&st, buf + off, sizeof(st));
	memcpy(&k, buf + off + sizeof(st), sizeof(k));
	free(buf);
	o->steps = k.steps;
	o->warmup = k.warmup;
	o->eval_every = k.eval_every;
	o->eval_windows = k.eval_windows;
	o->patience = k.patience;
	o->B = k.B;
	o->T = k.T;
	o->lr = k.lr;
	o->min_lr_frac = k.min_lr_frac;
	o->wd = k.wd;
	o->clip = k.clip;
	o->seed = k.seed;
	o->resumed_step = (int)st.step;
	return SM_OK;
}

/* ================================================================== */
/* Training loop                                                      */
/* ================================================================== */

struct worker {
	struct lm *lm;
	struct lm_work *w;
	float *grads;
	uint16_t *inp, *tgt; /* B*T each */
	float loss;
	int do_backward;
};

static void *worker_run(void *arg)
{
	struct worker *k = arg;
	if (k->do_backward)
		memset(k->grads, 0, k->lm->n_params * sizeof(float));
	k->loss = lm_forward(k->lm, k->w, k->inp, k->tgt);
	if (k->do_backward)
		lm_backward(k->lm, k->w, k->grads);
	return NULL;
}

/* Run all workers (worker 0 on this thread). */
static void run_workers(struct worker *ws, int n)
{
	pthread_t th[8];
	int started[8] = { 0 };
	for (int i = 1; i < n; i++)
		started[i] = pthread_create(&th[i], NULL, worker_run, &ws[i]) == 0;
	worker_run(&ws[0]);
	for (int i = 1; i < n; i++) {
		if (started[i])
			pthread_join(th[i], NULL);
		else
			worker_run(&ws[i]); /* could not start a thread: do it here */
	}
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Mean validation loss over n_win fixed windows (a multiple of the batch
 * size), and bits per byte. */
static float evaluate(struct lm *lm, struct worker *ws, int nth, const uint16_t *val, int n_win,
		      size_t stride, float *bpb)
{
	int B = lm_work_B(ws[0].w), T = lm_work_T(ws[0].w);
	double loss = 0.0, bytes = 0.0;
	int done = 0;
	while (done < n_win) {
		int used = 0;
		for (int k = 0; k < nth && done < n_win; k++, used++) {
			for (int b = 0; b < B; b++, done++) {
				memcpy(ws[k].inp + b * T, val + (size_t)done * stride, T * sizeof(uint16_t));
				memcpy(ws[k].tgt + b * T, val + (size_t)done * stride + 1, T * sizeof(uint16_t));
				for (int t = 0; t < T; t++) {
					size_t len;
					lm_bpe_token(lm->bpe, ws[k].tgt[b * T + t], &len);
					bytes += (double)len;
				}
			}
			ws[k].do_backward = 0;
		}
		run_workers(ws, used);
		for (int k = 0; k < used; k++)
			loss += (double)ws[k].loss * B;
	}
	float mean = (float)(loss / n_win);
	*bpb = (float)(mean / log(2.0) * (double)n_win * T / bytes);
	return mean;
}

int lm_train(struct lm *lm, const uint16_t *train, size_t n_train, const uint16_t *val,
	     size_t n_val, struct lm_train_opts *o, struct sm_err *err)
{
	int T = SM_MIN(o->T, lm->cfg.T), B = o->B, nth = SM_MAX(1, SM_MIN(o->threads, 8));
	if (T < 2 || B < 1)
		return sm_fail(err, SM_EUSAGE, "bad batch shape %d x %d", B, T);
	if (n_train < (size_t)T + 2)
		return sm_fail(err, SM_EUSAGE, "too little training text (%zu tokens, need %d)", n_train,
			       T + 2);
	size_t np = lm->n_params;
	size_t tok_per_step = (size_t)nth * B * T;
	int steps = o->steps > 0 ? o->steps
				 : (int)SM_MAX(1.0, ceil(o->epochs * (double)n_train / (double)tok_per_step));
	int n_win = (int)SM_MIN((size_t)o->eval_windows, n_val > 1 ? (n_val - 1) / (size_t)T : 0);
	n_win = n_win / B * B;
	size_t stride = (size_t)T;
	if (n_win == 0 && n_val > (size_t)T + B) {
		/* a short validation text (a story's last part): one batch of
		 * overlapping windows, rather than no validation at all */
		n_win = B;
		stride = (n_val - 1 - (size_t)T) / (size_t)(B - 1 > 0 ? B - 1 : 1);
	}
	/* validation cadence and patience from the run's length, so that early
	 * stopping can fire on one book: about twenty evaluations */
	int eval_every = o->eval_every > 0 ? o->eval_every : (int)SM_MIN(100, SM_MAX(5, steps / 20));
	int patience = o->patience > 0 ? o->patience : (steps / eval_every >= 15 ? 5 : 3);
	o->eval_every = eval_every;
	o->patience = patience;
	struct cksettings set;
	settings_of(o, steps, eval_every, patience, &set);
	openblas_set_num_threads(1);

	float *m = xcalloc(np, sizeof(float)), *v = xcalloc(np, sizeof(float));
	float *best = xmalloc(np * sizeof(float));
	memcpy(best, lm->params, np * sizeof(float));
	struct worker ws[8];
	for (int k = 0; k < nth; k++) {
		ws[k].lm = lm;
		ws[k].w = lm_work_new(lm, B, T, 1);
		ws[k].grads = xcalloc(np, sizeof(float));
		ws[k].inp = xmalloc((size_t)B * T * sizeof(uint16_t));
		ws[k].tgt = xmalloc((size_t)B * T * sizeof(uint16_t));
	}
	struct ckstate st = { 0, o->seed * 0x9e3779b97f4a7c15ULL + 7, -1.0f, 0, 0, 0 };
	int rc = SM_OK;
	if (o->resume_path) {
		char *buf;
		size_t n, off;
		uint32_t hdr[9];
		rc = ck_read(o->resume_path, &buf, &n, hdr, &off, err);
		if (rc)
			goto done;
		if ((int)hdr[1] != lm->cfg.V || (int)hdr[3] != lm->cfg.C || (int)hdr[4] != lm->cfg.L ||
		    (int)hdr[2] != lm->cfg.T || (int)hdr[6] != lm->cfg.F || (int)hdr[5] != lm->cfg.NH) {
			free(buf);
			rc = sm_fail(err, SM_EMODEL, "'%s': checkpoint is for another model shape",
				     o->resume_path);
			goto done;
		}
		memcpy(&st, buf + off, sizeof(st));
		off += sizeof(st);
		size_t poff = off + sizeof(struct cksettings) + sizeof(struct lm_meta);
		memcpy(lm->params, buf + poff, np * 4);
		memcpy(m, buf + poff + np * 4, np * 4);
		memcpy(v, buf + poff + 2 * np * 4, np * 4);
		memcpy(best, buf + poff + 3 * np * 4, np * 4);
		free(buf);
	} else if (n_win > 0) {
		/* where it starts: a fine-tune must beat its base model, or the
		 * base is kept */
		float bpb;
		float vl = evaluate(lm, ws, nth, val, n_win, stride, &bpb);
		st.best_val = vl;
		st.best_step = 0;
		o->start_val_bpb = bpb;
		lm->meta.val_loss = vl;
		lm->meta.val_bpb = bpb;
	}
	struct lm_rng rng = { st.rng };
	const float b1 = 0.9f, b2 = 0.95f, eps = 1e-8f;
	double t0 = now_s();
	size_t tok_run = 0;
	float last_val = st.best_val;
	snprintf(o->stop_reason, sizeof(o->stop_reason), "reached %d steps", steps);
	int step;
	for (step = (int)st.step; step < steps; step++) {
		if (o->time_budget > 0 && now_s() - t0 > o->time_budget) {
			snprintf(o->stop_reason, sizeof(o->stop_reason),
				 "the time budget of %.0f s was spent at step %d of %d", o->time_budget, step, steps);
			break;
		}
		if (o->interrupt && *o->interrupt) {
			snprintf(o->stop_reason, sizeof(o->stop_reason), "interrupted at step %d of %d", step, steps);
			o->interrupted = 1;
			break;
		}
		/* batch: random windows, drawn on this thread so that the data do
		 * not depend on scheduling */
		for (int k = 0; k < nth; k++) {
			for (int b = 0; b < B; b++) {
				size_t s0 = (size_t)(lm_rng_next(&rng) % (n_train - (size_t)T - 1));
				memcpy(ws[k].inp + b * T, train + s0, T * sizeof(uint16_t));
				memcpy(ws[k].tgt + b * T, train + s0 + 1, T * sizeof(uint16_t));
			}
			ws[k].do_backward = 1;
		}
		run_workers(ws, nth);
		float *g = ws[0].grads;
		float loss = ws[0].loss;
		for (int k = 1; k < nth; k++) {
			const float *gk = ws[k].grads;
			for (size_t i = 0; i < np; i++)
				g[i] += gk[i];
			loss += ws[k].loss;
		}
		loss /= (float)nth;
		double norm = 0.0;
		float gs = 1.0f / (float)nth;
		for (size_t i = 0; i < np; i++) {
			g[i] *= gs;
			norm += (double)g[i] * g[i];
		}
		norm = sqrt(norm);
		float clipf = (o->clip > 0 && norm > o->clip) ? (float)(o->clip / norm) : 1.0f;
		/* learning rate: linear warmup, cosine decay to min_lr_frac */
		float lr;
		if (step < o->warmup)
			lr = o->lr * (float)(step + 1) / (float)o->warmup;
		else {
			double pr = steps > o->warmup ? (double)(step - o->warmup) / (steps - o->warmup) : 1.0;
			double c = 0.5 * (1.0 + cos(3.141592653589793 * SM_MIN(pr, 1.0)));
			lr = o->lr * (float)(o->min_lr_frac + (1.0 - o->min_lr_frac) * c);
		}
		float bc1 = 1.0f - powf(b1, (float)(step + 1)), bc2 = 1.0f - powf(b2, (float)(step + 1));
		size_t i0 = 0;
		for (int t = 0; t < LM_NT; t++) {
			float wd = lm_tensor_quantized(t) ? o->wd : 0.0f;
			for (size_t i = i0; i < i0 + lm->sz[t]; i++) {
				float gi = g[i] * clipf;
				m[i] = b1 * m[i] + (1.0f - b1) * gi;
				v[i] = b2 * v[i] + (1.0f - b2) * gi * gi;
				float mh = m[i] / bc1, vh = v[i] / bc2;
				lm->params[i] -= lr * (mh / (sqrtf(vh) + eps) + wd * lm->params[i]);
			}
			i0 += lm->sz[t];
		}
		st.tokens += tok_per_step;
		tok_run += tok_per_step;
		double el = now_s() - t0;
		struct lm_progress pg = { step + 1, steps, loss, last_val, st.best_val,
					  el > 0 ? (double)tok_run / el : 0.0, 0.0, 0 };
		pg.eta_s = pg.tok_per_s > 0 ? (double)(steps - step - 1) * tok_per_step / pg.tok_per_s : 0;
		if (o->time_budget > 0 && pg.eta_s > o->time_budget - el)
			pg.eta_s = SM_MAX(0.0, o->time_budget - el);
		int stop = 0;
		if (n_win > 0 && ((step + 1) % eval_every == 0 || step + 1 == steps)) {
			float bpb;
			float vl = evaluate(lm, ws, nth, val, n_win, stride, &bpb);
			last_val = vl;
			pg.val_loss = vl;
			pg.is_eval = 1;
			if (st.best_val < 0 || vl < st.best_val - 1e-4f) {
				st.best_val = vl;
				st.best_step = (uint32_t)(step + 1);
				st.bad_evals = 0;
				memcpy(best, lm->params, np * sizeof(float));
				lm->meta.val_loss = vl;
				lm->meta.val_bpb = bpb;
			} else if (++st.bad_evals >= (uint32_t)patience) {
				snprintf(o->stop_reason, sizeof(o->stop_reason),
					 "validation loss has not improved for %u evaluations (best %.4f at step %u)",
					 st.bad_evals, st.best_val, st.best_step);
				stop = 1;
			}
			pg.best_val = st.best_val;
			if (o->ckpt_path) {
				st.step = (uint32_t)(step + 1);
				st.rng = rng.s;
				rc = ck_write(lm, m, v, best, &st, &set, o->ckpt_path, err);
				if (rc)
					goto done;
			}
		}
		if (o->progress)
			o->progress(&pg, o->ctx);
		if (stop) {
			step++;
			break;
		}
	}
	if (n_win == 0)
		snprintf(o->stop_reason, sizeof(o->stop_reason), "reached %d steps (no validation text)",
			 step);
	else
		memcpy(lm->params, best, np * sizeof(float));
	lm->meta.train_tokens += st.tokens;
	lm->meta.steps = (uint32_t)(st.best_step ? st.best_step : (uint32_t)step);
	o->best_step = (int)st.best_step;
	if (n_win > 0 && st.best_step == 0)
		snprintf(o->stop_reason + strlen(o->stop_reason), sizeof(o->stop_reason) - strlen(o->stop_reason),
			 "; never better than where it started: the starting weights are kept");
done:
	for (int k = 0; k < nth; k++) {
		lm_work_free(ws[k].w);
		free(ws[k].grads);
		free(ws[k].inp);
		free(ws[k].tgt);
	}
	free(m);
	free(v);
	free(best);
	return rc;
}
