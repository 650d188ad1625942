/* store_locate.c: the located form of a finding (rd_locate), the one place
 * where a raw finding (document, byte span, rule) becomes what every output
 * shows: `check` text and JSON through report_data_from_book, and the
 * store's rows (store.c). Also the summary counts of a report_data. */
#include "store/store_read.h"

#include <stdlib.h>
#include <string.h>

#include "base/sbuf.h"

/* Append at most max bytes of a span on one line (newlines and tabs shown
 * as spaces), cut at a UTF-8 boundary and marked with an ellipsis. */
static void add_quote(struct sbuf *sb, const char *s, uint32_t n, uint32_t max)
{
	size_t m = sm_utf8_clip(s, n, max);
	for (size_t i = 0; i < m; i++)
		sbuf_addc(sb, s[i] == '\n' || s[i] == '\t' ? ' ' : s[i]);
	if (m < n)
		sbuf_adds(sb, "…");
}

/* Where a span is: path:line:col for text files; for DOCX, which has no
 * lines, the chapter as its heading names it, the paragraph within it and
 * the paragraph's first words, which a Word user can find:
 * ch07.docx: Chapter 7, paragraph 12 ("When the train…"). The path is
 * written raw: printers escape it (out_path). */
static const char *where(struct arena *a, const struct sm_doc *d, uint32_t block,
			 const struct doc_place *p)
{
	if (p->line)
		return arena_printf(a, "%s:%u:%u", d->path, p->line, p->column);
	struct sbuf sb;
	sbuf_init(&sb, 1 << 16);
	const struct block *b = &d->blocks[block];
	const struct chapter *ch = p->chapter;
	sbuf_adds(&sb, d->path);
	sbuf_adds(&sb, ": ");
	if (ch && ch->number == 0)
		sbuf_adds(&sb, "front matter, ");
	else if (ch && ch->declared_num >= 0)
		sbuf_addf(&sb, "Chapter %d, ", ch->declared_num);
	else if (ch && ch->heading >= 0 && ch->title && *ch->title) {
		sbuf_addc(&sb, '"');
		add_quote(&sb, ch->title, (uint32_t)strlen(ch->title), 40);
		sbuf_adds(&sb, "\", ");
	} else if (ch && d->n_chapters > 1)
		sbuf_addf(&sb, "chapter %u, ", ch->number);
	uint32_t k = p->chapter_paragraph;
	if (k == 0 && ch && ch->heading >= 0) {
		sbuf_adds(&sb, "heading");
	} else {
		sbuf_addf(&sb, "paragraph %u (\"", k);
		/* the first words: up to about 24 bytes, cut after a word */
		uint32_t n = b->len < 24 ? b->len : 24;
		while (n < b->len && n < 40 && d->text[b->off + n] != ' ')
			n++;
		add_quote(&sb, d->text + b->off, n, 40);
		if (n < b->len)
			sbuf_adds(&sb, "…");
		sbuf_adds(&sb, "\")");
	}
	size_t len;
	char *s = sbuf_detach(&sb, &len);
	const char *r = arena_strndup(a, s, len);
	free(s);
	return r;
}

static const char *category(struct arena *a, const char *rule)
{
	const char *dot = strchr(rule, '.');
	return arena_strndup(a, rule, dot ? (size_t)(dot - rule) : strlen(rule));
}

bool rd_locate(const struct sm_book *book, const struct sm_finding *x, struct arena *a,
	       struct rd_finding *out)
{
	memset(out, 0, sizeof(*out));
	if (x->doc >= book->n_docs)
		return false;
	const struct sm_doc *d = book->docs[x->doc];
	if (x->block >= d->n_blocks || x->off + x->len > d->len)
		return false;
	struct doc_place p;
	doc_place(d, x->block, x->off, x->len, &p);
	out->doc = x->doc;
	out->path = d->path;
	out->rule = x->rule;
	out->category = category(a, x->rule);
	out->sev = x->sev;
	out->paragraph = p.paragraph;
	out->chapter_paragraph = p.chapter_paragraph;
	out->start = p.start;
	out->end = p.end;
	out->line = p.line;
	out->column = p.column;
	out->chapter = p.chapter ? (int64_t)p.chapter->number : -1;
	out->scene = p.scene;
	out->message = x->message;
	out->text = arena_strndup(a, d->text + x->off, x->len);
	out->suggestion = x->suggestion;
	out->where = where(a, d, x->block, &p);
	out->change = RD_UNCOMPARED;
	if (x->n_rel) {
		out->rel = arena_alloc(a, sizeof(*out->rel) * x->n_rel);
		for (uint32_t i = 0; i < x->n_rel; i++) {
			const struct sm_related *r = &x->rel[i];
			if (r->doc >= book->n_docs)
				continue;
			const struct sm_doc *rdoc = book->docs[r->doc];
			if (r->block >= rdoc->n_blocks || r->off + r->len > rdoc->len)
				continue;
			struct doc_place rp;
			doc_place(rdoc, r->block, r->off, r->len, &rp);
			struct rd_related *o = &out->rel[out->n_rel++];
			o->path = rdoc->path;
			o->paragraph = rp.paragraph;
			o->chapter_paragraph = rp.chapter_paragraph;
			o->start = rp.start;
			o->end = rp.end;
			o->text = arena_strndup(a, rdoc->text + r->off, r->len);
			o->where = where(a, rdoc, r->block, &rp);
		}
	}
	return true;
}

static int cmp_cat(const void *pa, const void *pb)
{
	const struct rd_category *a = pa, *b = pb;
	return strcmp(a->name, b->name);
}

const struct rd_chapter *rd_chapter(const struct report_data *rd, size_t d, int64_t number)
{
	if (d >= rd->n_docs)
		return NULL;
	const struct rd_document *doc = &rd->docs[d];
	size_t lo = 0, hi = doc->n_chapters;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct rd_chapter *c = &rd->chapters[doc->chapter_first + mid];
		if (c->number == number)
			return c;
		if (c->number < number)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void report_data_count(struct report_data *rd)
{
	memset(rd->by_sev, 0, sizeof(rd->by_sev));
	free(rd->cats);
	rd->cats = NULL;
	rd->n_cats = 0;
	size_t cap = 0;
	for (size_t c = 0; c < rd->n_chapters; c++)
		rd->chapters[c].n_findings = 0;
	for (size_t i = 0; i < rd->n_findings; i++) {
		const struct rd_finding *x = &rd->findings[i];
		rd->by_sev[x->sev]++;
		size_t k;
		for (k = 0; k < rd->n_cats; k++)
			if (!strcmp(rd->cats[k].name, x->category))
				break;
		if (k == rd->n_cats) {
			SM_GROW(rd->cats, cap, rd->n_cats + 1);
			memset(&rd->cats[k], 0, sizeof(rd->cats[k]));
			rd->cats[k].name = x->category;
			rd->n_cats++;
		}
		rd->cats[k].n[x->sev]++;
		if (x->doc >= rd->n_docs)
			continue;
		/* a binary search: a hostile book has tens of thousands of
		 * chapters, each with findings */
		const struct rd_chapter *ch = rd_chapter(rd, x->doc, x->chapter);
		if (ch)
			rd->chapters[ch - rd->chapters].n_findings++;
	}
	if (rd->n_cats > 1)
		qsort(rd->cats, rd->n_cats, sizeof(*rd->cats), cmp_cat);
}
