/* store.c: the SQLite store (stage 4). Documents, chapters, scenes, runs and
 * findings; one IMMEDIATE transaction per document so that a crash or a
 * kill -9 leaves either the old or the new version of a document, never half.
 * The schema is a list of migration steps; PRAGMA user_version counts the
 * steps applied. Every SQLite error becomes SM_EDB here, with the store path. */
#include "store/store_int.h"
#include "store/store_read.h"

#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "SMST": marks a database as ours (PRAGMA application_id). */
#define STORE_APP_ID 0x534d5354
#define STORE_BUSY_MS 10000

/* ------------------------------------------------------------------------
 * Schema: append a step to change it, never edit a released one.
 * ---------------------------------------------------------------------- */

static const char *const migrations[] = {
	/* 1: issue 2, the foundation. doc_versions records every version of a
	 * document a run stored, so a report can compare drafts (issue 6) even
	 * when a version had no findings. */
	"CREATE TABLE runs(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  started TEXT NOT NULL,\n"
	"  ended TEXT,\n"
	"  tool_version TEXT NOT NULL,\n"
	"  status TEXT NOT NULL DEFAULT 'running',\n"
	"  n_documents INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE TABLE documents(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  path TEXT NOT NULL UNIQUE,\n"
	"  format TEXT NOT NULL,\n"
	"  hash TEXT NOT NULL,\n"
	"  size INTEGER NOT NULL,\n"
	"  words INTEGER NOT NULL,\n"
	"  n_blocks INTEGER NOT NULL,\n"
	"  title TEXT,\n"
	"  author TEXT,\n"
	"  run_id INTEGER NOT NULL REFERENCES runs(id),\n"
	"  scanned_at TEXT NOT NULL);\n"
	"CREATE TABLE doc_versions(\n"
	"  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"  run_id INTEGER NOT NULL REFERENCES runs(id),\n"
	"  hash TEXT NOT NULL,\n"
	"  words INTEGER NOT NULL,\n"
	"  PRIMARY KEY(doc_id, run_id)) WITHOUT ROWID;\n"
	"CREATE TABLE chapters(\n"
	"  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"  number INTEGER NOT NULL,\n"
	"  declared_num INTEGER,\n"
	"  title TEXT NOT NULL,\n"
	"  part INTEGER NOT NULL DEFAULT 0,\n"
	"  first_paragraph INTEGER NOT NULL,\n"
	"  last_paragraph INTEGER NOT NULL,\n"
	"  words INTEGER NOT NULL,\n"
	"  PRIMARY KEY(doc_id, number));\n"
	"CREATE TABLE scenes(\n"
	"  doc_id INTEGER NOT NULL,\n"
	"  chapter INTEGER NOT NULL,\n"
	"  number INTEGER NOT NULL,\n"
	"  first_paragraph INTEGER NOT NULL,\n"
	"  last_paragraph INTEGER NOT NULL,\n"
	"  words INTEGER NOT NULL,\n"
	"  PRIMARY KEY(doc_id, chapter, number),\n"
	"  FOREIGN KEY(doc_id, chapter) REFERENCES chapters(doc_id, number) ON DELETE CASCADE);\n"
	"CREATE TABLE findings(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  run_id INTEGER NOT NULL REFERENCES runs(id),\n"
	"  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"  path TEXT NOT NULL,\n"
	"  rule TEXT NOT NULL,\n"
	"  category TEXT NOT NULL,\n"
	"  severity TEXT NOT NULL,\n"
	"  paragraph INTEGER NOT NULL,\n"
	"  \"start\" INTEGER NOT NULL,\n"
	"  \"end\" INTEGER NOT NULL,\n"
	"  line INTEGER,\n"
	"  \"column\" INTEGER NOT NULL,\n"
	"  chapter INTEGER,\n"
	"  scene INTEGER,\n"
	"  message TEXT NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  suggestion TEXT,\n"
	"  fingerprint TEXT NOT NULL);\n"
	"CREATE INDEX findings_doc_run ON findings(doc_id, run_id);\n"
	"CREATE INDEX findings_run ON findings(run_id);\n"
	"CREATE INDEX findings_fingerprint ON findings(fingerprint);\n"
	"CREATE TABLE related(\n"
	"  finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  path TEXT NOT NULL,\n"
	"  paragraph INTEGER NOT NULL,\n"
	"  \"start\" INTEGER NOT NULL,\n"
	"  \"end\" INTEGER NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  PRIMARY KEY(finding_id, seq)) WITHOUT ROWID;\n",
	/* 2: the settings a run checked with (configuration, rules, model), so
	 * that scan re-checks an unchanged book when they change. */
	"ALTER TABLE runs ADD COLUMN settings TEXT;\n",
	/* 3: the process that runs a scan, so that the next scan can tell a run
	 * left 'running' by a process that died (marked 'interrupted') from a
	 * scan still at work. */
	"ALTER TABLE runs ADD COLUMN pid INTEGER;\n"
	"ALTER TABLE runs ADD COLUMN host TEXT;\n",
	/* 4: libraries (issue 15). A library store holds many books, one row of
	 * books each, keyed by the book's path relative to the library folder;
	 * its documents and runs name their book (NULL in a one-book store).
	 * uid names a run across stores, so that merging a shard twice adds
	 * nothing the second time. */
	"CREATE TABLE books(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  key TEXT NOT NULL UNIQUE,\n"
	"  title TEXT NOT NULL,\n"
	"  author TEXT,\n"
	"  run_id INTEGER REFERENCES runs(id));\n"
	"ALTER TABLE documents ADD COLUMN book_id INTEGER REFERENCES books(id);\n"
	"ALTER TABLE runs ADD COLUMN book_id INTEGER REFERENCES books(id);\n"
	"ALTER TABLE runs ADD COLUMN uid TEXT;\n"
	"UPDATE runs SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;\n"
	"CREATE UNIQUE INDEX runs_uid ON runs(uid);\n"
	"CREATE INDEX documents_book ON documents(book_id);\n",
	/* 5: a book removed from a library leaves a tombstone (its key and the
	 * uid of the run that stored its last version), so that merging the
	 * shard removes it from a merged store too, when that holds the same
	 * version. */
	"CREATE TABLE removed_books(\n"
	"  key TEXT PRIMARY KEY,\n"
	"  run_uid TEXT NOT NULL) WITHOUT ROWID;\n",
};

/* ------------------------------------------------------------------------
 * Cached statements
 * ---------------------------------------------------------------------- */

enum {
	Q_BEGIN,
	Q_COMMIT,
	Q_RUN_BEGIN,
	Q_RUN_END,
	Q_DOC_HASH,
	Q_DOC_UPSERT,
	Q_CH_DELETE,
	Q_CH_INSERT,
	Q_SC_INSERT,
	Q_VER_PUT,
	Q_FI_DELETE,
	Q_FI_INSERT,
	Q_REL_INSERT,
	Q_DOC_COUNT,
	Q_DOC_FINDINGS_AT,
	N_Q
};

static const char *const queries[N_Q] = {
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_COMMIT] = "COMMIT",
	[Q_RUN_BEGIN] = "INSERT INTO runs(started, tool_version, status, pid, host, uid) "
			"VALUES(strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?1, 'running', ?2, ?3, "
			"lower(hex(randomblob(16))))",
	[Q_RUN_END] = "UPDATE runs SET ended = strftime('%Y-%m-%dT%H:%M:%fZ','now'), status = ?2, "
		      "n_documents = (SELECT count(*) FROM doc_versions WHERE run_id = ?1) "
		      "WHERE id = ?1",
	[Q_DOC_HASH] = "SELECT hash FROM documents WHERE path = ?1",
	[Q_DOC_UPSERT] =
		"INSERT INTO documents(path, format, hash, size, words, n_blocks, title, author, "
		"run_id, scanned_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		"strftime('%Y-%m-%dT%H:%M:%fZ','now')) "
		"ON CONFLICT(path) DO UPDATE SET format = excluded.format, hash = excluded.hash, "
		"size = excluded.size, words = excluded.words, n_blocks = excluded.n_blocks, "
		"title = excluded.title, author = excluded.author, run_id = excluded.run_id, "
		"scanned_at = excluded.scanned_at RETURNING id",
	[Q_CH_DELETE] = "DELETE FROM chapters WHERE doc_id = ?1",
	[Q_CH_INSERT] = "INSERT INTO chapters(doc_id, number, declared_num, title, part, "
			"first_paragraph, last_paragraph, words) "
			"VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_SC_INSERT] = "INSERT INTO scenes(doc_id, chapter, number, first_paragraph, "
			"last_paragraph, words) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_VER_PUT] = "INSERT OR REPLACE INTO doc_versions(doc_id, run_id, hash, words) "
		      "VALUES(?1, ?2, ?3, ?4)",
	[Q_FI_DELETE] = "DELETE FROM findings WHERE doc_id = ?1 AND run_id = ?2",
	[Q_FI_INSERT] = "INSERT INTO findings(run_id, doc_id, path, rule, category, severity, "
			"paragraph, \"start\", \"end\", line, \"column\", chapter, scene, message, "
			"text, suggestion, fingerprint) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
			"?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
	[Q_REL_INSERT] = "INSERT INTO related(finding_id, seq, path, paragraph, \"start\", "
			 "\"end\", text) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_DOC_COUNT] = "SELECT count(*) FROM documents",
	[Q_DOC_FINDINGS_AT] =
		"SELECT count(*) FROM findings f JOIN documents d "
		"ON f.doc_id = d.id AND f.run_id = d.run_id WHERE d.path = ?1 AND "
		"(CASE f.severity WHEN 'error' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END) >= ?2",
};

struct store {
	sqlite3 *db;
	char *path;             /* as given, for messages */
	sqlite3_stmt *q[N_Q];   /* prepared on first use, finalized by store_free */
	store_doc_hook *hook;   /* more rows to store with each document, or NULL */
	void *hook_ctx;
};

void store_set_doc_hook(struct store *st, store_doc_hook *hook, void *ctx)
{
	st->hook = hook;
	st->hook_ctx = ctx;
}

/* Convert the connection's last error into SM_EDB. */
static int db_fail(struct store *st, struct sm_err *err)
{
	int code = sqlite3_errcode(st->db);
	if (code == SQLITE_NOTADB)
		return sm_fail(err, SM_EDB, "store '%s' is not a storymaster store (not an SQLite database)",
			       st->path);
	return sm_fail(err, SM_EDB, "store '%s': %s", st->path, sqlite3_errmsg(st->db));
}

/* The cached statement q, reset and with its bindings cleared. */
static int get(struct store *st, int q, sqlite3_stmt **out, struct sm_err *err)
{
	if (!st->q[q]) {
		if (sqlite3_prepare_v3(st->db, queries[q], -1, SQLITE_PREPARE_PERSISTENT, &st->q[q],
				       NULL) != SQLITE_OK)
			return db_fail(st, err);
	} else {
		sqlite3_reset(st->q[q]);
		sqlite3_clear_bindings(st->q[q]);
	}
	*out = st->q[q];
	return SM_OK;
}

/* Step a statement that returns no row, then reset it. */
static int run_stmt(struct store *st, sqlite3_stmt *s, struct sm_err *err)
{
	int rc = sqlite3_step(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		int r = db_fail(st, err);
		sqlite3_reset(s);
		return r;
	}
	sqlite3_reset(s);
	return SM_OK;
}

static int exec_q(struct store *st, int q, struct sm_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = get(st, q, &s, err);
	return rc ? rc : run_stmt(st, s, err);
}

static void bind_str(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static void hex64(uint64_t h, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* One integer from a one-off pragma query; -1 on error. */
static int64_t pragma_int(struct store *st, const char *sql, struct sm_err *err)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		db_fail(st, err);
		return -1;
	}
	int64_t v = -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	else if (rc != SQLITE_DONE)
		db_fail(st, err);
	sqlite3_finalize(s);
	return v;
}

/* ------------------------------------------------------------------------
 * Open and migrate
 * ---------------------------------------------------------------------- */

/* Apply the migration steps not yet applied, in one transaction; another
 * process may have migrated meanwhile, so the version is read inside it. */
static int migrate(struct store *st, struct sm_err *err)
{
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(st, err);
	int64_t v = pragma_int(st, "PRAGMA user_version", err);
	if (v < 0)
		goto fail;
	for (size_t i = (size_t)v; i < SM_ARRAY_LEN(migrations); i++) {
		if (sqlite3_exec(st->db, migrations[i], NULL, NULL, NULL) != SQLITE_OK) {
			db_fail(st, err);
			goto fail;
		}
	}
	char sql[96];
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; PRAGMA user_version = %zu",
		 STORE_APP_ID, SM_ARRAY_LEN(migrations));
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(st, err);
		goto fail;
	}
	return SM_OK;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return err ? err->rc : SM_EDB;
}

/* Refuse a file that is not SQLite, or an SQLite database of someone else. */
static int check_ours(struct store *st, struct sm_err *err)
{
	/* The three are read in one transaction: another process may be creating
	 * the schema right now, and a mix of before and after (tables but no
	 * application id yet) would look like someone else's database. */
	if (sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(st, err);
	int64_t app = pragma_int(st, "PRAGMA application_id", err);
	int64_t ver = app < 0 ? -1 : pragma_int(st, "PRAGMA user_version", err);
	int64_t n = ver < 0 ? -1 : pragma_int(st, "SELECT count(*) FROM sqlite_schema", err);
	sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (app < 0 || ver < 0 || n < 0)
		return err ? err->rc : SM_EDB;
	if (app != STORE_APP_ID && (ver != 0 || n != 0))
		return sm_fail(err, SM_EDB, "store '%s' is not a storymaster store", st->path);
	if (ver > (int64_t)SM_ARRAY_LEN(migrations))
		return sm_fail(err, SM_EDB,
			       "store '%s' was written by a newer storymaster (schema %lld, this one knows %zu)",
			       st->path, (long long)ver, SM_ARRAY_LEN(migrations));
	return SM_OK;
}

/* Fault injection for the tests, as SQLite's own harness does it: with
 * STORYMASTER_KILL_AT_COMMIT=N in the environment the process kills itself
 * (SIGKILL, no cleanup) as its Nth commit begins, counted over every
 * transaction of the process, so that a test can place a crash at each
 * write boundary of a scan in turn. */
static long commits_left = -1; /* -1: not read yet; 0: off */

static int kill_at_commit(void *ctx)
{
	(void)ctx;
	if (commits_left > 0 && --commits_left == 0)
		raise(SIGKILL);
	return 0;
}

static void fault_hook(sqlite3 *db)
{
	if (commits_left < 0) {
		const char *v = getenv("STORYMASTER_KILL_AT_COMMIT");
		commits_left = v ? strtol(v, NULL, 10) : 0;
		if (commits_left < 0)
			commits_left = 0;
	}
	if (commits_left > 0)
		sqlite3_commit_hook(db, kill_at_commit, NULL);
}

static int open_store(const char *path, int flags, struct store **out, struct sm_err *err,
		      bool *busy)
{
	*out = NULL;
	struct store *st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	int rc = SM_OK;
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		if (!st->db) {
			rc = sm_fail(err, SM_EDB, "store '%s': cannot open", path);
			goto fail;
		}
		rc = db_fail(st, err);
		goto fail;
	}
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	fault_hook(st->db);
	if ((rc = check_ours(st, err)) != SM_OK)
		goto fail;
	/* WAL is persistent: after the first open this is a read. */
	if (pragma_int(st, "PRAGMA journal_mode = WAL", err) < 0) {
		rc = err ? err->rc : SM_EDB;
		goto fail;
	}
	if (sqlite3_exec(st->db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL", NULL,
			 NULL, NULL) != SQLITE_OK) {
		rc = db_fail(st, err);
		goto fail;
	}
	int64_t ver = pragma_int(st, "PRAGMA user_version", err);
	if (ver < 0) {
		rc = err ? err->rc : SM_EDB;
		goto fail;
	}
	if (ver < (int64_t)SM_ARRAY_LEN(migrations) && (rc = migrate(st, err)) != SM_OK)
		goto fail;
	*out = st;
	return SM_OK;
fail:
	if (busy && st->db) {
		int ec = sqlite3_errcode(st->db) & 0xff;
		*busy = ec == SQLITE_BUSY || ec == SQLITE_LOCKED;
	}
	store_free(st);
	return rc ? rc : SM_EDB;
}

/* Opening a store that other scans are creating or switching to WAL at the
 * same moment can meet a lock the busy handler does not wait on (SQLite
 * returns at once where waiting could deadlock): open again, a few times. */
static int open_retrying(const char *path, int flags, struct store **out, struct sm_err *err)
{
	int rc = SM_EDB;
	for (int attempt = 0; attempt < 8; attempt++) {
		bool busy = false;
		rc = open_store(path, flags, out, err, &busy);
		if (rc == SM_OK || !busy)
			break;
		sqlite3_sleep(25 * (attempt + 1));
	}
	return rc;
}

int store_open(const char *path, struct store **out, struct sm_err *err)
{
	return open_retrying(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, out, err);
}

int store_open_existing(const char *path, struct store **out, struct sm_err *err)
{
	return open_retrying(path, SQLITE_OPEN_READWRITE, out, err);
}

void store_free(struct store *st)
{
	if (!st)
		return;
	for (int i = 0; i < N_Q; i++)
		sqlite3_finalize(st->q[i]);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

struct sqlite3 *store_db(struct store *st)
{
	return st->db;
}

void store_after_fork(void)
{
	sqlite3_randomness(0, NULL);
}

int store_has_run(struct store *st, int64_t id, bool *found, struct sm_err *err)
{
	*found = false;
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM runs WHERE id = ?1", -1, &q, NULL) != SQLITE_OK)
		return sm_fail(err, SM_EDB, "store '%s': %s", st->path, sqlite3_errmsg(st->db));
	sqlite3_bind_int64(q, 1, id);
	int rc = sqlite3_step(q);
	*found = rc == SQLITE_ROW;
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sm_fail(err, SM_EDB, "store '%s': %s", st->path, sqlite3_errmsg(st->db));
	return SM_OK;
}

const char *store_path(const struct store *st)
{
	return st->path;
}

/* ------------------------------------------------------------------------
 * Runs and hashes
 * ---------------------------------------------------------------------- */

/* This machine's name, for telling whose runs these are. */
static void host_name(char *out, size_t cap)
{
	if (gethostname(out, cap) != 0)
		snprintf(out, cap, "?");
	out[cap - 1] = '\0';
}

/* Runs left 'running' by a process that is gone (killed, crashed, the
 * machine rebooted) become 'interrupted', in one statement per run. A run of
 * a live process here, or of another machine, is left alone; a run from
 * before the pid was recorded cannot be running any more. */
static int mark_interrupted(struct store *st, struct sm_err *err)
{
	char host[256];
	host_name(host, sizeof(host));
	sqlite3_stmt *s = NULL, *u = NULL;
	if (sqlite3_prepare_v2(st->db, "SELECT id, pid, host FROM runs WHERE status = 'running'", -1, &s,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db,
			       "UPDATE runs SET status = 'interrupted', ended = "
			       "strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?1 AND status = 'running'",
			       -1, &u, NULL) != SQLITE_OK)
		goto fail;
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		bool no_pid = sqlite3_column_type(s, 1) == SQLITE_NULL;
		pid_t pid = (pid_t)sqlite3_column_int64(s, 1);
		const char *h = (const char *)sqlite3_column_text(s, 2);
		bool dead = no_pid ||
			    (h && !strcmp(h, host) && pid > 0 && kill(pid, 0) != 0 && errno == ESRCH);
		if (!dead)
			continue;
		sqlite3_bind_int64(u, 1, id);
		int ru = sqlite3_step(u);
		sqlite3_reset(u);
		if (ru != SQLITE_DONE)
			goto fail;
	}
	if (r != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(s);
	sqlite3_finalize(u);
	return SM_OK;
fail:;
	int rc = db_fail(st, err);
	sqlite3_finalize(s);
	sqlite3_finalize(u);
	return rc;
}

int store_run_begin(struct store *st, int64_t *run, struct sm_err *err)
{
	int rc = mark_interrupted(st, err);
	if (rc)
		return rc;
	sqlite3_stmt *s = NULL;
	rc = get(st, Q_RUN_BEGIN, &s, err);
	if (rc)
		return rc;
	char host[256];
	host_name(host, sizeof(host));
	sqlite3_bind_text(s, 1, "storymaster " SM_VERSION, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (int64_t)getpid());
	sqlite3_bind_text(s, 3, host, -1, SQLITE_TRANSIENT);
	if ((rc = run_stmt(st, s, err)) != SM_OK)
		return rc;
	*run = sqlite3_last_insert_rowid(st->db);
	return SM_OK;
}

int store_run_end(struct store *st, int64_t run, const char *status, struct sm_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = get(st, Q_RUN_END, &s, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, run);
	sqlite3_bind_text(s, 2, status, -1, SQLITE_STATIC);
	return run_stmt(st, s, err);
}

int store_doc_hash(struct store *st, const char *path, uint64_t *hash, bool *found,
		   struct sm_err *err)
{
	sqlite3_stmt *s = NULL;
	*found = false;
	*hash = 0;
	int rc = get(st, Q_DOC_HASH, &s, err);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(s, 0);
		*hash = h ? strtoull(h, NULL, 16) : 0;
		*found = h != NULL;
	} else if (rc != SQLITE_DONE) {
		rc = db_fail(st, err);
		sqlite3_reset(s);
		return rc;
	}
	sqlite3_reset(s);
	return SM_OK;
}

/* Step a statement returning one integer into *v. */
static int one_int(struct store *st, sqlite3_stmt *s, int64_t *v, struct sm_err *err)
{
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		rc = db_fail(st, err);
		sqlite3_reset(s);
		return rc;
	}
	*v = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return SM_OK;
}

int store_doc_count(struct store *st, int64_t *n, struct sm_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = get(st, Q_DOC_COUNT, &s, err);
	return rc ? rc : one_int(st, s, n, err);
}

int store_doc_paths(struct store *st, char ***out, size_t *n, struct sm_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(st->db, "SELECT path FROM documents ORDER BY path", -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, err);
	size_t cap = 0;
	int r;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		SM_GROW(*out, cap, *n + 1);
		(*out)[(*n)++] = xstrdup((const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	if (r != SQLITE_DONE) {
		for (size_t i = 0; i < *n; i++)
			free((*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
		return db_fail(st, err);
	}
	return SM_OK;
}

int store_doc_findings_at(struct store *st, const char *path, enum sm_sev sev, int64_t *n,
			  struct sm_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = get(st, Q_DOC_FINDINGS_AT, &s, err);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, (int)sev);
	return one_int(st, s, n, err);
}

/* ------------------------------------------------------------------------
 * Fingerprints
 * ---------------------------------------------------------------------- */

/* Hash s[0..n) lowercased (ASCII) with white space runs as one space;
 * *space carries "a space is pending" across calls. */
static uint64_t hash_norm(uint64_t h, const char *s, size_t n, bool *space)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			*space = true;
			continue;
		}
		if (*space) {
			h = sm_hash(h, " ", 1);
			*space = false;
		}
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = sm_hash(h, &c, 1);
	}
	return h;
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

#define FP_CONTEXT_WORDS 3

void store_fingerprint(const struct sm_doc *doc, const struct sm_finding *x, char out[17])
{
	static const char sep = '\x1f';
	uint64_t h = sm_hash(SM_HASH_INIT, x->rule, strlen(x->rule));
	bool space = false;
	h = sm_hash(h, &sep, 1);
	uint32_t off = x->off, end = x->off + x->len;
	if (end > doc->len)
		end = doc->len;
	if (off > end)
		off = end;
	h = hash_norm(h, doc->text + off, end - off, &space);
	/* Context: a few words either side, inside the same block only, so
	 * what happens in other paragraphs never changes the fingerprint. */
	uint32_t bs = 0, be = doc->len;
	if (x->block < doc->n_blocks) {
		bs = doc->blocks[x->block].off;
		be = bs + doc->blocks[x->block].len;
	}
	uint32_t a = off < bs ? bs : off;
	for (int w = 0; w < FP_CONTEXT_WORDS && a > bs; w++) {
		while (a > bs && is_ws(doc->text[a - 1]))
			a--;
		while (a > bs && !is_ws(doc->text[a - 1]))
			a--;
	}
	uint32_t b = end > be ? be : end;
	if (b < a)
		b = a;
	uint32_t z = b;
	for (int w = 0; w < FP_CONTEXT_WORDS && z < be; w++) {
		while (z < be && is_ws(doc->text[z]))
			z++;
		while (z < be && !is_ws(doc->text[z]))
			z++;
	}
	space = false;
	h = sm_hash(h, &sep, 1);
	if (off > a)
		h = hash_norm(h, doc->text + a, off - a, &space);
	space = false;
	h = sm_hash(h, &sep, 1);
	if (z > b)
		h = hash_norm(h, doc->text + b, z - b, &space);
	hex64(h, out);
}

/* ------------------------------------------------------------------------
 * Storing one document
 * ---------------------------------------------------------------------- */

/* One finding and its related places, in the located form every output
 * shares (rd_locate); a is scratch for its strings. */
static int put_finding(struct store *st, int64_t run, int64_t doc_id, const struct sm_book *book,
		       const struct sm_doc *d, const struct sm_finding *x, struct arena *a,
		       struct sm_err *err)
{
	struct rd_finding l;
	if (!rd_locate(book, x, a, &l))
		return sm_fail(err, SM_EDB, "store '%s': finding '%s' outside '%s'", st->path,
			       x->rule, d->path);
	sqlite3_stmt *s = NULL;
	int rc = get(st, Q_FI_INSERT, &s, err);
	if (rc)
		return rc;
	char fp[17];
	store_fingerprint(d, x, fp);
	sqlite3_bind_int64(s, 1, run);
	sqlite3_bind_int64(s, 2, doc_id);
	sqlite3_bind_text(s, 3, l.path, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, l.rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, l.category, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, sev_name(l.sev), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, l.paragraph);
	sqlite3_bind_int64(s, 8, l.start);
	sqlite3_bind_int64(s, 9, l.end);
	if (l.line)
		sqlite3_bind_int64(s, 10, l.line);
	else
		sqlite3_bind_null(s, 10);
	sqlite3_bind_int64(s, 11, l.column);
	if (l.chapter >= 0)
		sqlite3_bind_int64(s, 12, l.chapter);
	if (l.scene >= 0)
		sqlite3_bind_int64(s, 13, l.scene);
	bind_str(s, 14, l.message ? l.message : "");
	sqlite3_bind_text(s, 15, l.text, -1, SQLITE_STATIC);
	bind_str(s, 16, l.suggestion);
	sqlite3_bind_text(s, 17, fp, -1, SQLITE_STATIC);
	if ((rc = run_stmt(st, s, err)) != SM_OK)
		return rc;
	int64_t fid = sqlite3_last_insert_rowid(st->db);
	for (size_t i = 0; i < l.n_rel; i++) {
		const struct rd_related *r = &l.rel[i];
		if ((rc = get(st, Q_REL_INSERT, &s, err)) != SM_OK)
			return rc;
		sqlite3_bind_int64(s, 1, fid);
		sqlite3_bind_int64(s, 2, (int64_t)i);
		sqlite3_bind_text(s, 3, r->path, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 4, r->paragraph);
		sqlite3_bind_int64(s, 5, r->start);
		sqlite3_bind_int64(s, 6, r->end);
		sqlite3_bind_text(s, 7, r->text, -1, SQLITE_STATIC);
		if ((rc = run_stmt(st, s, err)) != SM_OK)
			return rc;
	}
	return SM_OK;
}

static int put_structure(struct store *st, int64_t doc_id, const struct sm_doc *d,
			 struct sm_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc;
	for (size_t i = 0; i < d->n_chapters; i++) {
		const struct chapter *c = &d->chapters[i];
		if ((rc = get(st, Q_CH_INSERT, &s, err)) != SM_OK)
			return rc;
		sqlite3_bind_int64(s, 1, doc_id);
		sqlite3_bind_int64(s, 2, c->number);
		if (c->declared_num >= 0)
			sqlite3_bind_int64(s, 3, c->declared_num);
		else
			sqlite3_bind_null(s, 3);
		bind_str(s, 4, c->title ? c->title : "");
		sqlite3_bind_int64(s, 5, c->part);
		sqlite3_bind_int64(s, 6, (int64_t)c->block_first + 1);
		sqlite3_bind_int64(s, 7, (int64_t)c->block_last + 1);
		sqlite3_bind_int64(s, 8, c->n_words);
		if ((rc = run_stmt(st, s, err)) != SM_OK)
			return rc;
	}
	for (size_t i = 0; i < d->n_scenes; i++) {
		const struct scene *c = &d->scenes[i];
		if (c->chapter >= d->n_chapters)
			continue;
		if ((rc = get(st, Q_SC_INSERT, &s, err)) != SM_OK)
			return rc;
		sqlite3_bind_int64(s, 1, doc_id);
		sqlite3_bind_int64(s, 2, d->chapters[c->chapter].number);
		sqlite3_bind_int64(s, 3, c->number);
		sqlite3_bind_int64(s, 4, (int64_t)c->block_first + 1);
		sqlite3_bind_int64(s, 5, (int64_t)c->block_last + 1);
		sqlite3_bind_int64(s, 6, c->n_words);
		if ((rc = run_stmt(st, s, err)) != SM_OK)
			return rc;
	}
	return SM_OK;
}

int store_put_doc(struct store *st, int64_t run, const struct sm_book *book, uint32_t doc,
		  const struct sm_findings *f, struct sm_err *err)
{
	if (doc >= book->n_docs)
		return sm_fail(err, SM_EUSAGE, "store_put_doc: no document %u", doc);
	const struct sm_doc *d = book->docs[doc];
	char hash[17];
	hex64(d->hash, hash);
	int rc = exec_q(st, Q_BEGIN, err);
	if (rc)
		return rc;
	sqlite3_stmt *s = NULL;
	int64_t doc_id = 0;

	if ((rc = get(st, Q_DOC_UPSERT, &s, err)) != SM_OK)
		goto fail;
	sqlite3_bind_text(s, 1, d->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, d->format, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, (int64_t)d->src_size);
	sqlite3_bind_int64(s, 5, d->n_words);
	sqlite3_bind_int64(s, 6, (int64_t)d->n_blocks);
	bind_str(s, 7, d->meta_title);
	bind_str(s, 8, d->meta_author);
	sqlite3_bind_int64(s, 9, run);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = db_fail(st, err);
		sqlite3_reset(s);
		goto fail;
	}
	doc_id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);

	if ((rc = get(st, Q_CH_DELETE, &s, err)) != SM_OK)
		goto fail;
	sqlite3_bind_int64(s, 1, doc_id);
	if ((rc = run_stmt(st, s, err)) != SM_OK)
		goto fail;
	if ((rc = put_structure(st, doc_id, d, err)) != SM_OK)
		goto fail;

	if ((rc = get(st, Q_VER_PUT, &s, err)) != SM_OK)
		goto fail;
	sqlite3_bind_int64(s, 1, doc_id);
	sqlite3_bind_int64(s, 2, run);
	sqlite3_bind_text(s, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, d->n_words);
	if ((rc = run_stmt(st, s, err)) != SM_OK)
		goto fail;

	/* Storing the same document twice in one run replaces its findings. */
	if ((rc = get(st, Q_FI_DELETE, &s, err)) != SM_OK)
		goto fail;
	sqlite3_bind_int64(s, 1, doc_id);
	sqlite3_bind_int64(s, 2, run);
	if ((rc = run_stmt(st, s, err)) != SM_OK)
		goto fail;
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; f && i < f->n && rc == SM_OK; i++)
		if (f->v[i].doc == doc)
			rc = put_finding(st, run, doc_id, book, d, &f->v[i], &a, err);
	arena_release(&a);
	if (rc != SM_OK)
		goto fail;
	/* Rows of other analyzers (pacing metrics, ...) commit with the document or not at all. */
	if (st->hook && (rc = st->hook(st, run, book, doc, st->hook_ctx, err)) != SM_OK)
		goto fail;
	if ((rc = exec_q(st, Q_COMMIT, err)) != SM_OK)
		goto fail;
	return SM_OK;
fail:
	/* Keep the first error; the rollback's own outcome does not matter. */
	if (sqlite3_get_autocommit(st->db) == 0)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int store_prune_docs(struct store *st, char *const *paths, size_t n, int64_t *n_removed,
		     struct sm_err *err)
{
	if (n_removed)
		*n_removed = 0;
	/* The current paths go into a temporary table so one DELETE does the rest. */
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE; CREATE TEMP TABLE IF NOT EXISTS keep(path TEXT PRIMARY KEY);"
				 " DELETE FROM temp.keep;", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_stmt *ins = NULL;
	if (sqlite3_prepare_v2(st->db, "INSERT OR IGNORE INTO temp.keep(path) VALUES (?1)", -1, &ins, NULL) !=
	    SQLITE_OK)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_text(ins, 1, paths[i], -1, SQLITE_STATIC);
		int r = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (r != SQLITE_DONE) {
			sqlite3_finalize(ins);
			goto fail;
		}
	}
	sqlite3_finalize(ins);
	if (sqlite3_exec(st->db, "DELETE FROM documents WHERE path NOT IN (SELECT path FROM temp.keep)", NULL,
			 NULL, NULL) != SQLITE_OK)
		goto fail;
	if (n_removed)
		*n_removed = sqlite3_changes(st->db);
	if (sqlite3_exec(st->db, "DELETE FROM temp.keep; COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return SM_OK;
fail:;
	int rc = db_fail(st, err);
	if (sqlite3_get_autocommit(st->db) == 0)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int store_run_set_settings(struct store *st, int64_t run, const char *settings, struct sm_err *err)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(st->db, "UPDATE runs SET settings = ?1 WHERE id = ?2", -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, err);
	sqlite3_bind_text(s, 1, settings, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, run);
	int r = sqlite3_step(s);
	sqlite3_finalize(s);
	return r == SQLITE_DONE ? SM_OK : db_fail(st, err);
}

int store_last_settings(struct store *st, char *out, size_t cap, struct sm_err *err)
{
	out[0] = '\0';
	sqlite3_stmt *s = NULL;
	/* The latest run, whatever its end: a scan killed after it stored
	 * documents but before the book-wide rows (the character registry), or
	 * one that could not store them, leaves nothing to trust, and an empty
	 * answer makes the next scan redo the book. Only a run that ended 'ok'
	 * vouches for the store. */
	if (sqlite3_prepare_v2(st->db, "SELECT settings, ended, status FROM runs ORDER BY id DESC LIMIT 1",
			       -1, &s, NULL) != SQLITE_OK)
		return db_fail(st, err);
	int r = sqlite3_step(s);
	if (r == SQLITE_ROW && sqlite3_column_type(s, 0) == SQLITE_TEXT &&
	    sqlite3_column_type(s, 1) != SQLITE_NULL && sqlite3_column_text(s, 2) &&
	    !strcmp((const char *)sqlite3_column_text(s, 2), "ok"))
		snprintf(out, cap, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return r == SQLITE_ROW || r == SQLITE_DONE ? SM_OK : db_fail(st, err);
}
