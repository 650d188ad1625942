/* odt.c: OpenDocument text ingestion (ingest stage), for manuscripts
 * drafted in LibreOffice.
 *
 * content.xml's office:text is walked as a tree (package.h: no DTD, every
 * inflated byte counted): text:h is a heading at its text:outline-level,
 * text:p a paragraph (a Title paragraph style makes it the book's title;
 * a style with fo:break-before="page" begins a new page; an empty paragraph
 * of the Horizontal Line style is a scene break), text:s, text:tab and
 * text:line-break are spaces, tabs and line breaks, table cells are
 * paragraphs of a table. Tracked changes are read accepted, as the body
 * already holds them: inserted text is in place, deleted text lives only in
 * text:tracked-changes, which is skipped. Not body text: annotations
 * (comments; one that says "storymaster: ignore RULE" suppresses RULE on
 * its range, or on its paragraph when it has none), notes, indexes and tables
 * of contents, ruby annotations, images and their descriptions, forms. Styles
 * come from content.xml's automatic styles and styles.xml; title and author
 * from meta.xml. */
#include "base/hmap.h"
#include "ingest/ingest.h"
#include "ingest/package.h"
#include "ingest/xmltext.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TEXT   "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_TABLE  "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_STYLE  "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_FO     "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define NS_DRAW   "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_DC     "http://purl.org/dc/elements/1.1/"
#define NS_META   "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"

#define ODT_MAX_DEPTH  200  /* elements nested deeper are not read (libxml2 stops at 256) */
#define ODT_MAX_SPACES 1000 /* spaces one text:s may stand for */

static bool is(const xmlNode *n, const char *ns, const char *local)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       !strcmp((const char *)n->ns->href, ns) && !strcmp((const char *)n->name, local);
}

static bool in_ns(const xmlNode *n, const char *ns)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href && !strcmp((const char *)n->ns->href, ns);
}

/* ---- styles ---- */

struct style {
	const char *name, *parent; /* borrowed from the trees */
	bool page, title, rule;    /* set on this style itself */
};

struct styles {
	struct style *v;
	size_t n, cap;
	struct sm_map names; /* style name -> index (the first of a name wins) */
};

static void styles_add(struct styles *ss, const xmlNode *sec)
{
	for (const xmlNode *s = sec ? sec->children : NULL; s; s = s->next) {
		if (!is(s, NS_STYLE, "style"))
			continue;
		const char *fam = pkg_attr(s, NS_STYLE, "family");
		const char *name = pkg_attr(s, NS_STYLE, "name");
		if (!name || (fam && strcmp(fam, "paragraph")) ||
		    sm_map_str(&ss->names, name, strlen(name)) != SM_MAP_NONE)
			continue;
		const char *disp = pkg_attr(s, NS_STYLE, "display-name");
		struct style st = { .name = name, .parent = pkg_attr(s, NS_STYLE, "parent-style-name") };
		st.title = !strcmp(name, "Title") || (disp && !strcmp(disp, "Title"));
		st.rule = !strcmp(name, "Horizontal_20_Line") || (disp && !strcmp(disp, "Horizontal Line"));
		for (const xmlNode *p = s->children; p; p = p->next)
			if (is(p, NS_STYLE, "paragraph-properties")) {
				const char *br = pkg_attr(p, NS_FO, "break-before");
				st.page = br && !strcmp(br, "page");
			}
		SM_GROW(ss->v, ss->cap, ss->n + 1);
		ss->v[ss->n++] = st;
		sm_map_str_add(&ss->names, name, strlen(name), NULL);
	}
}

/* The style named name with what it inherits: *page only from the style
 * itself (an automatic style holds the break), title and rule from any
 * ancestor. */
static void style_of(const struct styles *ss, const char *name, bool *page, bool *title, bool *rule)
{
	*page = *title = *rule = false;
	for (int depth = 0; name && depth < 16; depth++) {
		uint32_t k = sm_map_str(&ss->names, name, strlen(name));
		if (k == SM_MAP_NONE)
			return;
		const struct style *s = &ss->v[k];
		if (depth == 0)
			*page = s->page;
		*title = *title || s->title;
		*rule = *rule || s->rule;
		name = s->parent;
	}
}

/* ---- the body ---- */

/* An annotation that says "storymaster: ignore RULE", waiting for the end
 * of its range: office:annotation-end of its name, or the end of its
 * paragraph when it has none. */
struct directive {
	const char *name; /* office:name, borrowed from the tree; NULL: the paragraph */
	uint32_t start;   /* text offset where the range begins */
	char rule[256];   /* ingest_parse_directive's list */
};

struct walk {
	struct xt x;
	const struct styles *ss;
	int table;
	struct directive *dirs;
	size_t n_dirs, cap_dirs;
	uint32_t para_start; /* text offset where the open paragraph began */
};

static void suppress(struct walk *w, const struct directive *d, uint32_t end)
{
	if (end <= d->start)
		return;
	char rule[sizeof(d->rule)];
	memcpy(rule, d->rule, sizeof(rule));
	char *save = NULL;
	for (char *tok = strtok_r(rule, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		doc_add_suppress(w->x.doc, d->start, end - d->start, tok);
}

/* The text of an annotation's paragraphs (not its author and date). */
static void annotation_text(const xmlNode *n, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = 0;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (!is(c, NS_TEXT, "p"))
			continue;
		xmlChar *t = xmlNodeGetContent(c);
		if (t) {
			o += (size_t)snprintf(out + o, cap - o, "%s ", (const char *)t);
			xmlFree(t);
		}
		if (o >= cap - 1)
			return;
	}
}

static void annotation(struct walk *w, const xmlNode *n)
{
	if (is(n, NS_OFFICE, "annotation-end")) {
		const char *name = pkg_attr(n, NS_OFFICE, "name");
		for (size_t i = 0; name && i < w->n_dirs; i++)
			if (w->dirs[i].name && !strcmp(w->dirs[i].name, name)) {
				suppress(w, &w->dirs[i], xt_pos(&w->x));
				w->dirs[i] = w->dirs[--w->n_dirs];
				return;
			}
		return;
	}
	char text[512];
	struct directive d = { .name = pkg_attr(n, NS_OFFICE, "name") };
	annotation_text(n, text, sizeof(text));
	if (!ingest_parse_directive(text, d.rule, sizeof(d.rule)))
		return;
	d.start = d.name ? xt_pos(&w->x) : w->para_start;
	SM_GROW(w->dirs, w->cap_dirs, w->n_dirs + 1);
	w->dirs[w->n_dirs++] = d;
}

/* The paragraph ended: annotations without a range cover it. */
static void para_done(struct walk *w)
{
	uint32_t end = (uint32_t)w->x.doc->textbuf.len;
	for (size_t i = 0; i < w->n_dirs;) {
		if (!w->dirs[i].name) {
			suppress(w, &w->dirs[i], end);
			w->dirs[i] = w->dirs[--w->n_dirs];
		} else {
			i++;
		}
	}
}

/* Elements whose content is not the manuscript's text. */
static bool skipped(const xmlNode *n)
{
	static const char *const text_tags[] = { "note",
						 "tracked-changes",
						 "sequence-decls",
						 "variable-decls",
						 "user-field-decls",
						 "table-of-content",
						 "alphabetical-index",
						 "illustration-index",
						 "object-index",
						 "user-index",
						 "table-index",
						 "bibliography",
						 "ruby-text",
						 "index-title",
						 "change",
						 "change-start",
						 "change-end" };
	if (is(n, NS_OFFICE, "annotation") || is(n, NS_OFFICE, "annotation-end") || is(n, NS_OFFICE, "forms"))
		return true;
	if (in_ns(n, NS_DRAW))
		return !is(n, NS_DRAW, "frame") && !is(n, NS_DRAW, "text-box");
	for (size_t i = 0; i < SM_ARRAY_LEN(text_tags); i++)
		if (is(n, NS_TEXT, text_tags[i]))
			return true;
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       !strcmp((const char *)n->ns->href, "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0");
}

static void walk_children(struct walk *w, const xmlNode *n, int depth);

static bool has_text(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE || (c->type == XML_ELEMENT_NODE && !skipped(c)))
			return true;
	return false;
}

static void walk_element(struct walk *w, const xmlNode *n, int depth)
{
	if (is(n, NS_OFFICE, "annotation") || is(n, NS_OFFICE, "annotation-end")) {
		annotation(w, n);
		return;
	}
	if (depth > ODT_MAX_DEPTH || skipped(n))
		return;
	if (is(n, NS_TEXT, "h") || is(n, NS_TEXT, "p")) {
		bool page, title, rule;
		style_of(w->ss, pkg_attr(n, NS_TEXT, "style-name"), &page, &title, &rule);
		if (page)
			w->x.page = true;
		if (rule && !has_text(n)) {
			xt_break(&w->x);
			return;
		}
		bool saved = w->x.title;
		if (is(n, NS_TEXT, "h")) {
			const char *lv = pkg_attr(n, NS_TEXT, "outline-level");
			int level = lv ? atoi(lv) : 1;
			xt_begin(&w->x, BLK_HEADING, level < 1 ? 1 : level > 9 ? 9 : level);
		} else if (title) {
			w->x.title = true;
			xt_begin(&w->x, BLK_HEADING, 1);
		} else {
			xt_begin(&w->x, BLK_PARAGRAPH, 0);
		}
		w->para_start = xt_pos(&w->x);
		walk_children(w, n, depth);
		xt_end(&w->x);
		para_done(w);
		w->x.title = saved;
	} else if (is(n, NS_TEXT, "s")) {
		const char *c = pkg_attr(n, NS_TEXT, "c");
		long k = c ? strtol(c, NULL, 10) : 1;
		for (long i = 0; i < k && i < ODT_MAX_SPACES; i++)
			xt_cp(&w->x, ' ');
	} else if (is(n, NS_TEXT, "tab")) {
		xt_cp(&w->x, '\t');
	} else if (is(n, NS_TEXT, "line-break")) {
		xt_cp(&w->x, '\n');
	} else if (is(n, NS_TABLE, "table")) {
		xt_end(&w->x);
		w->table++;
		w->x.in_table = true;
		walk_children(w, n, depth);
		xt_end(&w->x);
		w->x.in_table = --w->table > 0;
	} else if (is(n, NS_TABLE, "table-cell") || is(n, NS_DRAW, "text-box")) {
		xt_end(&w->x);
		walk_children(w, n, depth);
		xt_end(&w->x);
	} else {
		walk_children(w, n, depth);
	}
}

static void walk_children(struct walk *w, const xmlNode *n, int depth)
{
	for (const xmlNode *c = n->children; c && w->x.rc == SM_OK; c = c->next)
		if (!xt_leaf(&w->x, c, false) && c->type == XML_ELEMENT_NODE)
			walk_element(w, c, depth + 1);
}

static const xmlNode *child(const xmlNode *n, const char *ns, const char *local)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is(c, ns, local))
			return c;
	return NULL;
}

int ingest_odt(struct sm_doc *doc, const char *buf, size_t len, struct sm_err *err)
{
	struct pkg *pk;
	int rc = pkg_open(buf, len, "ODT", &pk, err);
	if (rc != SM_OK)
		return rc;
	xmlDocPtr content = NULL, styles_xd = NULL, meta = NULL;
	struct styles ss = { 0 };
	char *mt = NULL;
	size_t mt_len = 0;
	if ((rc = pkg_read(pk, "mimetype", &mt, &mt_len, err)) != SM_OK)
		goto done;
	if (mt && strncmp(mt, "application/vnd.oasis.opendocument.text", mt_len) &&
	    strncmp(mt, "application/vnd.oasis.opendocument.text-template", mt_len)) {
		rc = sm_fail(err, SM_EFORMAT, "not an ODT file: an OpenDocument file of another kind (%.60s)",
			     mt);
		goto done;
	}
	if ((rc = pkg_load_tree(pk, "content.xml", &content, err)) != SM_OK)
		goto done;
	const xmlNode *root = content ? xmlDocGetRootElement(content) : NULL;
	const xmlNode *text = child(child(root, NS_OFFICE, "body"), NS_OFFICE, "text");
	if (!root || !is(root, NS_OFFICE, "document-content") || !text) {
		rc = sm_fail(err, SM_EFORMAT, "not an ODT file: %s",
			     content ? "content.xml holds no office:text" : "missing content.xml");
		goto done;
	}
	if ((rc = pkg_load_tree(pk, "styles.xml", &styles_xd, err)) != SM_OK)
		goto done;
	styles_add(&ss, child(root, NS_OFFICE, "automatic-styles"));
	if (styles_xd)
		styles_add(&ss, child(xmlDocGetRootElement(styles_xd), NS_OFFICE, "styles"));
	if ((rc = pkg_load_tree(pk, "meta.xml", &meta, err)) != SM_OK)
		goto done;
	if (meta) {
		const xmlNode *m = child(xmlDocGetRootElement(meta), NS_OFFICE, "meta");
		doc->meta_title = pkg_node_text(&doc->arena, child(m, NS_DC, "title"));
		doc->meta_author = pkg_node_text(&doc->arena, child(m, NS_DC, "creator"));
		if (!doc->meta_author)
			doc->meta_author = pkg_node_text(&doc->arena, child(m, NS_META, "initial-creator"));
	}
	struct walk w = { .ss = &ss };
	xt_init(&w.x, doc);
	walk_children(&w, text, 1);
	xt_end(&w.x);
	if (w.x.rc != SM_OK)
		rc = sm_fail(err, w.x.rc, "%s", DOC_MAX_TEXT_MSG);
	free(w.dirs);
done:
	free(mt);
	free(ss.v);
	sm_map_free(&ss.names);
	xmlFreeDoc(content);
	xmlFreeDoc(styles_xd);
	xmlFreeDoc(meta);
	pkg_close(pk);
	return rc;
}
