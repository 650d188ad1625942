/* test_store_characters.c: the character registry in the store (a put
 * replaces the book's earlier rows, aliases and mentions included; books are
 * kept apart; NULL reads the latest), the book names scan and report agree
 * on (store_book_key, store_book_has), and the report's chapter ranges. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "checks/consistency/consistency.h"
#include "report/report_chars.h"
#include "store/store_int.h" /* white-box: the SQLite handle */
#include "store/store_characters.h"

static char dir[64];
static char dbpath[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/sm-test-chars-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(dbpath, sizeof(dbpath), "%s/t.db", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	const char *suffix[] = { "", "-wal", "-shm", "-journal" };
	char p[160];
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s%s", dbpath, suffix[i]);
		unlink(p);
	}
	rmdir(dir);
	return 0;
}

/* A registry by hand: names[i] with one alias per entry of aliases[i]
 * (NULL-terminated, "text" mentioned 2 times each), in chapters 0 and 2. */
static struct cons_registry *make_reg(const char *const *names, size_t n, bool fact)
{
	struct cons_registry *reg = xcalloc(1, sizeof(*reg));
	arena_init(&reg->arena);
	reg->chars = xcalloc(n, sizeof(*reg->chars));
	reg->n_chars = n;
	reg->n_chapters = 3;
	for (size_t i = 0; i < n; i++) {
		struct cons_character *c = &reg->chars[i];
		c->name = arena_strdup(&reg->arena, names[i]);
		c->gender = i % 2 ? CONS_G_MALE : CONS_G_FEMALE;
		c->aliases = arena_alloc(&reg->arena, 2 * sizeof(*c->aliases));
		c->aliases[0] = (struct cons_alias){ c->name, 5 };
		c->aliases[1] = (struct cons_alias){ arena_strdup(&reg->arena, "Alias"), 2 };
		c->n_aliases = 2;
		c->n_mentions = 7;
		c->chapters = arena_alloc(&reg->arena, 2 * sizeof(uint32_t));
		c->chapter_counts = arena_alloc(&reg->arena, 2 * sizeof(uint32_t));
		c->chapters[0] = 0;
		c->chapters[1] = 2;
		c->chapter_counts[0] = 4;
		c->chapter_counts[1] = 3;
		c->n_chapters = 2;
		c->first.doc = UINT32_MAX;
	}
	if (fact) {
		reg->facts = xcalloc(1, sizeof(*reg->facts));
		reg->facts[0] = (struct cons_fact){ 0, CONS_ATTR_EYES,
						    arena_strdup(&reg->arena, "grey"), 0,
						    { UINT32_MAX, 40, 4, 2 } };
		reg->n_facts = 1;
	}
	return reg;
}

static int64_t count(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void test_put_get_roundtrip(void **state)
{
	(void)state;
	struct store *st;
	struct sm_err err;
	assert_int_equal(store_open(dbpath, &st, &err), SM_OK);
	const char *names[] = { "Emma Woodhouse", "Mr. Knightley" };
	struct cons_registry *reg = make_reg(names, 2, true);
	assert_int_equal(store_put_characters(st, "book", NULL, reg, &err), SM_OK);
	struct cons_registry *back;
	assert_int_equal(store_get_characters(st, "book", &back, &err), SM_OK);
	assert_int_equal(back->n_chars, 2);
	assert_string_equal(back->chars[0].name, "Emma Woodhouse");
	assert_int_equal(back->chars[1].gender, CONS_G_MALE);
	assert_int_equal(back->chars[0].n_mentions, 7);
	assert_int_equal(back->chars[0].n_aliases, 2);
	assert_string_equal(back->chars[0].aliases[0].text, "Emma Woodhouse");
	assert_int_equal(back->chars[0].aliases[1].n, 2);
	assert_int_equal(back->chars[1].n_chapters, 2);
	assert_int_equal(back->chars[1].chapters[1], 2);
	assert_int_equal(back->chars[1].chapter_counts[1], 3);
	assert_int_equal(back->n_facts, 1);
	assert_string_equal(back->facts[0].value, "grey");
	assert_int_equal(back->facts[0].at.chapter, 2);
	cons_registry_free(back);
	cons_registry_free(reg);
	store_free(st);
}

static void test_put_replaces_the_book(void **state)
{
	(void)state;
	struct store *st;
	struct sm_err err;
	assert_int_equal(store_open(dbpath, &st, &err), SM_OK);
	const char *two[] = { "Emma Woodhouse", "Mr. Knightley" }, *one[] = { "Harriet Smith" };
	struct cons_registry *a = make_reg(two, 2, true), *b = make_reg(one, 1, false);
	assert_int_equal(store_put_characters(st, "book", NULL, a, &err), SM_OK);
	assert_int_equal(store_put_characters(st, "book", NULL, b, &err), SM_OK);
	struct cons_registry *back;
	assert_int_equal(store_get_characters(st, "book", &back, &err), SM_OK);
	assert_int_equal(back->n_chars, 1);
	assert_string_equal(back->chars[0].name, "Harriet Smith");
	assert_int_equal(back->n_facts, 0);
	cons_registry_free(back);
	/* the old characters' aliases, mentions and facts went with them */
	assert_int_equal(count(st, "SELECT count(*) FROM characters"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM character_aliases"), 2);
	assert_int_equal(count(st, "SELECT count(*) FROM character_mentions"), 2);
	assert_int_equal(count(st, "SELECT count(*) FROM character_facts"), 0);
	cons_registry_free(a);
	cons_registry_free(b);
	store_free(st);
}

static void test_books_apart_and_latest(void **state)
{
	(void)state;
	struct store *st;
	struct sm_err err;
	assert_int_equal(store_open(dbpath, &st, &err), SM_OK);
	const char *n1[] = { "Anne Elliot" }, *n2[] = { "Emma Woodhouse", "Mr. Elton" };
	struct cons_registry *a = make_reg(n1, 1, false), *b = make_reg(n2, 2, false);
	assert_int_equal(store_put_characters(st, "persuasion", NULL, a, &err), SM_OK);
	assert_int_equal(store_put_characters(st, "emma", NULL, b, &err), SM_OK);
	struct cons_registry *back;
	assert_int_equal(store_get_characters(st, "persuasion", &back, &err), SM_OK);
	assert_int_equal(back->n_chars, 1);
	assert_string_equal(back->chars[0].name, "Anne Elliot");
	cons_registry_free(back);
	assert_int_equal(store_get_characters(st, NULL, &back, &err), SM_OK);
	assert_int_equal(back->n_chars, 2);
	assert_string_equal(back->chars[1].name, "Mr. Elton");
	cons_registry_free(back);
	assert_int_equal(store_get_characters(st, "no such book", &back, &err), SM_OK);
	assert_int_equal(back->n_chars, 0);
	cons_registry_free(back);
	cons_registry_free(a);
	cons_registry_free(b);
	store_free(st);
}

static void key_is(const char *const *paths, size_t n, const char *want)
{
	char *k = store_book_key(paths, n);
	assert_string_equal(k, want);
	free(k);
}

static void test_book_key(void **state)
{
	(void)state;
	const char *dir2[] = { "book/ch10.md", "book/ch2.md" };
	key_is(dir2, 2, "book");
	const char *rev[] = { "book/ch2.md", "book/ch10.md" };
	key_is(rev, 2, "book");
	const char *one[] = { "book/novel.docx" };
	key_is(one, 1, "book/novel.docx");
	const char *bare[] = { "a.md", "b.md" };
	key_is(bare, 2, ".");
	const char *abs[] = { "/r/a/x.md", "/r/b/y.md" };
	key_is(abs, 2, "/r");
	const char *root[] = { "/x.md", "/y.md" };
	key_is(root, 2, "/");
	const char *partial[] = { "a/bc/x.md", "a/bd/y.md" }; /* not "a/b" */
	key_is(partial, 2, "a");
	const char *deep[] = { "s/md/one/1.md", "s/md/two/2.md" };
	key_is(deep, 2, "s/md");
}

static void test_book_has(void **state)
{
	(void)state;
	assert_true(store_book_has("book", "book/ch1.md"));
	assert_true(store_book_has("book", "book/part/ch1.md"));
	assert_false(store_book_has("book", "bookish/ch1.md"));
	assert_false(store_book_has("book", "other/ch1.md"));
	assert_true(store_book_has("book/novel.docx", "book/novel.docx"));
	assert_false(store_book_has("book/novel.docx", "book/other.docx"));
	assert_true(store_book_has(".", "a.md"));
	assert_false(store_book_has(".", "/abs/a.md"));
	assert_true(store_book_has("/", "/abs/a.md"));
}

static void test_ranges(void **state)
{
	(void)state;
	char buf[64];
	const uint32_t ord[] = { 0, 1, 2, 3, 5, 8, 9 };
	assert_string_equal(rc_ranges(ord, 7, buf, sizeof(buf)),
			    "1\xe2\x80\x93" "4, 6, 9\xe2\x80\x93" "10");
	assert_string_equal(rc_ranges(ord, 0, buf, sizeof(buf)), "");
	/* a buffer too small keeps whole ranges only */
	char small[8];
	assert_string_equal(rc_ranges(ord, 7, small, sizeof(small)), "1\xe2\x80\x93" "4");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_put_get_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_replaces_the_book, setup, teardown),
		cmocka_unit_test_setup_teardown(test_books_apart_and_latest, setup, teardown),
		cmocka_unit_test(test_book_key),
		cmocka_unit_test(test_book_has),
		cmocka_unit_test(test_ranges),
	};
	return cmocka_run_group_tests_name("store_characters", tests, NULL, NULL);
}
