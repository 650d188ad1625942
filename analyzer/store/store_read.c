/* store_read.c: load the store into struct report_data (stage 5), the one
 * input of every report renderer (store_read.h); the report's SQL is here. Drafts: each current
 * finding is matched by fingerprint against the document's earlier version. */
#include "store/store_read.h"
#include "store/store_int.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "checks/registry.h"
#include "store/store.h"
#include "store/store_characters.h"
#include "store/store_metrics.h"

struct loader {
	struct store *st;
	sqlite3 *db;
	struct report_data *rd;
	struct sm_err *err;
	int64_t book;             /* a library's book, 0: every document */
	size_t cap_runs, cap_docs, cap_ch, cap_sc, cap_fi, cap_fx;
	sqlite3_stmt *q_ch, *q_sc, *q_fi, *q_rel, *q_prev;
};

static int fail_db(struct loader *L)
{
	return sm_fail(L->err, SM_EDB, "store '%s': %s", store_path(L->st), sqlite3_errmsg(L->db));
}

static int prep(struct loader *L, const char *sql, sqlite3_stmt **s)
{
	if (sqlite3_prepare_v2(L->db, sql, -1, s, NULL) != SQLITE_OK)
		return fail_db(L);
	return SM_OK;
}

/* Column i as an arena string; NULL stays NULL. */
static const char *col_str(struct loader *L, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	if (!t)
		return NULL;
	return arena_strndup(&L->rd->arena, (const char *)t, (size_t)sqlite3_column_bytes(s, i));
}

static const char *col_str0(struct loader *L, sqlite3_stmt *s, int i)
{
	const char *v = col_str(L, s, i);
	return v ? v : "";
}

static int64_t col_int(sqlite3_stmt *s, int i, int64_t null_value)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return null_value;
	return sqlite3_column_int64(s, i);
}


static int cmp_doc(const void *pa, const void *pb)
{
	const struct rd_document *a = pa, *b = pb;
	int c = sm_natcmp(a->path, b->path);
	return c ? c : strcmp(a->path, b->path);
}

/* ------------------------------------------------------------------------
 * Findings
 * ---------------------------------------------------------------------- */

#define FINDING_COLS                                                                   \
	"SELECT id, run_id, path, rule, category, severity, paragraph, \"start\", \"end\", " \
	"line, \"column\", chapter, scene, message, text, suggestion, fingerprint "       \
	"FROM findings WHERE doc_id = ?1 AND run_id = ?2 "                               \
	"ORDER BY paragraph, \"start\", \"end\", rule, message, id"

static int load_related(struct loader *L, struct rd_finding *x)
{
	sqlite3_reset(L->q_rel);
	sqlite3_bind_int64(L->q_rel, 1, x->id);
	size_t cap = 0;
	struct rd_related *tmp = NULL;
	int rc;
	while ((rc = sqlite3_step(L->q_rel)) == SQLITE_ROW) {
		SM_GROW(tmp, cap, x->n_rel + 1);
		struct rd_related *r = &tmp[x->n_rel++];
		r->path = col_str0(L, L->q_rel, 0);
		r->paragraph = sqlite3_column_int64(L->q_rel, 1);
		r->start = sqlite3_column_int64(L->q_rel, 2);
		r->end = sqlite3_column_int64(L->q_rel, 3);
		r->chapter_paragraph = -1;
		r->text = col_str0(L, L->q_rel, 4);
		r->where = NULL;
	}
	if (x->n_rel) {
		x->rel = arena_alloc(&L->rd->arena, sizeof(*x->rel) * x->n_rel);
		memcpy(x->rel, tmp, sizeof(*x->rel) * x->n_rel);
	}
	free(tmp);
	sqlite3_reset(L->q_rel);
	return rc == SQLITE_DONE ? SM_OK : fail_db(L);
}

/* Append the findings of (doc, run) to *v (n, cap). */
static int load_findings(struct loader *L, size_t doc, int64_t doc_id, int64_t run,
			 struct rd_finding **v, size_t *n, size_t *cap)
{
	sqlite3_stmt *s = L->q_fi;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, doc_id);
	sqlite3_bind_int64(s, 2, run);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		SM_GROW(*v, *cap, *n + 1);
		struct rd_finding *x = &(*v)[(*n)++];
		memset(x, 0, sizeof(*x));
		x->id = sqlite3_column_int64(s, 0);
		x->run_id = sqlite3_column_int64(s, 1);
		x->doc = doc;
		x->path = col_str0(L, s, 2);
		x->rule = col_str0(L, s, 3);
		x->category = col_str0(L, s, 4);
		const char *sev = (const char *)sqlite3_column_text(s, 5);
		int lv = sev ? sev_parse(sev) : -1;
		x->sev = lv < 0 ? SM_SEV_INFO : (enum sm_sev)lv;
		x->paragraph = sqlite3_column_int64(s, 6);
		x->chapter_paragraph = -1;
		x->start = sqlite3_column_int64(s, 7);
		x->end = sqlite3_column_int64(s, 8);
		x->line = col_int(s, 9, 0);
		x->column = sqlite3_column_int64(s, 10);
		x->chapter = col_int(s, 11, -1);
		x->scene = col_int(s, 12, -1);
		x->message = col_str0(L, s, 13);
		x->text = col_str0(L, s, 14);
		x->suggestion = col_str(L, s, 15);
		x->fingerprint = col_str0(L, s, 16);
		x->change = RD_UNCOMPARED;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return fail_db(L);
	return SM_OK;
}

/* qsort has no context argument in C11: sort (fingerprint, index) pairs. */
struct fp_ref {
	const char *fp;
	size_t i;
	bool used;
};

static int cmp_fp(const void *pa, const void *pb)
{
	const struct fp_ref *a = pa, *b = pb;
	int c = strcmp(a->fp, b->fp);
	if (c)
		return c;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Mark d's current findings new or persisting against the version of run
 * prev; the earlier findings left unmatched go to rd->fixed. */
static int compare_version(struct loader *L, struct rd_document *d, size_t di, int64_t prev)
{
	struct report_data *rd = L->rd;
	struct rd_finding *old = NULL;
	size_t n_old = 0, cap_old = 0;
	int rc = load_findings(L, di, d->id, prev, &old, &n_old, &cap_old);
	if (rc) {
		free(old);
		return rc;
	}
	struct fp_ref *refs = n_old ? xmalloc(sizeof(*refs) * n_old) : NULL;
	for (size_t i = 0; i < n_old; i++)
		refs[i] = (struct fp_ref){ old[i].fingerprint, i, false };
	if (n_old > 1)
		qsort(refs, n_old, sizeof(*refs), cmp_fp);
	for (size_t k = 0; k < d->n_findings; k++) {
		struct rd_finding *x = &rd->findings[d->finding_first + k];
		/* lower bound of x's fingerprint, then the first unused match */
		size_t lo = 0, hi = n_old;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (strcmp(refs[mid].fp, x->fingerprint) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		x->change = RD_NEW;
		for (size_t j = lo; j < n_old && !strcmp(refs[j].fp, x->fingerprint); j++) {
			if (!refs[j].used) {
				refs[j].used = true;
				x->change = RD_PERSISTING;
				break;
			}
		}
		if (x->change == RD_NEW)
			rd->n_new++;
		else
			rd->n_persisting++;
	}
	d->fixed_first = rd->n_fixed;
	/* Fixed findings keep the earlier version's order (refs are by fingerprint). */
	bool *gone = n_old ? xcalloc(n_old, sizeof(*gone)) : NULL;
	for (size_t j = 0; j < n_old; j++)
		gone[refs[j].i] = !refs[j].used;
	for (size_t i = 0; i < n_old; i++) {
		if (!gone[i])
			continue;
		SM_GROW(rd->fixed, L->cap_fx, rd->n_fixed + 1);
		old[i].change = RD_FIXED;
		rd->fixed[rd->n_fixed++] = old[i];
		d->n_fixed++;
	}
	free(gone);
	free(refs);
	free(old);
	/* Related places of fixed findings are not loaded: the report shows them
	 * by their own text and location only. */
	return SM_OK;
}

/* ------------------------------------------------------------------------
 * Documents
 * ---------------------------------------------------------------------- */

static int load_structure(struct loader *L, struct rd_document *d)
{
	struct report_data *rd = L->rd;
	int rc;
	d->chapter_first = rd->n_chapters;
	sqlite3_reset(L->q_ch);
	sqlite3_bind_int64(L->q_ch, 1, d->id);
	while ((rc = sqlite3_step(L->q_ch)) == SQLITE_ROW) {
		SM_GROW(rd->chapters, L->cap_ch, rd->n_chapters + 1);
		struct rd_chapter *c = &rd->chapters[rd->n_chapters++];
		memset(c, 0, sizeof(*c));
		c->number = sqlite3_column_int64(L->q_ch, 0);
		c->declared_num = col_int(L->q_ch, 1, -1);
		c->title = col_str0(L, L->q_ch, 2);
		c->part = sqlite3_column_int64(L->q_ch, 3);
		c->first_paragraph = sqlite3_column_int64(L->q_ch, 4);
		c->last_paragraph = sqlite3_column_int64(L->q_ch, 5);
		c->words = sqlite3_column_int64(L->q_ch, 6);
		d->n_chapters++;
		if (c->number > 0) {
			d->n_story++;
			rd->n_story++;
		}
	}
	sqlite3_reset(L->q_ch);
	if (rc != SQLITE_DONE)
		return fail_db(L);

	sqlite3_reset(L->q_sc);
	sqlite3_bind_int64(L->q_sc, 1, d->id);
	size_t k = 0; /* the chapter the scenes have reached */
	while ((rc = sqlite3_step(L->q_sc)) == SQLITE_ROW) {
		SM_GROW(rd->scenes, L->cap_sc, rd->n_scenes + 1);
		struct rd_scene *s = &rd->scenes[rd->n_scenes];
		s->chapter = sqlite3_column_int64(L->q_sc, 0);
		s->number = sqlite3_column_int64(L->q_sc, 1);
		s->first_paragraph = sqlite3_column_int64(L->q_sc, 2);
		s->last_paragraph = sqlite3_column_int64(L->q_sc, 3);
		s->words = sqlite3_column_int64(L->q_sc, 4);
		/* Scenes come ordered by chapter and chapters by number: attach
		 * each to its chapter in one pass over both. */
		while (k < d->n_chapters && rd->chapters[d->chapter_first + k].number < s->chapter)
			k++;
		if (k < d->n_chapters && rd->chapters[d->chapter_first + k].number == s->chapter) {
			struct rd_chapter *c = &rd->chapters[d->chapter_first + k];
			if (!c->n_scenes)
				c->scene_first = rd->n_scenes;
			c->n_scenes++;
		}
		rd->n_scenes++;
	}
	sqlite3_reset(L->q_sc);
	return rc == SQLITE_DONE ? SM_OK : fail_db(L);
}


/* The run of the version to compare d with, or 0. */
static int prev_version(struct loader *L, const struct rd_document *d, int64_t *prev)
{
	*prev = 0;
	sqlite3_reset(L->q_prev);
	sqlite3_bind_int64(L->q_prev, 1, d->id);
	int64_t limit = L->rd->since_run > 0 ? L->rd->since_run : d->run_id - 1;
	sqlite3_bind_int64(L->q_prev, 2, limit);
	int rc = sqlite3_step(L->q_prev);
	if (rc == SQLITE_ROW)
		*prev = col_int(L->q_prev, 0, 0);
	sqlite3_reset(L->q_prev);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_db(L);
	return SM_OK;
}

/* The character registry of the book the current documents make (by
 * store_book_key), else the most recently stored one; none when no scan
 * stored a registry. Never creates the tables: a reader leaves the store as
 * it is. */
static int load_characters(struct loader *L)
{
	struct report_data *rd = L->rd;
	sqlite3_stmt *s = NULL;
	int rc = prep(L, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'characters'",
		      &s);
	if (rc)
		return rc;
	bool have = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	if (!have || !rd->n_docs)
		return SM_OK;
	const char **paths = xcalloc(rd->n_docs, sizeof(*paths));
	for (size_t i = 0; i < rd->n_docs; i++)
		paths[i] = rd->docs[i].path;
	char *key = store_book_key(paths, rd->n_docs);
	free(paths);
	/* a library's book has its own registry or none, never another book's */
	if ((rc = prep(L, L->book ? "SELECT book FROM characters WHERE book = ?1 LIMIT 1" :
			  "SELECT book, 0 AS k FROM (SELECT book FROM characters WHERE book = ?1 "
			  "LIMIT 1) UNION ALL SELECT book, 1 FROM (SELECT book FROM characters "
			  "ORDER BY id DESC LIMIT 1) ORDER BY k LIMIT 1",
		       &s))) {
		free(key);
		return rc;
	}
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		rd->chars_book = col_str(L, s, 0);
	sqlite3_finalize(s);
	free(key);
	if (!rd->chars_book)
		return SM_OK;
	rc = store_get_characters(L->st, rd->chars_book, &rd->chars, L->err);
	if (rc == SM_OK && !rd->chars->n_chars) {
		cons_registry_free(rd->chars);
		rd->chars = NULL;
		rd->chars_book = NULL;
	}
	return rc;
}

static int load_all(struct loader *L)
{
	struct report_data *rd = L->rd;
	sqlite3_stmt *s = NULL;
	int rc = prep(L, "SELECT id, started, ended, tool_version, status, n_documents "
			 "FROM runs WHERE ?1 = 0 OR book_id = ?1 ORDER BY id", &s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, L->book);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		SM_GROW(rd->runs, L->cap_runs, rd->n_runs + 1);
		struct rd_run *r = &rd->runs[rd->n_runs++];
		r->id = sqlite3_column_int64(s, 0);
		r->started = col_str0(L, s, 1);
		r->ended = col_str(L, s, 2);
		r->tool_version = col_str0(L, s, 3);
		r->status = col_str0(L, s, 4);
		r->n_documents = sqlite3_column_int64(s, 5);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return fail_db(L);

	if ((rc = prep(L, "SELECT id, path, format, hash, size, words, n_blocks, title, author, "
			  "run_id, scanned_at FROM documents WHERE ?1 = 0 OR book_id = ?1", &s)))
		return rc;
	sqlite3_bind_int64(s, 1, L->book);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		SM_GROW(rd->docs, L->cap_docs, rd->n_docs + 1);
		struct rd_document *d = &rd->docs[rd->n_docs++];
		memset(d, 0, sizeof(*d));
		d->id = sqlite3_column_int64(s, 0);
		d->path = col_str0(L, s, 1);
		d->format = col_str0(L, s, 2);
		d->hash = col_str0(L, s, 3);
		d->size = sqlite3_column_int64(s, 4);
		d->words = sqlite3_column_int64(s, 5);
		d->n_blocks = sqlite3_column_int64(s, 6);
		d->title = col_str(L, s, 7);
		d->author = col_str(L, s, 8);
		d->run_id = sqlite3_column_int64(s, 9);
		d->scanned_at = col_str0(L, s, 10);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return fail_db(L);
	if (rd->n_docs > 1)
		qsort(rd->docs, rd->n_docs, sizeof(*rd->docs), cmp_doc);

	if ((rc = prep(L, "SELECT number, declared_num, title, part, first_paragraph, "
			  "last_paragraph, words FROM chapters WHERE doc_id = ?1 ORDER BY number",
		       &L->q_ch)) ||
	    (rc = prep(L, "SELECT chapter, number, first_paragraph, last_paragraph, words "
			  "FROM scenes WHERE doc_id = ?1 ORDER BY chapter, number", &L->q_sc)) ||
	    (rc = prep(L, FINDING_COLS, &L->q_fi)) ||
	    (rc = prep(L, "SELECT path, paragraph, \"start\", \"end\", text FROM related "
			  "WHERE finding_id = ?1 ORDER BY seq", &L->q_rel)) ||
	    /* a version stored by a scan that never finished (killed:
	     * 'interrupted', or still 'running') is no draft the writer saw */
	    (rc = prep(L, "SELECT max(v.run_id) FROM doc_versions v JOIN runs r ON r.id = v.run_id "
			  "WHERE v.doc_id = ?1 AND v.run_id <= ?2 AND r.status NOT IN ('running', 'interrupted')",
		       &L->q_prev)))
		return rc;

	rd->metrics = xcalloc(rd->n_docs ? rd->n_docs : 1, sizeof(*rd->metrics));
	for (size_t i = 0; i < rd->n_docs; i++)
		pm_rows_init(&rd->metrics[i]);
	for (size_t i = 0; i < rd->n_docs; i++) {
		struct rd_document *d = &rd->docs[i];
		rd->words += d->words;
		if ((rc = load_structure(L, d)))
			return rc;
		if ((rc = store_get_metrics(L->st, d->path, d->run_id, &rd->metrics[i], L->err)))
			return rc;
		d->finding_first = rd->n_findings;
		if ((rc = load_findings(L, i, d->id, d->run_id, &rd->findings, &rd->n_findings,
					&L->cap_fi)))
			return rc;
		d->n_findings = rd->n_findings - d->finding_first;
		for (size_t k = 0; k < d->n_findings; k++) {
			struct rd_finding *x = &rd->findings[d->finding_first + k];
			if ((rc = load_related(L, x)))
				return rc;
		}
		int64_t prev;
		if ((rc = prev_version(L, d, &prev)))
			return rc;
		if (prev > 0) {
			d->prev_run = prev;
			rd->compared = true;
			if ((rc = compare_version(L, d, i, prev)))
				return rc;
		}
	}
	report_data_count(rd);
	return load_characters(L);
}

int report_data_load(struct store *st, int64_t book, int64_t since_run, struct report_data *rd,
		     struct sm_err *err)
{
	memset(rd, 0, sizeof(*rd));
	arena_init(&rd->arena);
	rd->since_run = since_run;
	struct loader L = { .st = st, .db = store_db(st), .rd = rd, .err = err, .book = book };
	/* One read transaction: a scan running meanwhile cannot mix versions. */
	int rc = SM_OK;
	if (sqlite3_exec(L.db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		rc = fail_db(&L);
		goto done;
	}
	rc = load_all(&L);
	sqlite3_exec(L.db, "COMMIT", NULL, NULL, NULL);
done:
	sqlite3_finalize(L.q_ch);
	sqlite3_finalize(L.q_sc);
	sqlite3_finalize(L.q_fi);
	sqlite3_finalize(L.q_rel);
	sqlite3_finalize(L.q_prev);
	if (rc != SM_OK)
		report_data_release(rd);
	return rc;
}

void report_data_release(struct report_data *rd)
{
	free(rd->runs);
	free(rd->docs);
	free(rd->chapters);
	free(rd->scenes);
	free(rd->findings);
	free(rd->fixed);
	free(rd->cats);
	cons_registry_free(rd->chars);
	for (size_t i = 0; rd->metrics && i < rd->n_docs; i++)
		pm_rows_release(&rd->metrics[i]);
	free(rd->metrics);
	arena_release(&rd->arena);
	memset(rd, 0, sizeof(*rd));
	arena_init(&rd->arena);
}

const struct pm_row *report_data_metrics(const struct report_data *rd, size_t doc,
					 int64_t chapter, int64_t scene)
{
	if (!rd->metrics || doc >= rd->n_docs)
		return NULL;
	const struct pm_rows *r = &rd->metrics[doc];
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].chapter == chapter && r->v[i].scene == scene)
			return &r->v[i];
	return NULL;
}

const struct rd_run *report_data_run(const struct report_data *rd, int64_t id)
{
	for (size_t i = 0; i < rd->n_runs; i++)
		if (rd->runs[i].id == id)
			return &rd->runs[i];
	return NULL;
}
