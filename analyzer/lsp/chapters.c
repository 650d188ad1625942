/* chapters.c: see chapters.h. */
#include "lsp/chapters.h"

#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "segment/segment.h"

struct sm_doc *chapters_get(struct chapters *c, const char *path, const char *format, const char *buf,
			    size_t len, const char **why)
{
	uint64_t h = sm_hash(0, buf, len);
	struct chapter_entry *e = NULL;
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].path, path))
			e = &c->v[i];
	if (e && e->hash == h && e->len == len) {
		e->seen = true;
		*why = e->error;
		return e->doc;
	}
	if (!e) {
		SM_GROW(c->v, c->cap, c->n + 1);
		e = &c->v[c->n++];
		memset(e, 0, sizeof(*e));
		e->path = xstrdup(path);
	}
	/* the old document lives until the sweep, so that no new one takes its
	 * address while the model's scores still name it */
	doc_free(e->old);
	e->old = e->doc;
	free(e->error);
	e->doc = NULL;
	e->error = NULL;
	e->hash = h;
	e->len = len;
	e->seen = true;
	struct sm_err err;
	sm_err_clear(&err);
	struct sm_doc *doc = NULL;
	int rc = ingest_buffer(path, format, buf, len, &doc, &err);
	if (rc == SM_OK)
		rc = seg_document(doc, &err);
	if (rc != SM_OK) {
		doc_free(doc);
		e->error = xstrdup(err.msg);
	} else {
		e->doc = doc;
	}
	*why = e->error;
	return e->doc;
}

void chapters_sweep(struct chapters *c, bool all)
{
	for (size_t i = 0; i < c->n;) {
		struct chapter_entry *e = &c->v[i];
		doc_free(e->old);
		e->old = NULL;
		if (all || !e->seen) {
			doc_free(e->doc);
			free(e->error);
			free(e->path);
			c->v[i] = c->v[--c->n];
		} else {
			e->seen = false;
			i++;
		}
	}
	if (all) {
		free(c->v);
		memset(c, 0, sizeof(*c));
	}
}
