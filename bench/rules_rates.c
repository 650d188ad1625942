/* rules_rates.c: findings per 10,000 words for each shipped rule pack, and
 * the time all packs take, on each manuscript given (make bench runs it on
 * the corpus novels). Usage: rules_rates FILE... ; prints one table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ingest/ingest.h"
#include "rules/rules.h"
#include "segment/segment.h"

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	struct ruleset *rs = NULL;
	struct sm_err err;
	sm_err_clear(&err);
	if (ruleset_load_embedded(&rs, &err) != SM_OK) {
		fprintf(stderr, "rules_rates: %s\n", err.msg);
		return 2;
	}
	/* the packs, in load order */
	const char *packs[64];
	size_t n_packs = 0, n = ruleset_count(rs);
	for (size_t i = 0; i < n; i++) {
		struct rule_info ri;
		ruleset_info(rs, i, &ri);
		size_t p = 0;
		while (p < n_packs && strcmp(packs[p], ri.pack))
			p++;
		if (p == n_packs && n_packs < 64)
			packs[n_packs++] = ri.pack;
	}
	printf("%-28s %7s %7s", "file", "words", "ms");
	for (size_t p = 0; p < n_packs; p++)
		printf(" %6.6s", packs[p]);
	printf("\n");
	int status = 0;
	for (int a = 1; a < argc; a++) {
		struct sm_doc *doc = NULL;
		if (ingest_file(argv[a], &doc, &err) != SM_OK || seg_document(doc, &err) != SM_OK) {
			fprintf(stderr, "rules_rates: %s: %s\n", argv[a], err.msg);
			doc_free(doc);
			status = 2;
			continue;
		}
		struct sm_config cfg;
		config_init(&cfg);
		cfg.all_rules = true; /* every rule, the opt-in ones too: a rate per rule */
		struct sm_book book = { 0 };
		book.docs = &doc;
		book.n_docs = 1;
		book.cfg = &cfg;
		struct sm_findings f;
		findings_init(&f);
		double t0 = now_ms();
		ruleset_run(rs, &book, &f, -1, &err);
		double ms = now_ms() - t0;
		size_t counts[64] = { 0 };
		for (size_t k = 0; k < f.n; k++) {
			int i = ruleset_find(rs, f.v[k].rule);
			struct rule_info ri;
			if (i < 0)
				continue;
			ruleset_info(rs, (size_t)i, &ri);
			for (size_t p = 0; p < n_packs; p++)
				if (!strcmp(packs[p], ri.pack))
					counts[p]++;
		}
		const char *base = strrchr(argv[a], '/');
		printf("%-28s %7u %7.0f", base ? base + 1 : argv[a], doc->n_words, ms);
		for (size_t p = 0; p < n_packs; p++)
			printf(" %6.1f", doc->n_words ? (double)counts[p] * 1e4 / doc->n_words : 0.0);
		printf("\n");
		for (size_t w = 0; w < book.n_warnings; w++)
			fprintf(stderr, "warning: %s\n", book.warnings[w]);
		findings_release(&f);
		book_release_warnings(&book);
		config_release(&cfg);
		doc_free(doc);
	}
	printf("(findings per 10,000 words for each pack; ms = all packs, one core)\n");
	ruleset_free(rs);
	return status;
}
