/* test_regress.c: replay the fuzzers' saved inputs without libFuzzer.
 * Every file in tests/fuzz/regress/<target>/ (a crash, leak or hang the
 * fuzzer once found, minimized) and every seed in tests/fuzz/corpus/<target>/
 * goes through the harness's own pipeline (tests/fuzz/fuzz_pipeline.h):
 * ingest, segment, checks without a model. Under `make check` the second
 * pass runs this under ASan+UBSan, so a regression crashes or leaks here.
 * Each input must come back (no crash) with the result's invariants intact;
 * the seeds, which are valid manuscripts for the most part, must mostly be
 * read successfully and yield words. Run from the repository root (or set
 * SM_SRCDIR). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/fuzz_pipeline.h"

struct replay {
	size_t files, ok, words;
};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	assert_non_null(buf);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replay every regular file of dir/target through the pipeline for fmt.
 * A missing folder replays nothing. */
static struct replay replay_dir(const char *kind, const char *target, const char *fmt)
{
	struct replay r = {0};
	const char *root = getenv("SM_SRCDIR");
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s/tests/fuzz/%s/%s", root ? root : ".", kind, target);
	DIR *d = opendir(dir);
	if (!d)
		return r;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = realloc(names, cap * sizeof(*names));
			assert_non_null(names);
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		char path[2048];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		size_t len = 0;
		char *buf = slurp(path, &len);
		if (buf) {
			struct fuzz_result fr = fuzz_run(fmt, (const uint8_t *)buf, len, true);
			if (fr.bad)
				fail_msg("%s: %s", path, fr.bad);
			r.files++;
			if (fr.ingest_rc == SM_OK && fr.n_words > 0) {
				r.ok++;
				r.words += fr.n_words;
			}
			free(buf);
		}
		free(names[i]);
	}
	free(names);
	return r;
}

static void check_target(const char *target, const char *fmt)
{
	struct replay seeds = replay_dir("corpus", target, fmt);
	/* The seeds must be there and mostly good manuscripts: if the reader
	 * stops reading them, the fuzzer would be fuzzing an error path. */
	if (seeds.files < 3)
		fail_msg("%s: only %zu seed files in tests/fuzz/corpus/%s (run from the repository root)",
			 target, seeds.files, target);
	if (seeds.ok * 2 < seeds.files)
		fail_msg("%s: only %zu of %zu seeds read with words", target, seeds.ok, seeds.files);
	assert_true(seeds.words > 100);
	struct replay reg = replay_dir("regress", target, fmt);
	print_message("# %s: %zu seeds (%zu words), %zu regression inputs\n", target, seeds.files,
		      seeds.words, reg.files);
}

static void test_regress_markdown(void **state)
{
	(void)state;
	check_target("fuzz_ingest_md", "markdown");
}

static void test_regress_text(void **state)
{
	(void)state;
	check_target("fuzz_ingest_text", "text");
}

static void test_regress_docx(void **state)
{
	(void)state;
	check_target("fuzz_ingest_docx", "docx");
}

/* The structured DOCX mode builds a zip the reader accepts: a known
 * document.xml comes back as its words. */
static void test_docx_pack_reads(void **state)
{
	(void)state;
	static const char in[] =
		"\x01<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
		"<w:body><w:p><w:r><w:t>One two three.</w:t></w:r></w:p></w:body></w:document>";
	struct fuzz_result fr = fuzz_run("docx", (const uint8_t *)in, sizeof(in) - 1, true);
	assert_null(fr.bad);
	assert_int_equal(fr.ingest_rc, SM_OK);
	assert_int_equal(fr.n_words, 3);
	/* Raw mode: the same bytes are not a zip and are refused, not crashed on. */
	static const char raw[] = "\x00PK\x03\x04garbage";
	fr = fuzz_run("docx", (const uint8_t *)raw, sizeof(raw) - 1, true);
	assert_null(fr.bad);
	assert_int_not_equal(fr.ingest_rc, SM_OK);
}

/* Positions in a paragraph far longer than doc.c's code-point mark stride
 * (a 0.3 MB line of 1-, 2- and 3-byte characters): doc_cp_in_block,
 * doc_cp_count and doc_locate must agree with a plain count. */
static void test_positions_in_long_paragraph(void **state)
{
	(void)state;
	static const char *const piece[] = {"ab ", "\xc3\xa9t\xc3\xa9 ", "\xe2\x80\x9cq\xe2\x80\x9d "};
	size_t cap = 400000, n = 0;
	char *src = malloc(cap);
	assert_non_null(src);
	memcpy(src, "Title\n\n", 7);
	n = 7;
	for (unsigned i = 0; n + 16 < cap - 8; i = (i * 7 + 3) % 11)
		for (const char *p = piece[i % 3]; *p; p++)
			src[n++] = *p;
	src[n++] = '\n';
	struct sm_doc *doc = NULL;
	struct sm_err err;
	sm_err_clear(&err);
	assert_int_equal(ingest_buffer("long.txt", "text", src, n, &doc, &err), SM_OK);
	assert_int_equal(doc->n_blocks, 2);
	const struct block *b = &doc->blocks[1];
	assert_true(b->len > 300000);
	uint32_t cps = 0, checked = 0;
	for (uint32_t off = b->off; off <= b->off + b->len; off++) {
		if (off < b->off + b->len && ((unsigned char)doc->text[off] & 0xC0) == 0x80)
			continue; /* inside a character */
		if ((off - b->off) % 997 == 0 || off == b->off + b->len) {
			assert_int_equal(doc_cp_in_block(doc, 1, off), cps);
			assert_int_equal(doc_cp_count(doc, b->off, off - b->off), cps);
			uint32_t line, col;
			doc_locate(doc, 1, off, &line, &col);
			assert_int_equal(line, 3);
			assert_int_equal(col, cps + 1);
			checked++;
		}
		cps++;
	}
	assert_true(checked > 100);
	doc_free(doc);
	free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docx_pack_reads),
		cmocka_unit_test(test_positions_in_long_paragraph),
		cmocka_unit_test(test_regress_markdown),
		cmocka_unit_test(test_regress_text),
		cmocka_unit_test(test_regress_docx),
	};
	return cmocka_run_group_tests_name("regress", tests, NULL, NULL);
}
