/* bench/consistency.c: run the consistency analyzer on each file given (each
 * file is one book) and print findings per 10,000 words per check, the
 * time of the book-wide pass, and with -v every finding.
 *   build/bench/consistency [-v] [-c] FILE...  (e.g. the Austen corpus)
 * -c also prints the ten most mentioned characters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks/check.h"
#include "checks/consistency/consistency.h"
#include "ingest/ingest.h"
#include "segment/segment.h"

extern const struct analyzer an_consistency;

static const char *const rules[] = {
	"consistency.name-variant",     "consistency.spelling-variant",
	"consistency.punctuation-style", "consistency.character-attribute",
	"consistency.tense-shift",      "consistency.pov-shift",
	"consistency.timeline",         "consistency.capitalization",
};
#define NR (sizeof(rules) / sizeof(rules[0]))

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	bool verbose = false, chars = false;
	unsigned long total[NR] = { 0 };
	double words = 0;
	int first = 1;
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (!strcmp(argv[first], "-v"))
			verbose = true;
		else if (!strcmp(argv[first], "-c"))
			chars = true;
	}
	printf("%-28s %8s %7s", "book", "words", "secs");
	for (size_t r = 0; r < NR; r++)
		printf(" %6.6s", rules[r] + 12);
	printf(" %7s\n", "total");
	for (int a = first; a < argc; a++) {
		struct sm_err err;
		struct sm_doc *doc = NULL;
		if (ingest_file(argv[a], &doc, &err) != SM_OK || seg_document(doc, &err) != SM_OK) {
			fprintf(stderr, "%s: %s\n", argv[a], err.msg);
			doc_free(doc);
			return 2;
		}
		struct sm_config cfg;
		config_init(&cfg);
		cfg.all_rules = true; /* every rule, the opt-in ones too: a rate per rule */
		struct sm_book book;
		memset(&book, 0, sizeof(book));
		book.docs = &doc;
		book.n_docs = 1;
		book.cfg = &cfg;
		struct sm_findings f;
		findings_init(&f);
		double t0 = now();
		an_consistency.run(&book, &f, &err);
		double t1 = now();
		cons_book_release(&book);
		findings_sort(&f);
		unsigned long n[NR] = { 0 };
		for (size_t i = 0; i < f.n; i++)
			for (size_t r = 0; r < NR; r++)
				if (!strcmp(f.v[i].rule, rules[r]))
					n[r]++;
		double w = doc->n_words ? doc->n_words : 1;
		const char *base = strrchr(argv[a], '/');
		printf("%-28s %8u %7.3f", base ? base + 1 : argv[a], doc->n_words, t1 - t0);
		for (size_t r = 0; r < NR; r++) {
			printf(" %6.2f", n[r] * 1e4 / w);
			total[r] += n[r];
		}
		printf(" %7.2f\n", f.n * 1e4 / w);
		words += doc->n_words;
		if (verbose)
			for (size_t i = 0; i < f.n; i++) {
				const struct sm_finding *x = &f.v[i];
				uint32_t line = 0, col = 0;
				doc_locate(doc, x->block, x->off, &line, &col);
				printf("  %u:%u %s: '%.*s' %s%s%s\n", line, col, x->rule + 12, (int)x->len,
				       doc->text + x->off, x->message, x->suggestion ? " => " : "",
				       x->suggestion ? x->suggestion : "");
			}
		if (chars) {
			struct cons_registry *reg = NULL;
			t0 = now();
			cons_registry_build(&book, &reg, &err);
			t1 = now();
			printf("  registry %.3f s, %zu characters, %zu facts\n", t1 - t0, reg->n_chars,
			       reg->n_facts);
			for (size_t c = 0; c < reg->n_chars && c < 15; c++) {
				const struct cons_character *ch = &reg->chars[c];
				printf("  %5u %-24s %-7s", ch->n_mentions, ch->name, cons_gender_name(ch->gender));
				for (uint32_t q = 0; q < ch->n_aliases && q < 6; q++)
					printf(" %s(%u)", ch->aliases[q].text, ch->aliases[q].n);
				printf("\n");
			}
			for (size_t q = 0; q < reg->n_facts; q++)
				printf("  fact: %s %s %s\n", reg->chars[reg->facts[q].character].name,
				       cons_attr_name(reg->facts[q].attr), reg->facts[q].value);
			cons_registry_free(reg);
		}
		findings_release(&f);
		config_release(&cfg);
		doc_free(doc);
	}
	printf("%-28s %8.0f %7s", "all", words, "");
	unsigned long all = 0;
	for (size_t r = 0; r < NR; r++) {
		printf(" %6.2f", total[r] * 1e4 / (words ? words : 1));
		all += total[r];
	}
	printf(" %7.2f\n", all * 1e4 / (words ? words : 1));
	return 0;
}
