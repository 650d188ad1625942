/* test_inforate.c: the information rate of the pacing metrics (mean
 * surprisal per word under the language model) and the book's shared model
 * scores (book_doc_scores): filled and finite for every paragraph, scene and
 * chapter with a model, absent without one (and with --no-model), part of the
 * pace score only then, and each document scored once however many analyzers
 * read the scores. A tiny random model keeps the test fast; the book is one
 * sample chapter (corpus/samples/md/chapter-01.md) and a generated chapter of
 * three scenes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "checks/check.h"
#include "config/config.h"
#include "checks/pacing.h"
#include "ingest/ingest.h"
#include "lm.h"
#include "segment/segment.h"

extern const struct analyzer an_language;

static const char scenes_md[] =
	"# Chapter Two\n\n"
	"\"Run!\" she cried. He grabbed the rope and pulled it hard against the wind.\n\n"
	"\"Now,\" he said, \"before the bridge goes!\" They ran across the planks.\n\n"
	"* * *\n\n"
	"The house had stood empty for many years. Its owner had died abroad, and his "
	"heirs had quarrelled over the estate until the lawyers had taken what was left. "
	"Nobody had thought of the garden, which had grown wild.\n\n"
	"* * *\n\n"
	"She opened the letter at breakfast and read it twice. Then she folded it, put it "
	"in her pocket and went out to find her brother in the stables.\n\n";

struct tbook {
	struct sm_config cfg;
	struct sm_doc *docs[2];
	struct sm_book book;
	struct pacing *p;
};

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	*n = fread(buf, 1, (size_t)len, f);
	buf[*n] = 0;
	fclose(f);
	return buf;
}

/* The two documents, segmented, into t->book (no model yet). */
static void tb_load(struct tbook *t)
{
	struct sm_err err = { 0 };
	memset(t, 0, sizeof(*t));
	config_init(&t->cfg);
	const char *root = getenv("SM_SRCDIR");
	char path[1024];
	snprintf(path, sizeof(path), "%s/corpus/samples/md/chapter-01.md", root ? root : ".");
	size_t n = 0;
	char *md = slurp(path, &n);
	if (!md)
		fail_msg("cannot read %s (run from the repository root or set SM_SRCDIR)", path);
	assert_int_equal(ingest_buffer("chapter-01.md", "markdown", md, n, &t->docs[0], &err),
			 SM_OK);
	free(md);
	assert_int_equal(ingest_buffer("chapter-02.md", "markdown", scenes_md,
				       sizeof(scenes_md) - 1, &t->docs[1], &err),
			 SM_OK);
	for (int i = 0; i < 2; i++)
		assert_int_equal(seg_document(t->docs[i], &err), SM_OK);
	t->book.docs = t->docs;
	t->book.n_docs = 2;
	t->book.cfg = &t->cfg;
}

static void tb_free(struct tbook *t)
{
	pacing_free(t->p);
	book_release_scores(&t->book);
	book_release_warnings(&t->book);
	lm_free(t->book.lm);
	for (int i = 0; i < 2; i++)
		doc_free(t->docs[i]);
	config_release(&t->cfg);
}

/* A tiny random model whose tokenizer is trained on the book's own text. */
static struct lm *tiny_model(const struct tbook *t)
{
	const struct sm_doc *d = t->docs[0];
	struct lm_bpe *b = lm_bpe_train(d->text, d->len, 320);
	struct lm_config cfg = { lm_bpe_vocab(b), 32, 32, 2, 2, 64 };
	return lm_new(&cfg, b, 7);
}

static void compute(struct tbook *t)
{
	struct sm_err err = { 0 };
	pacing_free(t->p);
	t->p = NULL;
	assert_int_equal(pacing_compute(&t->book, &t->p, &err), SM_OK);
}

/* score = mean of the signed z of the components in use */
static double score_from_z(const struct pacing *p, size_t s)
{
	double sum = 0;
	int used = 0;
	for (int c = 0; c < PACE_N_COMP; c++)
		if (p->comp_used[c]) {
			sum += p->scenes[s].z[c];
			used++;
		}
	return used ? sum / used : 0;
}

static void test_info_rate_filled_with_model(void **state)
{
	(void)state;
	struct tbook t;
	tb_load(&t);
	t.book.lm = tiny_model(&t);
	compute(&t);
	const struct pacing *p = t.p;
	assert_int_equal(p->n_scenes, 4); /* one in the sample chapter, three generated */
	assert_true(p->comp_used[PACE_C_SURPRISAL]);
	for (size_t i = 0; i < p->n_paras; i++) {
		assert_true(p->paras[i].n_scored > 0);
		assert_true(p->paras[i].n_scored <= p->paras[i].n_words);
		double rate = p->paras[i].bits / p->paras[i].n_scored;
		assert_true(isfinite(rate) && rate > 0);
	}
	for (size_t s = 0; s < p->n_scenes; s++) {
		const struct pace_metrics *m = &p->scenes[s].m;
		assert_true(m->has_surprisal);
		assert_true(isfinite(m->surprisal));
		/* a random model over a 320-token vocabulary: a few bits per token */
		assert_true(m->surprisal > 1.0 && m->surprisal < 100.0);
		assert_true(isfinite(p->scenes[s].score));
		assert_true(fabs(p->scenes[s].score - score_from_z(p, s)) < 1e-9);
		/* higher information rate than the book's scenes on average = slower */
		double dev = m->surprisal - p->comp_mean[PACE_C_SURPRISAL];
		if (fabs(dev) > 1e-6 && p->comp_sd[PACE_C_SURPRISAL] > 1e-9)
			assert_true(dev * p->scenes[s].z[PACE_C_SURPRISAL] < 0);
	}
	for (size_t c = 0; c < p->n_chapters; c++) {
		assert_true(p->chapters[c].m.has_surprisal);
		assert_true(isfinite(p->chapters[c].m.surprisal));
	}
	assert_true(p->book.has_surprisal && isfinite(p->book.surprisal));
	/* the book's rate is the word-weighted mean of its paragraphs' */
	double bits = 0;
	uint32_t n = 0;
	for (size_t i = 0; i < p->n_paras; i++) {
		bits += p->paras[i].bits;
		n += p->paras[i].n_scored;
	}
	assert_int_equal(p->book.n_scored, n);
	assert_true(fabs(p->book.surprisal - bits / n) < 1e-9);
	tb_free(&t);
}

static void test_info_rate_absent_without_model(void **state)
{
	(void)state;
	struct tbook t;
	tb_load(&t);
	compute(&t);
	const struct pacing *p = t.p;
	assert_false(p->comp_used[PACE_C_SURPRISAL]);
	for (size_t i = 0; i < p->n_paras; i++)
		assert_int_equal(p->paras[i].n_scored, 0);
	for (size_t s = 0; s < p->n_scenes; s++) {
		assert_false(p->scenes[s].m.has_surprisal);
		assert_true(isnan(p->scenes[s].m.surprisal));
		assert_true(p->scenes[s].z[PACE_C_SURPRISAL] == 0.0);
		/* the score is the mean of the other six components */
		double sum = 0;
		for (int c = 0; c < PACE_N_COMP; c++)
			if (c != PACE_C_SURPRISAL)
				sum += p->scenes[s].z[c];
		assert_true(fabs(p->scenes[s].score - sum / 6) < 1e-9);
	}
	assert_false(p->book.has_surprisal);
	assert_null(t.book.scores);
	assert_int_equal(book_n_scorings(&t.book), 0);
	tb_free(&t);
}

/* --no-model with a model loaded: nothing is scored */
static void test_info_rate_absent_with_no_model(void **state)
{
	(void)state;
	struct tbook t;
	tb_load(&t);
	t.book.lm = tiny_model(&t);
	t.cfg.no_model = true;
	compute(&t);
	for (size_t s = 0; s < t.p->n_scenes; s++)
		assert_false(t.p->scenes[s].m.has_surprisal);
	assert_false(t.p->comp_used[PACE_C_SURPRISAL]);
	assert_int_equal(book_n_scorings(&t.book), 0);
	tb_free(&t);
}

/* The language analyzer and pacing (twice, as scan stores the metrics after
 * the checks) read the same scores: one scoring per document, whoever comes
 * first. */
static void test_scored_once_per_document(void **state)
{
	(void)state;
	struct tbook t;
	tb_load(&t);
	t.book.lm = tiny_model(&t);
	struct sm_err err = { 0 };
	const struct lm_scored *s0 = NULL, *again = NULL;
	struct sm_findings f;
	findings_init(&f);
	assert_int_equal(an_language.run(&t.book, &f, &err), SM_OK);
	findings_release(&f);
	assert_non_null(t.book.scores); /* the language analyzer scored through the cache */
	assert_int_equal(book_n_scorings(&t.book), 2);
	assert_int_equal(book_doc_scores(&t.book, 0, &s0, &err), SM_OK);
	assert_non_null(s0);
	assert_true(s0->n > 0);
	compute(&t);
	assert_true(t.p->scenes[0].m.has_surprisal);
	double first = t.p->scenes[0].m.surprisal;
	compute(&t);
	assert_true(t.p->scenes[0].m.surprisal == first); /* the same scores */
	assert_int_equal(book_n_scorings(&t.book), 2);
	assert_int_equal(book_doc_scores(&t.book, 0, &again, &err), SM_OK);
	assert_ptr_equal(again, s0);
	/* a released cache scores again on the next use */
	book_release_scores(&t.book);
	assert_null(t.book.scores);
	assert_int_equal(book_doc_scores(&t.book, 1, &again, &err), SM_OK);
	assert_non_null(again);
	assert_int_equal(book_n_scorings(&t.book), 1);
	tb_free(&t);
}

/* Without a model there is nothing to score: NULL scores, SM_OK. */
static void test_doc_scores_without_model(void **state)
{
	(void)state;
	struct tbook t;
	tb_load(&t);
	struct sm_err err = { 0 };
	const struct lm_scored *s = (const struct lm_scored *)&t; /* must be reset */
	assert_int_equal(book_doc_scores(&t.book, 0, &s, &err), SM_OK);
	assert_null(s);
	assert_null(t.book.scores);
	tb_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_info_rate_filled_with_model),
		cmocka_unit_test(test_info_rate_absent_without_model),
		cmocka_unit_test(test_info_rate_absent_with_no_model),
		cmocka_unit_test(test_scored_once_per_document),
		cmocka_unit_test(test_doc_scores_without_model),
	};
	return cmocka_run_group_tests_name("inforate", tests, NULL, NULL);
}
