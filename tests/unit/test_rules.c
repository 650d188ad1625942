/* test_rules.c: the rule engine (analyzer/rules/) and the configuration file
 * (config/config_file.c): shipped examples, the Vale fixture's seven types,
 * safety (catastrophic pattern, malformed YAML, unsupported type), dialogue
 * awareness of narration rules, and .storymaster.yml. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "rules/rules.h"
#include "segment/segment.h"

/* ---- helpers ---- */

static struct sm_doc *make_doc(const char *fmt, const char *text)
{
	struct sm_doc *doc = NULL;
	struct sm_err err;
	sm_err_clear(&err);
	assert_int_equal(ingest_buffer(!strcmp(fmt, "markdown") ? "t.md" : "t.txt", fmt, text, strlen(text), &doc, &err), SM_OK);
	assert_int_equal(seg_document(doc, &err), SM_OK);
	return doc;
}

struct runres {
	struct sm_findings f;
	struct sm_book book;
	struct sm_config cfg;
	struct sm_doc *doc;
};

/* Run rs (all rules) over text with cfg defaults (or the caller's cfg). */
static void run_text(struct runres *r, const struct ruleset *rs, const char *fmt, const char *text,
		     const struct sm_config *cfg)
{
	memset(r, 0, sizeof(*r));
	config_init(&r->cfg);
	r->cfg.all_rules = true; /* the opt-in packs run too (tests of the rules themselves) */
	r->doc = make_doc(fmt, text);
	r->book.docs = &r->doc;
	r->book.n_docs = 1;
	r->book.cfg = cfg ? cfg : &r->cfg;
	findings_init(&r->f);
	assert_int_equal(ruleset_run(rs, &r->book, &r->f, -1, NULL), SM_OK);
}

static void run_release(struct runres *r)
{
	findings_release(&r->f);
	book_release_warnings(&r->book);
	config_release(&r->cfg);
	doc_free(r->doc);
}

static size_t count_rule(const struct sm_findings *f, const char *id)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].rule, id))
			n++;
	return n;
}

static struct ruleset *load_one(const char *id, const char *yaml, struct sm_err *err)
{
	struct ruleset *rs = ruleset_new();
	int rc = ruleset_add_yaml(rs, id, "test", "test.yml", NULL, yaml, strlen(yaml), err);
	if (rc != SM_OK) {
		ruleset_free(rs);
		return NULL;
	}
	return rs;
}

/* ---- shipped packs ---- */

/* Every shipped rule has fire and pass examples and they are all green. */
static void shipped_examples_green(void **state)
{
	(void)state;
	struct ruleset *rs = NULL;
	struct sm_err err;
	assert_int_equal(ruleset_load_embedded(&rs, &err), SM_OK);
	assert_int_equal(ruleset_n_warnings(rs), 0);
	assert_true(ruleset_count(rs) >= 15);
	for (size_t i = 0; i < ruleset_count(rs); i++) {
		struct rule_info ri;
		ruleset_info(rs, i, &ri);
		assert_true(ri.n_fire > 0);
		assert_true(ri.n_pass > 0);
		assert_true(!strncmp(ri.id, "style.", 6));
		if (ruleset_test_rule(rs, i, NULL, NULL) != 0)
			fail_msg("examples of %s fail", ri.id);
	}
	ruleset_free(rs);
}

/* The example runner can fail: a rule whose fire example does not fire. */
static void examples_runner_detects_failure(void **state)
{
	(void)state;
	struct sm_err err;
	struct ruleset *rs = load_one("style.test.x",
				      "extends: existence\nmessage: x\ntokens: [zebra]\n"
				      "examples:\n  fire: ['no such animal here']\n  pass: ['a zebra']\n",
				      &err);
	assert_non_null(rs);
	assert_int_equal(ruleset_test_rule(rs, 0, NULL, NULL), 2);
	ruleset_free(rs);
}

/* No narration-scoped shipped rule fires on its own fire examples when they
 * are put inside dialogue (style.filter-words, style.said-bookism, ...). */
static void narration_rules_skip_dialogue(void **state)
{
	(void)state;
	struct ruleset *rs = NULL;
	struct sm_err err;
	assert_int_equal(ruleset_load_embedded(&rs, &err), SM_OK);
	size_t checked = 0;
	for (size_t i = 0; i < ruleset_count(rs); i++) {
		struct rule_info ri;
		ruleset_info(rs, i, &ri);
		if (!strstr(ri.scope, "narration"))
			continue;
		const char *t;
		for (size_t j = 0; (t = ruleset_example(rs, i, true, j)); j++) {
			if (strchr(t, '"'))
				continue; /* already has dialogue of its own */
			char buf[4096];
			snprintf(buf, sizeof(buf), "Tom said, \"%s\"", t);
			struct runres r;
			run_text(&r, rs, "text", buf, NULL);
			if (count_rule(&r.f, ri.id) != 0)
				fail_msg("%s fires inside dialogue: %s", ri.id, buf);
			run_release(&r);
			/* and the same text as narration fires (the test can fail) */
			run_text(&r, rs, "text", t, NULL);
			assert_true(count_rule(&r.f, ri.id) > 0);
			run_release(&r);
			checked++;
		}
	}
	assert_true(checked >= 10);
	ruleset_free(rs);
}

/* style.filter-words in dialogue when the configuration says dialogue: true. */
static void config_dialogue_switch(void **state)
{
	(void)state;
	struct ruleset *rs = NULL;
	struct sm_err err;
	assert_int_equal(ruleset_load_embedded(&rs, &err), SM_OK);
	const char *text = "Tom said, \"She saw the door swing open.\"";
	struct sm_config cfg;
	config_init(&cfg);
	config_set_rule(&cfg, "style.filter-words", CONFIG_ON); /* an opt-in rule, asked for */
	struct runres r;
	run_text(&r, rs, "text", text, &cfg);
	assert_int_equal(count_rule(&r.f, "style.filter-words"), 0);
	run_release(&r);
	config_set_param(&cfg, "style.filter-words", "dialogue", 1);
	run_text(&r, rs, "text", text, &cfg);
	assert_int_equal(count_rule(&r.f, "style.filter-words"), 1);
	run_release(&r);
	/* a pack turned off runs nothing */
	config_set_pack(&cfg, "filter-words", false);
	run_text(&r, rs, "text", text, &cfg);
	assert_int_equal(count_rule(&r.f, "style.filter-words"), 0);
	run_release(&r);
	config_release(&cfg);
	ruleset_free(rs);
}

/* ---- the Vale fixture: one rule of each of the seven types ---- */

static const char *vale_dir = "tests/fixtures/vale/House";

static void vale_fixture_loads(void **state)
{
	(void)state;
	struct ruleset *rs = ruleset_new();
	struct sm_err err;
	assert_int_equal(ruleset_load_dir(rs, vale_dir, &err), SM_OK);
	assert_int_equal(ruleset_n_warnings(rs), 0);
	assert_int_equal(ruleset_count(rs), 7);
	const char *ids[] = { "style.House.Hedging", "style.House.Spelling", "style.House.CommaCount",
			      "style.House.Repeated", "style.House.Consistent", "style.House.Acronyms",
			      "style.House.Headings" };
	for (size_t i = 0; i < 7; i++)
		assert_true(ruleset_find(rs, ids[i]) >= 0);
	struct rule_info ri;
	ruleset_info(rs, (size_t)ruleset_find(rs, "style.House.Spelling"), &ri);
	assert_int_equal(ri.level, SM_SEV_ERROR);
	ruleset_info(rs, (size_t)ruleset_find(rs, "style.House.CommaCount"), &ri);
	assert_int_equal(ri.level, SM_SEV_INFO); /* suggestion */
	ruleset_free(rs);
}

static const struct sm_finding *find(const struct sm_findings *f, const char *id, size_t nth)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].rule, id) && nth-- == 0)
			return &f->v[i];
	return NULL;
}

static void vale_fixture_fires(void **state)
{
	(void)state;
	struct ruleset *rs = ruleset_new();
	struct sm_err err;
	assert_int_equal(ruleset_load_dir(rs, vale_dir, &err), SM_OK);
	const char *text =
		"# The house on the hill\n\n"
		"I think it was sort of gray, and the advisors agreed.\n\n"
		"One, two, three, four, five went the clock.\n\n"
		"He walked the the long way toward the sea, then towards the town.\n\n"
		"The NASA men met the BBC and the FBI.\n\n"
		"The National Aeronautics Agency (NASA) is old.\n\n"
		"# Second Part\n";
	struct runres r;
	run_text(&r, rs, "markdown", text, NULL);
	/* existence: "I think", "sort of" */
	assert_int_equal(count_rule(&r.f, "style.House.Hedging"), 2);
	/* substitution: gray -> grey, advisors -> adviser; message with both */
	assert_int_equal(count_rule(&r.f, "style.House.Spelling"), 2);
	const struct sm_finding *x = find(&r.f, "style.House.Spelling", 0);
	assert_string_equal(x->message, "Use 'grey' instead of 'gray'.");
	assert_string_equal(x->suggestion, "grey");
	/* occurrence: the sentence with 4 commas, not the one with 1 */
	assert_int_equal(count_rule(&r.f, "style.House.CommaCount"), 1);
	/* repetition: "the the" */
	assert_int_equal(count_rule(&r.f, "style.House.Repeated"), 1);
	x = find(&r.f, "style.House.Repeated", 0);
	assert_string_equal(x->message, "'the' is repeated.");
	/* consistency: toward first, towards later */
	assert_int_equal(count_rule(&r.f, "style.House.Consistent"), 1);
	x = find(&r.f, "style.House.Consistent", 0);
	assert_string_equal(x->message, "Inconsistent spelling: 'towards' (first seen as 'toward').");
	/* conditional: FBI undefined; NASA defined; BBC an exception */
	assert_int_equal(count_rule(&r.f, "style.House.Acronyms"), 1);
	x = find(&r.f, "style.House.Acronyms", 0);
	assert_string_equal(x->message, "'FBI' has no definition.");
	/* capitalization: the first heading is not title case, the second is */
	assert_int_equal(count_rule(&r.f, "style.House.Headings"), 1);
	x = find(&r.f, "style.House.Headings", 0);
	assert_string_equal(x->message, "'The house on the hill' should be in title case.");
	run_release(&r);
	ruleset_free(rs);
}

/* ---- safety ---- */

static void catastrophic_pattern_stopped(void **state)
{
	(void)state;
	struct ruleset *rs = ruleset_new();
	struct sm_err err;
	const char *bad = "extends: existence\nmessage: boom\nnonword: true\nraw: ['(a+)+$']\n";
	const char *good = "extends: existence\nmessage: found %s\ntokens: [zebra]\n";
	assert_int_equal(ruleset_add_yaml(rs, "style.test.boom", "test", "boom.yml", NULL, bad, strlen(bad), &err), SM_OK);
	assert_int_equal(ruleset_add_yaml(rs, "style.test.zebra", "test", "zebra.yml", NULL, good, strlen(good), &err), SM_OK);
	size_t n = 20000;
	char *text = malloc(n + 64);
	memcpy(text, "A zebra ran. ", 13);
	memset(text + 13, 'a', n);
	memcpy(text + 13 + n, "b!", 3);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct runres r;
	run_text(&r, rs, "text", text, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(s < 5.0);
	assert_int_equal(r.book.n_warnings, 1);
	assert_non_null(strstr(r.book.warnings[0], "style.test.boom"));
	assert_int_equal(count_rule(&r.f, "style.test.zebra"), 1); /* the rest still ran */
	run_release(&r);
	free(text);
	ruleset_free(rs);
}

static void write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(s, f);
	fclose(f);
}

static void malformed_and_unsupported_skipped(void **state)
{
	(void)state;
	char dir[] = "/tmp/sm-rules-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char p1[256], p2[256], p3[256], p4[256];
	snprintf(p1, sizeof(p1), "%s/Broken.yml", dir);
	snprintf(p2, sizeof(p2), "%s/Spell.yml", dir);
	snprintf(p3, sizeof(p3), "%s/Good.yml", dir);
	snprintf(p4, sizeof(p4), "%s/BadRegex.yml", dir);
	write_file(p1, "extends: existence\nmessage: x\ntokens:\n  - [unclosed\n");
	write_file(p2, "extends: spelling\nmessage: x\n");
	write_file(p3, "extends: existence\nmessage: '%s'\ntokens: [zebra]\n");
	write_file(p4, "extends: existence\nmessage: x\ntokens:\n  - 'a(b'\n");
	struct ruleset *rs = ruleset_new();
	struct sm_err err;
	assert_int_equal(ruleset_load_dir(rs, dir, &err), SM_OK);
	assert_int_equal(ruleset_count(rs), 1);
	assert_int_equal(ruleset_n_warnings(rs), 3);
	bool saw_broken = false, saw_spell = false, saw_regex = false;
	for (size_t i = 0; i < 3; i++) {
		const char *w = ruleset_warning(rs, i);
		if (strstr(w, "Broken.yml:"))
			saw_broken = true;
		if (strstr(w, "Spell.yml") && strstr(w, "'spelling' is not supported"))
			saw_spell = true;
		if (strstr(w, "BadRegex.yml:4:") && strstr(w, "bad pattern"))
			saw_regex = true;
	}
	assert_true(saw_broken);
	assert_true(saw_spell);
	assert_true(saw_regex);
	struct runres r;
	run_text(&r, rs, "text", "A zebra ran.", NULL);
	assert_int_equal(r.f.n, 1); /* Good.yml still ran */
	run_release(&r);
	ruleset_free(rs);
	unlink(p1), unlink(p2), unlink(p3), unlink(p4);
	rmdir(dir);
}

static void bad_rule_fields_rejected(void **state)
{
	(void)state;
	struct sm_err err;
	sm_err_clear(&err);
	assert_null(load_one("style.t.a", "extends: occurrence\nmessage: x\ntokens: [a]\n", &err));
	assert_non_null(strstr(err.msg, "max or min"));
	assert_null(load_one("style.t.b", "message: x\n", &err));
	assert_non_null(strstr(err.msg, "extends"));
	assert_null(load_one("style.t.c", "extends: existence\nlevel: fatal\ntokens: [a]\n", &err));
	assert_non_null(strstr(err.msg, "test.yml:2:"));
	assert_null(load_one("style.t.d", "extends: nonsense\n", &err));
	assert_non_null(strstr(err.msg, "unknown rule type"));
}

/* ---- the configuration file ---- */

static void config_find_and_load(void **state)
{
	(void)state;
	char dir[] = "/tmp/sm-cfg-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char sub[256], cfgp[256], *found = NULL;
	snprintf(sub, sizeof(sub), "%s/book", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(config_find(sub, &found), 0);
	assert_null(found);
	snprintf(cfgp, sizeof(cfgp), "%s/.storymaster.yml", dir);
	write_file(cfgp, "house: uk\n"
			 "packs: {echo: off, cliches: on}\n"
			 "rules:\n"
			 "  style.weak-words: off\n"
			 "  style.passive: error\n"
			 "  style.echo: {level: warning, window: 30, dialogue: true}\n"
			 "accept: [Darcy, Pemberley]\n");
	assert_int_equal(config_find(sub, &found), 1);
	assert_non_null(strstr(found, ".storymaster.yml"));
	struct sm_config cfg;
	config_init(&cfg);
	struct sm_err err;
	assert_int_equal(config_load(&cfg, found, &err), SM_OK);
	assert_int_equal(cfg.house, HOUSE_UK);
	assert_false(config_pack_enabled(&cfg, "echo"));
	assert_true(config_pack_enabled(&cfg, "cliches"));
	assert_int_equal(config_rule_level(&cfg, "style.weak-words", SM_SEV_INFO), -1);
	assert_int_equal(config_rule_level(&cfg, "style.passive", SM_SEV_INFO), SM_SEV_ERROR);
	assert_int_equal(config_rule_level(&cfg, "style.echo", SM_SEV_INFO), SM_SEV_WARNING);
	assert_true(config_rule_param(&cfg, "style.echo", "window", 12) == 30);
	assert_true(config_rule_param(&cfg, "style.other", "window", 12) == 12);
	assert_int_equal(config_rule_dialogue(&cfg, "style.echo"), 1);
	assert_int_equal(config_rule_dialogue(&cfg, "style.passive"), -1);
	assert_true(config_is_accepted(&cfg, "darcy", 5));
	config_release(&cfg);
	/* a malformed file names its line */
	write_file(cfgp, "house: uk\nrules:\n  style.echo: sometimes\n");
	config_init(&cfg);
	assert_int_equal(config_load(&cfg, found, &err), SM_EFORMAT);
	assert_non_null(strstr(err.msg, ".storymaster.yml:3:"));
	config_release(&cfg);
	write_file(cfgp, "house: [uk\n");
	config_init(&cfg);
	assert_int_equal(config_load(&cfg, found, &err), SM_EFORMAT);
	config_release(&cfg);
	unlink(cfgp);
	rmdir(sub);
	rmdir(dir);
	free(found);
}

/* The house style picks the spelling rules: style.us-spelling only with house: us. */
static void house_style_rules(void **state)
{
	(void)state;
	struct ruleset *rs = NULL;
	struct sm_err err;
	assert_int_equal(ruleset_load_embedded(&rs, &err), SM_OK);
	const char *text = "The colour of the harbour was grey.";
	struct sm_config cfg;
	config_init(&cfg);
	struct runres r;
	run_text(&r, rs, "text", text, &cfg);
	assert_int_equal(count_rule(&r.f, "style.us-spelling"), 0);
	run_release(&r);
	cfg.house = HOUSE_US;
	run_text(&r, rs, "text", text, &cfg);
	assert_int_equal(count_rule(&r.f, "style.us-spelling"), 3);
	run_release(&r);
	config_release(&cfg);
	ruleset_free(rs);
}

/* style.overused finds a habit, not a subject or a name: a word spread all
 * through the book far above its reference rate fires ("murmured"); one
 * packed into a single stretch ("airlock"), a name that mostly opens its
 * sentences ("Priya") and a contraction with a typographic apostrophe that
 * the reference knows with a plain one ("it\u2019s") do not. The filler
 * uses only words too short for the rule. */
static void overused_habits_not_topics(void **state)
{
	(void)state;
	struct ruleset *rs = NULL;
	struct sm_err err;
	assert_int_equal(ruleset_load_embedded(&rs, &err), SM_OK);
	size_t cap = 1u << 17, n = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	for (int w = 0; w < 6; w++) {
		for (int k = 0; k < 100; k++)
			n += (size_t)snprintf(text + n, cap - n, "%s",
					      k % 3 == 0   ? "Tom sat by the door and ate his soup. "
					      : k % 3 == 1 ? "The sun was low on the hill. "
							   : "He had a cup of tea and went out. ");
		for (int k = 0; k < 2; k++)
			n += (size_t)snprintf(text + n, cap - n, "She murmured that it was late. ");
		for (int k = 0; k < 4; k++)
			n += (size_t)snprintf(text + n, cap - n,
					      "Priya sat down. He said it\xE2\x80\x99s too cold. ");
		if (w == 0)
			for (int k = 0; k < 20; k++)
				n += (size_t)snprintf(text + n, cap - n, "The airlock was shut. ");
		n += (size_t)snprintf(text + n, cap - n, "\n\n");
		assert_true(n < cap);
	}
	struct runres r;
	run_text(&r, rs, "text", text, NULL);
	size_t hits = 0;
	for (size_t i = 0; i < r.f.n; i++) {
		const struct sm_finding *x = &r.f.v[i];
		if (strcmp(x->rule, "style.overused"))
			continue;
		print_message("  overused: %.*s\n", (int)x->len, r.doc->text + x->off);
		assert_int_equal(x->len, 8);
		assert_memory_equal(r.doc->text + x->off, "murmured", 8);
		hits++;
	}
	assert_int_equal(hits, 1);
	run_release(&r);
	free(text);
	ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_examples_green),
		cmocka_unit_test(examples_runner_detects_failure),
		cmocka_unit_test(narration_rules_skip_dialogue),
		cmocka_unit_test(config_dialogue_switch),
		cmocka_unit_test(vale_fixture_loads),
		cmocka_unit_test(vale_fixture_fires),
		cmocka_unit_test(catastrophic_pattern_stopped),
		cmocka_unit_test(malformed_and_unsupported_skipped),
		cmocka_unit_test(bad_rule_fields_rejected),
		cmocka_unit_test(config_find_and_load),
		cmocka_unit_test(house_style_rules),
		cmocka_unit_test(overused_habits_not_topics),
	};
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
