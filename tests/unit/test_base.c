/* test_base.c: arena, sbuf, the document builder and position queries,
 * findings and configuration overrides. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/hmap.h"
#include "base/sbuf.h"
#include "checks/check.h"
#include "doc/doc.h"

static void test_arena_alloc_zeroed_aligned(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	for (int i = 1; i < 2000; i++) {
		unsigned char *p = arena_alloc(&a, (size_t)i);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		for (int j = 0; j < i; j++)
			assert_int_equal(p[j], 0);
		memset(p, 0xAB, (size_t)i);
	}
	char *s = arena_printf(&a, "%s-%d", "x", 42);
	assert_string_equal(s, "x-42");
	char *big = arena_alloc(&a, 40u << 20); /* larger than a block */
	big[(40u << 20) - 1] = 1;
	arena_release(&a);
	assert_null(a.head);
}

static void test_sbuf_cap_frees(void **state)
{
	(void)state;
	struct sbuf sb;
	sbuf_init(&sb, 10);
	assert_int_equal(sbuf_adds(&sb, "hello"), SM_OK);
	assert_int_equal(sbuf_addf(&sb, "%d", 1234), SM_OK);
	assert_string_equal(sb.buf, "hello1234");
	assert_int_equal(sbuf_adds(&sb, "xy"), SM_ELIMIT);
	assert_null(sb.buf);
	assert_int_equal(sb.len, 0);
	assert_int_equal(sbuf_add_utf8(&sb, 0x2014), SM_OK);
	assert_string_equal(sb.buf, "\xE2\x80\x94");
	size_t n;
	char *p = sbuf_detach(&sb, &n);
	assert_int_equal(n, 3);
	free(p);
	sbuf_release(&sb);
}

/* Build "Hello world" from two source pieces and map offsets back. */
static void test_doc_builder_maps_positions(void **state)
{
	(void)state;
	const char *src = "# Title\n\nHello\nworld  \n";
	struct sm_doc *d = doc_new("x.md", "markdown");
	doc_set_source(d, src, strlen(src));
	doc_block_begin(d, BLK_HEADING, 1, 2);
	doc_block_text(d, "Title", 5, 2);
	doc_block_end(d);
	doc_block_begin(d, BLK_PARAGRAPH, 0, 9);
	doc_block_text(d, "Hello", 5, 9);
	doc_block_text(d, " ", 1, 14);
	doc_block_text(d, "world  ", 7, 15);
	doc_block_end(d);
	doc_block_begin(d, BLK_PARAGRAPH, 0, UINT32_MAX); /* empty: dropped */
	doc_block_text(d, "   ", 3, UINT32_MAX);
	doc_block_end(d);
	doc_finish(d);
	assert_int_equal(d->n_blocks, 2);
	assert_string_equal(d->text, "Title\n\nHello world");
	assert_int_equal(d->blocks[1].len, 11);
	assert_int_equal(d->blocks[0].line, 1);
	assert_int_equal(d->blocks[0].col, 3);
	assert_int_equal(d->blocks[1].line, 3);
	uint32_t line, col;
	doc_locate(d, 1, d->blocks[1].off + 6, &line, &col); /* "world" */
	assert_int_equal(line, 4);
	assert_int_equal(col, 1);
	assert_int_equal(doc_block_at(d, d->blocks[1].off + 3), 1);
	assert_int_equal(doc_block_at(d, 0), 0);
	doc_free(d);
}

static void test_doc_invalid_utf8_replaced(void **state)
{
	(void)state;
	const char *src = "ab\xFF" "c\n\xC3\xA9\xE2\x82";
	struct sm_doc *d = doc_new("x.txt", "text");
	doc_set_source(d, src, strlen(src));
	doc_block_begin(d, BLK_PARAGRAPH, 0, 0);
	doc_block_text(d, src, strlen(src), 0);
	doc_block_end(d);
	doc_finish(d);
	assert_string_equal(d->text, "ab\xEF\xBF\xBD" "c\n\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD");
	assert_true(d->n_diags >= 1);
	assert_int_equal(d->diags[0].line, 1);
	assert_int_equal(d->diags[0].col, 3);
	assert_int_equal(doc_cp_count(d, 0, d->len), 8);
	doc_free(d);
}

static void test_doc_nfc(void **state)
{
	(void)state;
	struct sm_doc *d = doc_new("x.txt", "text");
	doc_block_begin(d, BLK_PARAGRAPH, 0, UINT32_MAX);
	doc_block_text(d, "Rene\xCC\x81", 6, UINT32_MAX); /* e + combining acute */
	doc_block_end(d);
	doc_finish(d);
	assert_string_equal(d->text, "Ren\xC3\xA9");
	doc_free(d);
}

static void test_config_overrides(void **state)
{
	(void)state;
	struct sm_config c;
	config_init(&c);
	assert_int_equal(config_rule_level(&c, "style.echo", SM_SEV_WARNING), SM_SEV_WARNING);
	config_set_rule(&c, "style", SM_SEV_INFO);
	config_set_rule(&c, "style.echo", -1);
	assert_int_equal(config_rule_level(&c, "style.echo", SM_SEV_WARNING), -1);
	assert_int_equal(config_rule_level(&c, "style.echoes", SM_SEV_WARNING), SM_SEV_INFO);
	assert_int_equal(config_rule_level(&c, "pacing.x", SM_SEV_WARNING), SM_SEV_WARNING);
	config_accept(&c, "Catharine");
	assert_true(config_is_accepted(&c, "catharine", 9));
	assert_false(config_is_accepted(&c, "Catherine", 9));
	config_release(&c);
}

static void test_findings_sort_and_suppress(void **state)
{
	(void)state;
	struct sm_config c;
	config_init(&c);
	struct sm_doc *d = doc_new("x.txt", "text");
	doc_block_begin(d, BLK_PARAGRAPH, 0, UINT32_MAX);
	doc_block_text(d, "one two three", 13, UINT32_MAX);
	doc_block_end(d);
	doc_finish(d);
	doc_add_suppress(d, 4, 3, "style.echo");
	struct sm_doc *docs[] = { d };
	struct sm_book book = { .docs = docs, .n_docs = 1, .cfg = &c };
	struct sm_findings f;
	findings_init(&f);
	assert_non_null(findings_add(&f, &book, "b.rule", SM_SEV_WARNING, 0, 8, 5, NULL, "third"));
	assert_non_null(findings_add(&f, &book, "a.rule", SM_SEV_ERROR, 0, 0, 3, "uno", "first %d", 1));
	assert_null(findings_add(&f, &book, "style.echo", SM_SEV_INFO, 0, 4, 3, NULL, "suppressed"));
	struct sm_finding *x = findings_add(&f, &book, "style.other", SM_SEV_INFO, 0, 4, 3, NULL, "kept");
	findings_relate(&f, x, 0, 0, 3, &book);
	assert_int_equal(x->n_rel, 1);
	findings_sort(&f);
	assert_int_equal(f.n, 3);
	assert_string_equal(f.v[0].message, "first 1");
	assert_string_equal(f.v[0].suggestion, "uno");
	assert_string_equal(f.v[1].rule, "style.other");
	assert_int_equal(findings_count_at(&f, SM_SEV_WARNING), 2);
	findings_release(&f);
	doc_free(d);
	config_release(&c);
}

/* The map numbers keys in insertion order, finds every one after many
 * grows, tells absent keys, and keeps string keys by content. */
static void test_hmap_int_and_str(void **state)
{
	(void)state;
	struct sm_map m = { 0 };
	assert_int_equal(sm_map_int(&m, 7), SM_MAP_NONE);
	bool added = false;
	for (uint64_t k = 0; k < 100000; k++) {
		uint32_t i = sm_map_int_add(&m, k * 1024, &added); /* structured keys */
		assert_true(added);
		assert_int_equal(i, (uint32_t)k);
	}
	assert_int_equal(m.n, 100000);
	assert_true(m.mask + 1 >= 2 * (size_t)m.n);
	for (uint64_t k = 0; k < 100000; k++)
		assert_int_equal(sm_map_int(&m, k * 1024), (uint32_t)k);
	assert_int_equal(sm_map_int(&m, 1023), SM_MAP_NONE);
	assert_int_equal(sm_map_int_add(&m, 0, &added), 0); /* key 0 is a key */
	assert_false(added);
	assert_int_equal(sm_map_key(&m, 5), 5 * 1024);
	sm_map_free(&m);
	assert_int_equal(sm_map_int(&m, 0), SM_MAP_NONE);

	struct arena a;
	arena_init(&a);
	char buf[32];
	for (int k = 0; k < 5000; k++) {
		int n = snprintf(buf, sizeof(buf), "w%d", k);
		assert_int_equal(sm_map_str(&m, buf, (size_t)n), SM_MAP_NONE);
		uint32_t i = sm_map_str_add(&m, arena_strndup(&a, buf, (size_t)n), (size_t)n, &added);
		assert_true(added);
		assert_int_equal(i, (uint32_t)k);
	}
	strcpy(buf, "w4999");
	assert_int_equal(sm_map_str(&m, buf, 5), 4999);
	assert_int_equal(sm_map_str(&m, buf, 4), 499);  /* a prefix is another key */
	assert_int_equal(sm_map_str(&m, "", 0), SM_MAP_NONE);
	assert_int_equal(sm_map_str_add(&m, "w17", 3, &added), 17);
	assert_false(added);
	assert_int_equal(sm_map_str_add(&m, "", 0, &added), 5000);
	assert_true(added);
	assert_int_equal(sm_map_str(&m, "", 0), 5000);
	sm_map_free(&m);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_alloc_zeroed_aligned),
		cmocka_unit_test(test_sbuf_cap_frees),
		cmocka_unit_test(test_doc_builder_maps_positions),
		cmocka_unit_test(test_doc_invalid_utf8_replaced),
		cmocka_unit_test(test_doc_nfc),
		cmocka_unit_test(test_config_overrides),
		cmocka_unit_test(test_findings_sort_and_suppress),
		cmocka_unit_test(test_hmap_int_and_str),
	};
	return cmocka_run_group_tests_name("base", tests, NULL, NULL);
}
