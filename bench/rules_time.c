/* rules_time.c: milliseconds each shipped rule takes over one manuscript
 * (best of N runs), slowest first, with the total per pack. A benchmark
 * tool for tuning the rule engine, not a test.
 *   usage: rules_time FILE [N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ingest/ingest.h"
#include "rules/rules.h"
#include "segment/segment.h"

struct row { const char *id, *pack; double ms; size_t n; };

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_row(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	return x->ms < y->ms ? 1 : x->ms > y->ms ? -1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: rules_time FILE [N]\n");
		return 2;
	}
	int reps = argc > 2 ? atoi(argv[2]) : 3;
	if (reps < 1)
		reps = 1;
	struct ruleset *rs = NULL;
	struct sm_err err;
	sm_err_clear(&err);
	struct sm_doc *doc = NULL;
	if (ruleset_load_embedded(&rs, &err) != SM_OK || ingest_file(argv[1], &doc, &err) != SM_OK ||
	    seg_document(doc, &err) != SM_OK) {
		fprintf(stderr, "rules_time: %s\n", err.msg);
		return 2;
	}
	struct sm_config cfg;
	config_init(&cfg);
	cfg.all_rules = true; /* every rule, the opt-in ones too: a rate per rule */
	struct sm_book book = { 0 };
	book.docs = &doc;
	book.n_docs = 1;
	book.cfg = &cfg;
	size_t n = ruleset_count(rs);
	struct row *rows = calloc(n, sizeof(*rows));
	double total = 0;
	for (size_t i = 0; i < n; i++) {
		struct rule_info ri;
		ruleset_info(rs, i, &ri);
		rows[i].id = ri.id;
		rows[i].pack = ri.pack;
		rows[i].ms = 1e30;
		for (int k = 0; k < reps; k++) {
			struct sm_findings f;
			findings_init(&f);
			double t0 = now_ms();
			ruleset_run(rs, &book, &f, (int)i, &err);
			double ms = now_ms() - t0;
			if (ms < rows[i].ms)
				rows[i].ms = ms;
			rows[i].n = f.n;
			findings_release(&f);
		}
		total += rows[i].ms;
	}
	qsort(rows, n, sizeof(*rows), cmp_row);
	printf("%-40s %-14s %8s %7s\n", "rule", "pack", "ms", "found");
	for (size_t i = 0; i < n; i++)
		printf("%-40s %-14s %8.2f %7zu\n", rows[i].id, rows[i].pack, rows[i].ms, rows[i].n);
	/* per pack */
	printf("\n%-14s %8s\n", "pack", "ms");
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(rows[j].pack, rows[i].pack))
				seen = true;
		if (seen)
			continue;
		double ms = 0;
		for (size_t j = i; j < n; j++)
			if (!strcmp(rows[j].pack, rows[i].pack))
				ms += rows[j].ms;
		printf("%-14s %8.2f\n", rows[i].pack, ms);
	}
	printf("%-14s %8.2f  (%u words)\n", "all", total, doc->n_words);
	free(rows);
	book_release_warnings(&book);
	config_release(&cfg);
	doc_free(doc);
	ruleset_free(rs);
	return 0;
}
