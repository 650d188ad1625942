/* xmltext.h: the text of a parsed XML tree into document blocks, for the
 * readers that walk one (EPUB's XHTML, ODT's content.xml; ingest stage,
 * private to ingest/). White space is collapsed as browsers and ODF
 * renderers do (a run of spaces, tabs and newlines is one space, none at the
 * start of a block or after a line break), blocks begin lazily with their
 * first text, and the first error (the document's size cap) is kept. */
#ifndef SM_INGEST_XMLTEXT_H
#define SM_INGEST_XMLTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "doc/doc.h"

struct xt {
	struct sm_doc *doc;
	int rc;        /* SM_OK, or SM_ELIMIT once the document passed its cap */
	bool blank;    /* nothing but white space since the block began or the last line
			  break */
	bool space;    /* collapsed white space is pending */
	bool page;     /* a page break is pending for the next block */
	bool title;    /* headings begun now are the book's front matter (style_title) */
	bool in_table; /* paragraphs begun now are a table's cells */
};

/** Start writing into doc. */
void xt_init(struct xt *x, struct sm_doc *doc);
/** End the open block (if any) and begin a block of this kind (BLK_PARAGRAPH
 * or BLK_HEADING with level 1..9) for the text that follows. */
void xt_begin(struct xt *x, enum blk_kind kind, int level);
/** End the open block; text that follows begins a new paragraph. */
void xt_end(struct xt *x);
/** Text s[0..n) (UTF-8); white space collapsed unless pre. */
void xt_text(struct xt *x, const char *s, size_t n, bool pre);
/** One character as it is: '\n' (a line break), '\t', ' ' (ODF's text:s). */
void xt_cp(struct xt *x, unsigned cp);
/** Write a leaf node of a tree: text and CDATA (white space collapsed
 * unless pre), or a reference to an entity its DTD would have declared
 * (HTML's, "&nbsp;"). false, writing nothing, for any other node. */
bool xt_leaf(struct xt *x, const xmlNode *n, bool pre);
/** The offset in doc->text where the next text will land. */
uint32_t xt_pos(const struct xt *x);
/** A scene break (a drawn rule) before the next block. */
void xt_break(struct xt *x);

#endif
