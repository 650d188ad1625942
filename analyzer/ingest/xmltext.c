/* xmltext.c: see xmltext.h. */
#include "ingest/xmltext.h"

#include <string.h>

#include <libxml/HTMLparser.h>

void xt_init(struct xt *x, struct sm_doc *doc)
{
	*x = (struct xt){ .doc = doc, .rc = SM_OK, .blank = true };
}

static void open_if_needed(struct xt *x)
{
	if (x->doc->open_block >= 0)
		return;
	xt_begin(x, BLK_PARAGRAPH, 0);
}

void xt_begin(struct xt *x, enum blk_kind kind, int level)
{
	doc_block_end(x->doc);
	if (x->page) {
		doc_mark_page_break(x->doc);
		x->page = false;
	}
	doc_block_begin(x->doc, kind, kind == BLK_HEADING ? level : 0, UINT32_MAX);
	if (x->doc->open_block >= 0) {
		struct block *b = &x->doc->blocks[x->doc->open_block];
		b->style_title = kind == BLK_HEADING && x->title;
		b->in_table = x->in_table;
	}
	x->blank = true;
	x->space = false;
}

void xt_end(struct xt *x)
{
	doc_block_end(x->doc);
	x->blank = true;
	x->space = false;
}

static bool is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void put(struct xt *x, const char *s, size_t n)
{
	if (x->rc != SM_OK || n == 0)
		return;
	open_if_needed(x);
	if (x->space && !x->blank && doc_block_text(x->doc, " ", 1, UINT32_MAX) != SM_OK)
		x->rc = SM_ELIMIT;
	x->space = false;
	x->blank = false;
	if (x->rc == SM_OK && doc_block_text(x->doc, s, n, UINT32_MAX) != SM_OK)
		x->rc = SM_ELIMIT;
}

void xt_text(struct xt *x, const char *s, size_t n, bool pre)
{
	if (pre) {
		for (size_t i = 0; i < n; i++)
			if (s[i] == '\n') {
				put(x, s, i);
				xt_cp(x, '\n');
				s += i + 1;
				n -= i + 1;
				i = (size_t)-1;
			}
		put(x, s, n);
		return;
	}
	size_t i = 0;
	while (i < n) {
		if (is_ws((unsigned char)s[i])) {
			x->space = true;
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && !is_ws((unsigned char)s[j]))
			j++;
		put(x, s + i, j - i);
		i = j;
	}
}

void xt_cp(struct xt *x, unsigned cp)
{
	if (x->rc != SM_OK)
		return;
	if (cp == '\n') {
		if (x->doc->open_block < 0)
			return; /* a break before any text breaks nothing */
		x->space = false;
		x->blank = true;
	} else {
		open_if_needed(x);
		if (x->space && !x->blank && doc_block_cp(x->doc, ' ') != SM_OK)
			x->rc = SM_ELIMIT;
		x->space = false;
		x->blank = false; /* an explicit space is kept */
	}
	if (x->rc == SM_OK && doc_block_cp(x->doc, cp) != SM_OK)
		x->rc = SM_ELIMIT;
}

void xt_break(struct xt *x)
{
	xt_end(x);
	doc_mark_break(x->doc);
}

bool xt_leaf(struct xt *x, const xmlNode *n, bool pre)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content)
			xt_text(x, (const char *)n->content, strlen((const char *)n->content), pre);
		return true;
	}
	if (n->type == XML_ENTITY_REF_NODE) {
		const htmlEntityDesc *e = htmlEntityLookup(n->name);
		if (e)
			xt_cp(x, e->value);
		return true;
	}
	return false;
}

uint32_t xt_pos(const struct xt *x)
{
	size_t len = x->doc->textbuf.len;
	if (x->doc->open_block < 0 && len > 0)
		len += 2; /* the block separator to come */
	return (uint32_t)len;
}
