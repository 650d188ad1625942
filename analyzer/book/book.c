/* book.c: the book's warnings and the findings list (book/book.h). */
#include "book/book.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void book_warn(struct sm_book *book, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	SM_GROW(book->warnings, book->cap_warnings, book->n_warnings + 1);
	book->warnings[book->n_warnings++] = xstrdup(tmp);
}

void book_release_warnings(struct sm_book *book)
{
	for (size_t i = 0; i < book->n_warnings; i++)
		free(book->warnings[i]);
	free(book->warnings);
	book->warnings = NULL;
	book->n_warnings = book->cap_warnings = 0;
}

char *finding_fit_case(const char *suggestion, const char *text)
{
	char *s = xstrdup(suggestion);
	if (text && text[0] >= 'A' && text[0] <= 'Z' && s[0] >= 'a' && s[0] <= 'z')
		s[0] = (char)(s[0] - 'a' + 'A');
	return s;
}

void findings_init(struct sm_findings *f)
{
	f->v = NULL;
	f->n = f->cap = 0;
	arena_init(&f->arena);
}

void findings_release(struct sm_findings *f)
{
	free(f->v);
	arena_release(&f->arena);
	findings_init(f);
}

/* Ranges are sorted by start with running maximum ends (doc_finish): find
 * the last range starting at or before off, then walk back only while some
 * earlier range can still reach off. */
static bool suppressed(const struct sm_doc *doc, const char *rule, uint32_t off)
{
	size_t lo = 0, hi = doc->n_supp;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (doc->supp[mid].off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i-- > 0;) {
		const struct suppress *s = &doc->supp[i];
		if (s->max_end < off)
			break;
		if (off > s->off + s->len)
			continue;
		size_t n = strlen(s->rule);
		if (!strcmp(s->rule, "*") || !strcmp(s->rule, rule) ||
		    (!strncmp(s->rule, rule, n) && rule[n] == '.'))
			return true;
	}
	return false;
}

struct sm_finding *findings_add(struct sm_findings *f, const struct sm_book *book,
				const char *rule, enum sm_sev sev, uint32_t doc, uint32_t off,
				uint32_t len, const char *suggestion, const char *fmt, ...)
{
	int level = config_rule_level(book->cfg, rule, (int)sev);
	if (level < 0)
		return NULL;
	const struct sm_doc *d = book->docs[doc];
	if (suppressed(d, rule, off))
		return NULL;
	int b = doc_block_at(d, off);
	if (b < 0)
		return NULL;
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	SM_GROW(f->v, f->cap, f->n + 1);
	struct sm_finding *x = &f->v[f->n++];
	memset(x, 0, sizeof(*x));
	x->rule = arena_strdup(&f->arena, rule);
	x->sev = (enum sm_sev)level;
	x->doc = doc;
	x->block = (uint32_t)b;
	x->off = off;
	x->len = len;
	x->message = arena_strdup(&f->arena, tmp);
	x->suggestion = suggestion ? arena_strdup(&f->arena, suggestion) : NULL;
	return x;
}

void findings_relate(struct sm_findings *f, struct sm_finding *x, uint32_t doc, uint32_t off,
		     uint32_t len, const struct sm_book *book)
{
	if (!x)
		return;
	int b = doc_block_at(book->docs[doc], off);
	if (b < 0)
		return;
	struct sm_related *r = arena_alloc(&f->arena, sizeof(*r) * (x->n_rel + 1));
	if (x->n_rel)
		memcpy(r, x->rel, sizeof(*r) * x->n_rel);
	r[x->n_rel] = (struct sm_related){ doc, (uint32_t)b, off, len };
	x->rel = r;
	x->n_rel++;
}

static int cmp_finding(const void *pa, const void *pb)
{
	const struct sm_finding *a = pa, *b = pb;
	if (a->doc != b->doc)
		return a->doc < b->doc ? -1 : 1;
	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	int c = strcmp(a->rule, b->rule);
	if (c)
		return c;
	return strcmp(a->message, b->message);
}

void findings_sort(struct sm_findings *f)
{
	if (f->n > 1)
		qsort(f->v, f->n, sizeof(*f->v), cmp_finding);
}

size_t findings_count_at(const struct sm_findings *f, enum sm_sev sev)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].sev >= sev)
			n++;
	return n;
}

void findings_keep_at(struct sm_findings *f, enum sm_sev sev)
{
	size_t k = 0;
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].sev >= sev)
			f->v[k++] = f->v[i];
	f->n = k;
}

