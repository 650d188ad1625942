/* test_reader_example.c: how to add a reader, shown with a whole one, and
 * the reader table (ingest/readers.h) as the rest of the program sees it.
 *
 * A new format is one file with one function that fills the document, and
 * one line in ingest/readers.h naming it (see README, "Adding a reader").
 * Here the reader is local to the test and goes through ingest_with, the
 * same pipeline ingest_file runs for a table entry: caps, sniff, read,
 * doc_finish. Its format: one paragraph per line, a line "# Title" a
 * chapter heading, a line "***" a scene break. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "ingest/ingest.h"
#include "segment/segment.h"

/* ---- the example reader: what ingest/<fn>.c would hold ---- */
static int read_lines(struct sm_doc *doc, const char *buf, size_t len, struct sm_err *err)
{
	doc_set_source(doc, buf, len);
	for (size_t i = 0; i < len;) {
		size_t e = i;
		while (e < len && buf[e] != '\n')
			e++;
		size_t s = i;
		bool heading = e - s > 2 && !memcmp(buf + s, "# ", 2);
		if (e - s == 3 && !memcmp(buf + s, "***", 3)) {
			doc_mark_break(doc);
		} else if (e > s) {
			if (heading)
				s += 2;
			doc_block_begin(doc, heading ? BLK_HEADING : BLK_PARAGRAPH, heading ? 1 : 0, (uint32_t)s);
			if (doc_block_text(doc, buf + s, e - s, (uint32_t)s) != SM_OK)
				return sm_fail(err, SM_ELIMIT, "%s", DOC_MAX_TEXT_MSG);
			doc_block_end(doc);
		}
		i = e + 1;
	}
	return SM_OK;
}

/* ...and its line in ingest/readers.h would be
 *   SM_READER(lines, "lines", "one-line-paragraph text", ".lines", ingest_sniff_text) */
static const struct ingest_reader lines_reader = { "lines", "one-line-paragraph text", ".lines",
						   ingest_sniff_text, read_lines };

static struct sm_doc *read_ok(const char *s, size_t n)
{
	struct sm_doc *doc = NULL;
	struct sm_err err;
	sm_err_clear(&err);
	if (ingest_with(&lines_reader, "book.lines", s, n, &doc, &err) != SM_OK)
		fail_msg("ingest_with: %s", err.msg);
	return doc;
}

static void assert_block(const struct sm_doc *d, size_t i, enum blk_kind kind, const char *text)
{
	assert_true(i < d->n_blocks);
	const struct block *b = &d->blocks[i];
	assert_int_equal(b->kind, kind);
	if (b->len != strlen(text) || memcmp(d->text + b->off, text, b->len))
		fail_msg("block %zu is '%.*s', expected '%s'", i, (int)b->len, d->text + b->off, text);
}

static void test_example_reader_builds_a_document(void **state)
{
	(void)state;
	const char *s = "# Chapter One\nMartha walked in.\nShe poured the coffee.\n***\n"
			"# Chapter Two\nThe rain had stopped.\n";
	struct sm_doc *d = read_ok(s, strlen(s));
	assert_string_equal(d->format, "lines");
	assert_string_equal(d->path, "book.lines");
	assert_int_equal(d->n_blocks, 5);
	assert_block(d, 0, BLK_HEADING, "Chapter One");
	assert_block(d, 1, BLK_PARAGRAPH, "Martha walked in.");
	assert_block(d, 4, BLK_PARAGRAPH, "The rain had stopped.");
	/* the later stages take it as they take any document */
	struct sm_err err;
	sm_err_clear(&err);
	assert_int_equal(seg_document(d, &err), SM_OK);
	assert_int_equal(d->n_chapters, 2);
	assert_true(d->n_toks > 10);
	/* source positions: line 3 is "She poured the coffee." */
	struct doc_place p;
	doc_place(d, 2, d->blocks[2].off + 4, 6, &p);
	assert_int_equal(p.line, 3);
	assert_int_equal(p.column, 5);
	doc_free(d);
}

static void test_example_reader_shares_the_refusals(void **state)
{
	(void)state;
	struct sm_doc *d = NULL;
	struct sm_err err;
	sm_err_clear(&err);
	/* the shared text sniff: binary, a zip, empty and text-free input */
	assert_int_equal(ingest_with(&lines_reader, "b.lines", "a\0b\0c", 5, &d, &err), SM_EFORMAT);
	assert_non_null(strstr(err.msg, "binary file, not one-line-paragraph text"));
	assert_int_equal(ingest_with(&lines_reader, "z.lines", "PK\3\4xxxx", 8, &d, &err), SM_EFORMAT);
	assert_non_null(strstr(err.msg, "a zip archive"));
	assert_int_equal(ingest_with(&lines_reader, "e.lines", "", 0, &d, &err), SM_EFORMAT);
	assert_int_equal(ingest_with(&lines_reader, "n.lines", "***\n\n", 5, &d, &err), SM_EFORMAT);
	assert_string_equal(err.msg, "no text found");
	assert_null(d);
	/* and the shared decoding: a UTF-8 BOM is taken off, positions after it */
	d = read_ok("\xEF\xBB\xBFOne.\n", 8);
	assert_block(d, 0, BLK_PARAGRAPH, "One.");
	doc_free(d);
}

static void test_utf16_is_decoded(void **state)
{
	(void)state;
	/* little endian, with a surrogate pair (U+1F600) and an accented letter */
	static const char le[] = "\xFF\xFE" "C\0a\0f\0\xE9\0 \0=\xD8\x00\xDE" "\n\0";
	struct sm_doc *d = NULL;
	struct sm_err err;
	sm_err_clear(&err);
	assert_int_equal(ingest_buffer("le.txt", "text", le, sizeof(le) - 1, &d, &err), SM_OK);
	assert_block(d, 0, BLK_PARAGRAPH, "Caf\xC3\xA9 \xF0\x9F\x98\x80");
	assert_int_equal(d->n_diags, 0);
	doc_free(d);
	/* big endian, a lone surrogate (U+FFFD and a diagnostic) and an odd last byte */
	static const char be[] = "\xFE\xFF" "\0H\0i\xD8\x01\0!\0";
	assert_int_equal(ingest_buffer("be.md", "markdown", be, sizeof(be) - 1, &d, &err), SM_OK);
	assert_block(d, 0, BLK_PARAGRAPH, "Hi\xEF\xBF\xBD!\xEF\xBF\xBD");
	doc_free(d);
	/* a byte-order mark and nothing else */
	assert_int_equal(ingest_buffer("bom.txt", "text", "\xFF\xFE", 2, &d, &err), SM_EFORMAT);
	/* without the mark, UTF-16 stays what it looks like: binary */
	assert_int_equal(ingest_buffer("raw.txt", "text", "H\0i\0", 4, &d, &err), SM_EFORMAT);
}

static void test_reader_table(void **state)
{
	(void)state;
	assert_string_equal(ingest_reader_for("ch01.DOCX")->format, "docx");
	assert_string_equal(ingest_reader_for("a/b.markdown")->format, "markdown");
	assert_string_equal(ingest_reader_for("notes.txt")->title, "plain text");
	assert_null(ingest_reader_for("cover.rtf"));
	assert_null(ingest_reader_for("book.d/README"));
	assert_null(ingest_reader_for(".txt/x"));
	assert_string_equal(ingest_reader_named("md")->format, "markdown");
	assert_string_equal(ingest_reader_named("TEXT")->format, "text");
	assert_null(ingest_reader_named("rtf"));
	assert_null(ingest_reader_named(""));
	assert_string_equal(ingest_reader_for("Book.EPUB")->format, "epub");
	assert_string_equal(ingest_reader_for("draft.odt")->title, "ODT");
	assert_string_equal(ingest_reader_named("epub")->format, "epub");
	assert_string_equal(ingest_extensions(), ".docx, .epub, .odt, .md, .markdown, .txt or .text");
	assert_string_equal(ingest_article("EPUB"), "an");
	assert_string_equal(ingest_article("ODT"), "an");
	assert_string_equal(ingest_article("DOCX"), "a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_reader_builds_a_document),
		cmocka_unit_test(test_example_reader_shares_the_refusals),
		cmocka_unit_test(test_utf16_is_decoded),
		cmocka_unit_test(test_reader_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
