/* lmfile.c: the SMLM model file: magic "SMLM", version, configuration,
 * metadata, tokenizer merges, tensors (int8 in blocks of 32 with one fp32
 * scale, or fp32 for norms and biases) and an FNV-1a checksum of everything
 * before it. Loading validates every length, so a damaged file is refused
 * with SM_EMODEL and never read out of bounds. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "base/sbuf.h"
#include "lm_int.h"

#define LM_MAGIC "SMLM"
#define LM_VERSION 1
#define QBLOCK 32
#define LM_FILE_MAX ((size_t)1 << 30)

enum { TK_F32 = 0, TK_Q8 = 1 };

/* ---- writing ---- */

static void put(struct sbuf *sb, const void *p, size_t n)
{
	if (sbuf_add(sb, p, n) != SM_OK)
		SM_BUG("model file larger than its cap");
}

static void put_u32(struct sbuf *sb, uint32_t v) { put(sb, &v, 4); }

int lm_save(const struct lm *lm, const char *path, FILE *report, struct sm_err *err)
{
	struct sbuf sb;
	sbuf_init(&sb, LM_FILE_MAX);
	put(&sb, LM_MAGIC, 4);
	put_u32(&sb, LM_VERSION);
	const struct lm_config *c = &lm->cfg;
	uint32_t cf[6] = { (uint32_t)c->V, (uint32_t)c->T, (uint32_t)c->C, (uint32_t)c->L,
			   (uint32_t)c->NH, (uint32_t)c->F };
	put(&sb, cf, sizeof(cf));
	put(&sb, lm->meta.corpus, sizeof(lm->meta.corpus));
	put(&sb, &lm->meta.val_loss, 4);
	put(&sb, &lm->meta.val_bpb, 4);
	put(&sb, &lm->meta.train_tokens, 8);
	put(&sb, &lm->meta.steps, 4);
	int nm;
	const uint16_t *merges = lm_bpe_merges(lm->bpe, &nm);
	put_u32(&sb, (uint32_t)nm);
	put(&sb, merges, sizeof(uint16_t) * 2 * (size_t)nm);
	for (int i = 0; i < LM_NT; i++) {
		const float *x = lm->p[i];
		size_t n = lm->sz[i];
		if (!lm_tensor_quantized(i)) {
			uint8_t k = TK_F32;
			put(&sb, &k, 1);
			put(&sb, x, n * sizeof(float));
			continue;
		}
		uint8_t k = TK_Q8;
		put(&sb, &k, 1);
		double se = 0.0, sx = 0.0, maxe = 0.0;
		for (size_t b0 = 0; b0 < n; b0 += QBLOCK) {
			size_t m = SM_MIN((size_t)QBLOCK, n - b0);
			float amax = 0.0f;
			for (size_t j = 0; j < m; j++)
				amax = fmaxf(amax, fabsf(x[b0 + j]));
			float scale = amax / 127.0f;
			int8_t q[QBLOCK] = { 0 };
			for (size_t j = 0; j < m; j++) {
				float v = scale > 0 ? x[b0 + j] / scale : 0.0f;
				long r = lroundf(v);
				q[j] = (int8_t)(r > 127 ? 127 : r < -127 ? -127 : r);
				double e = (double)q[j] * scale - x[b0 + j];
				se += e * e;
				sx += (double)x[b0 + j] * x[b0 + j];
				if (fabs(e) > maxe)
					maxe = fabs(e);
			}
			put(&sb, &scale, 4);
			put(&sb, q, QBLOCK);
		}
		if (report)
			fprintf(report, "%-9s %9zu values  int8 rms error %.5f (%.2f%% of rms)  max %.5f\n",
				lm_tensor_name(i), n, sqrt(se / (double)n),
				sx > 0 ? 100.0 * sqrt(se / sx) : 0.0, maxe);
	}
	if (lm->lex) { /* optional section: the lexicon */
		put(&sb, "LEX1", 4);
		put_u32(&sb, (uint32_t)lm->lex->bytes);
		if (lm_lex_write(lm->lex, &sb) != SM_OK)
			SM_BUG("model file larger than its cap");
	}
	uint64_t h = sm_hash(SM_HASH_INIT, sb.buf, sb.len);
	put(&sb, &h, 8);
	FILE *f = fopen(path, "wb");
	if (!f) {
		int e = errno;
		sbuf_release(&sb);
		return sm_fail(err, SM_EIO, "'%s': %s", path, strerror(e));
	}
	size_t wr = fwrite(sb.buf, 1, sb.len, f);
	int bad = wr != sb.len;
	if (fclose(f) != 0)
		bad = 1;
	sbuf_release(&sb);
	if (bad)
		return sm_fail(err, SM_EIO, "'%s': write failed", path);
	return SM_OK;
}

/* ---- reading ---- */

struct rd {
	const unsigned char *p;
	size_t n, at;
};

static int get(struct rd *r, void *out, size_t n)
{
	if (n > r->n - r->at)
		return 0;
	memcpy(out, r->p + r->at, n);
	r->at += n;
	return 1;
}

int lm_load_mem(const void *data, size_t n, struct lm **out, struct sm_err *err)
{
	*out = NULL;
	const unsigned char *p = data;
	if (n < 16 || memcmp(p, LM_MAGIC, 4))
		return sm_fail(err, SM_EMODEL, "not a storymaster model (bad magic)");
	uint32_t ver;
	memcpy(&ver, p + 4, 4);
	if (ver != LM_VERSION)
		return sm_fail(err, SM_EMODEL, "unsupported model version %u (expected %d)", ver,
			       LM_VERSION);
	uint64_t h, want;
	memcpy(&want, p + n - 8, 8);
	h = sm_hash(SM_HASH_INIT, p, n - 8);
	if (h != want)
		return sm_fail(err, SM_EMODEL, "model file is corrupt (checksum mismatch)");
	struct rd r = { p, n - 8, 8 };
	uint32_t cf[6];
	struct lm_meta meta;
	uint32_t nm;
	memset(&meta, 0, sizeof(meta));
	if (!get(&r, cf, sizeof(cf)) || !get(&r, meta.corpus, sizeof(meta.corpus)) ||
	    !get(&r, &meta.val_loss, 4) || !get(&r, &meta.val_bpb, 4) ||
	    !get(&r, &meta.train_tokens, 8) || !get(&r, &meta.steps, 4) || !get(&r, &nm, 4))
		return sm_fail(err, SM_EMODEL, "model file is truncated (header)");
	meta.corpus[sizeof(meta.corpus) - 1] = 0;
	struct lm_config cfg = { (int)cf[0], (int)cf[1], (int)cf[2], (int)cf[3], (int)cf[4], (int)cf[5] };
	if (cf[0] > 65536 || cf[1] > 4096 || cf[2] > 4096 || cf[3] > 64 || cf[4] > 4096 || cf[5] > 65536)
		return sm_fail(err, SM_EMODEL, "bad model configuration");
	int rc = lm_config_check(&cfg, err);
	if (rc)
		return rc;
	if (nm + 256 != cf[0])
		return sm_fail(err, SM_EMODEL, "tokenizer size %u does not match vocabulary %u", nm + 256,
			       cf[0]);
	size_t sz[LM_NT];
	size_t total = lm_tensor_sizes(&cfg, sz);
	if (total > (size_t)1 << 28 || total > n) /* int8 takes at least 1 byte per value */
		return sm_fail(err, SM_EMODEL, "model tensors larger than the file");
	uint16_t *merges = xmalloc(sizeof(uint16_t) * 2 * (nm ? nm : 1));
	if (!get(&r, merges, sizeof(uint16_t) * 2 * nm)) {
		free(merges);
		return sm_fail(err, SM_EMODEL, "model file is truncated (tokenizer)");
	}
	struct lm_bpe *bpe = lm_bpe_from_merges(merges, (int)nm, err);
	free(merges);
	if (!bpe)
		return SM_EMODEL;
	struct lm *lm = lm_alloc(&cfg, bpe);
	lm->meta = meta;
	for (int i = 0; i < LM_NT; i++) {
		uint8_t k;
		if (!get(&r, &k, 1))
			goto trunc;
		float *x = lm->p[i];
		size_t cnt = lm->sz[i];
		if (k == TK_F32) {
			if (!get(&r, x, cnt * sizeof(float)))
				goto trunc;
		} else if (k == TK_Q8) {
			for (size_t b0 = 0; b0 < cnt; b0 += QBLOCK) {
				float scale;
				int8_t q[QBLOCK];
				if (!get(&r, &scale, 4) || !get(&r, q, QBLOCK))
					goto trunc;
				size_t m = SM_MIN((size_t)QBLOCK, cnt - b0);
				for (size_t j = 0; j < m; j++)
					x[b0 + j] = (float)q[j] * scale;
			}
		} else {
			lm_free(lm);
			return sm_fail(err, SM_EMODEL, "unknown tensor encoding %u in '%s'", k,
				       lm_tensor_name(i));
		}
		for (size_t j = 0; j < cnt; j++)
			if (!isfinite(x[j])) {
				lm_free(lm);
				return sm_fail(err, SM_EMODEL, "non-finite weight in '%s'", lm_tensor_name(i));
			}
	}
	if (r.at != r.n) { /* the lexicon */
		char tag[4];
		uint32_t plen;
		if (!get(&r, tag, 4) || memcmp(tag, "LEX1", 4) || !get(&r, &plen, 4) ||
		    plen != r.n - r.at) {
			lm_free(lm);
			return sm_fail(err, SM_EMODEL, "model file has a bad lexicon section");
		}
		if (!lm_lex_read(&lm->lex, (const unsigned char *)r.p + r.at, plen)) {
			lm_free(lm);
			return sm_fail(err, SM_EMODEL, "model file has a bad lexicon entry");
		}
	}
	*out = lm;
	return SM_OK;
trunc:
	lm_free(lm);
	return sm_fail(err, SM_EMODEL, "model file is truncated (tensors)");
}

int lm_load_file(const char *path, struct lm **out, struct sm_err *err)
{
	char *buf;
	size_t n;
	*out = NULL;
	int rc = sm_read_file(path, (size_t)1 << 31, &buf, &n, err);
	if (rc)
		return rc;
	if (n >= 4 && !memcmp(buf, "SMCK", 4)) { /* a training checkpoint */
		free(buf);
		return lm_load_checkpoint(path, out, err);
	}
	rc = lm_load_mem(buf, n, out, err);
	free(buf);
	if (rc) {
		char m[sizeof(err->msg)];
		snprintf(m, sizeof(m), "%s", err ? err->msg : "");
		return sm_fail(err, (enum sm_rc)rc, "'%s': %s", path, m);
	}
	return SM_OK;
}

int lm_load_default(struct lm **out, struct sm_err *err)
{
	*out = NULL;
	const struct sm_embedded *e = embedded_find("model/default.smlm");
	if (!e)
		return sm_fail(err, SM_EMODEL, "this binary has no built-in model (run 'make model')");
	return lm_load_mem(e->data, (size_t)(e->end - e->data), out, err);
}
