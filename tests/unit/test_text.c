/* test_text.c: the plain-text reader (analyzer/ingest/text.c) through
 * ingest_buffer: paragraphs, re-flowed hard wraps, form feeds, CRLF, BOM,
 * invalid UTF-8, and source positions of offsets inside paragraphs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "ingest/ingest.h"

static struct sm_doc *txt_n(const char *s, size_t n)
{
	struct sm_doc *doc = NULL;
	struct sm_err err;
	sm_err_clear(&err);
	int rc = ingest_buffer("t.txt", "text", s, n, &doc, &err);
	if (rc != SM_OK)
		fail_msg("ingest failed: %s", err.msg);
	assert_non_null(doc);
	return doc;
}

static struct sm_doc *txt(const char *s)
{
	return txt_n(s, strlen(s));
}

static void assert_para(const struct sm_doc *doc, size_t i, const char *text)
{
	assert_true(i < doc->n_blocks);
	const struct block *b = &doc->blocks[i];
	assert_int_equal(b->kind, BLK_PARAGRAPH);
	assert_int_equal(b->level, 0);
	if (b->len != strlen(text) || memcmp(doc->text + b->off, text, b->len) != 0)
		fail_msg("block %zu is '%.*s', expected '%s'", i, (int)b->len, doc->text + b->off, text);
}

static void assert_at(const struct sm_doc *doc, const char *needle, uint32_t line, uint32_t col)
{
	const char *p = strstr(doc->text, needle);
	assert_non_null(p);
	uint32_t off = (uint32_t)(p - doc->text), l, c;
	int b = doc_block_at(doc, off);
	assert_true(b >= 0);
	doc_locate(doc, (uint32_t)b, off, &l, &c);
	if (l != line || c != col)
		fail_msg("'%s' at %u:%u, expected %u:%u", needle, l, c, line, col);
}

static void test_paragraphs_reflowed(void **state)
{
	(void)state;
	struct sm_doc *doc = txt("CHAPTER I\n\n\nEmma Woodhouse, handsome,\nclever, and rich, with a\n"
				 "comfortable home.\n\n* * *\n\nNext para.\n");
	assert_int_equal(doc->n_blocks, 4);
	assert_para(doc, 0, "CHAPTER I");
	assert_para(doc, 1, "Emma Woodhouse, handsome, clever, and rich, with a comfortable home.");
	assert_para(doc, 2, "* * *");
	assert_para(doc, 3, "Next para.");
	assert_int_equal(doc->blocks[1].line, 4);
	assert_int_equal(doc->blocks[1].col, 1);
	assert_int_equal(doc->blocks[3].line, 10);
	for (size_t i = 0; i < doc->n_blocks; i++)
		assert_false(doc->blocks[i].after_break);
	doc_free(doc);
}

static void test_positions_in_wrapped_lines(void **state)
{
	(void)state;
	struct sm_doc *doc = txt("Emma Woodhouse, handsome,\nclever, and rich, with a\ncomfortable home.\n");
	assert_at(doc, "Woodhouse", 1, 6);
	assert_at(doc, "clever", 2, 1);
	assert_at(doc, "rich", 2, 13);
	assert_at(doc, "comfortable", 3, 1);
	assert_at(doc, "home", 3, 13);
	doc_free(doc);
}

static void test_indented_lines(void **state)
{
	(void)state;
	struct sm_doc *doc = txt("    Indented poem line,\n      second line\n\n\tTabbed para.  \n");
	assert_int_equal(doc->n_blocks, 2);
	assert_para(doc, 0, "Indented poem line, second line");
	assert_para(doc, 1, "Tabbed para.");
	assert_int_equal(doc->blocks[0].col, 5);
	assert_at(doc, "second", 2, 7);
	assert_at(doc, "Tabbed", 4, 2);
	doc_free(doc);
}

static void test_whitespace_line_separates(void **state)
{
	(void)state;
	struct sm_doc *doc = txt("Alpha.\n \t \nBeta.");
	assert_int_equal(doc->n_blocks, 2);
	assert_para(doc, 0, "Alpha.");
	assert_para(doc, 1, "Beta.");
	assert_at(doc, "Beta", 3, 1);
	doc_free(doc);
}

static void test_form_feed(void **state)
{
	(void)state;
	struct sm_doc *doc = txt("Page one\ncontinues.\fPage two.\n\n\f\nPage three.\n");
	assert_int_equal(doc->n_blocks, 3);
	assert_para(doc, 0, "Page one continues.");
	assert_para(doc, 1, "Page two.");
	assert_para(doc, 2, "Page three.");
	assert_false(doc->blocks[0].page_break);
	assert_true(doc->blocks[1].page_break);
	assert_true(doc->blocks[2].page_break);
	doc_free(doc);
}

static void test_crlf(void **state)
{
	(void)state;
	struct sm_doc *doc = txt("First line\r\nsecond line\r\n\r\nThird para.\r\n");
	assert_int_equal(doc->n_blocks, 2);
	assert_para(doc, 0, "First line second line");
	assert_para(doc, 1, "Third para.");
	assert_at(doc, "second", 2, 1);
	assert_at(doc, "line", 1, 7);
	assert_at(doc, "para", 4, 7);
	assert_null(strchr(doc->text, '\r'));
	doc_free(doc);
}

static void test_bom(void **state)
{
	(void)state;
	struct sm_doc *doc = txt("\xEF\xBB\xBFHello world.\nNext.\n");
	assert_para(doc, 0, "Hello world. Next.");
	assert_int_equal(doc->blocks[0].col, 1);
	assert_at(doc, "world", 1, 7);
	assert_at(doc, "Next", 2, 1);
	doc_free(doc);
}

static void test_markup_stays_literal(void **state)
{
	(void)state;
	struct sm_doc *doc = txt("She was _very_ pleased -- *really*.\n# not a heading\n");
	assert_int_equal(doc->n_blocks, 1);
	assert_para(doc, 0, "She was _very_ pleased -- *really*. # not a heading");
	doc_free(doc);
}

static void test_code_point_columns(void **state)
{
	(void)state;
	struct sm_doc *doc = txt("Caf\xC3\xA9 au lait\nna\xC3\xAFve \xE2\x80\x9Cidea\xE2\x80\x9D here\n");
	assert_at(doc, "au", 1, 6);
	assert_at(doc, "idea", 2, 8);
	assert_at(doc, "here", 2, 14);
	doc_free(doc);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	struct sm_doc *doc = txt("Good.\n\nSo \xC3\xA9 bad\n an \xC3 byte.\n");
	assert_para(doc, 1, "So \xC3\xA9 bad an \xEF\xBF\xBD byte.");
	assert_int_equal(doc->n_diags, 1);
	assert_int_equal(doc->diags[0].line, 4);
	assert_int_equal(doc->diags[0].col, 5);
	assert_at(doc, "byte", 4, 7);
	doc_free(doc);
}

static void test_blank_only_is_no_text(void **state)
{
	(void)state;
	struct sm_doc *doc = NULL;
	struct sm_err err;
	const char *s = "\n \n\t\n\f\n";
	assert_int_equal(ingest_buffer("t.txt", "text", s, strlen(s), &doc, &err), SM_EFORMAT);
	assert_null(doc);
}

static void test_no_final_newline(void **state)
{
	(void)state;
	struct sm_doc *doc = txt_n("One\ntwo", 7);
	assert_int_equal(doc->n_blocks, 1);
	assert_para(doc, 0, "One two");
	assert_at(doc, "two", 2, 1);
	doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paragraphs_reflowed),
		cmocka_unit_test(test_positions_in_wrapped_lines),
		cmocka_unit_test(test_indented_lines),
		cmocka_unit_test(test_whitespace_line_separates),
		cmocka_unit_test(test_form_feed),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_markup_stays_literal),
		cmocka_unit_test(test_code_point_columns),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_blank_only_is_no_text),
		cmocka_unit_test(test_no_final_newline),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
