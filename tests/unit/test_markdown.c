/* test_markdown.c: the Markdown reader (analyzer/ingest/markdown.c) through
 * ingest_buffer: block kinds and texts, breaks, front matter, suppression
 * comments, entities, and source positions of offsets inside blocks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "ingest/ingest.h"

static struct sm_doc *md(const char *s)
{
	struct sm_doc *doc = NULL;
	struct sm_err err;
	sm_err_clear(&err);
	int rc = ingest_buffer("t.md", "markdown", s, strlen(s), &doc, &err);
	if (rc != SM_OK)
		fail_msg("ingest failed: %s", err.msg);
	assert_non_null(doc);
	return doc;
}

static void assert_block(const struct sm_doc *doc, size_t i, enum blk_kind kind, int level,
			 const char *text)
{
	assert_true(i < doc->n_blocks);
	const struct block *b = &doc->blocks[i];
	assert_int_equal(b->kind, kind);
	assert_int_equal(b->level, level);
	assert_int_equal(b->len, strlen(text));
	assert_memory_equal(doc->text + b->off, text, b->len);
}

/* Source line and column of the first occurrence of needle in doc->text. */
static void locate(const struct sm_doc *doc, const char *needle, uint32_t *line, uint32_t *col)
{
	const char *p = strstr(doc->text, needle);
	assert_non_null(p);
	uint32_t off = (uint32_t)(p - doc->text);
	int b = doc_block_at(doc, off);
	assert_true(b >= 0);
	doc_locate(doc, (uint32_t)b, off, line, col);
}

static void assert_at(const struct sm_doc *doc, const char *needle, uint32_t line, uint32_t col)
{
	uint32_t l, c;
	locate(doc, needle, &l, &c);
	if (l != line || c != col)
		fail_msg("'%s' at %u:%u, expected %u:%u", needle, l, c, line, col);
}

/* The suppression range for rule, or NULL. */
static const struct suppress *supp_for(const struct sm_doc *doc, const char *rule)
{
	for (size_t i = 0; i < doc->n_supp; i++)
		if (!strcmp(doc->supp[i].rule, rule))
			return &doc->supp[i];
	return NULL;
}

static bool supp_covers(const struct sm_doc *doc, const char *rule, const char *needle)
{
	const struct suppress *s = supp_for(doc, rule);
	const char *p = strstr(doc->text, needle);
	assert_non_null(p);
	uint32_t off = (uint32_t)(p - doc->text);
	return s && off >= s->off && off + strlen(needle) <= s->off + s->len;
}

static void test_headings_and_paragraphs(void **state)
{
	(void)state;
	struct sm_doc *doc = md("# Chapter One\n\nIt was a dark night.\n\nSetext Title\n============\n\n"
				"## Sub *part*\n\nLast words.\n");
	assert_int_equal(doc->n_blocks, 5);
	assert_block(doc, 0, BLK_HEADING, 1, "Chapter One");
	assert_block(doc, 1, BLK_PARAGRAPH, 0, "It was a dark night.");
	assert_block(doc, 2, BLK_HEADING, 1, "Setext Title");
	assert_block(doc, 3, BLK_HEADING, 2, "Sub part");
	assert_block(doc, 4, BLK_PARAGRAPH, 0, "Last words.");
	assert_int_equal(doc->blocks[0].line, 1);
	assert_int_equal(doc->blocks[0].col, 3);
	assert_int_equal(doc->blocks[2].line, 5);
	assert_int_equal(doc->blocks[2].col, 1);
	assert_int_equal(doc->blocks[4].line, 10);
	doc_free(doc);
}

static void test_hard_wrapped_paragraph(void **state)
{
	(void)state;
	struct sm_doc *doc = md("Intro.\n\nFirst line of it\nsecond line here \n  third line.\n");
	assert_int_equal(doc->n_blocks, 2);
	assert_block(doc, 1, BLK_PARAGRAPH, 0, "First line of it second line here third line.");
	assert_at(doc, "First", 3, 1);
	assert_at(doc, "of it", 3, 12);
	assert_at(doc, "second", 4, 1);
	assert_at(doc, "here", 4, 13);
	assert_at(doc, "third", 5, 3);
	assert_at(doc, "line.", 5, 9);
	doc_free(doc);
}

static void test_emphasis_links_images(void **state)
{
	(void)state;
	const char *src = "She *really* said **no** to [the man](http://x.org \"t\") ![a pic](p.png)today, _twice_.\n";
	struct sm_doc *doc = md(src);
	assert_int_equal(doc->n_blocks, 1);
	assert_block(doc, 0, BLK_PARAGRAPH, 0, "She really said no to the man today, twice.");
	assert_at(doc, "really", 1, (uint32_t)(strstr(src, "really") - src) + 1);
	assert_at(doc, "no to", 1, (uint32_t)(strstr(src, "no") - src) + 1);
	assert_at(doc, "the man", 1, (uint32_t)(strstr(src, "the man") - src) + 1);
	assert_at(doc, "today", 1, (uint32_t)(strstr(src, "today") - src) + 1);
	assert_at(doc, "twice", 1, (uint32_t)(strstr(src, "twice") - src) + 1);
	doc_free(doc);
}

static void test_entities(void **state)
{
	(void)state;
	const char *src = "Tom &amp; Jerry&mdash;&#8212;&#x2014;&eacute; &bogus; &#0; end\n";
	struct sm_doc *doc = md(src);
	assert_block(doc, 0, BLK_PARAGRAPH, 0,
		     "Tom & Jerry\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xC3\xA9 &bogus; \xEF\xBF\xBD end");
	assert_at(doc, "Jerry", 1, 11);
	assert_at(doc, "end", 1, (uint32_t)(strstr(src, "end") - src) + 1);
	assert_at(doc, "&bogus", 1, (uint32_t)(strstr(src, "&bogus") - src) + 1);
	doc_free(doc);
}

static void test_thematic_breaks(void **state)
{
	(void)state;
	struct sm_doc *doc = md("One.\n\n* * *\n\nTwo.\n\n---\n\nThree.\n\n___\n\nFour.\n\nFive.\n");
	assert_int_equal(doc->n_blocks, 5);
	assert_block(doc, 0, BLK_PARAGRAPH, 0, "One.");
	assert_false(doc->blocks[0].after_break);
	assert_true(doc->blocks[1].after_break);
	assert_true(doc->blocks[2].after_break);
	assert_true(doc->blocks[3].after_break);
	assert_false(doc->blocks[4].after_break);
	assert_block(doc, 3, BLK_PARAGRAPH, 0, "Four.");
	doc_free(doc);
}

static void test_lists_and_quotes(void **state)
{
	(void)state;
	struct sm_doc *doc = md("> Quoted line\n> and more.\n\n- tight one\n- tight two\n  - nested\n\n"
				"1. loose first\n\n2. loose second\n");
	assert_int_equal(doc->n_blocks, 6);
	assert_block(doc, 0, BLK_PARAGRAPH, 0, "Quoted line and more.");
	assert_block(doc, 1, BLK_PARAGRAPH, 0, "tight one");
	assert_block(doc, 2, BLK_PARAGRAPH, 0, "tight two");
	assert_block(doc, 3, BLK_PARAGRAPH, 0, "nested");
	assert_block(doc, 4, BLK_PARAGRAPH, 0, "loose first");
	assert_block(doc, 5, BLK_PARAGRAPH, 0, "loose second");
	assert_at(doc, "and more", 2, 3);
	assert_at(doc, "nested", 6, 5);
	doc_free(doc);
}

static void test_code_and_html_skipped(void **state)
{
	(void)state;
	struct sm_doc *doc = md("Before.\n\n```\nint code;\n```\n\n    indented code\n\n<div>\nraw html\n</div>\n\n"
				"Inline <span>html</span> and `code span`.\n");
	assert_int_equal(doc->n_blocks, 2);
	assert_block(doc, 0, BLK_PARAGRAPH, 0, "Before.");
	assert_block(doc, 1, BLK_PARAGRAPH, 0, "Inline html and code span.");
	assert_null(strstr(doc->text, "int code"));
	assert_null(strstr(doc->text, "raw html"));
	doc_free(doc);
}

static void test_hard_break(void **state)
{
	(void)state;
	struct sm_doc *doc = md("Dear Sir,  \nI write.\\\nYours.\n");
	assert_block(doc, 0, BLK_PARAGRAPH, 0, "Dear Sir,\nI write.\nYours.");
	assert_at(doc, "I write", 2, 1);
	assert_at(doc, "Yours", 3, 1);
	doc_free(doc);
}

static void test_front_matter(void **state)
{
	(void)state;
	struct sm_doc *doc = md("---\ntitle: \"Emma\"\nauthor: Jane Austen\ndate: 1815\n---\n\n# Chapter I\n\nText.\n");
	assert_non_null(doc->meta_title);
	assert_string_equal(doc->meta_title, "Emma");
	assert_string_equal(doc->meta_author, "Jane Austen");
	assert_int_equal(doc->n_blocks, 2);
	assert_block(doc, 0, BLK_HEADING, 1, "Chapter I");
	assert_null(strstr(doc->text, "title"));
	assert_int_equal(doc->blocks[0].line, 7);
	assert_int_equal(doc->blocks[0].col, 3);
	assert_false(doc->blocks[0].after_break);
	doc_free(doc);
}

static void test_front_matter_author_list(void **state)
{
	(void)state;
	struct sm_doc *doc = md("---\ntitle: Two Hands\nauthor:\n  - Ann Lee\n  - Bo Ray\nkeywords: [a, b]\n...\nBody.\n");
	assert_string_equal(doc->meta_title, "Two Hands");
	assert_string_equal(doc->meta_author, "Ann Lee, Bo Ray");
	assert_int_equal(doc->n_blocks, 1);
	assert_block(doc, 0, BLK_PARAGRAPH, 0, "Body.");
	assert_int_equal(doc->blocks[0].line, 8);
	doc_free(doc);
}

static void test_front_matter_malformed(void **state)
{
	(void)state;
	struct sm_doc *doc = md("---\ntitle: [unclosed\n  : : \"\n---\n\nBody text.\n");
	assert_null(doc->meta_title);
	assert_int_equal(doc->n_blocks, 1);
	assert_block(doc, 0, BLK_PARAGRAPH, 0, "Body text.");
	assert_int_equal(doc->blocks[0].line, 6);
	doc_free(doc);
}

static void test_no_front_matter_when_unclosed(void **state)
{
	(void)state;
	/* a leading thematic break with no closing line is a break, not metadata */
	struct sm_doc *doc = md("---\n\nJust text.\n");
	assert_null(doc->meta_title);
	assert_block(doc, 0, BLK_PARAGRAPH, 0, "Just text.");
	doc_free(doc);
}

static void test_suppression_blocks(void **state)
{
	(void)state;
	struct sm_doc *doc = md("Para one.\n\n<!-- storymaster-disable style.echo, style.weak -->\n\nPara two.\n\n"
				"<!-- storymaster-enable style.echo -->\n\nPara three.\n\n"
				"<!-- just a comment -->\n\n<!-- storymaster-disable -->\n\nPara four.\n");
	assert_int_equal(doc->n_blocks, 4);
	assert_null(strstr(doc->text, "storymaster"));
	assert_null(strstr(doc->text, "just a comment"));
	assert_true(supp_covers(doc, "style.echo", "Para two."));
	assert_false(supp_covers(doc, "style.echo", "Para three."));
	assert_false(supp_covers(doc, "style.echo", "Para one."));
	/* never re-enabled: runs to the end of the document */
	assert_true(supp_covers(doc, "style.weak", "Para two."));
	assert_true(supp_covers(doc, "style.weak", "Para four."));
	assert_true(supp_covers(doc, "*", "Para four."));
	assert_false(supp_covers(doc, "*", "Para three."));
	assert_int_equal(doc->n_supp, 3);
	doc_free(doc);
}

static void test_suppression_inline(void **state)
{
	(void)state;
	struct sm_doc *doc = md("Some <!-- storymaster-disable style.x -->quiet words<!-- storymaster-enable -->"
				" loud\nwords <!-- storymaster-disabled -->end.\n");
	assert_block(doc, 0, BLK_PARAGRAPH, 0, "Some quiet words loud words end.");
	const struct suppress *s = supp_for(doc, "style.x");
	assert_non_null(s);
	const char *q = strstr(doc->text, "quiet words");
	assert_int_equal(s->off, (uint32_t)(q - doc->text));
	assert_int_equal(s->len, strlen("quiet words"));
	assert_int_equal(doc->n_supp, 1);
	doc_free(doc);
}

static void test_suppression_next_line(void **state)
{
	(void)state;
	/* as ESLint's disable-next-line: the paragraph or heading that follows */
	struct sm_doc *doc = md("Loud one.\n\n<!-- storymaster-disable-next-line style.echo, style.weak -->\n"
				"Quiet line\nstill the same paragraph.\n\nLoud two.\n\n"
				"<!-- storymaster-disable-next-line -->\n# A heading\n\nLoud three.\n");
	assert_int_equal(doc->n_blocks, 5);
	assert_null(strstr(doc->text, "storymaster"));
	assert_true(supp_covers(doc, "style.echo", "Quiet line still the same paragraph."));
	assert_true(supp_covers(doc, "style.weak", "Quiet line"));
	assert_false(supp_covers(doc, "style.echo", "Loud one."));
	assert_false(supp_covers(doc, "style.echo", "Loud two."));
	assert_true(supp_covers(doc, "*", "A heading"));
	assert_false(supp_covers(doc, "*", "Loud three."));
	assert_false(supp_covers(doc, "*", "Loud two."));
	assert_int_equal(doc->n_supp, 3);
	doc_free(doc);
}

static void test_suppression_multiline_comment(void **state)
{
	(void)state;
	struct sm_doc *doc = md("<!--\n  storymaster-disable\n  style.a\n-->\nQuiet.\n\n<!-- storymaster-enable\n-->\n\nLoud.\n");
	assert_true(supp_covers(doc, "style.a", "Quiet."));
	assert_false(supp_covers(doc, "style.a", "Loud."));
	doc_free(doc);
}

static void test_suppression_pandoc_raw_block(void **state)
{
	(void)state;
	/* pandoc -t markdown writes HTML comments as raw blocks */
	struct sm_doc *doc = md("Loud.\n\n```{=html}\n<!-- storymaster-disable style.b -->\n```\nQuiet.\n\n"
				"```{=html}\n<!-- storymaster-enable -->\n```\nLoud again.\n\n```\n<!-- storymaster-disable -->\n```\n");
	assert_int_equal(doc->n_blocks, 3);
	const struct suppress *s = supp_for(doc, "style.b");
	assert_non_null(s);
	const char *q = strstr(doc->text, "Quiet.");
	assert_int_equal(s->off, (uint32_t)(q - doc->text));
	assert_int_equal(s->len, strlen("Quiet."));
	/* a comment inside an ordinary code block is code, not a directive */
	assert_int_equal(doc->n_supp, 1);
	doc_free(doc);
}

static void test_crlf(void **state)
{
	(void)state;
	struct sm_doc *doc = md("# Title\r\n\r\nLine one\r\nline *two*\r\n\r\n***\r\n\r\nAfter.\r\n");
	assert_int_equal(doc->n_blocks, 3);
	assert_block(doc, 0, BLK_HEADING, 1, "Title");
	assert_block(doc, 1, BLK_PARAGRAPH, 0, "Line one line two");
	assert_at(doc, "line two", 4, 1);
	assert_at(doc, "two", 4, 7);
	assert_at(doc, "After", 8, 1);
	assert_true(doc->blocks[2].after_break);
	assert_null(strchr(doc->text, '\r'));
	doc_free(doc);
}

static void test_bom(void **state)
{
	(void)state;
	struct sm_doc *doc = md("\xEF\xBB\xBFHello world.\n");
	assert_block(doc, 0, BLK_PARAGRAPH, 0, "Hello world.");
	assert_int_equal(doc->blocks[0].line, 1);
	assert_int_equal(doc->blocks[0].col, 1);
	assert_at(doc, "world", 1, 7);
	doc_free(doc);
}

static void test_front_matter_after_bom(void **state)
{
	(void)state;
	struct sm_doc *doc = md("\xEF\xBB\xBF---\r\ntitle: Persuasion\r\n---\r\nText.\r\n");
	assert_string_equal(doc->meta_title, "Persuasion");
	assert_block(doc, 0, BLK_PARAGRAPH, 0, "Text.");
	assert_int_equal(doc->blocks[0].line, 4);
	doc_free(doc);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	struct sm_doc *doc = md("Good.\n\nCaf\xC3\xA9 bad \xFF byte.\n");
	assert_block(doc, 1, BLK_PARAGRAPH, 0, "Caf\xC3\xA9 bad \xEF\xBF\xBD byte.");
	assert_int_equal(doc->n_diags, 1);
	assert_int_equal(doc->diags[0].line, 3);
	assert_int_equal(doc->diags[0].col, 10);
	assert_at(doc, "byte", 3, 12);
	doc_free(doc);
}

static void test_only_markup_is_no_text(void **state)
{
	(void)state;
	struct sm_doc *doc = NULL;
	struct sm_err err;
	const char *s = "<!-- nothing -->\n\n---\n\n```\ncode\n```\n";
	assert_int_equal(ingest_buffer("t.md", "markdown", s, strlen(s), &doc, &err), SM_EFORMAT);
	assert_null(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headings_and_paragraphs),
		cmocka_unit_test(test_hard_wrapped_paragraph),
		cmocka_unit_test(test_emphasis_links_images),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_thematic_breaks),
		cmocka_unit_test(test_lists_and_quotes),
		cmocka_unit_test(test_code_and_html_skipped),
		cmocka_unit_test(test_hard_break),
		cmocka_unit_test(test_front_matter),
		cmocka_unit_test(test_front_matter_author_list),
		cmocka_unit_test(test_front_matter_malformed),
		cmocka_unit_test(test_no_front_matter_when_unclosed),
		cmocka_unit_test(test_suppression_blocks),
		cmocka_unit_test(test_suppression_inline),
		cmocka_unit_test(test_suppression_next_line),
		cmocka_unit_test(test_suppression_multiline_comment),
		cmocka_unit_test(test_suppression_pandoc_raw_block),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_front_matter_after_bom),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_only_markup_is_no_text),
	};
	return cmocka_run_group_tests_name("markdown", tests, NULL, NULL);
}
