/* docx.c: DOCX ingestion (ingest stage). The package is read from memory
 * with libzip, every inflated byte counted against INGEST_MAX_INFLATE and
 * INGEST_MAX_RATIO; each XML part is parsed by libxml2 with no DTD, no entity
 * expansion and no network. The main part is streamed through SAX2 into the
 * block builder of doc.h; styles.xml gives heading levels, comments.xml the
 * "storymaster: ignore RULE" suppressions, docProps/core.xml title and author. */
#include "ingest/ingest.h"
#include "ingest/package.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#define NS_W_TRANS  "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_MC       "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define NS_VML      "urn:schemas-microsoft-com:vml"
#define NS_OFFICE   "urn:schemas-microsoft-com:office:office"
#define NS_DC       "http://purl.org/dc/elements/1.1/"

#define LEVEL_TITLE 10         /* resolved style level of the Title style */

static bool is_w_ns(const xmlChar *uri)
{
	return uri && (!strcmp((const char *)uri, NS_W_TRANS) || !strcmp((const char *)uri, NS_W_STRICT));
}

static bool node_is(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

static bool node_is_w(const xmlNode *n, const char *local)
{
	return node_is(n, local) && n->ns && is_w_ns(n->ns->href);
}

/* Value of attribute local (in the WordprocessingML namespace or none);
 * borrowed from the tree, NULL when absent. */
static const char *tree_attr(const xmlNode *n, const char *local, bool w_only)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		if (strcmp((const char *)a->name, local))
			continue;
		if (w_only && a->ns && !is_w_ns(a->ns->href))
			continue;
		if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

/* ================================================================ */
/* Relationships and the main part                                   */
/* ================================================================ */

/* ================================================================ */
/* Styles: heading levels through w:basedOn chains                   */
/* ================================================================ */

struct style {
	char *id;        /* w:styleId (malloc) */
	char *based_on;  /* w:basedOn value or NULL (malloc) */
	int outline;     /* own w:outlineLvl 0..9, -1 when none */
	int name_level;  /* 1..9 for the built-in name "heading N", else 0 */
	bool title;      /* built-in name "Title" */
	bool hrule;      /* LibreOffice's "Horizontal Line": an empty one is a drawn rule */
	int level;       /* resolved: 0 body, 1..9 heading, LEVEL_TITLE */
};

struct styles {
	struct style *v;
	size_t n, cap;
	int default_level; /* level of the default paragraph style */
};

static int style_cmp(const void *a, const void *b)
{
	return strcmp(((const struct style *)a)->id, ((const struct style *)b)->id);
}

static struct style *style_find(const struct styles *ss, const char *id)
{
	if (!id || !ss->n)
		return NULL;
	struct style key = { .id = (char *)(uintptr_t)id };
	return bsearch(&key, ss->v, ss->n, sizeof(*ss->v), style_cmp);
}

/* Level of a style: the first style up the basedOn chain that says anything
 * decides (Title name, outline level, "heading N" name); cycles end the walk. */
static int style_resolve(const struct styles *ss, const struct style *s)
{
	for (int hops = 0; s && hops < 32; hops++) {
		if (s->title)
			return LEVEL_TITLE;
		if (s->outline >= 0)
			return s->outline < 9 ? s->outline + 1 : 0;
		if (s->name_level)
			return s->name_level;
		s = s->based_on ? style_find(ss, s->based_on) : NULL;
	}
	return 0;
}

static void styles_free(struct styles *ss)
{
	for (size_t i = 0; i < ss->n; i++) {
		free(ss->v[i].id);
		free(ss->v[i].based_on);
	}
	free(ss->v);
	memset(ss, 0, sizeof(*ss));
}

/* Fill ss from a parsed styles part (NULL: no styles, everything is body). */
static void styles_load(struct styles *ss, xmlDocPtr xd)
{
	memset(ss, 0, sizeof(*ss));
	xmlNodePtr root = xd ? xmlDocGetRootElement(xd) : NULL;
	if (!root)
		return;
	char *default_id = NULL;
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (!node_is_w(n, "style"))
			continue;
		const char *type = tree_attr(n, "type", true);
		const char *id = tree_attr(n, "styleId", true);
		if (!id || (type && strcmp(type, "paragraph")))
			continue;
		SM_GROW(ss->v, ss->cap, ss->n + 1);
		struct style *s = &ss->v[ss->n++];
		memset(s, 0, sizeof(*s));
		s->id = xstrdup(id);
		s->outline = -1;
		const char *def = tree_attr(n, "default", true);
		if (def && (!strcmp(def, "1") || !strcmp(def, "true") || !strcmp(def, "on")) && !default_id)
			default_id = s->id;
		for (xmlNodePtr c = n->children; c; c = c->next) {
			const char *val = node_is_w(c, "name") || node_is_w(c, "basedOn") ? tree_attr(c, "val", true) : NULL;
			if (node_is_w(c, "name") && val) {
				if (!strcasecmp(val, "title"))
					s->title = true;
				else if (!strcasecmp(val, "horizontal line"))
					s->hrule = true;
				else if (!strncasecmp(val, "heading ", 8) && val[8] >= '1' && val[8] <= '9' && !val[9])
					s->name_level = val[8] - '0';
			} else if (node_is_w(c, "basedOn") && val && !s->based_on) {
				s->based_on = xstrdup(val);
			} else if (node_is_w(c, "pPr")) {
				for (xmlNodePtr q = c->children; q; q = q->next) {
					const char *lv = node_is_w(q, "outlineLvl") ? tree_attr(q, "val", true) : NULL;
					if (lv && lv[0] >= '0' && lv[0] <= '9' && !lv[1])
						s->outline = lv[0] - '0';
				}
			}
		}
	}
	if (!ss->n)
		return;
	qsort(ss->v, ss->n, sizeof(*ss->v), style_cmp);
	for (size_t i = 0; i < ss->n; i++)
		ss->v[i].level = style_resolve(ss, &ss->v[i]);
	const struct style *d = style_find(ss, default_id); /* the string survives the sort */
	ss->default_level = d ? d->level : 0;
}

/* ================================================================ */
/* Comments: "storymaster: ignore RULE" directives                   */
/* ================================================================ */

struct directive {
	long id;          /* w:id of the comment */
	size_t seq;       /* order in comments.xml: the first of equal ids wins */
	char rule[96];    /* rule ids, comma-separated; "*" for all */
};

struct directives {
	struct directive *v;
	size_t n, cap;
};

static void collect_text(const xmlNode *n, struct sbuf *sb)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (node_is_w(n, "t")) {
			for (const xmlNode *c = n->children; c; c = c->next)
				if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
					sbuf_adds(sb, (const char *)c->content);
		} else if (node_is_w(n, "p")) {
			collect_text(n->children, sb);
			sbuf_addc(sb, ' ');
		} else if (!node_is_w(n, "del") && !node_is_w(n, "moveFrom")) {
			collect_text(n->children, sb);
		}
		if (sb->len > 512)
			return;
	}
}

static int directive_cmp(const void *a, const void *b)
{
	const struct directive *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void directives_load(struct directives *ds, xmlDocPtr xd)
{
	memset(ds, 0, sizeof(*ds));
	xmlNodePtr root = xd ? xmlDocGetRootElement(xd) : NULL;
	if (!root)
		return;
	struct sbuf sb;
	sbuf_init(&sb, 4096);
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (!node_is_w(n, "comment"))
			continue;
		const char *id = tree_attr(n, "id", true);
		if (!id)
			continue;
		sbuf_reset(&sb);
		collect_text(n->children, &sb);
		struct directive d;
		if (!sb.buf || !ingest_parse_directive(sb.buf, d.rule, sizeof(d.rule)))
			continue;
		d.id = strtol(id, NULL, 10);
		d.seq = ds->n;
		SM_GROW(ds->v, ds->cap, ds->n + 1);
		ds->v[ds->n++] = d;
	}
	sbuf_release(&sb);
	/* Sorted by id for directive_find: a linear search per comment mark made
	 * a document with 80,000 comments take 13 s. */
	if (ds->n > 1)
		qsort(ds->v, ds->n, sizeof(*ds->v), directive_cmp);
}

static const struct directive *directive_find(const struct directives *ds, long id)
{
	size_t lo = 0, hi = ds->n; /* first entry with v[i].id >= id */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ds->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ds->n && ds->v[lo].id == id ? &ds->v[lo] : NULL;
}

/* ================================================================ */
/* Core properties: title and author                                 */
/* ================================================================ */

static const char *core_text(struct sm_doc *doc, xmlNodePtr root, const char *local)
{
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (!node_is(n, local) || !n->ns || strcmp((const char *)n->ns->href, NS_DC))
			continue;
		return pkg_node_text(&doc->arena, n);
	}
	return NULL;
}

/* ================================================================ */
/* Main part: SAX2 stream into the block builder                     */
/* ================================================================ */

#define MAX_DEPTH 512 /* libxml2 itself stops at 256 without XML_PARSE_HUGE */
#define PARA_MAX  8   /* paragraphs nested through text boxes */
#define AC_MAX    32  /* nested mc:AlternateContent */
#define FLD_MAX   64  /* nested complex fields tracked */
#define NS_MAX    256 /* namespace bindings in scope */

enum tag { TAG_OTHER, TAG_BODY, TAG_P, TAG_PPR, TAG_PPR_RPR, TAG_T, TAG_TXBX, TAG_AC, TAG_TBL };
enum nscls { NSC_OTHER, NSC_W, NSC_MC, NSC_VML };

struct para {
	bool deferred;    /* text-box paragraph: buffered, emitted after its body paragraph */
	bool begun;       /* its block is open in the document */
	bool page_before; /* w:pageBreakBefore */
	int style_level;  /* from w:pStyle (or the default style) */
	int own_outline;  /* own w:outlineLvl, -1 when none */
	bool hrule;       /* style "Horizontal Line" */
	bool emitted;     /* some text of it went into a block */
	bool mark_deleted;/* its paragraph mark is a tracked deletion: it joins the next */
	struct sbuf text; /* deferred paragraphs only */
};

struct open_comment {
	long id;
	uint32_t off; /* text offset of w:commentRangeStart */
};

struct rd {
	struct sm_doc *doc;
	struct sm_err *err;
	xmlParserCtxtPtr ctxt;
	const char *part;
	const struct styles *styles;
	const struct directives *dirs;
	int rc;                    /* first error of ours (SM_OK while fine) */
	bool saw_root;             /* root element is w:document */
	char xml_msg[160];         /* first libxml2 error */
	int xml_line;

	int depth;                 /* open elements */
	int skip;                  /* >0: inside a skipped subtree (elements open in it) */
	uint8_t tags[MAX_DEPTH];
	uint16_t nsn[MAX_DEPTH];   /* namespace bindings declared by each open element */
	const xmlChar *ns_prefix[NS_MAX], *ns_uri[NS_MAX];
	int n_ns;
	const xmlChar *ns_cache_uri[4];
	uint8_t ns_cache_cls[4];
	int ns_cache_next;

	int in_body;
	bool join;                 /* the open block continues into the next body paragraph */
	int txbx;                  /* open w:txbxContent */
	int tbl;                   /* open w:tbl (tables nest) */
	struct para paras[PARA_MAX];
	int np;
	bool ac_chosen[AC_MAX];
	int n_ac;
	bool fld_instr[FLD_MAX];   /* per open field: still in its instructions */
	int n_fld, n_instr;
	struct sbuf deferred;      /* records of text-box paragraphs waiting */
	struct open_comment *oc;
	size_t n_oc, cap_oc;
};

static void rd_fail(struct rd *r, int rc, const char *fmt, const char *arg)
{
	if (r->rc == SM_OK)
		r->rc = sm_fail(r->err, (enum sm_rc)rc, fmt, arg);
	xmlStopParser(r->ctxt);
}

static enum nscls ns_class(struct rd *r, const xmlChar *uri)
{
	if (!uri)
		return NSC_OTHER;
	for (int i = 0; i < 4; i++)
		if (r->ns_cache_uri[i] == uri) /* dictionary strings: pointer identity */
			return (enum nscls)r->ns_cache_cls[i];
	const char *u = (const char *)uri;
	enum nscls c = is_w_ns(uri) ? NSC_W : !strcmp(u, NS_MC) ? NSC_MC : !strcmp(u, NS_VML) ? NSC_VML : NSC_OTHER;
	r->ns_cache_uri[r->ns_cache_next] = uri;
	r->ns_cache_cls[r->ns_cache_next] = (uint8_t)c;
	r->ns_cache_next = (r->ns_cache_next + 1) & 3;
	return c;
}

/* Attribute local copied into buf; NULL when absent. ns NULL: in the
 * WordprocessingML namespace or unqualified; "": unqualified only; else in
 * that namespace. SAX2 attributes come as 5-tuples. */
static const char *sax_attr(const xmlChar **attrs, int n, const char *local, const char *ns,
			    char *buf, size_t cap)
{
	for (int i = 0; i < n; i++) {
		const xmlChar **a = attrs + 5 * i;
		if (strcmp((const char *)a[0], local))
			continue;
		bool match = !ns ? !a[2] || is_w_ns(a[2]) : !ns[0] ? !a[2] : a[2] && !strcmp((const char *)a[2], ns);
		if (!match)
			continue;
		size_t len = (size_t)(a[4] - a[3]);
		if (len >= cap)
			len = cap - 1;
		memcpy(buf, a[3], len);
		buf[len] = '\0';
		return buf;
	}
	return NULL;
}

static bool on_off(const char *v)
{
	return !v || !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "on");
}

/* Level of the paragraph: its own outline level wins over its style. */
static int para_level(const struct para *p)
{
	if (p->own_outline >= 0)
		return p->own_outline < 9 ? p->own_outline + 1 : 0;
	return p->style_level;
}

static void open_block(struct rd *r, struct para *p)
{
	if (p->begun)
		return;
	if (r->join && r->doc->open_block >= 0) {
		/* the previous paragraph's mark was deleted: accepted, the two are one */
		r->join = false;
		p->begun = p->emitted = true;
		return;
	}
	r->join = false;
	if (p->page_before) {
		doc_mark_page_break(r->doc);
		p->page_before = false;
	}
	int lv = para_level(p);
	doc_block_begin(r->doc, lv ? BLK_HEADING : BLK_PARAGRAPH, lv == LEVEL_TITLE ? 1 : lv, UINT32_MAX);
	if (lv == LEVEL_TITLE)
		r->doc->blocks[r->doc->open_block].style_title = true;
	r->doc->blocks[r->doc->open_block].in_table = r->tbl > 0;
	p->begun = true;
	p->emitted = true;
}

/* Where the next text goes: the open paragraph, NULL to drop it. */
static struct para *text_target(struct rd *r)
{
	if (r->np == 0 || r->n_instr > 0 || !r->in_body)
		return NULL;
	return &r->paras[r->np - 1];
}

static void emit_text(struct rd *r, const char *s, size_t n)
{
	struct para *p = text_target(r);
	if (!p || n == 0)
		return;
	if (p->deferred) {
		if (sbuf_add(&p->text, s, n) != SM_OK)
			rd_fail(r, SM_ELIMIT, "refused: a text box in '%s' is too large", r->part);
		return;
	}
	open_block(r, p);
	if (doc_block_text(r->doc, s, n, UINT32_MAX) != SM_OK)
		rd_fail(r, SM_ELIMIT, "%s", DOC_MAX_TEXT_MSG);
}

static void emit_cp(struct rd *r, unsigned cp)
{
	struct para *p = text_target(r);
	if (!p)
		return;
	if (p->deferred) {
		if (sbuf_add_utf8(&p->text, cp) != SM_OK)
			rd_fail(r, SM_ELIMIT, "refused: a text box in '%s' is too large", r->part);
		return;
	}
	open_block(r, p);
	if (doc_block_cp(r->doc, cp) != SM_OK)
		rd_fail(r, SM_ELIMIT, "%s", DOC_MAX_TEXT_MSG);
}

/* A page break or drawn rule inside a body paragraph: end the block so far
 * (the mark belongs to what follows), and continue in a new block. */
static void mark_in_para(struct rd *r, bool page)
{
	struct para *p = text_target(r);
	if (!p) {
		if (r->np == 0 && r->in_body && r->n_instr == 0) {
			if (page)
				doc_mark_page_break(r->doc);
			else
				doc_mark_break(r->doc);
		}
		return;
	}
	if (p->deferred) {
		if (page)
			emit_cp(r, '\n');
		return;
	}
	if (r->join && r->doc->open_block >= 0) {
		doc_block_end(r->doc);
		r->join = false;
	}
	if (p->begun) {
		doc_block_end(r->doc);
		p->begun = false;
	}
	if (page)
		doc_mark_page_break(r->doc);
	else
		doc_mark_break(r->doc);
}

/* Emit the text-box paragraphs collected while the body paragraph was open. */
static void flush_deferred(struct rd *r)
{
	const char *b = r->deferred.buf;
	size_t i = 0, n = r->deferred.len;
	while (b && i + 5 <= n && r->rc == SM_OK) {
		int lv = (unsigned char)b[i];
		uint32_t len;
		memcpy(&len, b + i + 1, 4);
		i += 5;
		doc_block_begin(r->doc, lv ? BLK_HEADING : BLK_PARAGRAPH, lv == LEVEL_TITLE ? 1 : lv, UINT32_MAX);
		if (lv == LEVEL_TITLE)
			r->doc->blocks[r->doc->open_block].style_title = true;
		if (doc_block_text(r->doc, b + i, len, UINT32_MAX) != SM_OK)
			rd_fail(r, SM_ELIMIT, "%s", DOC_MAX_TEXT_MSG);
		else
			doc_block_end(r->doc);
		i += len;
	}
	sbuf_reset(&r->deferred);
}

static void para_begin(struct rd *r)
{
	struct para *p = &r->paras[r->np++];
	memset(p, 0, sizeof(*p));
	p->deferred = r->np > 1 || r->txbx > 0;
	p->style_level = r->styles->default_level;
	p->own_outline = -1;
	sbuf_init(&p->text, INGEST_MAX_INFLATE);
}

static void para_end(struct rd *r)
{
	struct para *p = &r->paras[--r->np];
	if (p->deferred) {
		if (p->text.len > 0) {
			unsigned char hdr[5];
			uint32_t len = (uint32_t)p->text.len;
			hdr[0] = (unsigned char)para_level(p);
			memcpy(hdr + 1, &len, 4);
			if (sbuf_add(&r->deferred, hdr, 5) != SM_OK ||
			    sbuf_add(&r->deferred, p->text.buf, p->text.len) != SM_OK)
				rd_fail(r, SM_ELIMIT, "refused: text boxes in '%s' are too large", r->part);
		}
		sbuf_release(&p->text);
	} else {
		if (r->join && !p->begun && !p->mark_deleted) {
			doc_block_end(r->doc); /* an empty paragraph ends the joined one */
			r->join = false;
		}
		if (p->begun && p->mark_deleted && r->doc->open_block >= 0)
			r->join = true;
		else if (p->begun)
			doc_block_end(r->doc);
		else if (p->page_before)
			doc_mark_page_break(r->doc);
		if (p->hrule && !p->emitted)
			doc_mark_break(r->doc); /* LibreOffice writes thematic breaks so */
	}
	if (r->np == 0 && r->deferred.len)
		flush_deferred(r);
}

/* Text offset where the next character of the body will land. */
static uint32_t text_pos(const struct rd *r)
{
	size_t len = r->doc->textbuf.len;
	if (r->doc->open_block < 0 && len > 0)
		len += 2; /* the block separator to come */
	return (uint32_t)len;
}

static void comment_mark(struct rd *r, const xmlChar **attrs, int n_attrs, bool start)
{
	char v[32];
	struct para *p = r->np ? &r->paras[r->np - 1] : NULL;
	if (!r->dirs->n || (p && p->deferred) || !sax_attr(attrs, n_attrs, "id", NULL, v, sizeof(v)))
		return;
	long id = strtol(v, NULL, 10);
	const struct directive *d = directive_find(r->dirs, id);
	if (!d)
		return;
	if (start) {
		SM_GROW(r->oc, r->cap_oc, r->n_oc + 1);
		r->oc[r->n_oc].id = id;
		r->oc[r->n_oc].off = text_pos(r);
		r->n_oc++;
		return;
	}
	for (size_t i = 0; i < r->n_oc; i++) {
		if (r->oc[i].id != id)
			continue;
		uint32_t s = r->oc[i].off, e = (uint32_t)r->doc->textbuf.len;
		if (e > s) {
			char rule[sizeof(d->rule)];
			memcpy(rule, d->rule, sizeof(rule));
			for (char *tok = strtok(rule, ","); tok; tok = strtok(NULL, ","))
				doc_add_suppress(r->doc, s, e - s, tok);
		}
		r->oc[i] = r->oc[--r->n_oc];
		return;
	}
}

static void field_char(struct rd *r, const char *type)
{
	if (!type)
		return;
	if (!strcmp(type, "begin")) {
		if (r->n_fld < FLD_MAX)
			r->fld_instr[r->n_fld] = true;
		r->n_fld++;
		r->n_instr++;
	} else if (!strcmp(type, "separate")) {
		if (r->n_fld > 0 && r->n_fld <= FLD_MAX && r->fld_instr[r->n_fld - 1]) {
			r->fld_instr[r->n_fld - 1] = false;
			r->n_instr--;
		}
	} else if (!strcmp(type, "end")) {
		if (r->n_fld == 0)
			return;
		r->n_fld--;
		if (r->n_fld >= FLD_MAX || r->fld_instr[r->n_fld])
			r->n_instr--;
	}
}

/* Namespaces we understand in mc:Choice Requires (DrawingML shapes and the
 * Word 2010+ extensions, whose text boxes hold ordinary w:txbxContent). */
static bool understood_ns(const char *uri)
{
	static const char *const ok[] = {
		"http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
		"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
		"http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
		"http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
		"http://schemas.microsoft.com/office/word/2010/wordml",
		"http://schemas.microsoft.com/office/word/2012/wordml",
		NS_W_TRANS, NS_W_STRICT, NS_VML, NS_OFFICE,
	};
	for (size_t i = 0; i < SM_ARRAY_LEN(ok); i++)
		if (!strcmp(uri, ok[i]))
			return true;
	return false;
}

static bool requires_ok(struct rd *r, const char *req)
{
	if (!req)
		return false;
	bool any = false;
	while (*req) {
		while (*req == ' ' || *req == '\t')
			req++;
		const char *s = req;
		while (*req && *req != ' ' && *req != '\t')
			req++;
		size_t n = (size_t)(req - s);
		if (!n)
			break;
		const char *uri = NULL;
		for (int i = r->n_ns - 1; i >= 0; i--) {
			const char *pf = (const char *)r->ns_prefix[i];
			if (pf && strlen(pf) == n && !strncmp(pf, s, n)) {
				uri = (const char *)r->ns_uri[i];
				break;
			}
		}
		if (!uri || !understood_ns(uri))
			return false;
		any = true;
	}
	return any;
}

/* The Symbol font draws Latin letters as Greek ones (Adobe Symbol encoding). */
static unsigned long symbol_font(unsigned long cp)
{
	static const unsigned short upper[26] = {
		0x391, 0x392, 0x3A7, 0x394, 0x395, 0x3A6, 0x393, 0x397, 0x399, 0x3D1, 0x39A, 0x39B, 0x39C,
		0x39D, 0x39F, 0x3A0, 0x398, 0x3A1, 0x3A3, 0x3A4, 0x3A5, 0x3C2, 0x3A9, 0x39E, 0x3A8, 0x396,
	};
	static const unsigned short lower[26] = {
		0x3B1, 0x3B2, 0x3C7, 0x3B4, 0x3B5, 0x3C6, 0x3B3, 0x3B7, 0x3B9, 0x3D5, 0x3BA, 0x3BB, 0x3BC,
		0x3BD, 0x3BF, 0x3C0, 0x3B8, 0x3C1, 0x3C3, 0x3C4, 0x3C5, 0x3D6, 0x3C9, 0x3BE, 0x3C8, 0x3B6,
	};
	if (cp >= 'A' && cp <= 'Z')
		return upper[cp - 'A'];
	if (cp >= 'a' && cp <= 'z')
		return lower[cp - 'a'];
	return cp;
}

/* Elements whose whole subtree is never body text. */
static bool w_skipped(const char *l)
{
	static const char *const skip[] = {
		"rPr", "sectPr", "tblPr", "tblPrEx", "trPr", "tcPr", "tblGrid", "sdtPr", "sdtEndPr",
		"del", "moveFrom", "delText", "instrText", "delInstrText", "rt", "customXmlPr",
		"smartTagPr", "fldData", "background", "footnotePr", "endnotePr", "commentReference",
		"footnoteReference", "endnoteReference", "object", "permStart",
	};
	for (size_t i = 0; i < SM_ARRAY_LEN(skip); i++)
		if (!strcmp(l, skip[i]))
			return true;
	return false;
}

/* A start tag in the W namespace; returns the tag to push, or -1 to skip. */
static int start_w(struct rd *r, const char *l, int n_attrs, const xmlChar **attrs)
{
	char v[64];
	enum tag parent = r->depth > 0 ? (enum tag)r->tags[r->depth - 1] : TAG_OTHER;
	if (r->depth == 0) {
		if (strcmp(l, "document")) {
			rd_fail(r, SM_EFORMAT, "not a DOCX file: '%s' is not a WordprocessingML document", r->part);
			return -1;
		}
		r->saw_root = true;
		return TAG_OTHER;
	}
	if (!strcmp(l, "body")) {
		r->in_body++;
		return TAG_BODY;
	}
	if (!r->in_body)
		return -1;
	if (parent == TAG_PPR) {
		struct para *p = &r->paras[r->np - 1];
		if (!strcmp(l, "pStyle")) {
			const struct style *s = style_find(r->styles, sax_attr(attrs, n_attrs, "val", NULL, v, sizeof(v)));
			p->style_level = s ? s->level : 0;
			p->hrule = s && s->hrule;
		} else if (!strcmp(l, "outlineLvl")) {
			const char *lv = sax_attr(attrs, n_attrs, "val", NULL, v, sizeof(v));
			if (lv && lv[0] >= '0' && lv[0] <= '9' && !lv[1])
				p->own_outline = lv[0] - '0';
		} else if (!strcmp(l, "pageBreakBefore")) {
			p->page_before = on_off(sax_attr(attrs, n_attrs, "val", NULL, v, sizeof(v)));
		} else if (!strcmp(l, "rPr")) {
			return TAG_PPR_RPR;
		}
		return -1;
	}
	if (parent == TAG_PPR_RPR) {
		if (!strcmp(l, "del") || !strcmp(l, "moveFrom"))
			r->paras[r->np - 1].mark_deleted = true;
		return -1;
	}
	switch (l[0]) {
	case 'p':
		if (!strcmp(l, "p")) {
			if (r->np >= PARA_MAX)
				return TAG_OTHER;
			para_begin(r);
			return TAG_P;
		}
		if (!strcmp(l, "pPr"))
			return parent == TAG_P ? TAG_PPR : -1;
		if (!strcmp(l, "ptab")) {
			emit_cp(r, '\t');
			return -1;
		}
		break;
	case 't':
		if (!strcmp(l, "t"))
			return TAG_T;
		if (!strcmp(l, "tbl")) {
			r->tbl++;
			return TAG_TBL;
		}
		if (!strcmp(l, "tab")) {
			emit_cp(r, '\t');
			return -1;
		}
		if (!strcmp(l, "txbxContent")) {
			r->txbx++;
			return TAG_TXBX;
		}
		break;
	case 'b':
		if (!strcmp(l, "br")) {
			const char *type = sax_attr(attrs, n_attrs, "type", NULL, v, sizeof(v));
			if (type && !strcmp(type, "page"))
				mark_in_para(r, true);
			else
				emit_cp(r, '\n');
			return -1;
		}
		break;
	case 'c':
		if (!strcmp(l, "cr")) {
			emit_cp(r, '\n');
			return -1;
		}
		if (!strcmp(l, "commentRangeStart") || !strcmp(l, "commentRangeEnd")) {
			comment_mark(r, attrs, n_attrs, l[12] == 'S');
			return -1;
		}
		break;
	case 's':
		if (!strcmp(l, "sym")) {
			char font[32];
			const char *c = sax_attr(attrs, n_attrs, "char", NULL, v, sizeof(v));
			const char *f = sax_attr(attrs, n_attrs, "font", NULL, font, sizeof(font));
			unsigned long cp = c ? strtoul(c, NULL, 16) : 0;
			if (cp >= 0xF000 && cp <= 0xF0FF)
				cp -= 0xF000; /* symbol fonts sit in the private-use area */
			if (f && !strcasecmp(f, "Symbol"))
				cp = symbol_font(cp);
			if (cp >= 0x20 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0x7F)
				emit_cp(r, (unsigned)cp);
			return -1;
		}
		if (!strcmp(l, "softHyphen"))
			return -1; /* invisible unless a line breaks there: never text */
		break;
	case 'n':
		if (!strcmp(l, "noBreakHyphen")) {
			emit_cp(r, 0x2011);
			return -1;
		}
		break;
	case 'f':
		if (!strcmp(l, "fldChar")) {
			field_char(r, sax_attr(attrs, n_attrs, "fldCharType", NULL, v, sizeof(v)));
			return -1;
		}
		break;
	default:
		break;
	}
	return w_skipped(l) ? -1 : TAG_OTHER;
}

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
		      int n_ns, const xmlChar **namespaces, int n_attrs, int n_defaulted,
		      const xmlChar **attrs)
{
	struct rd *r = ctx;
	(void)prefix;
	(void)n_defaulted;
	if (r->depth >= MAX_DEPTH) {
		rd_fail(r, SM_ELIMIT, "refused: XML in '%s' is nested too deeply", r->part);
		return;
	}
	/* namespace bindings, for mc:Choice Requires */
	int pushed = 0;
	for (int i = 0; i < n_ns && r->n_ns < NS_MAX; i++, pushed++) {
		r->ns_prefix[r->n_ns] = namespaces[2 * i];
		r->ns_uri[r->n_ns] = namespaces[2 * i + 1];
		r->n_ns++;
	}
	r->nsn[r->depth] = (uint16_t)pushed;
	if (r->skip || r->rc != SM_OK) {
		if (r->skip)
			r->skip++;
		r->tags[r->depth++] = TAG_OTHER;
		return;
	}
	const char *l = (const char *)localname;
	int tag = TAG_OTHER;
	enum tag parent = r->depth > 0 ? (enum tag)r->tags[r->depth - 1] : TAG_OTHER;
	switch (ns_class(r, uri)) {
	case NSC_W:
		tag = start_w(r, l, n_attrs, attrs);
		break;
	case NSC_MC:
		if (!strcmp(l, "AlternateContent")) {
			if (r->n_ac >= AC_MAX) {
				tag = -1;
			} else {
				r->ac_chosen[r->n_ac++] = false;
				tag = TAG_AC;
			}
		} else if (parent == TAG_AC && (!strcmp(l, "Choice") || !strcmp(l, "Fallback"))) {
			char req[256];
			bool *chosen = &r->ac_chosen[r->n_ac - 1];
			bool take = !*chosen && (l[0] == 'F' ||
						 requires_ok(r, sax_attr(attrs, n_attrs, "Requires", "", req, sizeof(req))));
			if (take)
				*chosen = true;
			tag = take ? TAG_OTHER : -1;
		}
		break;
	case NSC_VML:
		if (!strcmp(l, "rect")) {
			char v[16];
			const char *hr = sax_attr(attrs, n_attrs, "hr", NS_OFFICE, v, sizeof(v));
			if (hr && (!strcmp(hr, "t") || !strcmp(hr, "true")))
				mark_in_para(r, false);
		}
		break;
	default:
		if (r->depth == 0)
			rd_fail(r, SM_EFORMAT, "not a DOCX file: '%s' is not a WordprocessingML document", r->part);
		break;
	}
	if (tag < 0) {
		r->skip = 1;
		tag = TAG_OTHER;
	}
	r->tags[r->depth++] = (uint8_t)tag;
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	struct rd *r = ctx;
	(void)localname;
	(void)prefix;
	(void)uri;
	if (r->depth == 0)
		return;
	enum tag tag = (enum tag)r->tags[--r->depth];
	r->n_ns -= r->nsn[r->depth];
	if (r->skip) {
		r->skip--;
		return;
	}
	if (r->rc != SM_OK)
		return;
	switch (tag) {
	case TAG_BODY: r->in_body--; break;
	case TAG_P: para_end(r); break;
	case TAG_TXBX: r->txbx--; break;
	case TAG_AC: r->n_ac--; break;
	case TAG_TBL: r->tbl--; break;
	default: break;
	}
}

static void sax_chars(void *ctx, const xmlChar *s, int n)
{
	struct rd *r = ctx;
	if (r->skip || r->rc != SM_OK || r->depth == 0 || r->tags[r->depth - 1] != TAG_T)
		return;
	emit_text(r, (const char *)s, (size_t)n);
}

static void sax_dtd(void *ctx, const xmlChar *name, const xmlChar *ext_id, const xmlChar *sys_id)
{
	struct rd *r = ctx;
	(void)name;
	(void)ext_id;
	(void)sys_id;
	if (r->rc == SM_OK)
		r->rc = pkg_refuse_dtd("DOCX", r->part, r->err);
	xmlStopParser(r->ctxt);
}

static void sax_error(void *ctx, xmlErrorPtr e)
{
	struct rd *r = ctx;
	if (!e || e->level < XML_ERR_ERROR)
		return;
	if (!r->xml_msg[0]) {
		pkg_tidy_msg(r->xml_msg, sizeof(r->xml_msg), e->message);
		r->xml_line = e->line;
	}
	/* the part is refused at a fatal error: stop there (libxml2 would go
	 * on raising one error per bad byte, see package.c) */
	if (e->level == XML_ERR_FATAL)
		xmlStopParser(r->ctxt);
}

static int read_main(struct sm_doc *doc, const char *part, const char *buf, size_t len,
		     const struct styles *ss, const struct directives *ds, struct sm_err *err)
{
	int crc = pkg_check_xml("DOCX", part, buf, len, err);
	if (crc != SM_OK)
		return crc;
	struct rd *r = xcalloc(1, sizeof(*r));
	r->doc = doc;
	r->err = err;
	r->part = part;
	r->styles = ss;
	r->dirs = ds;
	sbuf_init(&r->deferred, INGEST_MAX_INFLATE);

	xmlSAXHandler sax;
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = sax_start;
	sax.endElementNs = sax_end;
	sax.characters = sax_chars;
	sax.cdataBlock = sax_chars;
	sax.ignorableWhitespace = sax_chars;
	sax.internalSubset = sax_dtd;
	sax.serror = sax_error;
	r->ctxt = xmlCreatePushParserCtxt(&sax, r, NULL, 0, part);
	if (!r->ctxt)
		SM_BUG("xmlCreatePushParserCtxt failed");
	xmlCtxtUseOptions(r->ctxt, PKG_XML_OPTS);
	/* Feed in chunks: one huge chunk trips libxml2's lookahead limit. */
	int prc = 0;
	size_t at = 0;
	do {
		size_t n = len - at < (1u << 18) ? len - at : (1u << 18);
		prc = xmlParseChunk(r->ctxt, buf + at, (int)n, at + n == len);
		at += n;
	} while (prc == 0 && r->rc == SM_OK && at < len);
	int rc = r->rc;
	if (rc == SM_OK && (prc != 0 || !r->ctxt->wellFormed))
		rc = sm_fail(err, SM_EFORMAT, "malformed XML in '%s' (line %d: %s)", part, r->xml_line,
			     r->xml_msg[0] ? r->xml_msg : "not well-formed");
	if (rc == SM_OK && !r->saw_root)
		rc = sm_fail(err, SM_EFORMAT, "not a DOCX file: '%s' is not a WordprocessingML document", part);
	if (rc == SM_OK && r->deferred.len)
		flush_deferred(r);
	if (rc == SM_OK)
		rc = r->rc;
	for (int i = 0; i < r->np; i++)
		sbuf_release(&r->paras[i].text);
	xmlFreeParserCtxt(r->ctxt);
	sbuf_release(&r->deferred);
	free(r->oc);
	free(r);
	return rc;
}

/* ================================================================ */
/* Entry point                                                       */
/* ================================================================ */

int ingest_docx(struct sm_doc *doc, const char *buf, size_t len, struct sm_err *err)
{
	struct pkg *pk;
	int rc = pkg_open(buf, len, "DOCX", &pk, err);
	if (rc != SM_OK)
		return rc;

	xmlDocPtr rels = NULL, mrels = NULL, styles_xd = NULL, comments_xd = NULL, core = NULL;
	struct styles ss = { 0 };
	struct directives ds = { 0 };
	char *main_buf = NULL;
	size_t main_len = 0;
	char main_part[PKG_MAX_NAME], tmp[PKG_MAX_NAME], rels_name[PKG_MAX_NAME + 16];

	/* The main part: package relationships, then content types, then the usual name. */
	if ((rc = pkg_load_tree(pk, "_rels/.rels", &rels, err)) != SM_OK ||
	    (rc = pkg_docx_main(pk, rels, main_part, sizeof(main_part), err)) != SM_OK)
		goto done;

	/* Its relationships: styles and comments. */
	pkg_rels_name(main_part, rels_name, sizeof(rels_name));
	if ((rc = pkg_load_tree(pk, rels_name, &mrels, err)) != SM_OK)
		goto done;
	if (pkg_rel_find(mrels, main_part, "/styles", tmp, sizeof(tmp)) &&
	    (rc = pkg_load_tree(pk, tmp, &styles_xd, err)) != SM_OK)
		goto done;
	styles_load(&ss, styles_xd);
	if (pkg_rel_find(mrels, main_part, "/comments", tmp, sizeof(tmp)) &&
	    (rc = pkg_load_tree(pk, tmp, &comments_xd, err)) != SM_OK)
		goto done;
	directives_load(&ds, comments_xd);

	/* Title and author (optional). */
	if (pkg_rel_find(rels, NULL, "/core-properties", tmp, sizeof(tmp)) &&
	    (rc = pkg_load_tree(pk, tmp, &core, err)) != SM_OK)
		goto done;
	if (core && xmlDocGetRootElement(core)) {
		doc->meta_title = core_text(doc, xmlDocGetRootElement(core), "title");
		doc->meta_author = core_text(doc, xmlDocGetRootElement(core), "creator");
	}

	if ((rc = pkg_read(pk, main_part, &main_buf, &main_len, err)) != SM_OK)
		goto done;
	if (!main_buf) {
		rc = sm_fail(err, SM_EFORMAT, "not a DOCX file: missing %s", main_part);
		goto done;
	}
	rc = read_main(doc, main_part, main_buf, main_len, &ss, &ds, err);

done:
	free(main_buf);
	styles_free(&ss);
	free(ds.v);
	xmlFreeDoc(rels);
	xmlFreeDoc(mrels);
	xmlFreeDoc(styles_xd);
	xmlFreeDoc(comments_xd);
	xmlFreeDoc(core);
	pkg_close(pk);
	return rc;
}
