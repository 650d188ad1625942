/* lm_kn.c: the baseline for the language model benchmark: a byte-level
 * interpolated Kneser-Ney n-gram model (default order 7) trained on one text
 * and evaluated on another; prints held-out bits per byte.
 *   usage: lm_kn TRAIN.txt HELDOUT.txt [ORDER] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sm.h"

#define MAXN 8

/* One table maps a key (order in the top byte, up to 7 bytes below) to a count. */
struct tab {
	uint64_t *k;
	double *v;
	size_t mask;
};

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	return x ^ (x >> 33);
}

static double *slot(struct tab *t, uint64_t key, int create)
{
	for (size_t i = mix(key) & t->mask;; i = (i + 1) & t->mask) {
		if (t->k[i] == key)
			return &t->v[i];
		if (!t->k[i]) {
			if (!create)
				return NULL;
			t->k[i] = key;
			return &t->v[i];
		}
	}
}

static uint64_t gram_key(const unsigned char *s, int n)
{
	uint64_t k = (uint64_t)(n + 1) << 56;
	for (int i = 0; i < n; i++)
		k |= (uint64_t)s[i] << (8 * i);
	return k;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: lm_kn TRAIN HELDOUT [ORDER]\n");
		return 2;
	}
	int N = argc > 3 ? atoi(argv[3]) : 7;
	if (N < 1 || N > 7)
		N = 7;
	char *tr, *te;
	size_t ntr, nte;
	struct sm_err err;
	if (sm_read_file(argv[1], (size_t)1 << 28, &tr, &ntr, &err) ||
	    sm_read_file(argv[2], (size_t)1 << 28, &te, &nte, &err)) {
		fprintf(stderr, "lm_kn: %s\n", err.msg);
		return 2;
	}
	const unsigned char *s = (const unsigned char *)tr;
	struct tab raw = { 0 }, ctxsum = { 0 }, ctxn1 = { 0 }, cont = { 0 };
	struct tab *tabs[] = { &raw, &ctxsum, &ctxn1, &cont };
	for (int i = 0; i < 4; i++) {
		size_t sz = (size_t)1 << (i == 0 ? 23 : 22); /* n-grams of a few MB of text */
		tabs[i]->k = calloc(sz, sizeof(uint64_t));
		tabs[i]->v = calloc(sz, sizeof(double));
		tabs[i]->mask = sz - 1;
	}
	/* raw counts of the top order, and the set of all n-grams of every order */
	for (size_t i = 0; i + 1 <= ntr; i++)
		for (int n = 1; n <= N && n <= (int)(i + 1); n++)
			*slot(&raw, gram_key(s + i + 1 - n, n), 1) += 1;
	/* continuation counts: distinct left extensions of each lower-order n-gram */
	for (size_t i = 0; i <= raw.mask; i++) {
		if (!raw.k[i])
			continue;
		int n = (int)(raw.k[i] >> 56) - 1;
		if (n < 2)
			continue;
		uint64_t g = raw.k[i] & ((1ULL << 56) - 1);
		uint64_t suffix = (g >> 8) | ((uint64_t)n << 56); /* drop the first byte: order n-1 */
		*slot(&cont, suffix, 1) += 1;
	}
	/* per order: counts used (raw at the top, continuation below), context
	 * sums, distinct followers, and count-of-counts for the discounts */
	double n1[MAXN] = { 0 }, n2[MAXN] = { 0 }, D[MAXN];
	for (size_t i = 0; i <= raw.mask; i++) {
		if (!raw.k[i])
			continue;
		int n = (int)(raw.k[i] >> 56) - 1;
		double c = n == N ? raw.v[i] : (slot(&cont, raw.k[i], 0) ? *slot(&cont, raw.k[i], 0) : 0);
		if (c <= 0)
			continue;
		if (c == 1)
			n1[n]++;
		else if (c == 2)
			n2[n]++;
		uint64_t g = raw.k[i] & ((1ULL << 56) - 1);
		uint64_t ctx = (g & ((n > 1 ? (1ULL << (8 * (n - 1))) : 1) - 1)) | ((uint64_t)n << 56);
		*slot(&ctxsum, ctx, 1) += c;
		*slot(&ctxn1, ctx, 1) += 1;
	}
	for (int n = 1; n <= N; n++)
		D[n] = n1[n] + 2 * n2[n] > 0 ? n1[n] / (n1[n] + 2 * n2[n]) : 0.5;
	/* evaluate */
	const unsigned char *t = (const unsigned char *)te;
	double bits = 0;
	unsigned char g[MAXN];
	for (size_t i = 0; i < nte; i++) {
		double p = 1.0 / 256;
		for (int n = 1; n <= N; n++) {
			int h = n - 1; /* history bytes */
			if ((size_t)h > i)
				break;
			memcpy(g, t + i - h, (size_t)n);
			uint64_t ctx = (gram_key(g, h) & ((1ULL << 56) - 1)) | ((uint64_t)n << 56);
			double *cs = slot(&ctxsum, ctx, 0);
			if (!cs || *cs <= 0)
				break; /* unseen history: keep the lower-order estimate */
			double *nn = slot(&ctxn1, ctx, 0);
			uint64_t key = gram_key(g, n);
			double c;
			if (n == N) {
				double *r = slot(&raw, key, 0);
				c = r ? *r : 0;
			} else {
				double *r = slot(&cont, key, 0);
				c = r ? *r : 0;
			}
			p = (fmax(c - D[n], 0) + D[n] * *nn * p) / *cs;
		}
		bits -= log2(p);
	}
	printf("%.4f\n", bits / (double)nte);
	free(tr);
	free(te);
	for (int i = 0; i < 4; i++) {
		free(tabs[i]->k);
		free(tabs[i]->v);
	}
	return 0;
}
