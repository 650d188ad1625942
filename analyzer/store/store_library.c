/* store_library.c: the books of a library store, the merge of one store
 * into another, and the library read back for its report (store_library.h).
 * The merge works on an ATTACHed source with INSERT ... SELECT, renumbering
 * runs through temp.sm_runmap and documents through temp.sm_docmap; findings
 * and characters are renumbered by an offset past the destination's ids. */
#include "store/store_library.h"
#include "store/store_characters.h"
#include "store/store_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const lib_families[LIB_N_FAMILIES] = { "consistency", "language", "pacing",
						   "structure", "style" };

static int fail(sqlite3 *db, const char *path, struct sm_err *err)
{
	return sm_fail(err, SM_EDB, "store '%s': %s", path, sqlite3_errmsg(db));
}

static int exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static char *dup_col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? xstrdup((const char *)t) : NULL;
}

/* Step s (bound already) to its one integer; def when no row. -1 rc on error. */
static int step_int(sqlite3_stmt *s, int64_t def, int64_t *v)
{
	int r = sqlite3_step(s);
	*v = r == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL ? sqlite3_column_int64(s, 0) : def;
	return r == SQLITE_ROW || r == SQLITE_DONE ? 0 : -1;
}

/* Prepare sql and bind up to two integer and one text parameter (?1 ?2 ?3). */
static sqlite3_stmt *prep3(sqlite3 *db, const char *sql, int64_t a, int64_t b, const char *t)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return NULL;
	int np = sqlite3_bind_parameter_count(s);
	if (np >= 1)
		sqlite3_bind_int64(s, 1, a);
	if (np >= 2)
		sqlite3_bind_int64(s, 2, b);
	if (np >= 3)
		sqlite3_bind_text(s, 3, t, -1, SQLITE_STATIC);
	return s;
}

/* One integer of sql (parameters as prep3) into *v; -1 on an error. */
static int query_int(sqlite3 *db, const char *sql, int64_t a, int64_t b, const char *t, int64_t *v)
{
	sqlite3_stmt *s = prep3(db, sql, a, b, t);
	if (!s)
		return -1;
	int rc = step_int(s, 0, v);
	sqlite3_finalize(s);
	return rc;
}

/* Run sql (parameters as prep3), no rows wanted; -1 on an error. */
static int run(sqlite3 *db, const char *sql, int64_t a, int64_t b, const char *t)
{
	sqlite3_stmt *s = prep3(db, sql, a, b, t);
	if (!s)
		return -1;
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW)
		;
	sqlite3_finalize(s);
	return r == SQLITE_DONE ? 0 : -1;
}

/* ------------------------------------------------------------------------
 * Books
 * ---------------------------------------------------------------------- */

int store_books(struct store *st, struct store_book **out, size_t *n, struct sm_err *err)
{
	sqlite3 *db = store_db(st);
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT b.id, b.key, b.title, b.author, coalesce(b.run_id, 0), "
			       "CASE WHEN r.status = 'ok' AND r.ended IS NOT NULL THEN r.settings END, "
			       "(SELECT count(*) FROM documents d WHERE d.book_id = b.id) "
			       "FROM books b LEFT JOIN runs r ON r.id = b.run_id ORDER BY b.key",
			       -1, &s, NULL) != SQLITE_OK)
		return fail(db, store_path(st), err);
	size_t cap = 0;
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		SM_GROW(*out, cap, *n + 1);
		struct store_book *b = &(*out)[(*n)++];
		b->id = sqlite3_column_int64(s, 0);
		b->key = dup_col(s, 1);
		b->title = dup_col(s, 2);
		b->author = dup_col(s, 3);
		b->run_id = sqlite3_column_int64(s, 4);
		b->settings = dup_col(s, 5);
		if (!b->settings)
			b->settings = xstrdup("");
		b->n_docs = sqlite3_column_int64(s, 6);
	}
	sqlite3_finalize(s);
	if (r != SQLITE_DONE) {
		store_books_free(*out, *n);
		*out = NULL;
		*n = 0;
		return fail(db, store_path(st), err);
	}
	return SM_OK;
}

void store_books_free(struct store_book *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].title);
		free(v[i].author);
		free(v[i].settings);
	}
	free(v);
}

int store_has_loose_docs(struct store *st, bool *yes, struct sm_err *err)
{
	int64_t k;
	if (query_int(store_db(st), "SELECT EXISTS(SELECT 1 FROM documents WHERE book_id IS NULL)", 0, 0,
		      NULL, &k))
		return fail(store_db(st), store_path(st), err);
	*yes = k != 0;
	return SM_OK;
}

int store_set_book(struct store *st, const char *key, const char *title, const char *author,
		   struct sm_err *err)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;
	if (exec(db, "BEGIN IMMEDIATE"))
		return fail(db, store_path(st), err);
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO books(key, title, author) VALUES (?1, ?2, ?3) "
			       "ON CONFLICT(key) DO UPDATE SET title = excluded.title, "
			       "author = excluded.author RETURNING id",
			       -1, &s, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, title, -1, SQLITE_STATIC);
	if (author)
		sqlite3_bind_text(s, 3, author, -1, SQLITE_STATIC);
	int64_t id;
	if (step_int(s, 0, &id) || id == 0)
		goto fail;
	sqlite3_finalize(s);
	s = NULL;
	if (run(db, "UPDATE documents SET book_id = ?1", id, 0, NULL) ||
	    run(db, "UPDATE runs SET book_id = ?1", id, 0, NULL) ||
	    run(db, "UPDATE books SET run_id = (SELECT max(id) FROM runs) WHERE id = ?1", id, 0, NULL) ||
	    exec(db, "COMMIT"))
		goto fail;
	return SM_OK;
fail:;
	int rc = fail(db, store_path(st), err);
	sqlite3_finalize(s);
	if (!sqlite3_get_autocommit(db))
		exec(db, "ROLLBACK");
	return rc;
}

static bool table_in(sqlite3 *db, const char *sch, const char *name);

/* Remove book id (documents cascade to their rows), its pacing metrics and
 * its characters. */
static int drop_book(sqlite3 *db, int64_t id, const char *charkey)
{
	if (table_in(db, "main", "pace_metrics") &&
	    run(db, "DELETE FROM pace_metrics WHERE path IN (SELECT path FROM documents WHERE book_id = ?1)",
		id, 0, NULL))
		return -1;
	if (run(db,
		"INSERT OR REPLACE INTO removed_books(key, run_uid) SELECT b.key, r.uid FROM books b "
		"JOIN runs r ON r.id = b.run_id WHERE b.id = ?1 AND r.uid IS NOT NULL",
		id, 0, NULL) ||
	    run(db, "UPDATE runs SET book_id = NULL WHERE book_id = ?1", id, 0, NULL) ||
	    run(db, "DELETE FROM documents WHERE book_id = ?1", id, 0, NULL) ||
	    run(db, "DELETE FROM books WHERE id = ?1", id, 0, NULL))
		return -1;
	if (charkey && table_in(db, "main", "characters") &&
	    run(db, "DELETE FROM characters WHERE book = ?3", 0, 0, charkey))
		return -1;
	return 0;
}

/* The key the character registry of book id in schema sch is stored under:
 * store_book_key of its documents' paths, as `report` computes it. */
static char *chars_key(sqlite3 *db, const char *sch, int64_t id)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT path FROM %s.documents WHERE book_id = ?1", sch);
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int64(s, 1, id);
	char **paths = NULL;
	size_t n = 0, cap = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		SM_GROW(paths, cap, n + 1);
		paths[n++] = dup_col(s, 0);
	}
	sqlite3_finalize(s);
	char *key = n ? store_book_key((const char *const *)paths, n) : NULL;
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return key;
}

static int cmp_key_book(const void *key, const void *b)
{
	return strcmp(key, ((const struct store_book *)b)->key);
}

const struct store_book *store_book_find(const struct store_book *v, size_t n, const char *key)
{
	/* ORDER BY key compares bytes (SQLite's BINARY), as strcmp does */
	return n ? bsearch(key, v, n, sizeof(*v), cmp_key_book) : NULL;
}

const struct store_book *store_book_named(const struct store_book *v, size_t n, const char *arg)
{
	char *end;
	long long id = strtoll(arg, &end, 10);
	bool numeric = *arg && !*end;
	const struct store_book *b = store_book_find(v, n, arg); /* a key first: a folder may be named "12" */
	if (b)
		return b;
	for (size_t i = 0; numeric && i < n; i++)
		if (v[i].id == id)
			return &v[i];
	return NULL;
}

char *store_book_registry_key(struct store *st, int64_t id)
{
	return chars_key(store_db(st), "main", id);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int store_drop_books(struct store *st, char *const *keys, size_t n, int64_t *n_removed,
		     struct sm_err *err)
{
	sqlite3 *db = store_db(st);
	if (n_removed)
		*n_removed = 0;
	struct store_book *books;
	size_t nb;
	int rc = store_books(st, &books, &nb, err);
	if (rc)
		return rc;
	/* the keys sorted once, each book looked up: no n x m comparisons for a long list */
	char **sorted = xcalloc(n ? n : 1, sizeof(*sorted));
	if (n) {
		memcpy(sorted, keys, n * sizeof(*sorted));
		qsort(sorted, n, sizeof(*sorted), cmp_str);
	}
	if (exec(db, "BEGIN IMMEDIATE"))
		goto fail;
	for (size_t i = 0; i < nb; i++) {
		const char *key = books[i].key;
		if (n && bsearch(&key, sorted, n, sizeof(*sorted), cmp_str))
			continue;
		char *ck = chars_key(db, "main", books[i].id);
		int bad = drop_book(db, books[i].id, ck);
		free(ck);
		if (bad)
			goto fail;
		if (n_removed)
			(*n_removed)++;
	}
	if (exec(db, "COMMIT"))
		goto fail;
	free(sorted);
	store_books_free(books, nb);
	return SM_OK;
fail:
	rc = fail(db, store_path(st), err);
	if (!sqlite3_get_autocommit(db))
		exec(db, "ROLLBACK");
	free(sorted);
	store_books_free(books, nb);
	return rc;
}

/* ------------------------------------------------------------------------
 * Merge
 * ---------------------------------------------------------------------- */

/* Do the destination's book dst and the source's book src have the same
 * documents (path and hash) and the same current findings (fingerprints)? */
static int identical(sqlite3 *db, int64_t dst, int64_t src, bool *same)
{
	/* Findings both ways by (path, fingerprint), their numbers, the
	 * documents' numbers; then every document of dst by path and hash. */
	static const char fa[] =
		"SELECT (SELECT count(*) FROM (SELECT d.path, f.fingerprint FROM main.findings f "
		"JOIN main.documents d ON f.doc_id = d.id AND f.run_id = d.run_id WHERE d.book_id = ?1 "
		"EXCEPT SELECT d.path, f.fingerprint FROM src.findings f JOIN src.documents d "
		"ON f.doc_id = d.id AND f.run_id = d.run_id WHERE d.book_id = ?2)) + "
		"(SELECT count(*) FROM (SELECT d.path, f.fingerprint FROM src.findings f "
		"JOIN src.documents d ON f.doc_id = d.id AND f.run_id = d.run_id WHERE d.book_id = ?2 "
		"EXCEPT SELECT d.path, f.fingerprint FROM main.findings f JOIN main.documents d "
		"ON f.doc_id = d.id AND f.run_id = d.run_id WHERE d.book_id = ?1)) + "
		"abs((SELECT count(*) FROM main.findings f JOIN main.documents d ON f.doc_id = d.id "
		"AND f.run_id = d.run_id WHERE d.book_id = ?1) - (SELECT count(*) FROM src.findings f "
		"JOIN src.documents d ON f.doc_id = d.id AND f.run_id = d.run_id WHERE d.book_id = ?2)) + "
		"abs((SELECT count(*) FROM main.documents WHERE book_id = ?1) - "
		"(SELECT count(*) FROM src.documents WHERE book_id = ?2))";
	int64_t a, b;
	if (query_int(db, fa, dst, src, NULL, &a))
		return -1;
	if (query_int(db,
		      "SELECT count(*) FROM main.documents m WHERE m.book_id = ?1 AND NOT EXISTS "
		      "(SELECT 1 FROM src.documents s WHERE s.book_id = ?2 AND s.path = m.path "
		      "AND s.hash = m.hash)",
		      dst, src, NULL, &b))
		return -1;
	*same = a == 0 && b == 0;
	return 0;
}

static bool table_in(sqlite3 *db, const char *sch, const char *name)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s.sqlite_master WHERE name = ?3", sch);
	int64_t k = 0;
	return !query_int(db, sql, 0, 0, name, &k) && k > 0;
}

/* Copy the character registry stored under key from src to main, replacing
 * main's, character ids renumbered past main's. */
static int merge_characters(sqlite3 *db, const char *key)
{
	if (!table_in(db, "src", "characters"))
		return 0;
	if (run(db, "DELETE FROM main.characters WHERE book = ?3", 0, 0, key))
		return -1;
	int64_t lo, hi;
	if (query_int(db, "SELECT coalesce(min(id), 0) FROM src.characters WHERE book = ?3", 0, 0, key, &lo) ||
	    query_int(db, "SELECT coalesce(max(id), 0) FROM main.characters", 0, 0, NULL, &hi))
		return -1;
	int64_t off = hi - lo + 1;
	if (run(db,
		"INSERT INTO main.characters(id, book, rank, name, gender, n_mentions, first_path, "
		"first_chapter) SELECT id + ?1, book, rank, name, gender, n_mentions, first_path, "
		"first_chapter FROM src.characters WHERE book = ?3",
		off, 0, key) ||
	    run(db,
		"INSERT INTO main.character_aliases(character_id, alias, n) SELECT a.character_id + ?1, "
		"a.alias, a.n FROM src.character_aliases a JOIN src.characters c ON c.id = a.character_id "
		"WHERE c.book = ?3",
		off, 0, key) ||
	    run(db,
		"INSERT INTO main.character_mentions(character_id, chapter, n) SELECT "
		"m.character_id + ?1, m.chapter, m.n FROM src.character_mentions m JOIN src.characters c "
		"ON c.id = m.character_id WHERE c.book = ?3",
		off, 0, key) ||
	    run(db,
		"INSERT INTO main.character_facts(character_id, attr, value, num, path, off, chapter) "
		"SELECT f.character_id + ?1, f.attr, f.value, f.num, f.path, f.off, f.chapter FROM "
		"src.character_facts f JOIN src.characters c ON c.id = f.character_id WHERE c.book = ?3",
		off, 0, key))
		return -1;
	return 0;
}

/* The findings (and their related places) of the source's documents of the
 * book for the runs new in main, ids renumbered past main's. */
static int merge_findings(sqlite3 *db, size_t *n_copied)
{
	static const char where[] =
		" FROM src.findings f JOIN temp.sm_docmap dm ON dm.src = f.doc_id "
		"JOIN temp.sm_runmap rm ON rm.src = f.run_id AND rm.fresh";
	char sql[1200];
	int64_t lo, hi, n;
	snprintf(sql, sizeof(sql), "SELECT coalesce(min(f.id), 0)%s", where);
	if (query_int(db, sql, 0, 0, NULL, &lo) ||
	    query_int(db, "SELECT coalesce(max(id), 0) FROM main.findings", 0, 0, NULL, &hi))
		return -1;
	int64_t off = hi - lo + 1;
	snprintf(sql, sizeof(sql),
		 "INSERT INTO main.findings(id, run_id, doc_id, path, rule, category, severity, "
		 "paragraph, \"start\", \"end\", line, \"column\", chapter, scene, message, text, "
		 "suggestion, fingerprint) SELECT f.id + ?1, rm.dst, dm.dst, f.path, f.rule, f.category, "
		 "f.severity, f.paragraph, f.\"start\", f.\"end\", f.line, f.\"column\", f.chapter, "
		 "f.scene, f.message, f.text, f.suggestion, f.fingerprint%s ORDER BY f.id",
		 where);
	if (run(db, sql, off, 0, NULL))
		return -1;
	n = sqlite3_changes(db);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO main.related(finding_id, seq, path, paragraph, \"start\", \"end\", text) "
		 "SELECT r.finding_id + ?1, r.seq, r.path, r.paragraph, r.\"start\", r.\"end\", r.text "
		 "FROM src.related r WHERE r.finding_id IN (SELECT f.id%s)",
		 where);
	if (run(db, sql, off, 0, NULL))
		return -1;
	*n_copied += (size_t)n;
	return 0;
}

static const char pace_cols[] =
	"chapter, scene, title, words, sents, paras, dlg_words, action, percept, pastperf, "
	"max_dry_words, max_beatless, sent_mean, sent_sd, para_mean, score, z, hist, surprisal";

/* One book of src (id sb, key) into main. *outcome: 0 added, 1 updated,
 * 2 the same, 3 conflict (then *why says what). Returns -1 on an SQLite error. */
static int merge_book(struct store *st, int64_t sb, const char *key, unsigned flags, int *outcome,
		      size_t *n_findings)
{
	sqlite3 *db = store_db(st);
	int64_t db_id = 0, k;
	if (query_int(db, "SELECT coalesce((SELECT id FROM main.books WHERE key = ?3), 0)", 0, 0, key,
		      &db_id))
		return -1;
	/* Does the source carry the destination's current version of the book? */
	int64_t lineage = 0, fresh = 0;
	if (db_id &&
	    query_int(db,
		      "SELECT count(*) FROM main.books b JOIN main.runs r ON r.id = b.run_id WHERE b.id = ?1 "
		      "AND r.uid IN (SELECT uid FROM src.runs WHERE book_id = ?2)",
		      db_id, sb, NULL, &lineage))
		return -1;
	if (query_int(db,
		      "SELECT count(*) FROM src.runs WHERE book_id = ?2 AND uid NOT IN "
		      "(SELECT uid FROM main.runs WHERE uid IS NOT NULL)",
		      0, sb, NULL, &fresh))
		return -1;
	if (db_id && !(flags & STORE_MERGE_REPLACE) && !lineage) {
		bool same;
		if (identical(db, db_id, sb, &same))
			return -1;
		*outcome = same ? 2 : 3;
		return 0;
	}
	if (db_id && fresh == 0) {
		*outcome = 2; /* every run of it is in main already */
		return 0;
	}
	/* Another book's documents at these paths: the shards disagree about
	 * which book a file belongs to. */
	if (query_int(db,
		      "SELECT count(*) FROM src.documents s JOIN main.documents m ON m.path = s.path "
		      "WHERE s.book_id = ?2 AND m.book_id IS NOT ?1",
		      db_id ? db_id : -1, sb, NULL, &k))
		return -1;
	if (k) {
		*outcome = 3;
		return 0;
	}
	char *old_ck = db_id ? chars_key(db, "main", db_id) : NULL;
	if (run(db,
		"INSERT INTO main.books(key, title, author) SELECT key, title, author FROM src.books "
		"WHERE id = ?2 ON CONFLICT(key) DO UPDATE SET title = excluded.title, "
		"author = excluded.author",
		0, sb, NULL) ||
	    query_int(db, "SELECT id FROM main.books WHERE key = ?3", 0, 0, key, &k)) {
		free(old_ck);
		return -1;
	}
	*outcome = db_id ? 1 : 0;
	db_id = k;
	if (run(db, "DELETE FROM main.removed_books WHERE key = ?3", 0, 0, key)) {
		free(old_ck);
		return -1;
	}
	/* runs: the new ones copied, every one mapped */
	if (exec(db, "DELETE FROM temp.sm_runmap; DELETE FROM temp.sm_docmap") ||
	    run(db,
		"INSERT INTO temp.sm_runmap(src, uid, fresh) SELECT id, uid, uid NOT IN "
		"(SELECT uid FROM main.runs WHERE uid IS NOT NULL) FROM src.runs WHERE book_id = ?2",
		0, sb, NULL) ||
	    run(db,
		"INSERT INTO main.runs(started, ended, tool_version, status, n_documents, settings, pid, "
		"host, book_id, uid) SELECT r.started, r.ended, r.tool_version, r.status, r.n_documents, "
		"r.settings, r.pid, r.host, ?1, r.uid FROM src.runs r JOIN temp.sm_runmap m ON m.src = r.id "
		"WHERE m.fresh ORDER BY r.id",
		db_id, 0, NULL) ||
	    exec(db, "UPDATE temp.sm_runmap SET dst = (SELECT id FROM main.runs r WHERE r.uid = sm_runmap.uid)")) {
		free(old_ck);
		return -1;
	}
	/* documents: upserted by path; the book's others are gone from it */
	/* documents gone from the book leave it, but only after a run that
	 * ended ok: a file that could not be read this time keeps its versions */
	if (run(db,
		"DELETE FROM main.documents WHERE book_id = ?1 AND path NOT IN "
		"(SELECT path FROM src.documents WHERE book_id = ?2) AND (SELECT r.status FROM "
		"src.runs r JOIN src.books b ON b.run_id = r.id WHERE b.id = ?2) = 'ok'",
		db_id, sb, NULL) ||
	    run(db,
		"INSERT INTO main.documents(path, format, hash, size, words, n_blocks, title, author, "
		"run_id, scanned_at, book_id) SELECT d.path, d.format, d.hash, d.size, d.words, d.n_blocks, "
		"d.title, d.author, m.dst, d.scanned_at, ?1 FROM src.documents d JOIN temp.sm_runmap m "
		"ON m.src = d.run_id WHERE d.book_id = ?2 ON CONFLICT(path) DO UPDATE SET "
		"format = excluded.format, hash = excluded.hash, size = excluded.size, words = excluded.words, "
		"n_blocks = excluded.n_blocks, title = excluded.title, author = excluded.author, "
		"run_id = excluded.run_id, scanned_at = excluded.scanned_at, book_id = excluded.book_id",
		db_id, sb, NULL) ||
	    run(db,
		"INSERT INTO temp.sm_docmap(src, dst) SELECT s.id, m.id FROM src.documents s JOIN "
		"main.documents m ON m.path = s.path WHERE s.book_id = ?2",
		0, sb, NULL) ||
	    exec(db,
		 "DELETE FROM main.chapters WHERE doc_id IN (SELECT dst FROM temp.sm_docmap);"
		 "INSERT INTO main.chapters(doc_id, number, declared_num, title, part, first_paragraph, "
		 "last_paragraph, words) SELECT m.dst, c.number, c.declared_num, c.title, c.part, "
		 "c.first_paragraph, c.last_paragraph, c.words FROM src.chapters c JOIN temp.sm_docmap m "
		 "ON m.src = c.doc_id;"
		 "INSERT INTO main.scenes(doc_id, chapter, number, first_paragraph, last_paragraph, words) "
		 "SELECT m.dst, s.chapter, s.number, s.first_paragraph, s.last_paragraph, s.words FROM "
		 "src.scenes s JOIN temp.sm_docmap m ON m.src = s.doc_id;"
		 "INSERT OR IGNORE INTO main.doc_versions(doc_id, run_id, hash, words) SELECT dm.dst, "
		 "rm.dst, v.hash, v.words FROM src.doc_versions v JOIN temp.sm_docmap dm ON dm.src = v.doc_id "
		 "JOIN temp.sm_runmap rm ON rm.src = v.run_id") ||
	    merge_findings(db, n_findings)) {
		free(old_ck);
		return -1;
	}
	if (table_in(db, "src", "pace_metrics")) {
		if (store_metrics_schema(st, NULL) != SM_OK) {
			free(old_ck);
			return -1;
		}
		char sql[900];
		snprintf(sql, sizeof(sql),
			 "INSERT OR IGNORE INTO main.pace_metrics(path, run_id, %s) SELECT p.path, rm.dst, "
			 "%s FROM src.pace_metrics p JOIN temp.sm_runmap rm ON rm.src = p.run_id AND rm.fresh "
			 "WHERE p.path IN (SELECT path FROM src.documents WHERE book_id = ?2)",
			 pace_cols, pace_cols);
		if (run(db, sql, 0, sb, NULL)) {
			free(old_ck);
			return -1;
		}
	}
	/* the character registry, under the key of the book's documents now */
	char *ck = chars_key(db, "main", db_id);
	int bad = 0;
	if (table_in(db, "src", "characters")) {
		if (store_characters_schema(st, NULL) != SM_OK)
			bad = -1;
		if (!bad && old_ck && (!ck || strcmp(old_ck, ck)))
			bad = run(db, "DELETE FROM main.characters WHERE book = ?3", 0, 0, old_ck);
		if (!bad && ck)
			bad = merge_characters(db, ck);
	}
	free(ck);
	free(old_ck);
	if (bad)
		return -1;
	return run(db,
		   "UPDATE main.books SET run_id = (SELECT m.dst FROM src.books b JOIN temp.sm_runmap m "
		   "ON m.src = b.run_id WHERE b.id = ?2) WHERE id = ?1",
		   db_id, sb, NULL);
}

/* The books the source's library scan removed: gone from main too when
 * main holds the very version the source removed (its current run's uid);
 * a newer version from elsewhere stays. The tombstones are kept in main, so
 * that a merge of main into another store passes them on. */
static int merge_removals(sqlite3 *db, size_t *n_removed)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT b.id, b.key FROM src.removed_books t JOIN main.books b ON b.key = t.key "
			       "JOIN main.runs r ON r.id = b.run_id WHERE r.uid = t.run_uid ORDER BY b.key",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	int64_t *ids = NULL;
	char **keys = NULL;
	size_t n = 0, cap = 0, capk = 0;
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		SM_GROW(ids, cap, n + 1);
		SM_GROW(keys, capk, n + 1);
		ids[n] = sqlite3_column_int64(s, 0);
		keys[n++] = dup_col(s, 1);
	}
	sqlite3_finalize(s);
	int bad = r != SQLITE_DONE;
	for (size_t i = 0; i < n && !bad; i++) {
		char *ck = chars_key(db, "main", ids[i]);
		bad = exec(db, "BEGIN IMMEDIATE") || drop_book(db, ids[i], ck) || exec(db, "COMMIT");
		free(ck);
		if (bad && !sqlite3_get_autocommit(db))
			exec(db, "ROLLBACK");
		if (!bad)
			(*n_removed)++;
	}
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	free(ids);
	if (!bad)
		bad = run(db,
			  "INSERT OR IGNORE INTO main.removed_books(key, run_uid) SELECT t.key, t.run_uid FROM "
			  "src.removed_books t WHERE t.key NOT IN (SELECT key FROM main.books)",
			  0, 0, NULL);
	return bad ? -1 : 0;
}

int store_merge(struct store *st, const char *src_path, unsigned flags,
		struct store_merge_stats *stats, struct sm_err *err)
{
	struct store_merge_stats dummy;
	if (!stats)
		stats = &dummy;
	memset(stats, 0, sizeof(*stats));
	/* A shard is a store a scan wrote: an empty file, or an SQLite file
	 * without our schema, is refused before anything writes to it. */
	sqlite3 *probe = NULL;
	int64_t ver = 0;
	bool readable = sqlite3_open_v2(src_path, &probe, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
			!query_int(probe, "PRAGMA user_version", 0, 0, NULL, &ver);
	sqlite3_close(probe);
	if (readable && ver == 0)
		return sm_fail(err, SM_EDB, "store '%s' is empty: no scan wrote it", src_path);
	/* Opening it checks that it is ours and brings it to this schema. */
	struct store *src;
	int rc = store_open_existing(src_path, &src, err);
	if (rc)
		return rc;
	store_free(src);
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db, "ATTACH ?1 AS src", -1, &s, NULL) != SQLITE_OK)
		return fail(db, store_path(st), err);
	sqlite3_bind_text(s, 1, src_path, -1, SQLITE_STATIC);
	int r = sqlite3_step(s);
	sqlite3_finalize(s);
	s = NULL;
	if (r != SQLITE_DONE)
		return fail(db, store_path(st), err);
	rc = SM_OK;
	char *conflict = NULL;
	int64_t loose = 0;
	if (query_int(db, "SELECT count(*) FROM src.documents WHERE book_id IS NULL", 0, 0, NULL, &loose)) {
		rc = fail(db, store_path(st), err);
		goto done;
	}
	if (loose) {
		rc = sm_fail(err, SM_EDB, "store '%s' is not a library store (scan it with --library)",
			     src_path);
		goto done;
	}
	if (exec(db, "CREATE TEMP TABLE IF NOT EXISTS sm_runmap(src INTEGER PRIMARY KEY, uid TEXT, "
		     "fresh INTEGER, dst INTEGER);"
		     "CREATE TEMP TABLE IF NOT EXISTS sm_docmap(src INTEGER PRIMARY KEY, dst INTEGER)") ||
	    sqlite3_prepare_v2(db, "SELECT id, key FROM src.books ORDER BY key", -1, &s, NULL) != SQLITE_OK) {
		rc = fail(db, store_path(st), err);
		goto done;
	}
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t sb = sqlite3_column_int64(s, 0);
		const char *key = (const char *)sqlite3_column_text(s, 1);
		int outcome = 0;
		if (exec(db, "BEGIN IMMEDIATE") || merge_book(st, sb, key, flags, &outcome, &stats->findings) ||
		    (outcome == 3 ? exec(db, "ROLLBACK") : exec(db, "COMMIT"))) {
			rc = fail(db, store_path(st), err);
			if (!sqlite3_get_autocommit(db))
				exec(db, "ROLLBACK");
			break;
		}
		switch (outcome) {
		case 0: stats->added++; break;
		case 1: stats->updated++; break;
		case 2: stats->same++; break;
		default:
			if (!stats->conflicts++)
				conflict = xstrdup(key);
		}
	}
	if (rc == SM_OK && r != SQLITE_DONE)
		rc = fail(db, store_path(st), err);
	sqlite3_finalize(s);
	s = NULL;
	if (rc == SM_OK && merge_removals(db, &stats->removed))
		rc = fail(db, store_path(st), err);
	if (rc == SM_OK && conflict)
		rc = sm_fail(err, SM_EDB,
			     "book '%s' (and %zu more) is in '%s' with other content than in '%s'; not merged",
			     conflict, stats->conflicts - 1, store_path(st), src_path);
done:
	free(conflict);
	exec(db, "DETACH src");
	return rc;
}

/* ------------------------------------------------------------------------
 * The library read back
 * ---------------------------------------------------------------------- */

void library_data_release(struct library_data *ld)
{
	for (size_t i = 0; i < ld->n; i++) {
		struct lib_row *r = &ld->rows[i];
		free(r->key);
		free(r->title);
		free(r->author);
		free(r->scanned);
		for (size_t k = 0; k < r->n_top; k++) {
			free(r->top[k].rule);
			free(r->top[k].message);
			free(r->top[k].text);
			free(r->top[k].path);
		}
	}
	free(ld->rows);
	memset(ld, 0, sizeof(*ld));
}

static const char *status_name(const char *s)
{
	static const char *const known[] = { "ok", "errors", "partial", "running", "interrupted" };
	for (size_t i = 0; s && i < SM_ARRAY_LEN(known); i++)
		if (!strcmp(s, known[i]))
			return known[i];
	return "unknown";
}

/* Counts of the current findings of book r by severity and family. */
static int load_counts(sqlite3 *db, struct lib_row *r)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT f.category, f.severity, f.rule, count(*) FROM findings f JOIN documents d "
			       "ON f.doc_id = d.id AND f.run_id = d.run_id WHERE d.book_id = ?1 "
			       "GROUP BY 1, 2, 3",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(s, 1, r->id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *cat = (const char *)sqlite3_column_text(s, 0);
		const char *sev = (const char *)sqlite3_column_text(s, 1);
		const char *rule = (const char *)sqlite3_column_text(s, 2);
		int64_t n = sqlite3_column_int64(s, 3);
		r->findings += n;
		int sv = sev && !strcmp(sev, "error") ? SM_SEV_ERROR : sev && !strcmp(sev, "warning") ? SM_SEV_WARNING : SM_SEV_INFO;
		r->by_sev[sv] += n;
		size_t f = 0;
		while (f < LIB_N_FAMILIES && (!cat || strcmp(cat, lib_families[f])))
			f++;
		if (f < LIB_N_FAMILIES)
			r->by_family[f] += n;
		else
			r->other += n;
		if (rule && !strcmp(rule, "pacing.slow-stretch"))
			r->slow_stretches += n;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int load_top(sqlite3 *db, struct lib_row *r)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT f.rule, f.message, f.text, f.path, f.paragraph FROM findings f JOIN "
			       "documents d ON f.doc_id = d.id AND f.run_id = d.run_id WHERE d.book_id = ?1 "
			       "AND f.category = 'consistency' ORDER BY CASE f.severity WHEN 'error' THEN 0 "
			       "WHEN 'warning' THEN 1 ELSE 2 END, f.path, f.paragraph, f.\"start\", f.rule "
			       "LIMIT 3",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(s, 1, r->id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && r->n_top < SM_ARRAY_LEN(r->top)) {
		struct lib_top *t = &r->top[r->n_top++];
		t->rule = dup_col(s, 0);
		t->message = dup_col(s, 1);
		t->text = dup_col(s, 2);
		t->path = dup_col(s, 3);
		t->paragraph = sqlite3_column_int64(s, 4);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* Dialogue share and mean sentence length from the chapter rows of the
 * pacing metrics each document's run stored. */
static int load_pace(sqlite3 *db, struct lib_row *r)
{
	r->dialogue = r->sent_mean = -1;
	if (!table_in(db, "main", "pace_metrics"))
		return 0;
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT sum(p.words), sum(p.dlg_words), sum(p.sents) FROM pace_metrics p JOIN "
			       "documents d ON d.path = p.path AND d.run_id = p.run_id WHERE d.book_id = ?1 "
			       "AND p.scene = 0",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(s, 1, r->id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		double w = (double)sqlite3_column_int64(s, 0);
		double dl = (double)sqlite3_column_int64(s, 1);
		double se = (double)sqlite3_column_int64(s, 2);
		if (w > 0)
			r->dialogue = dl / w;
		if (se > 0)
			r->sent_mean = w / se;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int library_data_load(struct store *st, struct library_data *ld, struct sm_err *err)
{
	memset(ld, 0, sizeof(*ld));
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;
	/* One read transaction: a library scan merging meanwhile cannot mix books. */
	if (exec(db, "BEGIN"))
		return fail(db, store_path(st), err);
	if (sqlite3_prepare_v2(db,
			       "SELECT b.id, b.key, b.title, b.author, r.status, r.ended, "
			       "(SELECT count(*) FROM documents d WHERE d.book_id = b.id), "
			       "(SELECT coalesce(sum(words), 0) FROM documents d WHERE d.book_id = b.id), "
			       "(SELECT count(*) FROM chapters c JOIN documents d ON d.id = c.doc_id "
			       " WHERE d.book_id = b.id AND c.number > 0), "
			       "(SELECT count(*) FROM scenes c JOIN documents d ON d.id = c.doc_id "
			       " WHERE d.book_id = b.id AND c.chapter > 0) "
			       "FROM books b LEFT JOIN runs r ON r.id = b.run_id ORDER BY b.key",
			       -1, &s, NULL) != SQLITE_OK)
		goto fail;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		SM_GROW(ld->rows, cap, ld->n + 1);
		struct lib_row *r = &ld->rows[ld->n++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(s, 0);
		r->key = dup_col(s, 1);
		r->title = dup_col(s, 2);
		r->author = dup_col(s, 3);
		r->status = status_name((const char *)sqlite3_column_text(s, 4));
		r->scanned = dup_col(s, 5);
		r->docs = sqlite3_column_int64(s, 6);
		r->words = sqlite3_column_int64(s, 7);
		r->chapters = sqlite3_column_int64(s, 8);
		r->scenes = sqlite3_column_int64(s, 9);
		ld->words += r->words;
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc != SQLITE_DONE)
		goto fail;
	for (size_t i = 0; i < ld->n; i++) {
		struct lib_row *r = &ld->rows[i];
		if (load_counts(db, r) || load_top(db, r) || load_pace(db, r))
			goto fail;
		ld->findings += r->findings;
	}
	exec(db, "COMMIT");
	return SM_OK;
fail:;
	int e = fail(db, store_path(st), err);
	sqlite3_finalize(s);
	exec(db, "COMMIT");
	library_data_release(ld);
	return e;
}
