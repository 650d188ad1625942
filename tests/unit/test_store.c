/* test_store.c: the SQLite store (open, migrate, reopen, refuse foreign
 * files), one current version per document, fingerprints that survive edits
 * elsewhere, a failed put that leaves the old version, incremental hashes,
 * and the report data built from the store (new / fixed / persisting). */
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

#include "checks/check.h"
#include "ingest/ingest.h"
#include "report/report.h"
#include "report/report_data.h"
#include "segment/segment.h"
#include "store/store_int.h" /* white-box: the SQLite handle */

static char dir[64];
static char dbpath[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/sm-test-store-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(dbpath, sizeof(dbpath), "%s/t.db", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char p[160];
	const char *suffix[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s%s", dbpath, suffix[i]);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s/junk.db", dir);
	unlink(p);
	rmdir(dir);
	return 0;
}

/* One integer from a query on the store's own connection. */
static int64_t q_int(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static struct sm_doc *make_doc(const char *path, const char *md)
{
	struct sm_doc *doc = NULL;
	struct sm_err err;
	assert_int_equal(ingest_buffer(path, "markdown", md, strlen(md), &doc, &err), SM_OK);
	assert_int_equal(seg_document(doc, &err), SM_OK);
	return doc;
}

/* A one-document book; f receives a finding on each occurrence of each
 * needle (rule test.NAME where NAME is the needle's index). */
struct fixture {
	struct sm_config cfg;
	struct sm_book book;
	struct sm_doc *doc;
	struct sm_findings f;
};

static void fixture_init(struct fixture *fx, const char *path, const char *md,
			 const char *const *needles, size_t n)
{
	memset(fx, 0, sizeof(*fx));
	config_init(&fx->cfg);
	fx->doc = make_doc(path, md);
	fx->book.docs = &fx->doc;
	fx->book.n_docs = 1;
	fx->book.cfg = &fx->cfg;
	findings_init(&fx->f);
	for (size_t i = 0; i < n; i++) {
		const char *p = fx->doc->text;
		while ((p = strstr(p, needles[i]))) {
			char rule[32];
			snprintf(rule, sizeof(rule), "style.test%zu", i);
			findings_add(&fx->f, &fx->book, rule, SM_SEV_WARNING, 0,
				     (uint32_t)(p - fx->doc->text), (uint32_t)strlen(needles[i]),
				     NULL, "found \"%s\"", needles[i]);
			p += strlen(needles[i]);
		}
	}
	findings_sort(&fx->f);
}

static void fixture_release(struct fixture *fx)
{
	findings_release(&fx->f);
	doc_free(fx->doc);
	config_release(&fx->cfg);
}

static const char *const V1 = "# Chapter 1\n\nIt was the the best of times.\n\n"
			      "# Chapter 2\n\nShe saw a very very tall man.\n";
static const char *const V2 = "# Chapter 1\n\nA new first paragraph.\n\nIt was the the best of times.\n\n"
			      "# Chapter 2\n\nShe saw a tall man.\n\n***\n\nLater on, and and so.\n\n"
			      "# Chapter 3\n\nThe end.\n";

static void test_open_migrate_reopen(void **state)
{
	(void)state;
	struct store *st;
	struct sm_err err;
	assert_int_equal(store_open(dbpath, &st, &err), SM_OK);
	int64_t ver = q_int(st, "PRAGMA user_version");
	assert_true(ver >= 1);
	assert_int_equal(q_int(st, "PRAGMA foreign_keys"), 1);
	assert_int_equal(q_int(st, "SELECT count(*) FROM sqlite_schema WHERE name IN "
				   "('runs','documents','chapters','scenes','findings','related')"), 6);
	int64_t run;
	assert_int_equal(store_run_begin(st, &run, &err), SM_OK);
	assert_int_equal(store_run_end(st, run, "ok", &err), SM_OK);
	store_free(st);

	assert_int_equal(store_open(dbpath, &st, &err), SM_OK);
	assert_int_equal(q_int(st, "PRAGMA user_version"), ver);
	assert_int_equal(q_int(st, "SELECT count(*) FROM runs WHERE status = 'ok' AND ended IS NOT NULL"), 1);
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(store_db(st), "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	store_free(st);
	store_free(NULL);
}

static void test_refuses_foreign_files(void **state)
{
	(void)state;
	char junk[160];
	snprintf(junk, sizeof(junk), "%s/junk.db", dir);
	FILE *fp = fopen(junk, "w");
	assert_non_null(fp);
	for (int i = 0; i < 200; i++)
		fputs("this is not a database at all\n", fp);
	fclose(fp);
	struct store *st = NULL;
	struct sm_err err;
	assert_int_equal(store_open(junk, &st, &err), SM_EDB);
	assert_null(st);
	assert_non_null(strstr(err.msg, "is not a storymaster store"));
	unlink(junk);

	/* an SQLite database of another program */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(junk, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(junk, &st, &err), SM_EDB);
	assert_non_null(strstr(err.msg, "is not a storymaster store"));

	/* a missing store is not created by store_open_existing */
	char missing[160];
	snprintf(missing, sizeof(missing), "%s/missing.db", dir);
	assert_int_equal(store_open_existing(missing, &st, &err), SM_EDB);
	assert_int_equal(access(missing, F_OK), -1);
}

static void test_put_twice_one_current_version(void **state)
{
	(void)state;
	struct store *st;
	struct sm_err err;
	static const char *const needles[] = { "the the", "very very", "and and" };
	assert_int_equal(store_open(dbpath, &st, &err), SM_OK);

	struct fixture a, b;
	fixture_init(&a, "book/ch1.md", V1, needles, 3);
	int64_t r1, r2;
	assert_int_equal(store_run_begin(st, &r1, &err), SM_OK);
	assert_int_equal(store_put_doc(st, r1, &a.book, 0, &a.f, &err), SM_OK);
	/* storing again in the same run replaces, never duplicates */
	assert_int_equal(store_put_doc(st, r1, &a.book, 0, &a.f, &err), SM_OK);
	assert_int_equal(store_run_end(st, r1, "ok", &err), SM_OK);
	assert_int_equal(q_int(st, "SELECT count(*) FROM findings"), 2);
	assert_int_equal(q_int(st, "SELECT count(*) FROM chapters"), 2);

	fixture_init(&b, "book/ch1.md", V2, needles, 3);
	assert_int_equal(store_run_begin(st, &r2, &err), SM_OK);
	assert_int_equal(store_put_doc(st, r2, &b.book, 0, &b.f, &err), SM_OK);
	assert_int_equal(store_run_end(st, r2, "ok", &err), SM_OK);

	assert_int_equal(q_int(st, "SELECT count(*) FROM documents"), 1);
	assert_int_equal(q_int(st, "SELECT run_id FROM documents"), r2);
	assert_int_equal(q_int(st, "SELECT count(*) FROM chapters"), 3);
	assert_int_equal(q_int(st, "SELECT count(*) FROM scenes WHERE chapter = 2"), 2);
	/* earlier findings stay for comparing drafts; current = the doc's run */
	assert_int_equal(q_int(st, "SELECT count(*) FROM findings"), 4);
	assert_int_equal(q_int(st, "SELECT count(*) FROM findings f JOIN documents d ON "
				   "f.doc_id = d.id AND f.run_id = d.run_id"), 2);
	assert_int_equal(q_int(st, "SELECT n_documents FROM runs WHERE id = 2"), 1);
	/* positions follow the JSON contract: paragraph 1-based, code points 0-based */
	assert_int_equal(q_int(st, "SELECT paragraph FROM findings WHERE run_id = 2 AND "
				   "rule = 'style.test0'"), 3);
	assert_int_equal(q_int(st, "SELECT \"start\" FROM findings WHERE run_id = 2 AND "
				   "rule = 'style.test0'"), 7);
	assert_int_equal(q_int(st, "SELECT \"end\" FROM findings WHERE run_id = 2 AND "
				   "rule = 'style.test0'"), 14);
	assert_int_equal(q_int(st, "SELECT line FROM findings WHERE run_id = 2 AND "
				   "rule = 'style.test0'"), 5);
	assert_int_equal(q_int(st, "SELECT chapter FROM findings WHERE run_id = 2 AND "
				   "rule = 'style.test2'"), 2);
	assert_int_equal(q_int(st, "SELECT scene FROM findings WHERE run_id = 2 AND "
				   "rule = 'style.test2'"), 2);
	fixture_release(&a);
	fixture_release(&b);
	store_free(st);
}

static void test_fingerprint_ignores_other_paragraphs(void **state)
{
	(void)state;
	static const char *const needles[] = { "the the" };
	struct fixture a, b, c;
	fixture_init(&a, "x.md", "Intro.\n\nIt was the the best of times.\n", needles, 1);
	fixture_init(&b, "x.md", "A new paragraph.\n\nIntro.\n\nIT   was the the best of times.\n",
		     needles, 1);
	fixture_init(&c, "x.md", "Intro.\n\nIt was the the worst of times.\n", needles, 1);
	assert_int_equal(a.f.n, 1);
	assert_int_equal(b.f.n, 1);
	assert_int_equal(c.f.n, 1);
	assert_int_not_equal(a.f.v[0].block, b.f.v[0].block);
	char fa[17], fb[17], fc[17];
	store_fingerprint(a.doc, &a.f.v[0], fa);
	store_fingerprint(b.doc, &b.f.v[0], fb);
	store_fingerprint(c.doc, &c.f.v[0], fc);
	assert_int_equal(strlen(fa), 16);
	assert_string_equal(fa, fb);     /* moved down, case and spacing differ */
	assert_string_not_equal(fa, fc); /* different context */
	fixture_release(&a);
	fixture_release(&b);
	fixture_release(&c);
}

static void test_failed_put_keeps_old_version(void **state)
{
	(void)state;
	struct store *st;
	struct sm_err err;
	static const char *const needles[] = { "the the", "very very", "and and" };
	assert_int_equal(store_open(dbpath, &st, &err), SM_OK);
	struct fixture a, b;
	fixture_init(&a, "ch.md", V1, needles, 3);
	fixture_init(&b, "ch.md", V2, needles, 3);
	int64_t r1, r2;
	assert_int_equal(store_run_begin(st, &r1, &err), SM_OK);
	assert_int_equal(store_put_doc(st, r1, &a.book, 0, &a.f, &err), SM_OK);

	/* Fail in the middle of the transaction: after the document row and the
	 * chapters were rewritten, when the first scene is inserted. */
	assert_int_equal(sqlite3_exec(store_db(st),
				      "CREATE TEMP TRIGGER boom BEFORE INSERT ON main.scenes "
				      "BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_run_begin(st, &r2, &err), SM_OK);
	assert_int_equal(store_put_doc(st, r2, &b.book, 0, &b.f, &err), SM_EDB);
	assert_non_null(strstr(err.msg, "injected failure"));
	assert_non_null(strstr(err.msg, "store '"));
	assert_int_equal(sqlite3_get_autocommit(store_db(st)), 1); /* rolled back */

	uint64_t h;
	bool found;
	assert_int_equal(store_doc_hash(st, "ch.md", &h, &found, &err), SM_OK);
	assert_true(found);
	assert_true(h == a.doc->hash);
	assert_int_equal(q_int(st, "SELECT run_id FROM documents"), r1);
	assert_int_equal(q_int(st, "SELECT count(*) FROM chapters"), 2);
	assert_int_equal(q_int(st, "SELECT count(*) FROM scenes"), 2);
	assert_int_equal(q_int(st, "SELECT count(*) FROM findings WHERE run_id = 2"), 0);

	/* the cached statements still work afterwards */
	assert_int_equal(sqlite3_exec(store_db(st), "DROP TRIGGER boom", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_put_doc(st, r2, &b.book, 0, &b.f, &err), SM_OK);
	assert_int_equal(store_doc_hash(st, "ch.md", &h, &found, &err), SM_OK);
	assert_true(h == b.doc->hash);
	assert_int_equal(q_int(st, "SELECT count(*) FROM chapters"), 3);
	fixture_release(&a);
	fixture_release(&b);
	store_free(st);
}

static void test_doc_hash(void **state)
{
	(void)state;
	struct store *st;
	struct sm_err err;
	assert_int_equal(store_open(dbpath, &st, &err), SM_OK);
	uint64_t h = 1;
	bool found = true;
	assert_int_equal(store_doc_hash(st, "nowhere.md", &h, &found, &err), SM_OK);
	assert_false(found);
	struct fixture a;
	fixture_init(&a, "here.md", V1, NULL, 0);
	assert_true(a.doc->hash == sm_hash(SM_HASH_INIT, V1, strlen(V1)));
	a.doc->hash = 0xfedcba9876543210ULL; /* the high bit must survive hex */
	int64_t run;
	assert_int_equal(store_run_begin(st, &run, &err), SM_OK);
	assert_int_equal(store_put_doc(st, run, &a.book, 0, &a.f, &err), SM_OK);
	assert_int_equal(store_doc_hash(st, "here.md", &h, &found, &err), SM_OK);
	assert_true(found);
	assert_true(h == 0xfedcba9876543210ULL);
	int64_t n;
	assert_int_equal(store_doc_count(st, &n, &err), SM_OK);
	assert_int_equal(n, 1);
	fixture_release(&a);
	store_free(st);
}

/* Draft comparison: V1 has "the the" and "very very"; V2 keeps "the the"
 * (moved down a paragraph), drops "very very", adds "and and". */
static void test_report_new_fixed_persisting(void **state)
{
	(void)state;
	struct store *st;
	struct sm_err err;
	static const char *const needles[] = { "the the", "very very", "and and" };
	assert_int_equal(store_open(dbpath, &st, &err), SM_OK);
	struct fixture a, b;
	fixture_init(&a, "ch.md", V1, needles, 3);
	fixture_init(&b, "ch.md", V2, needles, 3);
	int64_t r1, r2;
	assert_int_equal(store_run_begin(st, &r1, &err), SM_OK);
	assert_int_equal(store_put_doc(st, r1, &a.book, 0, &a.f, &err), SM_OK);
	assert_int_equal(store_run_end(st, r1, "ok", &err), SM_OK);

	struct report_opts o = { .format = REPORT_JSON, .since_run = 0 };
	struct report_data rd;
	assert_int_equal(report_data_load(st, 0, o.since_run, &rd, &err), SM_OK);
	assert_false(rd.compared);
	assert_int_equal(rd.n_findings, 2);
	report_data_release(&rd);

	assert_int_equal(store_run_begin(st, &r2, &err), SM_OK);
	assert_int_equal(store_put_doc(st, r2, &b.book, 0, &b.f, &err), SM_OK);
	assert_int_equal(store_run_end(st, r2, "ok", &err), SM_OK);

	assert_int_equal(report_data_load(st, 0, o.since_run, &rd, &err), SM_OK);
	assert_true(rd.compared);
	assert_int_equal(rd.n_docs, 1);
	assert_int_equal(rd.n_chapters, 3);
	assert_int_equal(rd.n_findings, 2);
	assert_int_equal(rd.n_new, 1);
	assert_int_equal(rd.n_persisting, 1);
	assert_int_equal(rd.n_fixed, 1);
	assert_string_equal(rd.fixed[0].text, "very very");
	for (size_t i = 0; i < rd.n_findings; i++) {
		const struct rd_finding *x = &rd.findings[i];
		assert_int_equal(x->change, !strcmp(x->text, "and and") ? RD_NEW : RD_PERSISTING);
	}
	report_data_release(&rd);

	/* --since the latest run: nothing changed since */
	o.since_run = r2;
	assert_int_equal(report_data_load(st, 0, o.since_run, &rd, &err), SM_OK);
	assert_int_equal(rd.n_new, 0);
	assert_int_equal(rd.n_fixed, 0);
	report_data_release(&rd);

	/* the renderers say the same */
	o.since_run = 0;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	assert_int_equal(report_write(st, &o, mem, &err), SM_OK);
	o.format = REPORT_MD;
	assert_int_equal(report_write(st, &o, mem, &err), SM_OK);
	o.format = REPORT_TEXT;
	assert_int_equal(report_write(st, &o, mem, &err), SM_OK);
	fclose(mem);
	assert_non_null(strstr(buf, "\"new\":1,\"fixed\":1,\"persisting\":1"));
	assert_non_null(strstr(buf, "\"text\":\"and and\""));
	assert_non_null(strstr(buf, "\"change\":\"new\""));
	assert_non_null(strstr(buf, "# Editorial report"));
	assert_non_null(strstr(buf, "| ch.md | markdown |"));
	assert_non_null(strstr(buf, "ch.md:13:11: warning: found \"and and\" [style.test2] (new)"));
	assert_non_null(strstr(buf, "1 new, 1 fixed, 1 persisting"));
	free(buf);
	fixture_release(&a);
	fixture_release(&b);
	store_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_migrate_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_foreign_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_twice_one_current_version, setup, teardown),
		cmocka_unit_test(test_fingerprint_ignores_other_paragraphs),
		cmocka_unit_test_setup_teardown(test_failed_put_keeps_old_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_doc_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_new_fixed_persisting, setup, teardown),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
