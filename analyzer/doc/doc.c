/* doc.c: the document builder that ingest fills, and position queries.
 * Text enters here once: UTF-8 is validated (invalid bytes become U+FFFD and
 * a diagnostic) and normalized to NFC, piece by piece, so that every piece
 * still maps to its source offset. */
#include "doc/doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define DOC_CP_STRIDE 256u        /* bytes between code-point marks (doc.h cp_marks) */

struct sm_doc *doc_new(const char *path, const char *format)
{
	struct sm_doc *doc = xcalloc(1, sizeof(*doc));
	arena_init(&doc->arena);
	doc->path = arena_strdup(&doc->arena, path ? path : "");
	doc->format = format ? format : "";
	sbuf_init(&doc->textbuf, DOC_MAX_TEXT);
	doc->open_block = -1;
	doc->text = "";
	return doc;
}

void doc_free(struct sm_doc *doc)
{
	if (!doc)
		return;
	sbuf_release(&doc->textbuf);
	free(doc->blocks);
	free(doc->map);
	free(doc->diags);
	free(doc->supp);
	free(doc->line_starts);
	arena_release(&doc->arena);
	free(doc);
}

void doc_set_source(struct sm_doc *doc, const char *src, size_t len)
{
	char *copy = arena_alloc(&doc->arena, len + 1);
	memcpy(copy, src, len);
	doc->src = copy;
	doc->src_len = (uint32_t)len;
}

void doc_add_diag(struct sm_doc *doc, uint32_t src_off, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	SM_GROW(doc->diags, doc->cap_diags, doc->n_diags + 1);
	struct doc_diag *d = &doc->diags[doc->n_diags++];
	d->src_off = src_off;
	d->line = d->col = 0;
	d->msg = arena_strdup(&doc->arena, tmp);
}

static int cmp_supp(const void *pa, const void *pb)
{
	const struct suppress *a = pa, *b = pb;
	return a->off < b->off ? -1 : a->off > b->off;
}

/* Sort suppression ranges by start and record running maximum ends, so a
 * look-up is a binary search plus a short walk back (check.c). */
static void index_suppress(struct sm_doc *doc)
{
	if (doc->n_supp > 1)
		qsort(doc->supp, doc->n_supp, sizeof(*doc->supp), cmp_supp);
	uint32_t m = 0;
	for (size_t i = 0; i < doc->n_supp; i++) {
		uint32_t e = doc->supp[i].off + doc->supp[i].len;
		m = e > m ? e : m;
		doc->supp[i].max_end = m;
	}
}

void doc_add_suppress(struct sm_doc *doc, uint32_t off, uint32_t len, const char *rule)
{
	SM_GROW(doc->supp, doc->cap_supp, doc->n_supp + 1);
	struct suppress *s = &doc->supp[doc->n_supp++];
	s->off = off;
	s->len = len;
	s->rule = arena_strdup(&doc->arena, rule);
	/* Keep the look-up index valid (ranges mostly arrive in order). */
	if (doc->n_supp > 1 && doc->supp[doc->n_supp - 2].off > off) {
		index_suppress(doc);
	} else {
		uint32_t prev = doc->n_supp > 1 ? doc->supp[doc->n_supp - 2].max_end : 0;
		s->max_end = off + len > prev ? off + len : prev;
	}
}

void doc_mark_break(struct sm_doc *doc)
{
	doc->pending_break = 1;
}

void doc_mark_page_break(struct sm_doc *doc)
{
	doc->pending_page = 1;
}

void doc_block_begin(struct sm_doc *doc, enum blk_kind kind, int level, uint32_t src_off)
{
	if (doc->open_block >= 0)
		doc_block_end(doc);
	if (kind == BLK_BREAK) {
		doc_mark_break(doc);
		return;
	}
	if (doc->n_blocks >= DOC_MAX_BLOCKS) {
		doc->too_many_blocks = true;
		return;
	}
	if (doc->textbuf.len > 0)
		sbuf_add(&doc->textbuf, "\n\n", 2);
	SM_GROW(doc->blocks, doc->cap_blocks, doc->n_blocks + 1);
	struct block *b = &doc->blocks[doc->n_blocks];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->level = (uint8_t)(level < 0 ? 0 : level > 9 ? 9 : level);
	b->off = (uint32_t)doc->textbuf.len;
	b->map_first = (uint32_t)doc->n_map;
	b->declared_num = -1;
	doc->open_block = (int)doc->n_blocks++;
	if (src_off != UINT32_MAX) {
		SM_GROW(doc->map, doc->cap_map, doc->n_map + 1);
		doc->map[doc->n_map].text_off = b->off;
		doc->map[doc->n_map].src_off = src_off;
		doc->n_map++;
	}
}

static void add_map(struct sm_doc *doc, uint32_t src_off)
{
	if (src_off == UINT32_MAX)
		return;
	uint32_t t = (uint32_t)doc->textbuf.len;
	if (doc->n_map > 0 && doc->open_block >= 0 &&
	    doc->n_map > doc->blocks[doc->open_block].map_first) {
		struct srcmap *last = &doc->map[doc->n_map - 1];
		if (last->text_off == t) {
			last->src_off = src_off;
			return;
		}
		/* Contiguous in both: no new piece needed. */
		if (last->src_off + (t - last->text_off) == src_off)
			return;
	}
	SM_GROW(doc->map, doc->cap_map, doc->n_map + 1);
	doc->map[doc->n_map].text_off = t;
	doc->map[doc->n_map].src_off = src_off;
	doc->n_map++;
}

/* Length of a valid UTF-8 sequence at s (n bytes left), 0 when invalid. */
static size_t utf8_valid_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return (n >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0;
		if (c == 0xED && s[1] >= 0xA0)
			return 0; /* surrogates */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0;
		if (c == 0xF4 && s[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

/* Append valid UTF-8 s[0..n) in NFC. ASCII needs no normalization. */
static int append_nfc(struct sm_doc *doc, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			break;
	if (i == n)
		return sbuf_add(&doc->textbuf, s, n);
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	int rc;
	if (m < 0) {
		rc = sbuf_add(&doc->textbuf, s, n);
	} else {
		rc = sbuf_add(&doc->textbuf, out, (size_t)m);
	}
	free(out);
	return rc;
}

int doc_block_text(struct sm_doc *doc, const char *s, size_t n, uint32_t src_off)
{
	if (doc->open_block < 0)
		doc_block_begin(doc, BLK_PARAGRAPH, 0, src_off);
	const unsigned char *u = (const unsigned char *)s;
	size_t start = 0, i = 0;
	add_map(doc, src_off);
	while (i < n) {
		if (u[i] < 0x80 && u[i] != 0) {
			i++;
			continue;
		}
		size_t k = u[i] ? utf8_valid_len(u + i, n - i) : 0;
		if (k) {
			i += k;
			continue;
		}
		/* Invalid byte (or NUL): flush, replace, record. */
		if (i > start && append_nfc(doc, s + start, i - start) != SM_OK)
			return SM_ELIMIT;
		uint32_t at = src_off == UINT32_MAX ? UINT32_MAX : src_off + (uint32_t)i;
		if (doc->bad_utf8++ < 16)
			doc_add_diag(doc, at, u[i] ? "invalid UTF-8 byte 0x%02X replaced with U+FFFD" :
						   "NUL byte replaced with U+FFFD", u[i]);
		if (sbuf_add_utf8(&doc->textbuf, 0xFFFD) != SM_OK)
			return SM_ELIMIT;
		i++;
		start = i;
		if (src_off != UINT32_MAX)
			add_map(doc, src_off + (uint32_t)i);
	}
	if (i > start && append_nfc(doc, s + start, i - start) != SM_OK)
		return SM_ELIMIT;
	return doc->textbuf.buf ? SM_OK : SM_ELIMIT;
}

int doc_block_cp(struct sm_doc *doc, unsigned cp)
{
	if (doc->open_block < 0)
		doc_block_begin(doc, BLK_PARAGRAPH, 0, UINT32_MAX);
	return sbuf_add_utf8(&doc->textbuf, cp);
}

static bool is_space_at(const char *t, uint32_t i, uint32_t end, uint32_t *w)
{
	unsigned char c = (unsigned char)t[i];
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
		*w = 1;
		return true;
	}
	/* U+00A0 no-break space counts as space at the edges of a block. */
	if (c == 0xC2 && i + 1 < end && (unsigned char)t[i + 1] == 0xA0) {
		*w = 2;
		return true;
	}
	return false;
}

void doc_block_end(struct sm_doc *doc)
{
	if (doc->open_block < 0)
		return;
	struct block *b = &doc->blocks[doc->open_block];
	doc->open_block = -1;
	const char *t = doc->textbuf.buf;
	uint32_t end = (uint32_t)doc->textbuf.len, start = b->off, w;
	/* trim the end */
	while (end > start) {
		uint32_t j = end - 1;
		if ((unsigned char)t[j] == 0xA0 && j > start && (unsigned char)t[j - 1] == 0xC2)
			j--;
		if (!is_space_at(t, j, end, &w))
			break;
		end = j;
	}
	/* trim the start */
	while (start < end && is_space_at(t, start, end, &w))
		start += w;
	if (start >= end) {
		/* empty: drop the block and its separator */
		uint32_t cut = b->off >= 2 && doc->n_blocks > 1 ? b->off - 2 : b->off;
		doc->textbuf.len = cut;
		if (doc->textbuf.buf)
			doc->textbuf.buf[cut] = '\0';
		doc->n_map = b->map_first;
		doc->n_blocks--;
		return;
	}
	doc->textbuf.len = end;
	doc->textbuf.buf[end] = '\0';
	/* shift map pieces that started inside the trimmed head */
	uint32_t head = start - b->off;
	for (size_t i = b->map_first; i < doc->n_map; i++) {
		struct srcmap *m = &doc->map[i];
		if (m->text_off < start) {
			uint32_t d = start - m->text_off;
			m->src_off += d;
			m->text_off = start;
		}
	}
	(void)head;
	b->off = start;
	b->len = end - start;
	b->n_map = (uint32_t)(doc->n_map - b->map_first);
	if (doc->pending_break) {
		b->after_break = true;
		doc->pending_break = 0;
	}
	if (doc->pending_page) {
		b->page_break = true;
		doc->pending_page = 0;
	}
}

static void compute_lines(struct sm_doc *doc)
{
	if (!doc->src)
		return;
	size_t cap = 0;
	SM_GROW(doc->line_starts, cap, 1);
	doc->line_starts[0] = 0;
	doc->n_lines = 1;
	for (uint32_t i = 0; i < doc->src_len; i++) {
		if (doc->src[i] == '\n') {
			SM_GROW(doc->line_starts, cap, doc->n_lines + 1);
			doc->line_starts[doc->n_lines++] = i + 1;
		}
	}
}

static uint32_t cp_between(const char *s, uint32_t a, uint32_t b)
{
	uint32_t n = 0;
	for (uint32_t i = a; i < b; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* Code points in s[0..len) before every DOC_CP_STRIDE-th byte (arena). */
static uint32_t *cp_marks_of(struct sm_doc *doc, const char *s, uint32_t len)
{
	uint32_t n = len / DOC_CP_STRIDE + 1;
	uint32_t *m = arena_alloc(&doc->arena, (size_t)n * sizeof(*m));
	m[0] = 0;
	for (uint32_t k = 1; k < n; k++)
		m[k] = m[k - 1] + cp_between(s, (k - 1) * DOC_CP_STRIDE, k * DOC_CP_STRIDE);
	return m;
}

/* Code points in s[a..b) using the marks of s[0..n) (NULL: count them
 * all); the same result as cp_between, in O(DOC_CP_STRIDE), not O(b - a). */
static uint32_t cp_span(const char *s, const uint32_t *marks, uint32_t n, uint32_t a, uint32_t b)
{
	if (!marks || b > n || b <= a || b - a < 2 * DOC_CP_STRIDE)
		return cp_between(s, a, b);
	uint32_t ka = a / DOC_CP_STRIDE, kb = b / DOC_CP_STRIDE;
	uint32_t pa = marks[ka] + cp_between(s, ka * DOC_CP_STRIDE, a);
	uint32_t pb = marks[kb] + cp_between(s, kb * DOC_CP_STRIDE, b);
	return pb - pa;
}

static void src_line_col(const struct sm_doc *doc, uint32_t src, uint32_t *line, uint32_t *col)
{
	if (src > doc->src_len)
		src = doc->src_len;
	size_t lo = 0, hi = doc->n_lines;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (doc->line_starts[mid] <= src)
			lo = mid;
		else
			hi = mid;
	}
	*line = (uint32_t)lo + 1;
	*col = cp_span(doc->src, doc->src_cp_marks, doc->src_len, doc->line_starts[lo], src) + 1;
}

void doc_finish(struct sm_doc *doc)
{
	index_suppress(doc);
	if (doc->open_block >= 0)
		doc_block_end(doc);
	if (!doc->textbuf.buf)
		sbuf_add(&doc->textbuf, "", 0);
	doc->text = doc->textbuf.buf ? doc->textbuf.buf : "";
	doc->len = (uint32_t)doc->textbuf.len;
	compute_lines(doc);
	doc->cp_marks = cp_marks_of(doc, doc->text, doc->len);
	if (doc->src)
		doc->src_cp_marks = cp_marks_of(doc, doc->src, doc->src_len);
	for (size_t i = 0; i < doc->n_blocks; i++) {
		struct block *b = &doc->blocks[i];
		if (b->n_map && doc->src)
			doc_locate(doc, (uint32_t)i, b->off, &b->line, &b->col);
	}
	for (size_t i = 0; i < doc->n_diags; i++)
		if (doc->src && doc->diags[i].src_off != UINT32_MAX)
			src_line_col(doc, doc->diags[i].src_off, &doc->diags[i].line, &doc->diags[i].col);
}

uint32_t doc_cp_count(const struct sm_doc *doc, uint32_t off, uint32_t len)
{
	return cp_span(doc->text, doc->cp_marks, doc->len, off, off + len);
}

uint32_t doc_cp_in_block(const struct sm_doc *doc, uint32_t b, uint32_t off)
{
	const struct block *bl = &doc->blocks[b];
	if (off < bl->off)
		return 0;
	if (off > bl->off + bl->len)
		off = bl->off + bl->len;
	return cp_span(doc->text, doc->cp_marks, doc->len, bl->off, off);
}

void doc_place(const struct sm_doc *doc, uint32_t b, uint32_t off, uint32_t len,
	       struct doc_place *p)
{
	const struct block *bl = &doc->blocks[b];
	p->paragraph = b + 1;
	p->start = doc_cp_in_block(doc, b, off);
	p->end = doc_cp_in_block(doc, b, off + len); /* clamped to the block */
	doc_locate(doc, b, off, &p->line, &p->column);
	p->chapter = bl->chapter < doc->n_chapters ? &doc->chapters[bl->chapter] : NULL;
	p->scene = bl->scene < doc->n_scenes ? (int32_t)doc->scenes[bl->scene].number : -1;
	const struct chapter *ch = p->chapter;
	if (!ch)
		p->chapter_paragraph = b + 1;
	else if (ch->heading >= 0 && b >= (uint32_t)ch->heading)
		p->chapter_paragraph = b - (uint32_t)ch->heading;
	else
		p->chapter_paragraph = b >= ch->block_first ? b - ch->block_first + 1 : b + 1;
}

void doc_locate(const struct sm_doc *doc, uint32_t b, uint32_t off, uint32_t *line, uint32_t *col)
{
	const struct block *bl = &doc->blocks[b];
	if (!doc->src || bl->n_map == 0) {
		*line = 0;
		*col = doc_cp_in_block(doc, b, off) + 1;
		return;
	}
	const struct srcmap *m = &doc->map[bl->map_first];
	/* The last piece starting at or before off (pieces are in text order;
	 * binary search, as a hard-wrapped paragraph can have a million). */
	uint32_t k = 0, lo = 1, hi = bl->n_map;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (m[mid].text_off <= off) {
			k = mid;
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	uint32_t src = m[k].src_off + (off >= m[k].text_off ? off - m[k].text_off : 0);
	if (k + 1 < bl->n_map && src > m[k + 1].src_off)
		src = m[k + 1].src_off;
	src_line_col(doc, src, line, col);
}

int doc_block_at(const struct sm_doc *doc, uint32_t off)
{
	size_t lo = 0, hi = doc->n_blocks;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct block *b = &doc->blocks[mid];
		if (off < b->off)
			hi = mid;
		else if (off > b->off + b->len)
			lo = mid + 1;
		else
			return (int)mid;
	}
	return -1;
}
