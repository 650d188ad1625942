/* stages.c: where the time of `check` goes, stage by stage, on one
 * manuscript: ingest, segmentation, loading the rule packs, each analyzer
 * (checks/registry.c) and the sort, best of N runs in milliseconds. A
 * benchmark tool for tuning, not a test.
 *   usage: stages FILE [N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks/check.h"
#include "ingest/ingest.h"
#include "rules/rules.h"
#include "segment/segment.h"

#define MAX_STAGES 16

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void keep(double *best, size_t i, double ms)
{
	if (ms < best[i])
		best[i] = ms;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: stages FILE [N]\n");
		return 2;
	}
	int reps = argc > 2 ? atoi(argv[2]) : 5;
	if (reps < 1)
		reps = 1;
	const char *names[MAX_STAGES] = { "ingest", "segment", "load rules" };
	size_t n_names = 3;
	for (size_t i = 0; analyzers[i] && n_names < MAX_STAGES - 1; i++)
		names[n_names++] = analyzers[i]->name;
	names[n_names++] = "sort";
	double best[MAX_STAGES];
	for (size_t i = 0; i < MAX_STAGES; i++)
		best[i] = 1e30;
	unsigned words = 0;
	for (int k = 0; k < reps; k++) {
		struct sm_err err;
		sm_err_clear(&err);
		struct sm_doc *doc = NULL;
		struct ruleset *rs = NULL;
		double t = now_ms();
		if (ingest_file(argv[1], &doc, &err) != SM_OK) {
			fprintf(stderr, "stages: %s\n", err.msg);
			return 2;
		}
		keep(best, 0, now_ms() - t);
		t = now_ms();
		if (seg_document(doc, &err) != SM_OK) {
			fprintf(stderr, "stages: %s\n", err.msg);
			return 2;
		}
		keep(best, 1, now_ms() - t);
		t = now_ms();
		if (ruleset_load_embedded(&rs, &err) != SM_OK) {
			fprintf(stderr, "stages: %s\n", err.msg);
			return 2;
		}
		keep(best, 2, now_ms() - t);
		words = doc->n_words;
		struct sm_config cfg;
		config_init(&cfg);
		struct sm_book book = { 0 };
		book.docs = &doc;
		book.n_docs = 1;
		book.cfg = &cfg;
		book.rules = rs;
		struct sm_findings f;
		findings_init(&f);
		size_t s = 3;
		for (size_t i = 0; analyzers[i] && s < n_names - 1; i++, s++) {
			struct sm_err e;
			sm_err_clear(&e);
			t = now_ms();
			analyzers[i]->run(&book, &f, &e);
			keep(best, s, now_ms() - t);
		}
		t = now_ms();
		findings_sort(&f);
		keep(best, s, now_ms() - t);
		findings_release(&f);
		book_release_warnings(&book);
		config_release(&cfg);
		ruleset_free(rs);
		doc_free(doc);
	}
	double total = 0;
	for (size_t i = 0; i < n_names; i++) {
		printf("%-12s %8.2f ms\n", names[i], best[i]);
		total += best[i];
	}
	printf("%-12s %8.2f ms  (%u words, best of %d)\n", "total", total, words, reps);
	return 0;
}
