/* fuzz_rule_yaml.c: libFuzzer harness for the rule loader (rules/rule_load.c):
 * one Vale-style YAML rule compiled with ruleset_add_yaml. Any input must give
 * SM_OK or SM_ERULE with a one-line "file:line: problem" message, never a
 * crash, a hang (nesting and size are bounded before libyaml) or a leak; a
 * rule that compiles is described (ruleset_info) and run on a short text.
 * Seeds in tests/fuzz/corpus/fuzz_rule_yaml/ (the shipped packs' rules). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "ingest/ingest.h"
#include "rules/rules.h"
#include "segment/segment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char TEXT[] = "# Chapter 1\n\nSuddenly she began to walk, very slowly, to the the door. "
			   "\"It was raining,\" he said quietly. It was decided by the committee.\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset *rs = ruleset_new();
	struct sm_err err;
	sm_err_clear(&err);
	int rc = ruleset_add_yaml(rs, "fuzz.rule", "fuzz", "fuzz.yml", NULL, (const char *)data, size, &err);
	if (rc != SM_OK && rc != SM_ERULE) {
		fprintf(stderr, "fuzz_rule_yaml: unexpected code %d\n", rc);
		abort();
	}
	if (rc != SM_OK && (!err.msg[0] || strchr(err.msg, '\n'))) {
		fprintf(stderr, "fuzz_rule_yaml: not a one-line message: '%s'\n", err.msg);
		abort();
	}
	if (rc == SM_OK) {
		if (ruleset_count(rs) != 1)
			abort();
		struct rule_info info;
		ruleset_info(rs, 0, &info);
		struct sm_doc *doc = NULL;
		if (ingest_buffer("fuzz.md", "markdown", TEXT, sizeof(TEXT) - 1, &doc, &err) == SM_OK &&
		    seg_document(doc, &err) == SM_OK) {
			struct sm_config cfg;
			config_init(&cfg);
			struct sm_book book = { 0 };
			book.docs = &doc;
			book.n_docs = 1;
			book.cfg = &cfg;
			book.rules = rs;
			struct sm_findings f;
			findings_init(&f);
			ruleset_run(rs, &book, &f, -1, &err);
			for (size_t i = 0; i < f.n; i++)
				if (f.v[i].off + f.v[i].len > doc->len)
					abort();
			findings_release(&f);
			book_release_warnings(&book);
			config_release(&cfg);
		}
		doc_free(doc);
	}
	ruleset_free(rs);
	return 0;
}
