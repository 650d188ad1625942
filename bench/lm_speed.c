/* lm_speed.c: speed figures of the language model for make bench-model:
 * cblas_sgemm GFLOP/s on one core at the model's shapes, scoring tokens/s on
 * 1 and 2 threads (and the fraction of the sgemm rate that is), the time of
 * a 5,000-word chapter and of a whole novel, training tokens/s, peak RSS.
 *   usage: lm_speed NOVEL.txt [MODEL] */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "lm.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static double sgemm_gflops(int M, int N, int K)
{
	float *a = calloc((size_t)M * K, 4), *b = calloc((size_t)N * K, 4), *c = calloc((size_t)M * N, 4);
	for (size_t i = 0; i < (size_t)M * K; i++)
		a[i] = (float)(i % 7) * 0.1f;
	for (size_t i = 0; i < (size_t)N * K; i++)
		b[i] = (float)(i % 5) * 0.1f;
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, M, N, K, 1, a, K, b, K, 0, c, N);
	int reps = 0;
	double t0 = now(), el;
	do {
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, M, N, K, 1, a, K, b, K, 0, c, N);
		reps++;
		el = now() - t0;
	} while (el < 0.5);
	free(a);
	free(b);
	free(c);
	return 2.0 * M * N * K * reps / el / 1e9;
}

/* Seconds to score text[0..n) on th threads; *ntok receives the token count. */
static double score_time(struct lm *lm, const char *t, size_t n, int th, size_t *ntok)
{
	struct lm_scored s;
	struct sm_err err;
	double t0 = now();
	if (lm_score(lm, t, n, th, 0.0f, &s, &err)) {
		fprintf(stderr, "lm_speed: %s\n", err.msg);
		exit(2);
	}
	double el = now() - t0;
	*ntok = s.n;
	lm_scored_release(&s);
	return el;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: lm_speed NOVEL.txt [MODEL]\n");
		return 2;
	}
	struct sm_err err;
	struct lm *lm;
	if ((argc > 2 ? lm_load_file(argv[2], &lm, &err) : lm_load_default(&lm, &err))) {
		fprintf(stderr, "lm_speed: %s\n", err.msg);
		return 2;
	}
	char *text;
	size_t n;
	if (sm_read_file(argv[1], (size_t)1 << 28, &text, &n, &err)) {
		fprintf(stderr, "lm_speed: %s\n", err.msg);
		return 2;
	}
	openblas_set_num_threads(1);
	const struct lm_config *c = lm_cfg(lm);
	double g1 = sgemm_gflops(2048, 3 * c->C, c->C), g2 = sgemm_gflops(2048, c->F, c->C);
	double g3 = sgemm_gflops(1024, c->V, c->C);
	double gem = (g1 + g2 + g3) / 3;
	printf("sgemm, 1 core:                %.1f GFLOP/s (model shapes: %.1f %.1f %.1f)\n", gem, g1, g2, g3);
	/* FLOPs per scored token: windows advance by T/2, so every token is in two
	 * windows; logits only for the scored half */
	double T = c->T, C = c->C, L = c->L, F = c->F, V = c->V;
	double per_pos = L * (2 * C * 3 * C + 2 * C * C + 2 * 2 * C * F + 2 * 2 * T * C);
	double flops = 2 * per_pos + 2 * C * V;
	printf("model:                        %.1f MFLOP per scored token (V %d T %d C %d L %d)\n",
	       flops / 1e6, c->V, c->T, c->C, c->L);
	size_t words = 0;
	for (size_t i = 0; i + 1 < n; i++)
		if (text[i] != ' ' && text[i] != '\n' && (text[i + 1] == ' ' || text[i + 1] == '\n'))
			words++;
	size_t nt;
	for (int th = 1; th <= 2; th++) {
		double el = score_time(lm, text, n, th, &nt);
		printf("scoring, %d thread%s:           %.0f tokens/s (%.0f%% of %d x sgemm rate); %zu words in %.2f s\n",
		       th, th > 1 ? "s" : " ", nt / el, 100.0 * nt / el * flops / 1e9 / (gem * th), th,
		       words, el);
	}
	/* a 5,000-word chapter */
	size_t cut = 0, w = 0;
	while (cut + 1 < n && w < 5000) {
		if (text[cut] != ' ' && text[cut] != '\n' && (text[cut + 1] == ' ' || text[cut + 1] == '\n'))
			w++;
		cut++;
	}
	printf("5,000-word chapter, 2 threads: %.3f s\n", score_time(lm, text, cut, 2, &nt));
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("peak RSS (scoring):           %.0f MB\n", ru.ru_maxrss / 1024.0);
	/* training throughput: a few steps on 2 threads */
	uint16_t *ids = malloc((n + 1) * sizeof(uint16_t));
	size_t ni = lm_bpe_encode(lm_tokenizer(lm), text, n, ids, n + 1);
	struct lm_train_opts o;
	lm_train_defaults(&o);
	o.steps = 6;
	o.threads = 2;
	double t0 = now();
	if (lm_train(lm, ids, ni, NULL, 0, &o, &err) == SM_OK) {
		double el = now() - t0;
		printf("training, 2 threads:          %.0f tokens/s (batch 2 x %d x %d)\n",
		       (double)o.steps * 2 * o.B * o.T / el, o.B, o.T);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("peak RSS (then training):     %.0f MB\n", ru.ru_maxrss / 1024.0);
	free(ids);
	free(text);
	lm_free(lm);
	return 0;
}
