/* store_metrics.c: pacing metrics per chapter and scene in the SQLite store
 * (stage 4). The table lives beside store.c's versioned schema and is made
 * with CREATE TABLE IF NOT EXISTS on first write; readers treat a missing
 * table as "no metrics". Histograms and z-scores are stored as short
 * comma-separated lists, which the report parses back. */
#include "store/store_metrics.h"
#include "store/store_int.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS pace_metrics(\n"
	"  path TEXT NOT NULL,\n"
	"  run_id INTEGER NOT NULL,\n"
	"  chapter INTEGER NOT NULL,\n"
	"  scene INTEGER NOT NULL,\n" /* 0 = the chapter's own row */
	"  title TEXT NOT NULL,\n"
	"  words INTEGER NOT NULL, sents INTEGER NOT NULL, paras INTEGER NOT NULL,\n"
	"  dlg_words INTEGER NOT NULL, action INTEGER NOT NULL, percept INTEGER NOT NULL,\n"
	"  pastperf INTEGER NOT NULL, max_dry_words INTEGER NOT NULL,\n"
	"  max_beatless INTEGER NOT NULL,\n"
	"  sent_mean REAL NOT NULL, sent_sd REAL NOT NULL, para_mean REAL NOT NULL,\n"
	"  score REAL NOT NULL, z TEXT NOT NULL, hist TEXT NOT NULL,\n"
	"  surprisal REAL,\n" /* NULL without the language model */
	"  PRIMARY KEY(path, run_id, chapter, scene)) WITHOUT ROWID";

static int db_fail(sqlite3 *db, struct sm_err *err)
{
	return sm_fail(err, SM_EDB, "store: metrics: %s", sqlite3_errmsg(db));
}

int store_metrics_schema(struct store *st, struct sm_err *err)
{
	sqlite3 *db = store_db(st);
	if (sqlite3_exec(db, schema_sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, err);
	return SM_OK;
}

static int put_row(sqlite3 *db, sqlite3_stmt *s, const char *path, int64_t run, int64_t chapter,
		   int64_t scene, const char *title, const struct pace_metrics *m, double score,
		   const double *z, struct sm_err *err)
{
	char zbuf[256], hbuf[256];
	size_t zl = 0, hl = 0;
	zbuf[0] = hbuf[0] = 0;
	for (int c = 0; c < PACE_N_COMP; c++)
		zl += (size_t)snprintf(zbuf + zl, sizeof(zbuf) - zl, "%s%.4f", c ? "," : "",
				       z ? z[c] : 0.0);
	for (int b = 0; b < PACE_HIST_BINS; b++)
		hl += (size_t)snprintf(hbuf + hl, sizeof(hbuf) - hl, "%s%u", b ? "," : "",
				       m->hist[b]);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	int i = 1;
	sqlite3_bind_text(s, i++, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, i++, run);
	sqlite3_bind_int64(s, i++, chapter);
	sqlite3_bind_int64(s, i++, scene);
	sqlite3_bind_text(s, i++, title ? title : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, i++, m->n_words);
	sqlite3_bind_int64(s, i++, m->n_sents);
	sqlite3_bind_int64(s, i++, m->n_paras);
	sqlite3_bind_int64(s, i++, m->n_dlg_words);
	sqlite3_bind_int64(s, i++, m->n_action);
	sqlite3_bind_int64(s, i++, m->n_percept);
	sqlite3_bind_int64(s, i++, m->n_pastperf);
	sqlite3_bind_int64(s, i++, m->max_dry_words);
	sqlite3_bind_int64(s, i++, m->max_beatless);
	sqlite3_bind_double(s, i++, m->sent_mean);
	sqlite3_bind_double(s, i++, m->sent_sd);
	sqlite3_bind_double(s, i++, m->para_mean);
	sqlite3_bind_double(s, i++, score);
	sqlite3_bind_text(s, i++, zbuf, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, i++, hbuf, -1, SQLITE_TRANSIENT);
	if (m->has_surprisal)
		sqlite3_bind_double(s, i++, m->surprisal);
	else
		sqlite3_bind_null(s, i++);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(db, err);
	return SM_OK;
}

int store_put_metrics(struct store *st, int64_t run, const struct sm_book *book, uint32_t doc,
		      const struct pacing *p, struct sm_err *err)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *del = NULL, *ins = NULL;
	const struct sm_doc *d = book->docs[doc];
	int rc = SM_OK;
	if (sqlite3_exec(db, schema_sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, err);
	if (sqlite3_exec(db, "SAVEPOINT pace_metrics", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, err);
	if (sqlite3_prepare_v2(db, "DELETE FROM pace_metrics WHERE path = ?1 AND run_id = ?2", -1,
			       &del, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO pace_metrics VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
			       "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
			       -1, &ins, NULL) != SQLITE_OK) {
		rc = db_fail(db, err);
		goto fail;
	}
	sqlite3_bind_text(del, 1, d->path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(del, 2, run);
	if (sqlite3_step(del) != SQLITE_DONE) {
		rc = db_fail(db, err);
		goto fail;
	}
	for (size_t c = 0; c < p->n_chapters; c++) {
		const struct pace_chapter *pc = &p->chapters[c];
		if (pc->doc != doc)
			continue;
		int64_t chno = d->chapters[pc->chapter].number;
		rc = put_row(db, ins, d->path, run, chno, 0, pc->title, &pc->m, 0, NULL, err);
		for (uint32_t k = 0; !rc && k < pc->n_scene; k++) {
			const struct pace_scene *sc = &p->scenes[pc->scene_first + k];
			rc = put_row(db, ins, d->path, run, chno, d->scenes[sc->scene].number, "", &sc->m,
				     sc->score, sc->z, err);
		}
		if (rc)
			goto fail;
	}
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	if (sqlite3_exec(db, "RELEASE pace_metrics", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, err);
	return SM_OK;
fail:
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	sqlite3_exec(db, "ROLLBACK TO pace_metrics; RELEASE pace_metrics", NULL, NULL, NULL);
	return rc;
}

void pm_rows_init(struct pm_rows *r)
{
	r->v = NULL;
	r->n = r->cap = 0;
	arena_init(&r->arena);
}

void pm_rows_release(struct pm_rows *r)
{
	free(r->v);
	arena_release(&r->arena);
	pm_rows_init(r);
}

/* A number read back from the store, made safe to compute and draw with: the
 * store may be damaged or hand-edited, so NaN is 0 and a magnitude beyond
 * 1e6 (no metric we write comes near) is cut there. */
static double sane(double v)
{
	return isnan(v) ? 0 : v > 1e6 ? 1e6 : v < -1e6 ? -1e6 : v;
}

/* Parse up to n comma-separated numbers of s into v (missing ones are 0). */
static void parse_list(const char *s, double *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *end;
		v[i] = s && *s ? sane(strtod(s, &end)) : 0;
		if (!s || !*s)
			continue;
		s = end;
		if (*s == ',')
			s++;
	}
}

int store_get_metrics(struct store *st, const char *path, int64_t run, struct pm_rows *r,
		      struct sm_err *err)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(
		db,
		"SELECT chapter, scene, title, words, sents, paras, dlg_words, action, percept, "
		"pastperf, max_dry_words, max_beatless, sent_mean, sent_sd, para_mean, score, z, "
		"hist, surprisal FROM pace_metrics WHERE path = ?1 AND run_id = ?2 "
		"ORDER BY chapter, scene",
		-1, &s, NULL);
	if (rc != SQLITE_OK) {
		/* no table yet: no metrics were ever stored */
		if (strstr(sqlite3_errmsg(db), "no such table"))
			return SM_OK;
		return db_fail(db, err);
	}
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, run);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		SM_GROW(r->v, r->cap, r->n + 1);
		struct pm_row *x = &r->v[r->n++];
		memset(x, 0, sizeof(*x));
		int i = 0;
		x->chapter = sqlite3_column_int64(s, i++);
		x->scene = sqlite3_column_int64(s, i++);
		const char *t = (const char *)sqlite3_column_text(s, i++);
		x->title = arena_strdup(&r->arena, t ? t : "");
		x->words = sqlite3_column_int64(s, i++);
		x->sents = sqlite3_column_int64(s, i++);
		x->paras = sqlite3_column_int64(s, i++);
		x->dlg_words = sqlite3_column_int64(s, i++);
		x->action = sqlite3_column_int64(s, i++);
		x->percept = sqlite3_column_int64(s, i++);
		x->pastperf = sqlite3_column_int64(s, i++);
		x->max_dry_words = sqlite3_column_int64(s, i++);
		x->max_beatless = sqlite3_column_int64(s, i++);
		x->sent_mean = sane(sqlite3_column_double(s, i++));
		x->sent_sd = sane(sqlite3_column_double(s, i++));
		x->para_mean = sane(sqlite3_column_double(s, i++));
		x->score = sane(sqlite3_column_double(s, i++));
		parse_list((const char *)sqlite3_column_text(s, i++), x->z, PACE_N_COMP);
		double h[PACE_HIST_BINS];
		parse_list((const char *)sqlite3_column_text(s, i++), h, PACE_HIST_BINS);
		for (int b = 0; b < PACE_HIST_BINS; b++)
			x->hist[b] = (int64_t)h[b];
		x->has_surprisal = sqlite3_column_type(s, i) != SQLITE_NULL;
		x->surprisal = sane(sqlite3_column_double(s, i++));
	}
	if (rc != SQLITE_DONE) {
		rc = db_fail(db, err);
		sqlite3_finalize(s);
		return rc;
	}
	sqlite3_finalize(s);
	return SM_OK;
}
