/* test_doubled.c: style.doubled-word. A repeated word is reported in
 * narration and speech, across a hard line break, a Markdown soft wrap and
 * a DOCX line break; doubles that are grammatical where they stand ("had
 * had", "that that", "gave her her book", "what they do do"), names
 * ("Walla Walla") and the reduplications of speech ("no no", "very very")
 * are not. Rule id: style.doubled-word. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>

#include "checks/check.h"
#include "ingest/ingest.h"
#include "segment/segment.h"
#include "unit_util.h"

extern const struct analyzer an_structure;

#define RULE "style.doubled-word"

struct tbook {
	struct sm_doc *doc;
	struct sm_book book;
	struct sm_config cfg;
	struct sm_findings f;
};

static void tb_check(struct tbook *tb)
{
	struct sm_err err;
	assert_int_equal(seg_document(tb->doc, &err), SM_OK);
	config_init(&tb->cfg);
	tb->book.docs = &tb->doc;
	tb->book.n_docs = 1;
	tb->book.cfg = &tb->cfg;
	findings_init(&tb->f);
	assert_int_equal(an_structure.run(&tb->book, &tb->f, &err), SM_OK);
	findings_sort(&tb->f);
}

static void tb_run(struct tbook *tb, const char *fmt, const char *text)
{
	memset(tb, 0, sizeof(*tb));
	struct sm_err err;
	int rc = ingest_buffer(!strcmp(fmt, "markdown") ? "t.md" : "t.txt", fmt, text, strlen(text),
			       &tb->doc, &err);
	assert_int_equal(rc, SM_OK);
	tb_check(tb);
}

static void tb_free(struct tbook *tb)
{
	findings_release(&tb->f);
	doc_free(tb->doc);
	config_release(&tb->cfg);
}

static size_t count_rule(const struct tbook *tb)
{
	return unit_count_rule(&tb->f, RULE);
}

/* text (plain) has exactly one doubled word, and it is `word`. */
static void fires_once(const char *text, const char *word)
{
	struct tbook tb;
	tb_run(&tb, "text", text);
	if (count_rule(&tb) != 1)
		print_message("  '%s': %zu findings\n", text, count_rule(&tb));
	assert_int_equal(count_rule(&tb), 1);
	const struct sm_finding *x = &tb.f.v[0];
	assert_string_equal(x->rule, RULE);
	assert_memory_equal(tb.doc->text + x->off, word, strlen(word));
	assert_non_null(x->suggestion);
	assert_int_equal(strlen(x->suggestion), strlen(word));
	tb_free(&tb);
}

static void never_fires(const char *text)
{
	struct tbook tb;
	tb_run(&tb, "text", text);
	for (size_t i = 0; i < tb.f.n; i++)
		print_message("  '%s': %s\n", text, tb.f.v[i].message);
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
}

/* ---- must fire ---- */

static void test_fires_articles_and_conjunctions(void **state)
{
	(void)state;
	fires_once("She opened the the door.\n", "the");
	fires_once("There was a a problem with the boat.\n", "a");
	fires_once("He came in and and sat down.\n", "and");
	fires_once("Then I I went home.\n", "I");
	fires_once("It was in in the drawer.\n", "in");
	fires_once("The house was was empty.\n", "was");
	fires_once("The trouble is is that nobody knows.\n", "is");
}

/* "her", "on" and "to" used to be exempt as whole pairs. */
static void test_fires_pronoun_and_prepositions(void **state)
{
	(void)state;
	fires_once("He was hugging her her close against the wind.\n", "her");
	fires_once("She put the cup on on the table.\n", "on");
	fires_once("They went to to the store.\n", "to");
	fires_once("He handed him his his keys.\n", "his");
	fires_once("Did you you see it?\n", "you");
}

static void test_fires_across_line_break(void **state)
{
	(void)state;
	struct tbook tb;
	tb_run(&tb, "text", "She walked to the\nthe door and knocked.\n");
	assert_int_equal(count_rule(&tb), 1);
	assert_non_null(strstr(tb.f.v[0].message, "across a line break"));
	assert_int_equal(tb.f.v[0].sev, SM_SEV_ERROR);
	tb_free(&tb);
	/* a Markdown soft wrap */
	tb_run(&tb, "markdown", "# One\n\nShe walked to the\nthe door and knocked.\n");
	assert_int_equal(count_rule(&tb), 1);
	tb_free(&tb);
}

/* A paragraph built as the DOCX reader builds one: runs and a w:br. */
static void test_fires_in_docx_paragraph(void **state)
{
	(void)state;
	struct tbook tb;
	memset(&tb, 0, sizeof(tb));
	tb.doc = doc_new("t.docx", "docx");
	doc_block_begin(tb.doc, BLK_PARAGRAPH, 0, UINT32_MAX);
	assert_int_equal(doc_block_text(tb.doc, "She reached for ", 16, UINT32_MAX), SM_OK);
	assert_int_equal(doc_block_text(tb.doc, "the", 3, UINT32_MAX), SM_OK);
	assert_int_equal(doc_block_cp(tb.doc, '\n'), SM_OK);
	assert_int_equal(doc_block_text(tb.doc, "the handle, and ", 16, UINT32_MAX), SM_OK);
	assert_int_equal(doc_block_text(tb.doc, "it it turned.", 13, UINT32_MAX), SM_OK);
	doc_block_end(tb.doc);
	doc_finish(tb.doc);
	tb_check(&tb);
	assert_int_equal(count_rule(&tb), 2);
	assert_non_null(strstr(tb.f.v[0].message, "\"the\""));
	assert_non_null(strstr(tb.f.v[0].message, "across a line break"));
	assert_non_null(strstr(tb.f.v[1].message, "\"it\""));
	tb_free(&tb);
}

/* In speech a doubled word is a warning, in narration an error. */
static void test_severity_speech(void **state)
{
	(void)state;
	struct tbook tb;
	tb_run(&tb, "text", "\"It was half half a mile,\" he said. She saw the the door.\n");
	assert_int_equal(count_rule(&tb), 2);
	assert_int_equal(tb.f.v[0].sev, SM_SEV_WARNING);
	assert_int_equal(tb.f.v[1].sev, SM_SEV_ERROR);
	tb_free(&tb);
}

/* ---- must not fire ---- */

static void test_not_grammatical_doubles(void **state)
{
	(void)state;
	never_fires("She had had enough of the sea.\n");
	never_fires("I know that that is true.\n");
	never_fires("He gave her her book and left.\n");
	never_fires("Tom asked her her name twice.\n");
	never_fires("Whatever they do do, they do it well.\n");
	never_fires("I assure you you are wrong.\n");
	never_fires("He went on on foot.\n");
	never_fires("She meant to call on to-morrow, and to to-morrow she kept.\n");
}

static void test_not_names(void **state)
{
	(void)state;
	never_fires("He went to Walla Walla in May.\n");
	never_fires("They flew to Bora Bora for the wedding.\n");
}

static void test_not_reduplication_in_speech(void **state)
{
	(void)state;
	never_fires("\"No, no,\" he said.\n");
	never_fires("\"No no no,\" she said. \"Not that one.\"\n");
	never_fires("\"It was very very cold,\" he said. \"Bye bye now.\"\n");
	never_fires("\"Now now,\" said her mother. \"Ha ha. So so.\"\n");
	never_fires("She typed back: ok ok, I get it. Then uh uh, not tonight.\n");
	never_fires("The end, the end came.\n");
	/* a pair that is a clause of its own: a sound or a cry */
	never_fires("\"Heh heh. You fell for it.\"\n");
	never_fires("He winked. Wink wink. Then he left.\n");
	never_fires("\"Gone, gone gone!\" she cried.\n");
	never_fires("\"My my,\" said the old man.\n");
	never_fires("\"DIE DIE DIE,\" the sign said.\n");
	/* but not an article, and not a pair inside a phrase */
	fires_once("She looked at the the.\n", "the");
	fires_once("\"Gone gone away,\" she said.\n", "Gone");
	fires_once("\"It was deep deep in the wood,\" he said.\n", "deep");
}

/* Three or more in a row are a sound or a cry; a pair in brackets, after
 * an en dash or an ellipsis, is a clause of its own. Articles still fire. */
static void test_not_runs_and_bracketed_cries(void **state)
{
	(void)state;
	never_fires("Harold said, \"They certainly will! Haw haw haw!\"\n");
	never_fires("\"No, no no no no,\" she said.\n");
	never_fires("\"Yeah, you might kill him for good (Wink wink). Now go.\"\n");
	never_fires("Krash said, \"(Sniff sniff)\"\n");
	never_fires("Malifor said, \"But\xE2\x80\x93 My my, what do we have here?\"\n");
	never_fires("\"I would be ... alam alam ... most grateful.\"\n");
	fires_once("She saw the the the dog.\n", "the");
	fires_once("\"I don't think the undead will be be needing this,\" he said.\n", "be");
	fires_once("We're having a race around this system system soon.\n", "system");
	fires_once("He went (to to the shop) alone.\n", "to");
}

/* Markdown emphasis on the second word is a stress, as "_the_" in plain text. */
static void test_not_stressed_in_markdown(void **state)
{
	(void)state;
	struct tbook tb;
	tb_run(&tb, "markdown", "# One\n\nNot a dog: the *the* dog.\n");
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
	never_fires("Not a dog: the _the_ dog.\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fires_articles_and_conjunctions),
		cmocka_unit_test(test_fires_pronoun_and_prepositions),
		cmocka_unit_test(test_fires_across_line_break),
		cmocka_unit_test(test_fires_in_docx_paragraph),
		cmocka_unit_test(test_severity_speech),
		cmocka_unit_test(test_not_grammatical_doubles),
		cmocka_unit_test(test_not_names),
		cmocka_unit_test(test_not_reduplication_in_speech),
		cmocka_unit_test(test_not_stressed_in_markdown),
		cmocka_unit_test(test_not_runs_and_bracketed_cries),
	};
	return cmocka_run_group_tests_name("doubled", tests, NULL, NULL);
}
