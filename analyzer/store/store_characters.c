/* store_characters.c: writes and reads the character registry and the fact
 * ledger (checks/consistency.h) in the SQLite store (stage 4). */
#include "store/store_characters.h"
#include "store/store_int.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS characters ("
	" id INTEGER PRIMARY KEY, book TEXT NOT NULL, rank INTEGER NOT NULL,"
	" name TEXT NOT NULL, gender TEXT NOT NULL, n_mentions INTEGER NOT NULL,"
	" first_path TEXT, first_chapter INTEGER);"
	"CREATE INDEX IF NOT EXISTS characters_book ON characters(book);"
	"CREATE TABLE IF NOT EXISTS character_aliases ("
	" character_id INTEGER NOT NULL REFERENCES characters(id) ON DELETE CASCADE,"
	" alias TEXT NOT NULL, n INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS character_mentions ("
	" character_id INTEGER NOT NULL REFERENCES characters(id) ON DELETE CASCADE,"
	" chapter INTEGER NOT NULL, n INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS character_facts ("
	" character_id INTEGER NOT NULL REFERENCES characters(id) ON DELETE CASCADE,"
	" attr TEXT NOT NULL, value TEXT NOT NULL, num INTEGER NOT NULL,"
	" path TEXT, off INTEGER, chapter INTEGER);";

static int db_fail(struct sqlite3 *db, struct sm_err *err, const char *what)
{
	return sm_fail(err, SM_EDB, "cannot %s characters: %s", what, sqlite3_errmsg(db));
}

static int ensure_schema(struct sqlite3 *db, struct sm_err *err);

int store_characters_schema(struct store *st, struct sm_err *err)
{
	return ensure_schema(store_db(st), err);
}

static int ensure_schema(struct sqlite3 *db, struct sm_err *err)
{
	if (sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, err, "create the tables for");
	return SM_OK;
}

int store_put_characters(struct store *st, const char *bookname, const struct sm_book *book,
			 const struct cons_registry *reg, struct sm_err *err)
{
	struct sqlite3 *db = store_db(st);
	sqlite3_stmt *del = NULL, *ch = NULL, *al = NULL, *me = NULL, *fa = NULL;
	int rc = ensure_schema(db, err);
	if (rc != SM_OK)
		return rc;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, err, "store");
	if (sqlite3_prepare_v2(db, "DELETE FROM characters WHERE book = ?1", -1, &del, NULL) ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO characters(book, rank, name, gender, n_mentions, first_path,"
			       " first_chapter) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			       -1, &ch, NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO character_aliases VALUES (?1, ?2, ?3)", -1, &al,
			       NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO character_mentions VALUES (?1, ?2, ?3)", -1, &me,
			       NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO character_facts VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			       -1, &fa, NULL))
		goto fail;
	sqlite3_bind_text(del, 1, bookname, -1, SQLITE_STATIC);
	if (sqlite3_step(del) != SQLITE_DONE)
		goto fail;
	int64_t *ids = xcalloc(reg->n_chars + 1, sizeof(int64_t));
	for (size_t c = 0; c < reg->n_chars; c++) {
		const struct cons_character *x = &reg->chars[c];
		sqlite3_reset(ch);
		sqlite3_bind_text(ch, 1, bookname, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ch, 2, (int64_t)c + 1);
		sqlite3_bind_text(ch, 3, x->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(ch, 4, cons_gender_name(x->gender), -1, SQLITE_STATIC);
		sqlite3_bind_int64(ch, 5, x->n_mentions);
		if (book && x->first.doc < book->n_docs)
			sqlite3_bind_text(ch, 6, book->docs[x->first.doc]->path, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(ch, 6);
		sqlite3_bind_int64(ch, 7, x->first.chapter);
		if (sqlite3_step(ch) != SQLITE_DONE) {
			free(ids);
			goto fail;
		}
		ids[c] = sqlite3_last_insert_rowid(db);
		for (uint32_t a = 0; a < x->n_aliases; a++) {
			sqlite3_reset(al);
			sqlite3_bind_int64(al, 1, ids[c]);
			sqlite3_bind_text(al, 2, x->aliases[a].text, -1, SQLITE_STATIC);
			sqlite3_bind_int64(al, 3, x->aliases[a].n);
			if (sqlite3_step(al) != SQLITE_DONE) {
				free(ids);
				goto fail;
			}
		}
		for (uint32_t q = 0; q < x->n_chapters; q++) {
			sqlite3_reset(me);
			sqlite3_bind_int64(me, 1, ids[c]);
			sqlite3_bind_int64(me, 2, x->chapters[q]);
			sqlite3_bind_int64(me, 3, x->chapter_counts[q]);
			if (sqlite3_step(me) != SQLITE_DONE) {
				free(ids);
				goto fail;
			}
		}
	}
	for (size_t i = 0; i < reg->n_facts; i++) {
		const struct cons_fact *f = &reg->facts[i];
		sqlite3_reset(fa);
		sqlite3_bind_int64(fa, 1, ids[f->character]);
		sqlite3_bind_text(fa, 2, cons_attr_name(f->attr), -1, SQLITE_STATIC);
		sqlite3_bind_text(fa, 3, f->value, -1, SQLITE_STATIC);
		sqlite3_bind_int64(fa, 4, f->num);
		if (book && f->at.doc < book->n_docs)
			sqlite3_bind_text(fa, 5, book->docs[f->at.doc]->path, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(fa, 5);
		sqlite3_bind_int64(fa, 6, f->at.off);
		sqlite3_bind_int64(fa, 7, f->at.chapter);
		if (sqlite3_step(fa) != SQLITE_DONE) {
			free(ids);
			goto fail;
		}
	}
	free(ids);
	sqlite3_finalize(del);
	sqlite3_finalize(ch);
	sqlite3_finalize(al);
	sqlite3_finalize(me);
	sqlite3_finalize(fa);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_fail(db, err, "store");
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return SM_OK;
fail:
	rc = db_fail(db, err, "store");
	sqlite3_finalize(del);
	sqlite3_finalize(ch);
	sqlite3_finalize(al);
	sqlite3_finalize(me);
	sqlite3_finalize(fa);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static const char *col_text(struct cons_registry *reg, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return arena_strdup(&reg->arena, t ? (const char *)t : "");
}

int store_get_characters(struct store *st, const char *bookname, struct cons_registry **out,
			 struct sm_err *err)
{
	struct sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;
	*out = NULL;
	int rc = ensure_schema(db, err);
	if (rc != SM_OK)
		return rc;
	struct cons_registry *reg = xcalloc(1, sizeof(*reg));
	arena_init(&reg->arena);
	char *book = NULL;
	if (bookname) {
		book = xstrdup(bookname);
	} else {
		if (sqlite3_prepare_v2(db, "SELECT book FROM characters ORDER BY id DESC LIMIT 1", -1,
				       &s, NULL) != SQLITE_OK)
			goto fail;
		if (sqlite3_step(s) == SQLITE_ROW)
			book = xstrdup((const char *)sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
		s = NULL;
		if (!book) {
			*out = reg;
			return SM_OK;
		}
	}
	/* characters */
	if (sqlite3_prepare_v2(db,
			       "SELECT id, name, gender, n_mentions, first_chapter FROM characters"
			       " WHERE book = ?1 ORDER BY rank",
			       -1, &s, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(s, 1, book, -1, SQLITE_STATIC);
	size_t cap = 0;
	int64_t *ids = NULL;
	size_t cap_ids = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		SM_GROW(reg->chars, cap, reg->n_chars + 1);
		SM_GROW(ids, cap_ids, reg->n_chars + 1);
		struct cons_character *c = &reg->chars[reg->n_chars];
		memset(c, 0, sizeof(*c));
		ids[reg->n_chars] = sqlite3_column_int64(s, 0);
		c->name = col_text(reg, s, 1);
		const char *g = (const char *)sqlite3_column_text(s, 2);
		c->gender = g && !strcmp(g, "male") ? CONS_G_MALE :
			    g && !strcmp(g, "female") ? CONS_G_FEMALE : CONS_G_UNKNOWN;
		c->n_mentions = (uint32_t)sqlite3_column_int64(s, 3);
		c->first.doc = UINT32_MAX;
		c->first.chapter = (uint32_t)sqlite3_column_int64(s, 4);
		reg->n_chars++;
	}
	sqlite3_finalize(s);
	s = NULL;
	/* aliases, chapters and facts per character */
	for (size_t i = 0; i < reg->n_chars; i++) {
		struct cons_character *c = &reg->chars[i];
		for (int pass = 0; pass < 2; pass++) {
			const char *sql = pass == 0 ?
				"SELECT alias, n FROM character_aliases WHERE character_id = ?1 ORDER BY n DESC, alias" :
				"SELECT chapter, n FROM character_mentions WHERE character_id = ?1 ORDER BY chapter";
			if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
				free(ids);
				goto fail;
			}
			sqlite3_bind_int64(s, 1, ids[i]);
			size_t n = 0, capn = 0;
			struct cons_alias *al = NULL;
			uint32_t *chs = NULL, *cnt = NULL;
			size_t cap1 = 0, cap2 = 0;
			while (sqlite3_step(s) == SQLITE_ROW) {
				if (pass == 0) {
					SM_GROW(al, capn, n + 1);
					al[n].text = col_text(reg, s, 0);
					al[n].n = (uint32_t)sqlite3_column_int64(s, 1);
				} else {
					SM_GROW(chs, cap1, n + 1);
					SM_GROW(cnt, cap2, n + 1);
					chs[n] = (uint32_t)sqlite3_column_int64(s, 0);
					cnt[n] = (uint32_t)sqlite3_column_int64(s, 1);
				}
				n++;
			}
			sqlite3_finalize(s);
			s = NULL;
			if (pass == 0) {
				c->aliases = arena_alloc(&reg->arena, sizeof(*al) * (n + 1));
				if (n)
					memcpy(c->aliases, al, sizeof(*al) * n);
				c->n_aliases = (uint32_t)n;
				free(al);
			} else {
				c->chapters = arena_alloc(&reg->arena, sizeof(uint32_t) * (n + 1));
				c->chapter_counts = arena_alloc(&reg->arena, sizeof(uint32_t) * (n + 1));
				if (n) {
					memcpy(c->chapters, chs, sizeof(uint32_t) * n);
					memcpy(c->chapter_counts, cnt, sizeof(uint32_t) * n);
				}
				c->n_chapters = (uint32_t)n;
				free(chs);
				free(cnt);
			}
		}
		if (sqlite3_prepare_v2(db,
				       "SELECT attr, value, num, off, chapter FROM character_facts"
				       " WHERE character_id = ?1 ORDER BY chapter, off",
				       -1, &s, NULL) != SQLITE_OK) {
			free(ids);
			goto fail;
		}
		sqlite3_bind_int64(s, 1, ids[i]);
		size_t capf = reg->n_facts;
		while (sqlite3_step(s) == SQLITE_ROW) {
			SM_GROW(reg->facts, capf, reg->n_facts + 1);
			struct cons_fact *f = &reg->facts[reg->n_facts++];
			memset(f, 0, sizeof(*f));
			f->character = (uint32_t)i;
			const char *a = (const char *)sqlite3_column_text(s, 0);
			f->attr = a && !strcmp(a, "hair") ? CONS_ATTR_HAIR :
				  a && !strcmp(a, "age") ? CONS_ATTR_AGE : CONS_ATTR_EYES;
			f->value = col_text(reg, s, 1);
			f->num = (int)sqlite3_column_int64(s, 2);
			f->at.doc = UINT32_MAX;
			f->at.off = (uint32_t)sqlite3_column_int64(s, 3);
			f->at.chapter = (uint32_t)sqlite3_column_int64(s, 4);
		}
		sqlite3_finalize(s);
		s = NULL;
	}
	free(ids);
	free(book);
	*out = reg;
	return SM_OK;
fail:
	rc = db_fail(db, err, "read");
	sqlite3_finalize(s);
	free(book);
	cons_registry_free(reg);
	return rc;
}

/* ------------------------------------------------------------------------
 * Book names
 * ---------------------------------------------------------------------- */

char *store_book_key(const char *const *paths, size_t n)
{
	if (n == 0)
		return xstrdup(".");
	if (n == 1)
		return xstrdup(paths[0]);
	size_t common = strlen(paths[0]);
	for (size_t i = 1; i < n; i++) {
		size_t k = 0;
		while (k < common && paths[i][k] && paths[i][k] == paths[0][k])
			k++;
		common = k;
	}
	/* back to the last '/' inside the common prefix: a whole directory */
	size_t slash = common;
	while (slash > 0 && paths[0][slash - 1] != '/')
		slash--;
	if (slash == 0)
		return xstrdup(".");
	if (slash == 1)
		return xstrdup("/");
	return xstrndup(paths[0], slash - 1);
}

bool store_book_has(const char *book, const char *path)
{
	if (!strcmp(book, path))
		return true;
	if (!strcmp(book, "."))
		return path[0] != '/';
	if (!strcmp(book, "/"))
		return path[0] == '/';
	size_t n = strlen(book);
	return !strncmp(path, book, n) && path[n] == '/';
}
