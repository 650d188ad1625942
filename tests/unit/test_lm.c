/* test_lm.c: the language model library: BPE round trips and known merges,
 * the SMLM file (round trip, truncation, corruption, wrong version),
 * training (a tiny model overfits a short text; early stop on a validation
 * set it cannot improve on), the chapter split, and scoring spans. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "lm_int.h"

static const char sample[] =
	"It is a truth universally acknowledged, that a single man in possession\n"
	"of a good fortune, must be in want of a wife.\n\n"
	"However little known the feelings or views of such a man may be on his\n"
	"first entering a neighbourhood, this truth is so well fixed in the minds\n"
	"of the surrounding families, that he is considered the rightful property\n"
	"of some one or other of their daughters.\n\n"
	"\"My dear Mr. Bennet,\" said his lady to him one day, \"have you heard that\n"
	"Netherfield Park is let at last?\"\n";

/* ---- tokenizer ---- */

static void test_bpe_roundtrip_random_bytes(void **state)
{
	(void)state;
	struct lm_bpe *b = lm_bpe_train(sample, sizeof(sample) - 1, 400);
	struct lm_rng r = { 99 };
	for (int round = 0; round < 200; round++) {
		size_t n = (size_t)(lm_rng_next(&r) % 300);
		char buf[300];
		for (size_t i = 0; i < n; i++) /* bytes biased towards text, with invalid UTF-8 */
			buf[i] = lm_rng_next(&r) % 3 ? "ab e\n'-\xe2\x80\x9c"[lm_rng_next(&r) % 11]
						      : (char)(lm_rng_next(&r) % 256);
		uint16_t ids[400];
		size_t k = lm_bpe_encode(b, buf, n, ids, 400);
		assert_true(k <= n);
		char out[400];
		size_t m = lm_bpe_decode(b, ids, k, out, sizeof(out));
		assert_int_equal(m, n);
		assert_memory_equal(out, buf, n);
	}
	lm_bpe_free(b);
}

static void test_bpe_roundtrip_text_compresses(void **state)
{
	(void)state;
	struct lm_bpe *b = lm_bpe_train(sample, sizeof(sample) - 1, 320);
	assert_true(lm_bpe_vocab(b) > 300 && lm_bpe_vocab(b) <= 320); /* stops when no pair repeats */
	uint16_t ids[1024];
	size_t n = sizeof(sample) - 1;
	size_t k = lm_bpe_encode(b, sample, n, ids, 1024);
	print_message("%zu bytes -> %zu tokens\n", n, k);
	assert_true(k < n * 6 / 10); /* merges learned from this text shorten it */
	char out[1024];
	assert_int_equal(lm_bpe_decode(b, ids, k, out, sizeof(out)), n);
	assert_memory_equal(out, sample, n);
	/* a second encoding (from the word cache) is identical */
	uint16_t ids2[1024];
	assert_int_equal(lm_bpe_encode(b, sample, n, ids2, 1024), k);
	assert_memory_equal(ids, ids2, k * sizeof(uint16_t));
	/* a too small buffer: the count is still exact */
	assert_int_equal(lm_bpe_encode(b, sample, n, ids2, 3), k);
	lm_bpe_free(b);
}

static void test_bpe_known_merges(void **state)
{
	(void)state;
	/* "the" once and " the" three times: (h,e) and (t,h) both count 4; the
	 * tie goes to the smaller pair, (h,e); then (t,he), then (' ',the). */
	static const char t[] = "the the the the";
	struct lm_bpe *b = lm_bpe_train(t, sizeof(t) - 1, 259);
	int n;
	const uint16_t *m = lm_bpe_merges(b, &n);
	assert_int_equal(n, 3);
	assert_int_equal(m[0], 'h');
	assert_int_equal(m[1], 'e');
	assert_int_equal(m[2], 't');
	assert_int_equal(m[3], 256);
	assert_int_equal(m[4], ' ');
	assert_int_equal(m[5], 257);
	uint16_t ids[8];
	assert_int_equal(lm_bpe_encode(b, "the the", 7, ids, 8), 2);
	assert_int_equal(ids[0], 257);
	assert_int_equal(ids[1], 258);
	size_t len;
	const char *p = lm_bpe_token(b, 258, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(p, " the", 4);
	/* merges that refer to undefined tokens are refused */
	uint16_t bad[2] = { 300, 'a' };
	struct sm_err err;
	assert_null(lm_bpe_from_merges(bad, 1, &err));
	assert_int_equal(err.rc, SM_EMODEL);
	lm_bpe_free(b);
}

/* ---- a tiny model ---- */

static struct lm *tiny(int V_merges, uint64_t seed)
{
	struct lm_bpe *b = lm_bpe_train(sample, sizeof(sample) - 1, 256 + V_merges);
	struct lm_config cfg = { lm_bpe_vocab(b), 32, 32, 2, 2, 64 };
	return lm_new(&cfg, b, seed);
}

static void test_file_roundtrip(void **state)
{
	(void)state;
	struct lm *lm = tiny(40, 1);
	snprintf(lm_meta(lm)->corpus, sizeof(lm_meta(lm)->corpus), "sample");
	lm_meta(lm)->val_bpb = 1.5f;
	char path[] = "/tmp/test_lm_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct sm_err err;
	assert_int_equal(lm_save(lm, path, NULL, &err), SM_OK);
	struct lm *lm2;
	assert_int_equal(lm_load_file(path, &lm2, &err), SM_OK);
	assert_memory_equal(lm_cfg(lm2), lm_cfg(lm), sizeof(struct lm_config));
	assert_string_equal(lm_meta(lm2)->corpus, "sample");
	assert_true(lm_meta(lm2)->val_bpb == 1.5f);
	/* int8 blocks: every weight within half a step of its block's scale */
	const float *a = lm_params(lm), *b = lm_params(lm2);
	for (size_t i = 0; i < lm_n_params(lm); i++)
		assert_true(fabsf(a[i] - b[i]) <= 0.5f * 0.2f / 127.0f + 1e-6f);
	uint16_t ids[16];
	assert_int_equal(lm_bpe_encode(lm_tokenizer(lm2), "a truth", 7, ids, 16),
			 lm_bpe_encode(lm_tokenizer(lm), "a truth", 7, ids, 16));
	lm_free(lm2);
	lm_free(lm);
	unlink(path);
}

static void test_file_damage_refused(void **state)
{
	(void)state;
	struct lm *lm = tiny(40, 2);
	char path[] = "/tmp/test_lm_XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	struct sm_err err;
	assert_int_equal(lm_save(lm, path, NULL, &err), SM_OK);
	char *buf;
	size_t n;
	assert_int_equal(sm_read_file(path, 1 << 26, &buf, &n, &err), SM_OK);
	struct lm *out;
	/* truncations at every 1/50th */
	for (int k = 0; k < 50; k++) {
		size_t cut = n * (size_t)k / 50;
		assert_int_equal(lm_load_mem(buf, cut, &out, &err), SM_EMODEL);
		assert_null(out);
	}
	/* random byte flips */
	struct lm_rng r = { 7 };
	for (int k = 0; k < 200; k++) {
		size_t at = (size_t)(lm_rng_next(&r) % n);
		unsigned char old = (unsigned char)buf[at];
		buf[at] = (char)(old ^ (1 + lm_rng_next(&r) % 255));
		assert_int_equal(lm_load_mem(buf, n, &out, &err), SM_EMODEL);
		assert_null(out);
		buf[at] = (char)old;
	}
	/* a wrong version with a valid checksum */
	buf[4] = 9;
	uint64_t h = sm_hash(SM_HASH_INIT, buf, n - 8);
	memcpy(buf + n - 8, &h, 8);
	assert_int_equal(lm_load_mem(buf, n, &out, &err), SM_EMODEL);
	assert_non_null(strstr(err.msg, "version"));
	buf[4] = 1;
	h = sm_hash(SM_HASH_INIT, buf, n - 8);
	memcpy(buf + n - 8, &h, 8);
	assert_int_equal(lm_load_mem(buf, n, &out, &err), SM_OK);
	lm_free(out);
	assert_int_equal(lm_load_file("/nonexistent/model.smlm", &out, &err), SM_EIO);
	free(buf);
	lm_free(lm);
	unlink(path);
}

static void test_overfit_short_text(void **state)
{
	(void)state;
	struct lm *lm = tiny(60, 3);
	uint16_t ids[1024];
	size_t n = lm_bpe_encode(lm_tokenizer(lm), sample, sizeof(sample) - 1, ids, 1024);
	struct lm_train_opts o;
	lm_train_defaults(&o);
	o.steps = 400;
	o.B = 4;
	o.T = 32;
	o.threads = 2;
	o.lr = 1e-2f;
	o.warmup = 10;
	o.wd = 0.0f;
	struct sm_err err;
	/* before: about ln V nats per token */
	struct lm_work *w = lm_work_new(lm, 1, 32, 0);
	float before = lm_forward(lm, w, ids, ids + 1);
	assert_true(before > 4.0f);
	assert_int_equal(lm_train(lm, ids, n, NULL, 0, &o, &err), SM_OK);
	float after = lm_forward(lm, w, ids, ids + 1);
	print_message("loss before %.3f after %.3f\n", before, after);
	assert_true(after < 0.5f);
	assert_non_null(strstr(o.stop_reason, "400 steps"));
	lm_work_free(w);
	lm_free(lm);
}

static void test_early_stop_on_unlearnable_validation(void **state)
{
	(void)state;
	struct lm *lm = tiny(60, 4);
	uint16_t ids[1024], val[2048];
	size_t n = lm_bpe_encode(lm_tokenizer(lm), sample, sizeof(sample) - 1, ids, 1024);
	struct lm_rng r = { 8 };
	for (int i = 0; i < 2048; i++) /* random tokens: nothing to learn */
		val[i] = (uint16_t)(lm_rng_next(&r) % (uint64_t)lm_cfg(lm)->V);
	struct lm_train_opts o;
	lm_train_defaults(&o);
	o.steps = 2000;
	o.B = 4;
	o.T = 32;
	o.threads = 1;
	o.lr = 1e-2f;
	o.warmup = 5;
	o.eval_every = 10;
	o.eval_windows = 16;
	o.patience = 3;
	struct sm_err err;
	assert_int_equal(lm_train(lm, ids, n, val, 2048, &o, &err), SM_OK);
	assert_non_null(strstr(o.stop_reason, "not improved"));
	assert_true(lm_meta(lm)->steps < 200); /* the best checkpoint is early */
	lm_free(lm);
}

static void test_training_is_deterministic(void **state)
{
	(void)state;
	float *p[2];
	for (int k = 0; k < 2; k++) {
		struct lm *lm = tiny(30, 5);
		uint16_t ids[1024];
		size_t n = lm_bpe_encode(lm_tokenizer(lm), sample, sizeof(sample) - 1, ids, 1024);
		struct lm_train_opts o;
		lm_train_defaults(&o);
		o.steps = 10;
		o.B = 2;
		o.T = 16;
		o.threads = 2;
		struct sm_err err;
		assert_int_equal(lm_train(lm, ids, n, NULL, 0, &o, &err), SM_OK);
		p[k] = malloc(lm_n_params(lm) * sizeof(float));
		memcpy(p[k], lm_params(lm), lm_n_params(lm) * sizeof(float));
		if (k == 1)
			assert_memory_equal(p[0], p[1], lm_n_params(lm) * sizeof(float));
		lm_free(lm);
	}
	free(p[0]);
	free(p[1]);
}

/* ---- text preparation and scoring ---- */

static void test_split_whole_chapters(void **state)
{
	(void)state;
	char text[4096];
	size_t n = 0;
	for (int c = 1; c <= 20; c++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "CHAPTER %d\n\nText of chapter\nnumber %d.\n\n\n", c, c);
	char *tr, *va;
	size_t ntr, nva;
	lm_split_chapters(text, n, &tr, &ntr, &va, &nva);
	assert_non_null(strstr(va, "CHAPTER 6\n\nText of chapter number 6."));
	assert_non_null(strstr(va, "number 16."));
	assert_null(strstr(tr, "number 6."));
	assert_non_null(strstr(tr, "number 5."));
	assert_null(strstr(va, "number 5."));
	assert_int_equal(ntr + nva + 2 < n, 1);
	free(tr);
	free(va);
	char t2[] = "a\nb\n\nc";
	lm_normalize(t2, 6);
	assert_string_equal(t2, "a b\n\nc");
}

static void test_score_spans_map_to_original(void **state)
{
	(void)state;
	struct lm *lm = tiny(60, 6);
	/* typographic quotes and a hard wrap: scored as ASCII, spans in the original */
	static const char t[] = "\xe2\x80\x9cMy dear,\xe2\x80\x9d said his\nlady.";
	struct lm_scored s;
	struct sm_err err;
	assert_int_equal(lm_score(lm, t, sizeof(t) - 1, 2, 0.0f, &s, &err), SM_OK);
	assert_true(s.n > 3);
	assert_int_equal(s.off[0], 0);
	assert_int_equal(s.len[0], 3); /* the curly quote, as '"' */
	uint32_t end = 0;
	for (size_t i = 0; i < s.n; i++) {
		assert_int_equal(s.off[i], end);
		end += s.len[i];
		assert_true(s.bits[i] >= 0.0f && isfinite(s.bits[i]));
	}
	assert_int_equal(end, sizeof(t) - 1);
	size_t k;
	double all = lm_scored_span(&s, 0, (uint32_t)(sizeof(t) - 1), &k);
	assert_int_equal(k, s.n);
	assert_true(all > 0);
	lm_scored_release(&s);
	lm_free(lm);
}

static void test_score_long_text_windows(void **state)
{
	(void)state;
	struct lm *lm = tiny(60, 7); /* context 32: many windows */
	size_t n = 0;
	char *t = malloc(20 * sizeof(sample));
	for (int i = 0; i < 20; i++) {
		memcpy(t + n, sample, sizeof(sample) - 1);
		n += sizeof(sample) - 1;
	}
	struct lm_scored a, b;
	struct sm_err err;
	assert_int_equal(lm_score(lm, t, n, 1, 0.0f, &a, &err), SM_OK);
	assert_int_equal(lm_score(lm, t, n, 2, 0.1f, &b, &err), SM_OK);
	assert_int_equal(a.n, b.n);
	double sa = 0, sb = 0;
	for (size_t i = 0; i < a.n; i++) {
		assert_true(a.model_bits[i] > 0.0f); /* every token was scored */
		assert_true(fabsf(a.model_bits[i] - b.model_bits[i]) < 1e-3f); /* threads agree */
		sa += a.bits[i];
		sb += b.bits[i];
	}
	assert_true(sb < sa); /* the text repeats: the cache helps */
	lm_scored_release(&a);
	lm_scored_release(&b);
	free(t);
	char buf[64];
	lm_continue_word(lm, "It is a", 7, 4, buf, sizeof(buf));
	assert_true(strlen(buf) < sizeof(buf));
	float emb[32];
	lm_embed(lm, sample, sizeof(sample) - 1, emb);
	for (int i = 0; i < 32; i++)
		assert_true(isfinite(emb[i]));
	lm_free(lm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bpe_roundtrip_random_bytes),
		cmocka_unit_test(test_bpe_roundtrip_text_compresses),
		cmocka_unit_test(test_bpe_known_merges),
		cmocka_unit_test(test_file_roundtrip),
		cmocka_unit_test(test_file_damage_refused),
		cmocka_unit_test(test_overfit_short_text),
		cmocka_unit_test(test_early_stop_on_unlearnable_validation),
		cmocka_unit_test(test_training_is_deterministic),
		cmocka_unit_test(test_split_whole_chapters),
		cmocka_unit_test(test_score_spans_map_to_original),
		cmocka_unit_test(test_score_long_text_windows),
	};
	return cmocka_run_group_tests_name("lm", tests, NULL, NULL);
}
