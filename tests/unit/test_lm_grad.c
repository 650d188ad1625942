/* test_lm_grad.c: every backward kernel of the transformer against central
 * finite differences of an independent double-precision reference forward;
 * the sgemm path against the naive matmul; and the whole model's gradient
 * against finite differences of its own loss, on a tiny configuration. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>

#include "lm_int.h"

/* ---- helpers ---- */

static void fill(float *x, size_t n, struct lm_rng *r, double s)
{
	for (size_t i = 0; i < n; i++)
		x[i] = (float)(s * lm_rng_normal(r));
}

/* Analytic (float) and numeric (double) gradients agree: |a-n| <= atol + rtol |n|. */
static void check_close(const float *an, const double *num, size_t n, double atol, double rtol,
			const char *what)
{
	for (size_t i = 0; i < n; i++) {
		double d = fabs((double)an[i] - num[i]);
		if (d > atol + rtol * fabs(num[i])) {
			print_error("%s[%zu]: analytic %g numeric %g\n", what, i, (double)an[i], num[i]);
			fail();
		}
	}
}

/* A double-precision reference of one layer: loss = sum(out * g) for fixed g. */
typedef double (*ref_loss)(const double *x, void *ctx);

/* Central differences of f at x (n values) into grad. */
static void numeric_grad(ref_loss f, double *x, size_t n, void *ctx, double *grad)
{
	const double h = 1e-6;
	for (size_t i = 0; i < n; i++) {
		double o = x[i];
		x[i] = o + h;
		double lp = f(x, ctx);
		x[i] = o - h;
		double lm = f(x, ctx);
		x[i] = o;
		grad[i] = (lp - lm) / (2 * h);
	}
}

static double *to_double(const float *x, size_t n)
{
	double *d = malloc(n * sizeof(double));
	for (size_t i = 0; i < n; i++)
		d[i] = x[i];
	return d;
}

/* ---- layernorm ---- */

struct ln_ctx { int N, C, which; const double *inp, *w, *b, *g; };

/* which: 0 = vary inp, 1 = vary w, 2 = vary b */
static double ln_ref(const double *x, void *vctx)
{
	struct ln_ctx *c = vctx;
	const double *inp = c->which == 0 ? x : c->inp, *w = c->which == 1 ? x : c->w;
	const double *b = c->which == 2 ? x : c->b;
	double loss = 0;
	for (int n = 0; n < c->N; n++) {
		const double *r = inp + (size_t)n * c->C;
		double m = 0, v = 0;
		for (int i = 0; i < c->C; i++)
			m += r[i];
		m /= c->C;
		for (int i = 0; i < c->C; i++)
			v += (r[i] - m) * (r[i] - m);
		v /= c->C;
		double s = 1.0 / sqrt(v + 1e-5);
		for (int i = 0; i < c->C; i++)
			loss += ((r[i] - m) * s * w[i] + b[i]) * c->g[(size_t)n * c->C + i];
	}
	return loss;
}

static void test_layernorm_backward(void **state)
{
	(void)state;
	struct lm_rng r = { 11 };
	int N = 5, C = 7;
	size_t NC = (size_t)N * C;
	float inp[35], w[7], b[7], g[35], out[35], mean[5], rstd[5];
	float dinp[35] = { 0 }, dw[7] = { 0 }, db[7] = { 0 };
	fill(inp, NC, &r, 1.0);
	fill(w, C, &r, 1.0);
	fill(b, C, &r, 1.0);
	fill(g, NC, &r, 1.0);
	lm_layernorm_forward(out, mean, rstd, inp, w, b, N, C);
	lm_layernorm_backward(dinp, dw, db, g, inp, w, mean, rstd, N, C);
	double *di = to_double(inp, NC), *dwd = to_double(w, C), *dbd = to_double(b, C), *dg = to_double(g, NC);
	struct ln_ctx c = { N, C, 0, di, dwd, dbd, dg };
	/* the float forward agrees with the reference */
	double lf = 0;
	for (size_t i = 0; i < NC; i++)
		lf += (double)out[i] * g[i];
	assert_true(fabs(lf - ln_ref(di, &c)) < 1e-4 * (1 + fabs(lf)));
	double num[35];
	c.which = 0;
	numeric_grad(ln_ref, di, NC, &c, num);
	check_close(dinp, num, NC, 1e-4, 1e-3, "layernorm dinp");
	c.which = 1;
	numeric_grad(ln_ref, dwd, C, &c, num);
	check_close(dw, num, C, 1e-4, 1e-3, "layernorm dw");
	c.which = 2;
	numeric_grad(ln_ref, dbd, C, &c, num);
	check_close(db, num, C, 1e-4, 1e-3, "layernorm db");
	free(di);
	free(dwd);
	free(dbd);
	free(dg);
}

/* ---- matmul ---- */

struct mm_ctx { int N, C, OC, which; const double *inp, *w, *b, *g; };

static double mm_ref(const double *x, void *vctx)
{
	struct mm_ctx *c = vctx;
	const double *inp = c->which == 0 ? x : c->inp, *w = c->which == 1 ? x : c->w;
	const double *b = c->which == 2 ? x : c->b;
	double loss = 0;
	for (int n = 0; n < c->N; n++)
		for (int o = 0; o < c->OC; o++) {
			double s = b[o];
			for (int i = 0; i < c->C; i++)
				s += inp[(size_t)n * c->C + i] * w[(size_t)o * c->C + i];
			loss += s * c->g[(size_t)n * c->OC + o];
		}
	return loss;
}

static void test_matmul_backward(void **state)
{
	(void)state;
	struct lm_rng r = { 12 };
	enum { N = 6, C = 5, OC = 4 };
	float inp[N * C], w[OC * C], b[OC], g[N * OC], dinp[N * C], dw[OC * C] = { 0 }, db[OC] = { 0 };
	fill(inp, N * C, &r, 1.0);
	fill(w, OC * C, &r, 1.0);
	fill(b, OC, &r, 1.0);
	fill(g, N * OC, &r, 1.0);
	lm_matmul_backward(dinp, dw, db, g, inp, w, N, C, OC);
	double *di = to_double(inp, N * C), *dwd = to_double(w, OC * C), *dbd = to_double(b, OC);
	double *dg = to_double(g, N * OC);
	struct mm_ctx c = { N, C, OC, 0, di, dwd, dbd, dg };
	double num[N * C];
	numeric_grad(mm_ref, di, N * C, &c, num);
	check_close(dinp, num, N * C, 1e-4, 1e-4, "matmul dinp");
	c.which = 1;
	numeric_grad(mm_ref, dwd, OC * C, &c, num);
	check_close(dw, num, OC * C, 1e-4, 1e-4, "matmul dw");
	c.which = 2;
	numeric_grad(mm_ref, dbd, OC, &c, num);
	check_close(db, num, OC, 1e-4, 1e-4, "matmul db");
	free(di);
	free(dwd);
	free(dbd);
	free(dg);
}

static void test_matmul_blas_matches_naive(void **state)
{
	(void)state;
	struct lm_rng r = { 13 };
	int N = 37, C = 29, OC = 53;
	float *inp = malloc(sizeof(float) * N * C), *w = malloc(sizeof(float) * OC * C);
	float *b = malloc(sizeof(float) * OC), *o1 = malloc(sizeof(float) * N * OC);
	float *o2 = malloc(sizeof(float) * N * OC);
	fill(inp, (size_t)N * C, &r, 1.0);
	fill(w, (size_t)OC * C, &r, 1.0);
	fill(b, OC, &r, 1.0);
	lm_matmul_forward(o1, inp, w, b, N, C, OC);
	lm_matmul_forward_naive(o2, inp, w, b, N, C, OC);
	for (int i = 0; i < N * OC; i++)
		assert_true(fabsf(o1[i] - o2[i]) < 1e-4f * (1.0f + fabsf(o2[i])));
	lm_matmul_forward(o1, inp, w, NULL, N, C, OC);
	lm_matmul_forward_naive(o2, inp, w, NULL, N, C, OC);
	for (int i = 0; i < N * OC; i++)
		assert_true(fabsf(o1[i] - o2[i]) < 1e-4f * (1.0f + fabsf(o2[i])));
	free(inp);
	free(w);
	free(b);
	free(o1);
	free(o2);
}

/* ---- gelu ---- */

struct gelu_ctx { size_t n; const double *g; };

static double gelu_ref(const double *x, void *vctx)
{
	struct gelu_ctx *c = vctx;
	double loss = 0;
	for (size_t i = 0; i < c->n; i++) {
		double v = x[i];
		double y = 0.5 * v * (1 + tanh(sqrt(2 / M_PI) * (v + 0.044715 * v * v * v)));
		loss += y * c->g[i];
	}
	return loss;
}

static void test_gelu_backward(void **state)
{
	(void)state;
	struct lm_rng r = { 14 };
	enum { n = 40 };
	float x[n], g[n], y[n], dx[n];
	fill(x, n, &r, 2.0);
	x[0] = 12.0f; /* the saturated branch */
	x[1] = -12.0f;
	fill(g, n, &r, 1.0);
	lm_gelu_forward(y, x, n);
	lm_gelu_backward(dx, x, g, n);
	double *xd = to_double(x, n), *gd = to_double(g, n), num[n];
	struct gelu_ctx c = { n, gd };
	for (int i = 0; i < n; i++) { /* forward agrees with the reference */
		double v = xd[i];
		double ref = 0.5 * v * (1 + tanh(sqrt(2 / M_PI) * (v + 0.044715 * v * v * v)));
		assert_true(fabs(y[i] - ref) < 1e-5 * (1 + fabs(ref)));
	}
	numeric_grad(gelu_ref, xd, n, &c, num);
	check_close(dx, num, n, 1e-4, 1e-3, "gelu dinp");
	free(xd);
	free(gd);
}

/* ---- attention ---- */

struct att_ctx { int B, T, C, NH; const double *g; };

static double att_ref(const double *qkv, void *vctx)
{
	struct att_ctx *c = vctx;
	int B = c->B, T = c->T, C = c->C, NH = c->NH, hs = C / NH;
	double loss = 0, sc = 1.0 / sqrt((double)hs);
	double *a = malloc(sizeof(double) * T);
	for (int b = 0; b < B; b++)
		for (int h = 0; h < NH; h++)
			for (int t = 0; t < T; t++) {
				const double *q = qkv + ((size_t)b * T + t) * 3 * C + h * hs;
				double mx = -1e300, sum = 0;
				for (int j = 0; j <= t; j++) {
					const double *k = qkv + ((size_t)b * T + j) * 3 * C + C + h * hs;
					double s = 0;
					for (int i = 0; i < hs; i++)
						s += q[i] * k[i];
					a[j] = s * sc;
					if (a[j] > mx)
						mx = a[j];
				}
				for (int j = 0; j <= t; j++) {
					a[j] = exp(a[j] - mx);
					sum += a[j];
				}
				for (int i = 0; i < hs; i++) {
					double o = 0;
					for (int j = 0; j <= t; j++)
						o += a[j] / sum * qkv[((size_t)b * T + j) * 3 * C + 2 * C + h * hs + i];
					loss += o * c->g[((size_t)b * T + t) * C + h * hs + i];
				}
			}
	free(a);
	return loss;
}

static void test_attention_backward(void **state)
{
	(void)state;
	struct lm_rng r = { 15 };
	enum { B = 2, T = 5, C = 6, NH = 2 };
	float qkv[B * T * 3 * C], out[B * T * C], att[B * NH * T * T], g[B * T * C];
	float dqkv[B * T * 3 * C], scratch[T * T];
	fill(qkv, B * T * 3 * C, &r, 1.0);
	fill(g, B * T * C, &r, 1.0);
	lm_attention_forward(out, att, qkv, B, T, C, NH);
	lm_attention_backward(dqkv, scratch, g, qkv, att, B, T, C, NH);
	double *qd = to_double(qkv, B * T * 3 * C), *gd = to_double(g, B * T * C);
	double num[B * T * 3 * C];
	struct att_ctx c = { B, T, C, NH, gd };
	/* forward: loss of the float output equals the reference loss */
	double lf = 0;
	for (int i = 0; i < B * T * C; i++)
		lf += (double)out[i] * g[i];
	assert_true(fabs(lf - att_ref(qd, &c)) < 1e-4 * (1 + fabs(lf)));
	numeric_grad(att_ref, qd, B * T * 3 * C, &c, num);
	check_close(dqkv, num, B * T * 3 * C, 1e-4, 1e-3, "attention dqkv");
	free(qd);
	free(gd);
}

/* ---- the whole model ---- */

static void test_model_backward(void **state)
{
	(void)state;
	struct lm_config cfg = { 256, 8, 12, 2, 3, 20 };
	struct lm *lm = lm_new(&cfg, lm_bpe_from_merges(NULL, 0, NULL), 3);
	struct lm_rng r = { 5 };
	for (size_t i = 0; i < lm->n_params; i++)
		lm->params[i] += 0.05f * (float)lm_rng_normal(&r);
	enum { B = 2, T = 8 };
	uint16_t in[B * T], tg[B * T];
	for (int i = 0; i < B * T; i++) {
		in[i] = (uint16_t)(lm_rng_next(&r) % 256);
		tg[i] = (uint16_t)(lm_rng_next(&r) % 256);
	}
	struct lm_work *w = lm_work_new(lm, B, T, 1);
	float *g = calloc(lm->n_params, sizeof(float));
	lm_forward(lm, w, in, tg);
	lm_backward(lm, w, g);
	for (int t = 0; t < LM_NT; t++)
		for (int k = 0; k < 4; k++) {
			size_t i = (size_t)(lm->p[t] - lm->params) + lm_rng_next(&r) % lm->sz[t];
			float o = lm->params[i], eps = 1e-2f;
			lm->params[i] = o + eps;
			double lp = lm_forward(lm, w, in, tg);
			lm->params[i] = o - eps;
			double ln = lm_forward(lm, w, in, tg);
			lm->params[i] = o;
			double fd = (lp - ln) / (2 * eps);
			if (fabs(fd - g[i]) > 2e-4 + 0.05 * fabs(fd)) {
				print_error("%s: analytic %g numeric %g\n", lm_tensor_name(t), (double)g[i], fd);
				fail();
			}
		}
	free(g);
	lm_work_free(w);
	lm_free(lm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layernorm_backward),
		cmocka_unit_test(test_matmul_backward),
		cmocka_unit_test(test_matmul_blas_matches_naive),
		cmocka_unit_test(test_gelu_backward),
		cmocka_unit_test(test_attention_backward),
		cmocka_unit_test(test_model_backward),
	};
	return cmocka_run_group_tests_name("lm_grad", tests, NULL, NULL);
}
