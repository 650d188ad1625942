/* diagnostics.c: see diagnostics.h. */
#include "lsp/diagnostics.h"

#include <stdlib.h>
#include <string.h>

#include "checks/catalog.h"

/* The UTF-16 column of the code-point column col (1-based) on source line
 * line (1-based) of doc; 0-based, as LSP counts. */
static int utf16_col(const struct sm_doc *doc, uint32_t line, uint32_t col)
{
	if (!doc->src || !line || line > doc->n_lines)
		return col ? (int)col - 1 : 0;
	const unsigned char *p = (const unsigned char *)doc->src + doc->line_starts[line - 1];
	const unsigned char *end = (const unsigned char *)doc->src + doc->src_len;
	int units = 0;
	for (uint32_t k = 1; k < col && p < end && *p != '\n'; k++) {
		int w = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
		units += w == 4 ? 2 : 1;
		p += w;
	}
	return units;
}

static json_t *position(const struct sm_doc *doc, uint32_t b, uint32_t off, int *l, int *c)
{
	uint32_t line = 0, col = 0;
	doc_locate(doc, b, off, &line, &col);
	*l = line ? (int)line - 1 : 0;
	*c = utf16_col(doc, line, col);
	return json_pack("{s:i, s:i}", "line", *l, "character", *c);
}

static json_t *range_of(const struct sm_doc *doc, uint32_t b, uint32_t off, uint32_t len, int *l0, int *c0,
			int *l1, int *c1)
{
	json_t *a = position(doc, b, off, l0, c0);
	json_t *z = position(doc, b, off + len, l1, c1);
	if (*l1 < *l0 || (*l1 == *l0 && *c1 < *c0)) {
		*l1 = *l0;
		*c1 = *c0;
		json_decref(z);
		z = json_pack("{s:i, s:i}", "line", *l1, "character", *c1);
	}
	return json_pack("{s:o, s:o}", "start", a, "end", z);
}

void diag_set_build(struct diag_set *ds, struct sm_doc *const *docs, char *const *uris, size_t nd,
		    const struct sm_findings *f)
{
	memset(ds, 0, sizeof(*ds));
	ds->by_uri = json_object();
	for (size_t i = 0; i < nd; i++)
		json_object_set_new(ds->by_uri, uris[i], json_array());
	for (size_t i = 0; i < f->n; i++) {
		const struct sm_finding *x = &f->v[i];
		if (x->doc >= nd)
			continue;
		const struct sm_doc *doc = docs[x->doc];
		struct diag d = { 0 };
		json_t *range = range_of(doc, x->block, x->off, x->len, &d.l0, &d.c0, &d.l1, &d.c1);
		int sev = x->sev == SM_SEV_ERROR ? 1 : x->sev == SM_SEV_WARNING ? 2 : 3;
		json_t *dj = json_pack("{s:o, s:i, s:s, s:s, s:s}", "range", range, "severity", sev, "code", x->rule,
				       "source", "storymaster", "message", x->message);
		if (x->suggestion)
			json_object_set_new(dj, "data", json_pack("{s:s}", "suggestion", x->suggestion));
		if (x->n_rel) {
			json_t *rel = json_array();
			for (uint32_t k = 0; k < x->n_rel; k++) {
				const struct sm_related *rr = &x->rel[k];
				if (rr->doc >= nd)
					continue;
				int a, b, c, e;
				json_array_append_new(
					rel, json_pack("{s:{s:s, s:o}, s:s}", "location", "uri", uris[rr->doc], "range",
						       range_of(docs[rr->doc], rr->block, rr->off, rr->len, &a, &b, &c, &e),
						       "message", "see also"));
			}
			json_object_set_new(dj, "relatedInformation", rel);
		}
		json_array_append_new(json_object_get(ds->by_uri, uris[x->doc]), dj);
		d.uri = xstrdup(uris[x->doc]);
		d.rule = xstrdup(x->rule);
		d.sugg = x->suggestion ? xstrdup(x->suggestion) : NULL;
		d.word = x->len ? strndup(doc->text + x->off, x->len) : NULL;
		d.markdown = !strcmp(doc->format, "markdown");
		d.para_line = doc->blocks[x->block].line ? (int)doc->blocks[x->block].line - 1 : -1;
		d.json = dj;
		SM_GROW(ds->v, ds->cap, ds->n + 1);
		ds->v[ds->n++] = d;
	}
}

void diag_set_carry_model(struct diag_set *to, const struct diag_set *from, const char *uri)
{
	json_t *arr = json_object_get(to->by_uri, uri);
	if (!arr)
		return;
	for (size_t i = 0; i < from->n; i++) {
		const struct diag *d = &from->v[i];
		const struct check_info *c = catalog_find(d->rule);
		if (strcmp(d->uri, uri) || !c || !c->model)
			continue;
		struct diag x = *d;
		x.uri = xstrdup(d->uri);
		x.rule = xstrdup(d->rule);
		x.sugg = d->sugg ? xstrdup(d->sugg) : NULL;
		x.word = d->word ? xstrdup(d->word) : NULL;
		x.json = json_deep_copy(d->json);
		json_array_append_new(arr, x.json);
		SM_GROW(to->v, to->cap, to->n + 1);
		to->v[to->n++] = x;
	}
}

void diag_set_free(struct diag_set *ds)
{
	for (size_t i = 0; i < ds->n; i++) {
		free(ds->v[i].uri);
		free(ds->v[i].rule);
		free(ds->v[i].sugg);
		free(ds->v[i].word);
	}
	free(ds->v);
	json_decref(ds->by_uri);
	memset(ds, 0, sizeof(*ds));
}
