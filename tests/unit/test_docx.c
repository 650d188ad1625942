/* test_docx.c: the DOCX reader (analyzer/ingest/docx.c) on the hand-built
 * fixtures of tests/fixtures/docx/ (made by tests/fixtures/make_docx.py), the
 * pandoc- and LibreOffice-written chapters, hostile packages, and the real
 * Word files of ../shared/docx-real/ when that folder exists.
 * Run from the repository root. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"

#define FIX "tests/fixtures/docx/"
#define REAL "../shared/docx-real/"

static struct sm_doc *load(const char *path)
{
	struct sm_doc *doc = NULL;
	struct sm_err err = { 0 };
	int rc = ingest_file(path, &doc, &err);
	if (rc != SM_OK)
		fail_msg("%s: rc %d: %s", path, rc, err.msg);
	assert_non_null(doc);
	return doc;
}

static char *block_text(const struct sm_doc *doc, size_t i)
{
	static char buf[1024];
	assert_true(i < doc->n_blocks);
	const struct block *b = &doc->blocks[i];
	size_t n = b->len < sizeof(buf) - 1 ? b->len : sizeof(buf) - 1;
	memcpy(buf, doc->text + b->off, n);
	buf[n] = '\0';
	return buf;
}

/* The blocks are exactly texts[0..n). */
static void expect_blocks(const struct sm_doc *doc, const char *const *texts, size_t n)
{
	for (size_t i = 0; i < n && i < doc->n_blocks; i++)
		assert_string_equal(block_text(doc, i), texts[i]);
	assert_int_equal(doc->n_blocks, n);
}

static void expect_lacks(const struct sm_doc *doc, const char *needle)
{
	if (strstr(doc->text, needle))
		fail_msg("'%s' leaked into the text of %s", needle, doc->path);
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void expect_fail(const char *path, int want_rc, const char *want_msg)
{
	struct sm_doc *doc = NULL;
	struct sm_err err = { 0 };
	int rc = ingest_file(path, &doc, &err);
	assert_null(doc);
	if (rc != want_rc || !strstr(err.msg, want_msg))
		fail_msg("%s: rc %d msg '%s', want rc %d with '%s'", path, rc, err.msg, want_rc, want_msg);
}

/* ---- body text ---- */

static void test_tracked_changes_accepted(void **state)
{
	(void)state;
	struct sm_doc *doc = load(FIX "tracked-changes.docx");
	static const char *const want[] = {
		"The cat quietly sat.", "Then it slept soundly.",
		"First half and second half.", /* deleted paragraph mark: joined */
	};
	expect_blocks(doc, want, SM_ARRAY_LEN(want));
	expect_lacks(doc, "DELETEDTEXT");
	expect_lacks(doc, "MOVEDFROMTEXT");
	expect_lacks(doc, "ALSODELETED");
	doc_free(doc);
}

static void test_notes_headers_comments_not_body(void **state)
{
	(void)state;
	struct sm_doc *doc = load(FIX "notes.docx");
	static const char *const want[] = { "She opened the door.", "Nobody was there." };
	expect_blocks(doc, want, 2);
	expect_lacks(doc, "COMMENTTEXT");
	expect_lacks(doc, "FOOTNOTETEXT");
	expect_lacks(doc, "ENDNOTETEXT");
	expect_lacks(doc, "HEADERTEXT");
	expect_lacks(doc, "FOOTERTEXT");
	assert_int_equal(doc->n_supp, 0); /* an ordinary comment suppresses nothing */
	doc_free(doc);
}

static void test_fields_give_results(void **state)
{
	(void)state;
	struct sm_doc *doc = load(FIX "fields.docx");
	static const char *const want[] = {
		"Page 7 of the book.", "Answer: yes.", "outer inner text",
		"Before after.", "Dated 1 May 2020.", "the link works.",
	};
	expect_blocks(doc, want, SM_ARRAY_LEN(want));
	expect_lacks(doc, "FIELDCODE");
	expect_lacks(doc, "NESTEDRESULT");
	expect_lacks(doc, "HYPERLINK");
	doc_free(doc);
}

static void test_wrappers_unwrapped(void **state)
{
	(void)state;
	struct sm_doc *doc = load(FIX "wrappers.docx");
	static const char *const want[] = {
		"Go to the site now.", "Marked Paris today", "Inside a content control.", "Inline control text.",
	};
	expect_blocks(doc, want, SM_ARRAY_LEN(want));
	expect_lacks(doc, "SDTALIAS");
	doc_free(doc);
}

static void test_text_boxes_read_once(void **state)
{
	(void)state;
	struct sm_doc *doc = load(FIX "textbox.docx");
	static const char *const want[] = {
		"Before the box. After it.", "The box says hello.", "Plain VML:", "Second box.",
		"Choice: fallback text", "Last.",
	};
	expect_blocks(doc, want, SM_ARRAY_LEN(want));
	assert_int_equal(count_of(doc->text, "The box says hello."), 1);
	expect_lacks(doc, "UNKNOWNCHOICE");
	doc_free(doc);
}

static void test_breaks_tabs_and_pages(void **state)
{
	(void)state;
	struct sm_doc *doc = load(FIX "breaks.docx");
	static const char *const want[] = {
		"Line one\nline two\nline three", "Name\tValue\tEnd", "After a page break.", "Before mid",
		"after mid.", "Rendered break is no break.", "New page by property.", "After the rule.",
		"Column\nbreak.",
	};
	expect_blocks(doc, want, SM_ARRAY_LEN(want));
	static const bool page[] = { false, false, true, false, true, false, true, false, false };
	static const bool scene[] = { false, false, false, false, false, false, false, true, false };
	for (size_t i = 0; i < SM_ARRAY_LEN(page); i++) {
		assert_int_equal(doc->blocks[i].page_break, page[i]);
		assert_int_equal(doc->blocks[i].after_break, scene[i]);
	}
	doc_free(doc);
}

static void test_special_characters(void **state)
{
	(void)state;
	struct sm_doc *doc = load(FIX "chars.docx");
	static const char *const want[] = {
		"A wonderful day.",                      /* soft hyphen dropped */
		"A well\xE2\x80\x91known fact.",         /* U+2011 no-break hyphen */
		"Sym: \xCE\xB1\xE2\x80\x94.",               /* Symbol F061 -> U+03B1 alpha; U+2014 */
		"\xE2\x80\x9CStop\xE2\x80\x94now,\xE2\x80\x9D she said \xE2\x80\x93 isn\xE2\x80\x99t it"
		"\xE2\x80\xA6 \xE2\x80\x98odd\xE2\x80\x99?",
		"Ruby kanji",                            /* ruby text (w:rt) is not body text */
	};
	expect_blocks(doc, want, SM_ARRAY_LEN(want));
	expect_lacks(doc, "\xC2\xAD");
	expect_lacks(doc, "RUBYTEXT");
	doc_free(doc);
}

static void test_tables(void **state)
{
	(void)state;
	struct sm_doc *doc = load(FIX "table.docx");
	static const char *const want[] = { "Above.", "A1", "B1", "A2", "B2", "Below." };
	expect_blocks(doc, want, SM_ARRAY_LEN(want));
	doc_free(doc);
}

/* ---- headings, styles, packaging ---- */

static void test_headings_from_styles(void **state)
{
	(void)state;
	struct sm_doc *doc = load(FIX "headings.docx");
	static const struct { const char *text; enum blk_kind kind; int level; } want[] = {
		{ "The Book", BLK_HEADING, 1 },          /* Title style */
		{ "Chapter One", BLK_HEADING, 1 },       /* id "berschrift1", name "heading 1" */
		{ "Body text.", BLK_PARAGRAPH, 0 },
		{ "A Section", BLK_HEADING, 2 },         /* outlineLvl 1 */
		{ "Chapter Two", BLK_HEADING, 1 },       /* custom name, outlineLvl 0 */
		{ "Chapter Three", BLK_HEADING, 1 },     /* basedOn heading 1 */
		{ "Scene heading", BLK_HEADING, 1 },     /* two basedOn hops */
		{ "Contents", BLK_PARAGRAPH, 0 },        /* outlineLvl 9 = body text */
		{ "Not a heading.", BLK_PARAGRAPH, 0 },  /* styleId "Heading1" named otherwise */
		{ "Looping style.", BLK_PARAGRAPH, 0 },  /* basedOn cycle */
		{ "Direct outline.", BLK_HEADING, 3 },   /* own w:outlineLvl 2 */
		{ "Unknown style.", BLK_PARAGRAPH, 0 },
	};
	assert_int_equal(doc->n_blocks, SM_ARRAY_LEN(want));
	for (size_t i = 0; i < SM_ARRAY_LEN(want); i++) {
		assert_string_equal(block_text(doc, i), want[i].text);
		assert_int_equal(doc->blocks[i].kind, want[i].kind);
		assert_int_equal(doc->blocks[i].level, want[i].level);
		assert_int_equal(doc->blocks[i].style_title, i == 0);
	}
	assert_string_equal(doc->meta_title, "The Book");
	assert_string_equal(doc->meta_author, "Jane Writer");
	doc_free(doc);
}

static void test_strict_namespace(void **state)
{
	(void)state;
	struct sm_doc *doc = load(FIX "strict.docx");
	static const char *const want[] = { "Strict Heading", "Strict body text.", "Kept." };
	expect_blocks(doc, want, 3);
	assert_int_equal(doc->blocks[0].kind, BLK_HEADING);
	assert_int_equal(doc->blocks[0].level, 1);
	expect_lacks(doc, "DELETEDTEXT");
	doc_free(doc);
}

static void test_main_part_from_relationships(void **state)
{
	(void)state;
	struct sm_doc *doc = load(FIX "renamed-main.docx");
	static const char *const want[] = { "Found through the relationships." };
	expect_blocks(doc, want, 1);
	doc_free(doc);
}

static void test_comment_suppression(void **state)
{
	(void)state;
	struct sm_doc *doc = load(FIX "suppress.docx");
	assert_int_equal(doc->n_supp, 2);
	const struct suppress *s = &doc->supp[0];
	assert_string_equal(s->rule, "style.echo");
	assert_int_equal(s->len, strlen("The rain rained on the rain."));
	assert_memory_equal(doc->text + s->off, "The rain rained on the rain.", s->len);
	s = &doc->supp[1];
	assert_string_equal(s->rule, "*");
	const char *range = "Everything here is fine.\n\nStill inside.";
	assert_int_equal(s->len, strlen(range));
	assert_memory_equal(doc->text + s->off, range, s->len);
	expect_lacks(doc, "COMMENTTEXT");
	expect_lacks(doc, "storymaster");
	doc_free(doc);
}

/* ---- documents written by other programs ---- */

static void check_chapter(const char *path)
{
	struct sm_doc *doc = load(path);
	static const char *const want[] = {
		"Chapter One",
		"It was a dark and stormy night. \xE2\x80\x9C" "Come in,\xE2\x80\x9D she said, and the door"
		"\xE2\x80\x94old, heavy, swollen with rain\xE2\x80\x94swung open.",
		"He didn\xE2\x80\x99t move. \xE2\x80\x98Not yet,\xE2\x80\x99 he thought.",
		"The Morning After",
		"Morning came grey and slow. The kettle sang; nobody answered it.",
		"Chapter Two",
		"\xE2\x80\x9CWhere were you?\xE2\x80\x9D she asked.",
		"He shrugged. He had been out walking, as he always was on the first of the month.",
	};
	static const int level[] = { 1, 0, 0, 2, 0, 1, 0, 0 };
	expect_blocks(doc, want, SM_ARRAY_LEN(want));
	for (size_t i = 0; i < SM_ARRAY_LEN(level); i++) {
		assert_int_equal(doc->blocks[i].level, level[i]);
		assert_int_equal(doc->blocks[i].kind, level[i] ? BLK_HEADING : BLK_PARAGRAPH);
		assert_int_equal(doc->blocks[i].after_break, i == 3); /* the thematic break */
	}
	expect_lacks(doc, "footnote");
	doc_free(doc);
}

static void test_pandoc_written(void **state)
{
	(void)state;
	check_chapter(FIX "pandoc-chapter.docx");
}

static void test_libreoffice_written(void **state)
{
	(void)state;
	check_chapter(FIX "libreoffice-chapter.docx");
}

/* ---- bad input ---- */

static void test_bad_inputs_refused(void **state)
{
	(void)state;
	expect_fail(FIX "bad-truncated.docx", SM_EFORMAT, "corrupt or truncated zip archive");
	expect_fail(FIX "bad-not-a-zip.docx", SM_EFORMAT, "not a DOCX file (not a zip archive)");
	expect_fail(FIX "bad-garbage-zip.docx", SM_EFORMAT, "not a DOCX file");
	expect_fail(FIX "bad-no-document.docx", SM_EFORMAT, "not a DOCX file: missing word/document.xml");
	expect_fail(FIX "bad-billion-laughs.docx", SM_EFORMAT,
		    "refused: XML part 'word/document.xml' has a DTD (not allowed in DOCX)");
	expect_fail(FIX "bad-xxe.docx", SM_EFORMAT, "refused: XML part 'word/document.xml' has a DTD");
	expect_fail(FIX "bad-dtd-in-styles.docx", SM_EFORMAT, "refused: XML part 'word/styles.xml' has a DTD");
	expect_fail(FIX "bad-malformed.docx", SM_EFORMAT, "malformed XML in 'word/document.xml' (line ");
	expect_fail(FIX "bad-undefined-entity.docx", SM_EFORMAT, "entity 'nbsp' not defined");
	expect_fail(FIX "bad-not-wordml.docx", SM_EFORMAT, "is not a WordprocessingML document");
	expect_fail(FIX "bad-zip-bomb.docx", SM_ELIMIT,
		    "refused: zip entry 'word/document.xml' inflates to more than 200 times");
}

static char *slurp(const char *path, size_t *len)
{
	char *buf = NULL;
	struct sm_err err = { 0 };
	if (sm_read_file(path, INGEST_MAX_FILE, &buf, len, &err) != SM_OK)
		fail_msg("%s: %s", path, err.msg);
	return buf;
}

/* Every prefix of a valid package and every single flipped byte is refused
 * cleanly or read: never a crash, always a message on failure. */
static void test_truncations_and_flips(void **state)
{
	(void)state;
	size_t len;
	char *buf = slurp(FIX "fields.docx", &len);
	char *copy = malloc(len);
	assert_non_null(copy);
	for (size_t n = 1; n < len; n += 7) {
		struct sm_doc *doc = NULL;
		struct sm_err err = { 0 };
		int rc = ingest_buffer("cut.docx", "docx", buf, n, &doc, &err);
		assert_int_not_equal(rc, SM_OK);
		assert_null(doc);
		assert_true(err.msg[0] != '\0');
	}
	for (size_t i = 0; i < len; i += 3) {
		memcpy(copy, buf, len);
		copy[i] = (char)(copy[i] ^ 0x5A);
		struct sm_doc *doc = NULL;
		struct sm_err err = { 0 };
		int rc = ingest_buffer("flip.docx", "docx", copy, len, &doc, &err);
		if (rc == SM_OK)
			doc_free(doc);
		else
			assert_true(err.msg[0] != '\0');
	}
	free(copy);
	free(buf);
}

/* ---- real Word files ---- */

static const struct { const char *file, *leak; } real_leaks[] = {
	{ "mammoth/comments.docx", "tachyon" },
	{ "mammoth/comments.docx", "Fin." },
	{ "mammoth/footnotes.docx", "tachyon" },
	{ "mammoth/endnotes.docx", "tachyon" },
	{ "python-docx/hdr-header-footer.docx", "Header for section" },
	{ "python-docx/hdr-header-footer.docx", "Footer for section" },
	{ "python-docx/doc-odd-even-hdrs.docx", "page header" },
	{ "python-docx/sct-first-page-hdrftr.docx", "Header" },
	{ "python-docx/comments-rich-para.docx", "Paragraph with Heading 2" },
	{ "python-docx/comments-rich-para.docx", "Text with hyperlink" },
};

static void test_real_files(void **state)
{
	(void)state;
	static const char *const dirs[] = { REAL "mammoth", REAL "python-docx" };
	size_t n_read = 0, n_files = 0;
	for (size_t d = 0; d < SM_ARRAY_LEN(dirs); d++) {
		DIR *dir = opendir(dirs[d]);
		if (!dir) {
			print_message("# skip: %s is missing\n", dirs[d]);
			skip();
		}
		struct dirent *e;
		while ((e = readdir(dir))) {
			size_t nl = strlen(e->d_name);
			if (nl < 6 || strcmp(e->d_name + nl - 5, ".docx"))
				continue;
			char path[1024];
			snprintf(path, sizeof(path), "%s/%s", dirs[d], e->d_name);
			struct sm_doc *doc = NULL;
			struct sm_err err = { 0 };
			int rc = ingest_file(path, &doc, &err);
			n_files++;
			if (rc != SM_OK) {
				/* only empty documents (pictures, blank pages) may fail */
				if (strcmp(err.msg, "no text found"))
					fail_msg("%s: %s", path, err.msg);
				continue;
			}
			n_read++;
			for (size_t k = 0; k < SM_ARRAY_LEN(real_leaks); k++) {
				size_t fl = strlen(real_leaks[k].file);
				if (strlen(path) >= fl && !strcmp(path + strlen(path) - fl, real_leaks[k].file))
					expect_lacks(doc, real_leaks[k].leak);
			}
			doc_free(doc);
		}
		closedir(dir);
	}
	assert_true(n_files >= 40);
	assert_true(n_read >= 30);
}

static void test_real_text_box_and_strict(void **state)
{
	(void)state;
	FILE *f = fopen(REAL "mammoth/text-box.docx", "rb");
	if (!f) {
		print_message("# skip: " REAL " is missing\n");
		skip();
	}
	fclose(f);
	struct sm_doc *doc = load(REAL "mammoth/text-box.docx");
	static const char *const box[] = { "Datum plane" };
	expect_blocks(doc, box, 1); /* Choice and Fallback hold it: read once */
	doc_free(doc);
	doc = load(REAL "mammoth/strict-format.docx");
	static const char *const strict[] = { "Test" };
	expect_blocks(doc, strict, 1);
	doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tracked_changes_accepted),
		cmocka_unit_test(test_notes_headers_comments_not_body),
		cmocka_unit_test(test_fields_give_results),
		cmocka_unit_test(test_wrappers_unwrapped),
		cmocka_unit_test(test_text_boxes_read_once),
		cmocka_unit_test(test_breaks_tabs_and_pages),
		cmocka_unit_test(test_special_characters),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_headings_from_styles),
		cmocka_unit_test(test_strict_namespace),
		cmocka_unit_test(test_main_part_from_relationships),
		cmocka_unit_test(test_comment_suppression),
		cmocka_unit_test(test_pandoc_written),
		cmocka_unit_test(test_libreoffice_written),
		cmocka_unit_test(test_bad_inputs_refused),
		cmocka_unit_test(test_truncations_and_flips),
		cmocka_unit_test(test_real_files),
		cmocka_unit_test(test_real_text_box_and_strict),
	};
	return cmocka_run_group_tests_name("docx", tests, NULL, NULL);
}
