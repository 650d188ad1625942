/* bench_pacing.c: pacing metrics and findings on whole novels (make bench).
 * For each file: words, seconds for metrics + findings, findings per rule and
 * pacing findings per 10,000 words; then the total rate. Prints figures; it
 * is never a timed test.
 *   usage: bench_pacing FILE...   (e.g. the Austen novels) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks/check.h"
#include "config/config.h"
#include "checks/pacing.h"
#include "ingest/ingest.h"
#include "segment/segment.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const rules[] = {
	"pacing.slow-stretch", "pacing.info-dump", "pacing.talking-heads", "pacing.monotony",
	"pacing.scene-length",
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_pacing FILE...\n");
		return 2;
	}
	struct sm_config cfg;
	config_init(&cfg);
	cfg.all_rules = true; /* every rule, the opt-in ones too: a rate per rule */
	unsigned long long all_words = 0, all_findings = 0;
	int verbose = getenv("BENCH_VERBOSE") != NULL;
	printf("%-28s %8s %7s %6s %6s %6s %6s %6s %6s %8s\n", "file", "words", "scenes", "slow",
	       "dump", "heads", "mono", "length", "total", "per10k");
	for (int i = 1; i < argc; i++) {
		struct sm_err err = { 0 };
		struct sm_doc *doc;
		if (ingest_file(argv[i], &doc, &err) || seg_document(doc, &err)) {
			fprintf(stderr, "bench_pacing: %s: %s\n", argv[i], err.msg);
			return 2;
		}
		struct sm_doc *docs[1] = { doc };
		struct sm_book book = { 0 };
		book.docs = docs;
		book.n_docs = 1;
		book.cfg = &cfg;
		struct sm_findings f;
		findings_init(&f);
		struct pacing *p;
		double t0 = now();
		if (pacing_compute(&book, &p, &err)) {
			fprintf(stderr, "bench_pacing: %s: %s\n", argv[i], err.msg);
			return 2;
		}
		pacing_find(&book, p, NULL, &f);
		double t1 = now();
		size_t per[SM_ARRAY_LEN(rules)] = { 0 };
		for (size_t k = 0; k < f.n; k++) {
			for (size_t r = 0; r < SM_ARRAY_LEN(rules); r++)
				if (!strcmp(f.v[k].rule, rules[r]))
					per[r]++;
			if (verbose)
				printf("  %s: %.*s... %s\n", f.v[k].rule, (int)SM_MIN(f.v[k].len, 60u),
				       doc->text + f.v[k].off, f.v[k].message);
		}
		const char *name = strrchr(argv[i], '/');
		name = name ? name + 1 : argv[i];
		uint32_t words = p->book.n_words;
		printf("%-28s %8u %7zu %6zu %6zu %6zu %6zu %6zu %6zu %8.2f  (%.3f s)\n", name, words,
		       p->n_scenes, per[0], per[1], per[2], per[3], per[4], f.n,
		       words ? 1e4 * (double)f.n / words : 0, t1 - t0);
		all_words += words;
		all_findings += f.n;
		pacing_free(p);
		findings_release(&f);
		book_release_warnings(&book);
		doc_free(doc);
	}
	printf("total: %llu pacing findings in %llu words = %.2f per 10,000 words (goal: at most 5)\n",
	       all_findings, all_words, all_words ? 1e4 * (double)all_findings / all_words : 0);
	config_release(&cfg);
	return 0;
}
