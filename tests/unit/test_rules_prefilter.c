/* test_rules_prefilter.c: the phrase prefilter of the rule engine
 * (rules/rule_load.c build_starts, rules/rule_run.c next_start) must give
 * exactly the findings of the plain alternation. The shipped clichés rule
 * (style.cliches) runs twice over generated text full of phrase instances
 * with odd case, spacing, punctuation and non-ASCII neighbours: once as
 * shipped (prefiltered) and once with a never-matching token added, which
 * turns the prefilter off and leaves the alternation's meaning unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "base/sbuf.h"
#include "ingest/ingest.h"
#include "rules/rules.h"
#include "segment/segment.h"

#define CLICHES "rules/cliches/cliches.yml"

static uint64_t rng_state;
static bool noisy = true; /* odd spacing, case and look-alike letters in instances */

static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(rng_state >> 33) % n;
}

/* The rule in yaml under id style.fast, and the same rule with
 * `tokens: ['(?!)']` (no prefilter) under style.plain, in one ruleset. */
static struct ruleset *load_pair_yaml(const char *yaml, size_t n)
{
	struct sm_err err;
	sm_err_clear(&err);
	struct ruleset *rs = ruleset_new();
	assert_int_equal(ruleset_add_yaml(rs, "style.fast", "cliches", CLICHES, NULL, yaml, n, &err), SM_OK);
	const char *extra = "\ntokens:\n  - '(?!)'\n";
	char *plain = malloc(n + strlen(extra) + 1);
	assert_non_null(plain);
	memcpy(plain, yaml, n);
	strcpy(plain + n, extra);
	assert_int_equal(ruleset_add_yaml(rs, "style.plain", "cliches", CLICHES, NULL, plain, strlen(plain), &err),
			 SM_OK);
	free(plain);
	return rs;
}

static struct ruleset *load_pair(void)
{
	const struct sm_embedded *e = embedded_find(CLICHES);
	assert_non_null(e);
	return load_pair_yaml((const char *)e->data, (size_t)(e->end - e->data));
}

/* The phrases of a rule file: the '- ' items after "phrases:", with YAML's
 * '' unescaped. */
static size_t read_phrases_of(const char *yaml, char ***out)
{
	const char *s = strstr(yaml, "\nphrases:\n");
	assert_non_null(s);
	s += 10;
	char **v = NULL;
	size_t n = 0;
	while (!strncmp(s, "  - '", 5)) {
		s += 5;
		const char *end = strchr(s, '\n');
		assert_non_null(end);
		char *p = malloc((size_t)(end - s) + 1);
		size_t k = 0;
		for (const char *q = s; q < end - 1; q++) { /* drop the closing quote */
			p[k++] = *q;
			if (q[0] == '\'' && q[1] == '\'')
				q++;
		}
		p[k] = '\0';
		v = realloc(v, sizeof(*v) * (n + 1));
		v[n++] = p;
		s = end + 1;
	}
	*out = v;
	return n;
}

static size_t read_phrases(char ***out)
{
	return read_phrases_of((const char *)embedded_find(CLICHES)->data, out);
}

/* A random separator between words: mostly a space, sometimes other white
 * space (a newline, NO-BREAK SPACE), punctuation or a non-ASCII character. */
static void add_space(struct sbuf *sb)
{
	static const char *const seps[] = {
		" ", " ", " ", " ", " ", " ", "  ", "\n", "\xc2\xa0", ", ", "-", " \xe2\x80\x94 ", "\xe2\x80\x99",
		" \xe2\x80\x9c", "\xe2\x80\x9d ", "\xc3\xa9 ", " _", "; ",
	};
	sbuf_adds(sb, noisy ? seps[rnd(SM_ARRAY_LEN(seps))] : " ");
}

/* Write one instance of a phrase: a random alternative of each group
 * (an optional group left out at random), a random slot word, a random
 * ending after ~, letters in random case now and then. */
static const char *instance(struct sbuf *sb, const char *p, int depth)
{
	static const char *const slot_words[] = { "his", "her", "their", "my", "him", "them", "she", "he",
						  "I", "they", "herself", "himself", "Emma", "it" };
	static const char *const endings[] = { "", "s", "ed", "ing", "es", "d" };
	while (*p) {
		if (*p == '|' || *p == ')') {
			if (depth)
				return p;
			p++;
			continue;
		}
		if (*p == '(') {
			/* count alternatives, pick one */
			const char *q = p + 1;
			int d = 0, alts = 1;
			for (; *q && !(*q == ')' && d == 0); q++) {
				if (*q == '(')
					d++;
				else if (*q == ')')
					d--;
				else if (*q == '|' && !d)
					alts++;
			}
			const char *close = q;
			bool opt = close[0] && close[1] == '?';
			int pick = (int)rnd((uint32_t)alts + (opt ? 1 : 0));
			const char *a = p + 1;
			for (int k = 0; k < pick && k < alts - 1; k++) { /* skip to alternative k */
				d = 0;
				while (!(*a == '|' && !d)) {
					if (*a == '(')
						d++;
					else if (*a == ')')
						d--;
					a++;
				}
				a++;
			}
			if (pick < alts)
				instance(sb, a, depth + 1);
			p = close + (*close ? 1 : 0) + (opt ? 1 : 0);
			continue;
		}
		if (*p == '{') {
			const char *z = strchr(p, '}');
			if (z) {
				sbuf_adds(sb, slot_words[rnd(SM_ARRAY_LEN(slot_words))]);
				p = z + 1;
				continue;
			}
		}
		if (*p == '~') {
			sbuf_adds(sb, endings[rnd(SM_ARRAY_LEN(endings))]);
			p++;
			continue;
		}
		if (*p == ' ') {
			add_space(sb);
			p++;
			continue;
		}
		char c = *p++;
		if (!noisy) {
			sbuf_addc(sb, c);
			continue;
		}
		if (c >= 'a' && c <= 'z' && rnd(8) == 0)
			c = (char)(c - 32);
		if (c == 'k' && rnd(6) == 0) {
			sbuf_adds(sb, "\xe2\x84\xaa"); /* KELVIN SIGN: caseless a k */
			continue;
		}
		if (c == 's' && rnd(20) == 0) {
			sbuf_adds(sb, "\xc5\xbf"); /* LATIN SMALL LETTER LONG S: caseless an s */
			continue;
		}
		sbuf_addc(sb, c);
	}
	return p;
}

/* A text of n_par paragraphs mixing phrase instances, common words and
 * junk glued to words. */
static char *make_text(char **phrases, size_t n_phr, size_t n_par)
{
	static const char *const words[] = {
		"a", "the", "her", "his", "it", "in", "at", "to", "of", "and", "was", "heart", "eyes", "breath",
		"dead", "time", "like", "every", "all", "out", "cold", "Emma", "x", "\xc3\xa9t\xc3\xa9", "na\xc3\xafve",
		"don't", "it's", "rock-hard", "_italic_", "2", "\xe2\x80\x9cQuote", "end.\xe2\x80\x9d",
	};
	struct sbuf sb;
	sbuf_init(&sb, 1u << 24);
	for (size_t par = 0; par < n_par; par++) {
		size_t n_items = 3 + rnd(12);
		for (size_t k = 0; k < n_items; k++) {
			if (k)
				add_space(&sb);
			if (rnd(3) == 0) {
				if (rnd(10) == 0) /* glued to a word before or after */
					sbuf_adds(&sb, words[rnd(SM_ARRAY_LEN(words))]);
				instance(&sb, phrases[rnd((uint32_t)n_phr)], 0);
				if (rnd(10) == 0)
					sbuf_adds(&sb, words[rnd(SM_ARRAY_LEN(words))]);
			} else {
				sbuf_adds(&sb, words[rnd(SM_ARRAY_LEN(words))]);
			}
		}
		sbuf_adds(&sb, rnd(2) ? ".\n\n" : "!\n\n");
	}
	assert_non_null(sb.buf);
	char *s = strdup(sb.buf);
	sbuf_release(&sb);
	return s;
}

/* Run rule `only` of rs over text. */
static void run_rule(const struct ruleset *rs, int only, struct sm_doc *doc, struct sm_findings *f)
{
	struct sm_config cfg;
	config_init(&cfg);
	cfg.all_rules = true; /* style.cliches is opt-in */
	struct sm_book book = { 0 };
	book.docs = &doc;
	book.n_docs = 1;
	book.cfg = &cfg;
	findings_init(f);
	assert_int_equal(ruleset_run(rs, &book, f, only, NULL), SM_OK);
	assert_int_equal(book.n_warnings, 0);
	book_release_warnings(&book);
	config_release(&cfg);
}

static size_t compare_on(const struct ruleset *rs, const char *text)
{
	struct sm_doc *doc = NULL;
	struct sm_err err;
	sm_err_clear(&err);
	assert_int_equal(ingest_buffer("t.txt", "text", text, strlen(text), &doc, &err), SM_OK);
	assert_int_equal(seg_document(doc, &err), SM_OK);
	struct sm_findings a, b;
	run_rule(rs, ruleset_find(rs, "style.fast"), doc, &a);
	run_rule(rs, ruleset_find(rs, "style.plain"), doc, &b);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		if (a.v[i].off != b.v[i].off || a.v[i].len != b.v[i].len)
			fail_msg("finding %zu differs: fast %u+%u '%.*s', plain %u+%u '%.*s'", i, a.v[i].off, a.v[i].len,
				 (int)a.v[i].len, doc->text + a.v[i].off, b.v[i].off, b.v[i].len, (int)b.v[i].len,
				 doc->text + b.v[i].off);
		assert_string_equal(a.v[i].message, b.v[i].message);
	}
	size_t n = a.n;
	findings_release(&a);
	findings_release(&b);
	doc_free(doc);
	return n;
}

/* style.cliches: generated text, prefiltered and plain give the same findings. */
static void prefilter_same_findings(void **state)
{
	(void)state;
	struct ruleset *rs = load_pair();
	char **phrases = NULL;
	size_t n_phr = read_phrases(&phrases);
	assert_true(n_phr >= 300);
	size_t total = 0;
	for (uint64_t seed = 1; seed <= 12; seed++) {
		rng_state = seed;
		char *text = make_text(phrases, n_phr, 400);
		total += compare_on(rs, text);
		free(text);
	}
	print_message("%zu findings\n", total);
	assert_true(total > 1000); /* the text does exercise the rule */
	for (size_t i = 0; i < n_phr; i++)
		free(phrases[i]);
	free(phrases);
	ruleset_free(rs);
}

/* style.cliches: each phrase's instances, alone and after a capitalized or
 * non-ASCII word, match the same with and without the prefilter. */
static void prefilter_each_phrase(void **state)
{
	(void)state;
	struct ruleset *rs = load_pair();
	char **phrases = NULL;
	size_t n_phr = read_phrases(&phrases);
	struct sbuf sb;
	sbuf_init(&sb, 1u << 24);
	rng_state = 99;
	noisy = true;
	for (size_t i = 0; i < n_phr; i++) {
		for (int k = 0; k < 4; k++) {
			static const char *const before[] = { "", "And ", "\xc3\x89mile ", "\xe2\x80\x9c" };
			sbuf_adds(&sb, before[k]);
			noisy = k >= 2;
			instance(&sb, phrases[i], 0);
			sbuf_adds(&sb, k == 3 ? ".\xe2\x80\x9d\n\n" : ".\n\n");
		}
	}
	noisy = true;
	assert_non_null(sb.buf);
	size_t n = compare_on(rs, sb.buf);
	print_message("%zu findings on %zu phrases\n", n, n_phr);
	assert_true(n >= n_phr); /* most instances are found */
	sbuf_release(&sb);
	for (size_t i = 0; i < n_phr; i++)
		free(phrases[i]);
	free(phrases);
	ruleset_free(rs);
}

/* style.cliches: the shipped fire examples still fire, the pass examples do not. */
static void prefilter_examples(void **state)
{
	(void)state;
	struct ruleset *rs = load_pair();
	int i = ruleset_find(rs, "style.fast");
	assert_true(i >= 0);
	assert_int_equal(ruleset_test_rule(rs, (size_t)i, NULL, NULL), 0);
	ruleset_free(rs);
}

/* A phrase list that takes the prefilter's other paths: one-word phrases,
 * a phrase that may end after its first word, {someone} and punctuation in
 * second place, an optional first word; prefiltered and plain agree. */
static void prefilter_wildcards(void **state)
{
	(void)state;
	static const char yaml[] =
		"extends: existence\n"
		"message: \"stock: '%s'\"\n"
		"level: suggestion\n"
		"ignorecase: true\n"
		"phrases:\n"
		"  - 'suddenly'\n"
		"  - 'run~'\n"
		"  - 'a (very )?'\n"
		"  - 'told {someone} off'\n"
		"  - 'tall, dark'\n"
		"  - 'rock-hard'\n"
		"  - '(the )?heart~'\n"
		"  - 'it''s (all|over)'\n"
		"  - 'dead (tired|of night)|dead'\n"
		"  - 'her (eyes|éclat)'\n"
		"  - 'x_y z'\n";
	struct ruleset *rs = load_pair_yaml(yaml, strlen(yaml));
	char **phrases = NULL;
	size_t n_phr = read_phrases_of(yaml, &phrases);
	assert_int_equal(n_phr, 11);
	size_t total = 0;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		rng_state = seed;
		char *text = make_text(phrases, n_phr, 300);
		total += compare_on(rs, text);
		free(text);
	}
	print_message("%zu findings\n", total);
	assert_true(total > 1000);
	for (size_t i = 0; i < n_phr; i++)
		free(phrases[i]);
	free(phrases);
	ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prefilter_same_findings),
		cmocka_unit_test(prefilter_each_phrase),
		cmocka_unit_test(prefilter_examples),
		cmocka_unit_test(prefilter_wildcards),
	};
	return cmocka_run_group_tests_name("rules_prefilter", tests, NULL, NULL);
}
