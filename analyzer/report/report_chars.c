/* report_chars.c: the character registry and the consistency findings laid
 * out for the report renderers (stage 5); see report_chars.h. */
#include "report/report_chars.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_characters.h"

const char *rc_base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* Label one chapter (ch may be NULL: a document without chapters). */
static void label(struct rc_chapter *c, const struct rd_document *d, bool multi,
		  const struct rd_chapter *ch)
{
	long long num = -1;
	if (ch)
		num = ch->declared_num >= 0 ? ch->declared_num : ch->number;
	const char *base = rc_base_name(d->path);
	if (!multi) {
		if (num > 0) {
			snprintf(c->label, sizeof(c->label), "chapter %lld", num);
			snprintf(c->brief, sizeof(c->brief), "ch. %lld", num);
		} else {
			snprintf(c->label, sizeof(c->label), "front matter");
			snprintf(c->brief, sizeof(c->brief), "front");
		}
	} else if (num > 0) {
		snprintf(c->label, sizeof(c->label), "%s, chapter %lld", base, num);
		snprintf(c->brief, sizeof(c->brief), "%.60s \xc2\xb7 %lld", base, num);
	} else if (ch && d->n_chapters > 1) {
		snprintf(c->label, sizeof(c->label), "%s, front matter", base);
		snprintf(c->brief, sizeof(c->brief), "%.60s \xc2\xb7 front", base);
	} else {
		snprintf(c->label, sizeof(c->label), "%s", base);
		snprintf(c->brief, sizeof(c->brief), "%.90s", base);
	}
}

void rc_book_init(struct rc_book *b, const struct report_data *rd)
{
	memset(b, 0, sizeof(*b));
	b->reg = rd->chars;
	if (!b->reg)
		return;
	/* the documents of the registry's book, in the order the scan read them;
	 * a registry read back from the store does not know its chapter count */
	size_t n_docs = 0, n_ch = 0;
	for (size_t d = 0; d < rd->n_docs; d++)
		if (!rd->chars_book || store_book_has(rd->chars_book, rd->docs[d].path)) {
			n_docs++;
			n_ch += rd->docs[d].n_chapters ? rd->docs[d].n_chapters : 1;
		}
	b->n_chapters = b->reg->n_chapters ? b->reg->n_chapters : n_ch;
	for (size_t i = 0; i < b->reg->n_chars; i++) {
		const struct cons_character *c = &b->reg->chars[i];
		if (c->n_chapters && c->chapters[c->n_chapters - 1] >= b->n_chapters)
			b->n_chapters = c->chapters[c->n_chapters - 1] + 1;
	}
	if (!b->n_chapters)
		return;
	b->chapters = xcalloc(b->n_chapters, sizeof(*b->chapters));
	for (size_t i = 0; i < b->n_chapters; i++) {
		b->chapters[i].doc = SIZE_MAX;
		snprintf(b->chapters[i].label, sizeof(b->chapters[i].label), "chapter %zu", i + 1);
		snprintf(b->chapters[i].brief, sizeof(b->chapters[i].brief), "%zu", i + 1);
	}
	size_t ord = 0;
	for (size_t d = 0; d < rd->n_docs && ord < b->n_chapters; d++) {
		const struct rd_document *doc = &rd->docs[d];
		if (rd->chars_book && !store_book_has(rd->chars_book, doc->path))
			continue;
		if (!doc->n_chapters) {
			b->chapters[ord].doc = d;
			label(&b->chapters[ord++], doc, n_docs > 1, NULL);
			continue;
		}
		for (size_t k = 0; k < doc->n_chapters && ord < b->n_chapters; k++) {
			const struct rd_chapter *ch = &rd->chapters[doc->chapter_first + k];
			b->chapters[ord].doc = d;
			b->chapters[ord].ch = ch;
			label(&b->chapters[ord++], doc, n_docs > 1, ch);
		}
	}
}

void rc_book_release(struct rc_book *b)
{
	free(b->chapters);
	memset(b, 0, sizeof(*b));
}

const char *rc_chapter_label(const struct rc_book *b, uint32_t ordinal, char *buf, size_t n)
{
	if (ordinal < b->n_chapters)
		return b->chapters[ordinal].label;
	snprintf(buf, n, "chapter %u", ordinal + 1);
	return buf;
}

const char *rc_ranges(const uint32_t *ord, uint32_t n, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (uint32_t i = 0; i < n && len + 1 < size;) {
		uint32_t j = i;
		while (j + 1 < n && ord[j + 1] == ord[j] + 1)
			j++;
		int w;
		if (j == i)
			w = snprintf(buf + len, size - len, "%s%u", len ? ", " : "", ord[i] + 1);
		else
			w = snprintf(buf + len, size - len, "%s%u\xe2\x80\x93%u", len ? ", " : "",
				     ord[i] + 1, ord[j] + 1);
		if (w < 0 || (size_t)w >= size - len) {
			buf[len] = '\0'; /* no half range */
			break;
		}
		len += (size_t)w;
		i = j + 1;
	}
	return buf;
}

size_t rc_groups(const struct report_data *rd, const char *rule, struct rc_group **out)
{
	struct rc_group *g = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < rd->n_findings; i++) {
		const struct rd_finding *x = &rd->findings[i];
		if (strcmp(x->rule, rule))
			continue;
		size_t k;
		for (k = 0; k < n; k++)
			if (!strcmp(g[k].first->message, x->message))
				break;
		if (k == n) {
			SM_GROW(g, cap, n + 1);
			g[n++] = (struct rc_group){ x, 0, NULL };
		}
		g[k].idx = xrealloc(g[k].idx, sizeof(size_t) * (g[k].n + 1));
		g[k].idx[g[k].n++] = i;
	}
	*out = g;
	return n;
}

void rc_groups_free(struct rc_group *g, size_t n)
{
	if (!g)
		return;
	for (size_t i = 0; i < n; i++)
		free(g[i].idx);
	free(g);
}
