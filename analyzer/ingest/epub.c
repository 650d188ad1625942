/* epub.c: EPUB 2 and 3 ingestion (ingest stage).
 *
 * META-INF/container.xml names the package document (OPF); its spine gives
 * the reading order of the XHTML content documents, each read whole
 * (pkg_load_xhtml: no internal DTD, tag soup read as HTML) and walked:
 * h1-h6 are headings, block elements (p, div, li, blockquote, td, ...)
 * paragraphs, hr a scene break, br a line break, and every spine document
 * begins on a new page. Not body text: the navigation document and any
 * table of contents (manifest property "nav", EPUB 2 guide type "toc",
 * epub:type toc or landmarks, nav elements), spine items marked
 * linear="no", notes and note references (epub:type or ARIA role), head,
 * script, style, images and ruby annotations. Front matter (a cover, title
 * page, copyright page, dedication or epigraph, by epub:type on the body or
 * its first section, or by the EPUB 2 guide) is read, but its headings are
 * the book's titles, never chapters. dc:title and dc:creator give the
 * document's title and author. */
#include "ingest/ingest.h"
#include "ingest/package.h"
#include "ingest/xmltext.h"
#include "base/hmap.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#define NS_OPS         "http://www.idpf.org/2007/ops"
#define EPUB_MAX_DEPTH 200 /* elements nested deeper are not read (libxml2 stops at 256) */

/* epub:type: namespaced in XHTML, a plain "epub:type" attribute when the
 * HTML parser read the part. */
static const char *epub_type(const xmlNode *n)
{
	const char *t = pkg_attr(n, NS_OPS, "type");
	return t ? t : pkg_attr(n, NULL, "epub:type");
}

/* Does the space-separated list hold one of the words of set (also
 * space-separated), any case? */
static bool list_has(const char *list, const char *set)
{
	if (!list)
		return false;
	for (const char *p = list; *p;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		size_t n = 0;
		while (p[n] && !isspace((unsigned char)p[n]))
			n++;
		if (!n)
			break;
		for (const char *s = set; *s;) {
			size_t k = strcspn(s, " ");
			if (k == n && !strncasecmp(s, p, n))
				return true;
			s += k;
			while (*s == ' ')
				s++;
		}
		p += n;
	}
	return false;
}

static bool named(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, local);
}

/* Kinds of spine documents and elements, by epub:type, ARIA role or guide type. */
static const char NOT_TEXT[] = "toc landmarks page-list loi lot noteref footnote footnotes endnote "
			       "endnotes rearnote rearnotes note pagebreak";
static const char NOT_TEXT_ROLE[] = "doc-noteref doc-footnote doc-endnote doc-endnotes doc-toc "
				    "doc-pagebreak doc-pagelist navigation";
static const char FRONT[] = "cover titlepage halftitlepage title-page frontmatter copyright-page "
			    "dedication epigraph imprint colophon seriespage";

/* Elements whose content is not the manuscript's text. */
static bool skipped(const xmlNode *n)
{
	static const char *const tags[] = { "head", "script", "style",    "nav",    "img",    "svg",
					    "math", "audio",  "video",    "object", "iframe", "template",
					    "rt",   "rp",     "noscript", "canvas", "map" };
	for (size_t i = 0; i < SM_ARRAY_LEN(tags); i++)
		if (named(n, tags[i]))
			return true;
	return list_has(epub_type(n), NOT_TEXT) || list_has(pkg_attr(n, NULL, "role"), NOT_TEXT_ROLE);
}

/* Elements that begin and end a paragraph of their own. */
static bool block_level(const xmlNode *n)
{
	static const char *const tags[] = { "p",          "div",      "li",      "dt",      "dd",
					    "blockquote", "pre",      "td",      "th",      "caption",
					    "figcaption", "section",  "article", "header",  "footer",
					    "main",       "aside",    "address", "center",  "table",
					    "tr",         "tbody",    "thead",   "tfoot",   "ul",
					    "ol",         "dl",       "figure",  "details", "summary",
					    "hgroup",     "fieldset", "legend",  "form",    "body" };
	for (size_t i = 0; i < SM_ARRAY_LEN(tags); i++)
		if (named(n, tags[i]))
			return true;
	return false;
}

struct walk {
	struct xt x;
	int pre;              /* inside <pre> */
	int table;            /* inside a table */
	const char *part;     /* the content document being read */
	struct sm_map *notes; /* "part#id" of the notes the book's note references point to */
	struct arena *keys;   /* owns the map's keys */
};

/* A note reference: a link to a fragment whose text is a mark, not words
 * ("1", "[12]", "*", "†", "iv"): pandoc's EPUB 2, Calibre and most books
 * mark notes so, with no epub:type. */
static bool note_mark(const xmlNode *a)
{
	const char *href = pkg_attr(a, NULL, "href");
	if (!href || !strchr(href, '#'))
		return false;
	xmlChar *t = xmlNodeGetContent(a);
	if (!t)
		return false;
	size_t n = 0, letters = 0, digits = 0;
	bool ok = true;
	for (const unsigned char *p = t; *p && ok; p++) {
		if (isspace(*p) || *p == '[' || *p == ']' || *p == '(' || *p == ')')
			continue;
		n++;
		if (isdigit(*p))
			digits++;
		else if (isalpha(*p))
			letters++;
		else if (*p < 0x80)
			ok = *p == '*';
	}
	xmlFree(t);
	return ok && n > 0 && n <= 6 && (digits > 0 ? letters == 0 : letters <= 3);
}

/* The key "part#id" of the element a note reference href points to. */
static const char *note_key(struct walk *w, const char *href, char *buf, size_t cap)
{
	const char *hash = strchr(href, '#');
	char target[PKG_MAX_NAME];
	if (hash == href) {
		snprintf(buf, cap, "%s%s", w->part, hash);
	} else {
		char file[PKG_MAX_NAME];
		size_t fl = (size_t)(hash - href);
		if (fl >= sizeof(file))
			return NULL;
		memcpy(file, href, fl);
		file[fl] = 0;
		if (!pkg_resolve(w->part, file, target, sizeof(target)))
			return NULL;
		snprintf(buf, cap, "%s%s", target, hash);
	}
	return buf;
}

/* Note references and notes by convention: class names pandoc, Calibre and
 * most publishers' tools write. */
static const char NOTE_CLASSES[] = "footnote footnotes endnote endnotes footnote-ref noteref "
				   "footnote-back";

/* Is n a note (the target of a note reference, and no heading or section)? */
static bool is_note(const struct walk *w, const xmlNode *n)
{
	if (list_has(pkg_attr(n, NULL, "class"), NOTE_CLASSES))
		return true;
	const char *id = pkg_attr(n, NULL, "id");
	if (!id || !w->notes || !w->notes->n)
		return false;
	static const char *const never[] = { "body", "section", "article", "main", "h1",
					     "h2",   "h3",      "h4",      "h5",   "h6" };
	for (size_t i = 0; i < SM_ARRAY_LEN(never); i++)
		if (named(n, never[i]))
			return false;
	char key[PKG_MAX_NAME * 2];
	snprintf(key, sizeof(key), "%s#%s", w->part, id);
	return sm_map_str(w->notes, key, strlen(key)) != SM_MAP_NONE;
}

/* Pass one: the targets of every note reference of a content document. */
static void find_notes(struct walk *w, const xmlNode *n, int depth)
{
	for (const xmlNode *c = n->children; c && depth < EPUB_MAX_DEPTH; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (named(c, "a") && note_mark(c)) {
			char buf[PKG_MAX_NAME * 2];
			const char *k = note_key(w, pkg_attr(c, NULL, "href"), buf, sizeof(buf));
			if (k && sm_map_str(w->notes, k, strlen(k)) == SM_MAP_NONE) {
				const char *kept = arena_strdup(w->keys, k);
				sm_map_str_add(w->notes, kept, strlen(kept), NULL);
			}
			continue;
		}
		find_notes(w, c, depth + 1);
	}
}

static void walk_children(struct walk *w, const xmlNode *n, int depth);

static void walk_element(struct walk *w, const xmlNode *n, int depth)
{
	if (depth > EPUB_MAX_DEPTH || skipped(n) || is_note(w, n) || (named(n, "a") && note_mark(n)))
		return;
	const char *name = (const char *)n->name;
	if ((name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6' && !name[2]) {
		xt_begin(&w->x, BLK_HEADING, name[1] - '0');
		walk_children(w, n, depth);
		xt_end(&w->x);
	} else if (named(n, "hr")) {
		xt_break(&w->x);
	} else if (named(n, "br")) {
		xt_cp(&w->x, '\n');
	} else if (block_level(n)) {
		bool pre = named(n, "pre"), table = named(n, "table");
		xt_end(&w->x);
		w->pre += pre;
		w->table += table;
		w->x.in_table = w->table > 0;
		walk_children(w, n, depth);
		xt_end(&w->x);
		w->pre -= pre;
		w->table -= table;
		w->x.in_table = w->table > 0;
	} else {
		walk_children(w, n, depth);
	}
}

static void walk_children(struct walk *w, const xmlNode *n, int depth)
{
	for (const xmlNode *c = n->children; c && w->x.rc == SM_OK; c = c->next)
		if (!xt_leaf(&w->x, c, w->pre > 0) && c->type == XML_ELEMENT_NODE)
			walk_element(w, c, depth + 1);
}

/* ---- the package document ---- */

struct item {
	const char *id, *type, *props; /* borrowed from the OPF tree */
	char href[PKG_MAX_NAME];       /* the part, resolved */
};

struct opf {
	struct item *items;
	size_t n_items;
	struct sm_map ids;           /* item id -> index */
	char (*toc)[PKG_MAX_NAME];   /* EPUB 2 guide: tables of contents */
	char (*front)[PKG_MAX_NAME]; /* ... and front matter */
	size_t n_toc, n_front;
};

static void opf_free(struct opf *o)
{
	free(o->items);
	free(o->toc);
	free(o->front);
	sm_map_free(&o->ids);
}

static bool in_list(char (*list)[PKG_MAX_NAME], size_t n, const char *part)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(list[i], part))
			return true;
	return false;
}

static void opf_load(struct opf *o, struct sm_doc *doc, const xmlNode *root, const char *opf_part)
{
	for (const xmlNode *sec = root->children; sec; sec = sec->next) {
		if (named(sec, "metadata")) {
			for (const xmlNode *m = sec->children; m; m = m->next) {
				if (named(m, "title") && !doc->meta_title)
					doc->meta_title = pkg_node_text(&doc->arena, m);
				else if (named(m, "creator") && !doc->meta_author)
					doc->meta_author = pkg_node_text(&doc->arena, m);
			}
		} else if (named(sec, "manifest") && !o->items) { /* the first one counts */
			size_t n = 0;
			for (const xmlNode *m = sec->children; m; m = m->next)
				n += named(m, "item");
			o->items = xcalloc(n + 1, sizeof(*o->items));
			sm_map_reserve(&o->ids, n);
			for (const xmlNode *m = sec->children; m; m = m->next) {
				const char *id = named(m, "item") ? pkg_attr(m, NULL, "id") : NULL;
				const char *href = id ? pkg_attr(m, NULL, "href") : NULL;
				if (!href || sm_map_str(&o->ids, id, strlen(id)) != SM_MAP_NONE)
					continue;
				struct item *it = &o->items[o->n_items];
				if (!pkg_resolve(opf_part, href, it->href, sizeof(it->href)))
					continue;
				it->id = id;
				it->type = pkg_attr(m, NULL, "media-type");
				it->props = pkg_attr(m, NULL, "properties");
				sm_map_str_add(&o->ids, id, strlen(id), NULL);
				o->n_items++;
			}
		} else if (named(sec, "guide") && !o->toc) { /* the first one counts */
			size_t n = 0;
			for (const xmlNode *m = sec->children; m; m = m->next)
				n += named(m, "reference");
			o->toc = xcalloc(n + 1, sizeof(*o->toc));
			o->front = xcalloc(n + 1, sizeof(*o->front));
			for (const xmlNode *m = sec->children; m; m = m->next) {
				const char *type = named(m, "reference") ? pkg_attr(m, NULL, "type") : NULL;
				const char *href = type ? pkg_attr(m, NULL, "href") : NULL;
				if (!href)
					continue;
				if (list_has(type, "toc") &&
				    pkg_resolve(opf_part, href, o->toc[o->n_toc], PKG_MAX_NAME))
					o->n_toc++;
				else if (list_has(type, FRONT) &&
					 pkg_resolve(opf_part, href, o->front[o->n_front], PKG_MAX_NAME))
					o->n_front++;
			}
		}
	}
}

/* The package document's part name from META-INF/container.xml. */
static bool rootfile(const xmlNode *n, char *out, size_t cap, int depth)
{
	for (; n && depth < 8; n = n->next) {
		if (named(n, "rootfile")) {
			const char *p = pkg_attr(n, NULL, "full-path");
			const char *t = pkg_attr(n, NULL, "media-type");
			if (p && (!t || !strcmp(t, "application/oebps-package+xml")) &&
			    pkg_resolve(NULL, p, out, cap))
				return true;
		}
		if (rootfile(n->children, out, cap, depth + 1))
			return true;
	}
	return false;
}

static bool is_content(const struct item *it)
{
	return it->type && (!strcmp(it->type, "application/xhtml+xml") || !strcmp(it->type, "text/html"));
}

/* The body element of a content document, or NULL. */
static const xmlNode *body_of(const xmlDoc *xd)
{
	const xmlNode *root = xmlDocGetRootElement(xd);
	if (!root)
		return NULL;
	for (const xmlNode *n = root->children; n; n = n->next)
		if (named(n, "body"))
			return n;
	return NULL;
}

/* The epub:type of the body and of its first element. */
static bool doc_typed(const xmlNode *body, const char *set)
{
	if (list_has(epub_type(body), set) || list_has(pkg_attr(body, NULL, "role"), set))
		return true;
	for (const xmlNode *n = body->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return list_has(epub_type(n), set);
	return false;
}

int ingest_epub(struct sm_doc *doc, const char *buf, size_t len, struct sm_err *err)
{
	struct pkg *pk;
	int rc = pkg_open(buf, len, "EPUB", &pk, err);
	if (rc != SM_OK)
		return rc;
	xmlDocPtr cont = NULL, opf_xd = NULL;
	struct opf o = { 0 };
	char opf_part[PKG_MAX_NAME];
	if ((rc = pkg_load_tree(pk, "META-INF/container.xml", &cont, err)) != SM_OK)
		goto done;
	if (!cont) {
		rc = sm_fail(err, SM_EFORMAT, "not an EPUB file: missing META-INF/container.xml");
		goto done;
	}
	if (!rootfile(xmlDocGetRootElement(cont), opf_part, sizeof(opf_part), 0)) {
		rc = sm_fail(err, SM_EFORMAT,
			     "not an EPUB file: META-INF/container.xml names no package document");
		goto done;
	}
	if ((rc = pkg_load_tree(pk, opf_part, &opf_xd, err)) != SM_OK)
		goto done;
	const xmlNode *root = opf_xd ? xmlDocGetRootElement(opf_xd) : NULL;
	if (!root || !named(root, "package")) {
		rc = sm_fail(err, SM_EFORMAT, "not an EPUB file: no package document '%s'", opf_part);
		goto done;
	}
	opf_load(&o, doc, root, opf_part);

	struct sm_map notes = { 0 };
	struct arena keys;
	arena_init(&keys);
	struct walk w = { .notes = &notes, .keys = &keys };
	xt_init(&w.x, doc);
	size_t n_read = 0;
	/* pass 0 finds the notes (they may be in a document of their own), pass 1 reads */
	for (int pass = 0; pass < 2 && rc == SM_OK; pass++)
		for (const xmlNode *sec = root->children; sec && rc == SM_OK; sec = sec->next) {
			if (!named(sec, "spine"))
				continue;
			for (const xmlNode *ir = sec->children; ir && rc == SM_OK; ir = ir->next) {
				const char *idref = named(ir, "itemref") ? pkg_attr(ir, NULL, "idref") : NULL;
				uint32_t k = idref ? sm_map_str(&o.ids, idref, strlen(idref)) : SM_MAP_NONE;
				if (k == SM_MAP_NONE)
					continue;
				const struct item *it = &o.items[k];
				const char *linear = pkg_attr(ir, NULL, "linear");
				if (!is_content(it) || (linear && !strcmp(linear, "no")) ||
				    list_has(it->props, "nav") || in_list(o.toc, o.n_toc, it->href))
					continue;
				xmlDocPtr xd;
				if ((rc = pkg_load_xhtml(pk, it->href, &xd, err)) != SM_OK)
					break;
				const xmlNode *body = xd ? body_of(xd) : NULL;
				w.part = it->href;
				if (body && pass == 0) {
					find_notes(&w, body, 1);
				} else if (body && !doc_typed(body, "toc landmarks doc-toc")) {
					w.x.title = in_list(o.front, o.n_front, it->href) ||
						    doc_typed(body, FRONT);
					w.x.page = n_read > 0;
					walk_children(&w, body, 1);
					xt_end(&w.x);
					rc = w.x.rc == SM_OK ? SM_OK
							     : sm_fail(err, w.x.rc, "%s", DOC_MAX_TEXT_MSG);
					n_read++;
				}
				xmlFreeDoc(xd);
			}
		}
	if (rc == SM_OK && n_read == 0)
		rc = sm_fail(err, SM_EFORMAT, "not an EPUB file: the spine of '%s' names no content document",
			     opf_part);
	sm_map_free(&notes);
	arena_release(&keys);
done:
	opf_free(&o);
	xmlFreeDoc(cont);
	xmlFreeDoc(opf_xd);
	pkg_close(pk);
	return rc;
}
