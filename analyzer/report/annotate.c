/* annotate.c: see annotate.h. The package is read with the readers' own
 * capped zip and XML layer (ingest/package.h); the changed parts
 * (document.xml, comments.xml, and when the document had no comments its
 * relationships and [Content_Types].xml) are serialized by libxml2 and put
 * into a copy of the file by libzip, which copies every other entry as it
 * is, compressed bytes and all. */
#include "report/annotate.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/tree.h>
#include <zip.h>

#include "base/sbuf.h"
#include "ingest/package.h"

#define NS_W   "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_MC  "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define NS_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_COMMENTS "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
#define CT_COMMENTS  "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
#define AUTHOR "storymaster"

static bool is_w(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       !strcmp((const char *)n->ns->href, NS_W) && !strcmp((const char *)n->name, local);
}

static bool in_ns(const xmlNode *n, const char *ns)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href && !strcmp((const char *)n->ns->href, ns);
}

/* ---- a paragraph's text, as the DOCX reader reads it ---- */

/* A piece of a paragraph's text: a w:t, or one character (w:tab, w:br, ...). */
struct atom {
	xmlNode *node, *run;
	uint32_t off, len; /* bytes into the paragraph's text */
};

struct para {
	xmlNode *p;
	struct atom *a;
	size_t n, cap;
	struct sbuf text;
	bool odd; /* something the reader turns into another block (a page break) */
};

static void atom_add(struct para *P, xmlNode *node, xmlNode *run, const char *s, size_t n)
{
	if (!n)
		return;
	SM_GROW(P->a, P->cap, P->n + 1);
	P->a[P->n++] = (struct atom){ node, run, (uint32_t)P->text.len, (uint32_t)n };
	sbuf_add(&P->text, s, n);
}

/* Our own tracked changes are marked (node->_private) so that offsets keep
 * meaning the text as the reader read it: our w:del counts, our w:ins not. */
static char MINE;

static void atoms_walk(struct para *P, xmlNode *n, xmlNode *run, int depth)
{
	for (xmlNode *c = n->children; c && depth < 64; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(c, "r")) {
			atoms_walk(P, c, c, depth + 1);
		} else if (c->_private == &MINE) {
			if (is_w(c, "del"))
				atoms_walk(P, c, run, depth + 1);
		} else if (run && (is_w(c, "t") || (is_w(c, "delText") && run->parent && run->parent->_private == &MINE))) {
			xmlChar *t = xmlNodeGetContent(c);
			if (t)
				atom_add(P, c, run, (const char *)t, strlen((const char *)t));
			xmlFree(t);
		} else if (run && is_w(c, "tab")) {
			atom_add(P, c, run, "\t", 1);
		} else if (run && (is_w(c, "br") || is_w(c, "cr"))) {
			xmlChar *type = xmlGetNsProp(c, (const xmlChar *)"type", (const xmlChar *)NS_W);
			if (type && (!strcmp((const char *)type, "page") || !strcmp((const char *)type, "column")))
				P->odd = true;
			else
				atom_add(P, c, run, "\n", 1);
			xmlFree(type);
		} else if (run && is_w(c, "noBreakHyphen")) {
			atom_add(P, c, run, "\xE2\x80\x91", 3);
		} else if (run && is_w(c, "sym")) {
			P->odd = true;
		} else if (is_w(c, "del") || is_w(c, "moveFrom") || is_w(c, "pPr") || is_w(c, "rPr") ||
			   is_w(c, "instrText") || is_w(c, "delText") || is_w(c, "txbxContent") ||
			   in_ns(c, NS_MC)) {
			continue;
		} else {
			atoms_walk(P, c, run, depth + 1); /* hyperlink, ins, smartTag, sdt, fldSimple, ... */
		}
	}
}

static void atoms_build(struct para *P)
{
	P->n = 0;
	P->odd = false;
	sbuf_reset(&P->text);
	atoms_walk(P, P->p, NULL, 0);
}

/* The paragraphs of the body in reading order (not those of text boxes). */
static void collect_paras(xmlNode *n, struct para **v, size_t *nv, size_t *cap, int depth)
{
	for (xmlNode *c = n->children; c && depth < 64; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(c, "p")) {
			SM_GROW(*v, *cap, *nv + 1);
			struct para *P = &(*v)[(*nv)++];
			memset(P, 0, sizeof(*P));
			P->p = c;
			sbuf_init(&P->text, PKG_MAX_TREE_PART);
		} else if (!is_w(c, "del") && !is_w(c, "moveFrom") && !is_w(c, "sectPr") && !in_ns(c, NS_MC)) {
			collect_paras(c, v, nv, cap, depth + 1);
		}
	}
}

static bool space_at(const char *s, size_t i, size_t n, size_t *w)
{
	unsigned char c = (unsigned char)s[i];
	*w = 1;
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
		return true;
	if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
		*w = 2;
		return true;
	}
	return false;
}

/* The paragraph's text trimmed as the reader trims a block: [*lead, *lead + *n). */
static void trimmed(const struct para *P, uint32_t *lead, uint32_t *n)
{
	const char *s = P->text.buf ? P->text.buf : "";
	size_t b = 0, e = P->text.len, w;
	while (b < e && space_at(s, b, e, &w))
		b += w;
	while (e > b) {
		size_t j = e - 1;
		if ((unsigned char)s[j] == 0xA0 && j > b && (unsigned char)s[j - 1] == 0xC2)
			j--;
		if (!space_at(s, j, e, &w))
			break;
		e = j;
	}
	*lead = (uint32_t)b;
	*n = (uint32_t)(e - b);
}

/* ---- splitting runs at a text offset ---- */

static xmlNode *run_props(xmlNode *run)
{
	for (xmlNode *c = run->children; c; c = c->next)
		if (is_w(c, "rPr"))
			return c;
	return NULL;
}

/* The run holding node from node on: run itself when node is its first
 * content, else a new run (same properties) after it, holding node and
 * what follows it. */
static xmlNode *run_from(xmlNode *run, xmlNode *node)
{
	bool first = true;
	for (xmlNode *c = run->children; c && c != node; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !is_w(c, "rPr"))
			first = false;
	if (first)
		return run;
	xmlNode *nr = xmlNewDocNode(run->doc, run->ns, (const xmlChar *)"r", NULL);
	xmlNode *rpr = run_props(run);
	if (rpr)
		xmlAddChild(nr, xmlDocCopyNode(rpr, run->doc, 1));
	for (xmlNode *x = node, *next; x; x = next) {
		next = x->next;
		xmlUnlinkNode(x);
		xmlAddChild(nr, x);
	}
	xmlAddNextSibling(run, nr);
	return nr;
}

static void set_text(xmlNode *t, const char *s, size_t n)
{
	xmlNodeSetContent(t, NULL);
	xmlAddChild(t, xmlNewDocTextLen(t->doc, (const xmlChar *)s, (int)n));
	xmlNodeSetSpacePreserve(t, 1);
}

/* Split the w:t of atom a at byte k of its text: a new w:t after it holds the rest. */
static void split_t(const struct para *P, const struct atom *a, uint32_t k)
{
	const char *s = P->text.buf + a->off;
	xmlNode *nt = xmlNewDocNode(a->node->doc, a->node->ns, (const xmlChar *)"t", NULL);
	char *right = strndup(s + k, a->len - k), *left = strndup(s, k);
	set_text(nt, right, a->len - k);
	set_text(a->node, left, k);
	free(right);
	free(left);
	xmlAddNextSibling(a->node, nt);
}

/* Make text offset k of P a boundary between runs. Returns the run before
 * which a mark for k goes; NULL at the end of the text, with *last the
 * paragraph's last run (NULL when it has none). */
static xmlNode *boundary(struct para *P, uint32_t k, xmlNode **last)
{
	atoms_build(P);
	*last = P->n ? P->a[P->n - 1].run : NULL;
	for (size_t i = 0; i < P->n; i++) {
		struct atom a = P->a[i];
		if (k >= a.off + a.len)
			continue;
		if (k > a.off) {
			split_t(P, &a, k - a.off);
			atoms_build(P);
			a = P->a[i + 1];
		}
		return run_from(a.run, a.node);
	}
	return NULL;
}

/* ---- comments ---- */

static xmlNode *w_node(xmlDoc *d, xmlNs *ns, const char *name, long id)
{
	xmlNode *n = xmlNewDocNode(d, ns, (const xmlChar *)name, NULL);
	if (id >= 0) {
		char v[24];
		snprintf(v, sizeof(v), "%ld", id);
		xmlNewNsProp(n, ns, (const xmlChar *)"id", (const xmlChar *)v);
	}
	return n;
}

/* Put markers for comment id around [s, e) of P. */
static void anchor(struct para *P, xmlNs *ns, long id, uint32_t s, uint32_t e)
{
	xmlDoc *d = P->p->doc;
	xmlNode *last, *at = boundary(P, s, &last);
	xmlNode *start = w_node(d, ns, "commentRangeStart", id);
	if (at)
		xmlAddPrevSibling(at, start);
	else if (last)
		xmlAddNextSibling(last, start);
	else
		xmlAddChild(P->p, start);
	at = boundary(P, e, &last);
	xmlNode *end = w_node(d, ns, "commentRangeEnd", id);
	if (at)
		xmlAddPrevSibling(at, end);
	else if (last)
		xmlAddNextSibling(last, end);
	else
		xmlAddChild(P->p, end);
	xmlNode *ref = w_node(d, ns, "r", -1);
	xmlAddChild(ref, w_node(d, ns, "commentReference", id));
	xmlAddNextSibling(end, ref);
}

/* Is every node from a to end (inclusive) a sibling run holding only
 * properties and text (nothing a deletion could take along: a field, a
 * drawing, a note reference)? */
static bool plain_runs(xmlNode *a, xmlNode *end)
{
	for (xmlNode *x = a;; x = x->next) {
		if (!x)
			return false;
		if (x->type == XML_ELEMENT_NODE) {
			if (!is_w(x, "r"))
				return false;
			for (xmlNode *c = x->children; c; c = c->next)
				if (c->type == XML_ELEMENT_NODE && !is_w(c, "rPr") && !is_w(c, "t"))
					return false;
		}
		if (x == end)
			return true;
	}
}

static xmlNode *revision(xmlDoc *d, xmlNs *ns, const char *name, long id)
{
	xmlNode *n = w_node(d, ns, name, id);
	xmlNewNsProp(n, ns, (const xmlChar *)"author", (const xmlChar *)AUTHOR);
	n->_private = &MINE;
	return n;
}

/* Replace [s, e) of P by sugg as a tracked deletion and insertion the
 * author can accept or reject, with comment id on them. false (nothing
 * changed but run splits) when the range is not plain runs of one parent. */
static bool track_replace(struct para *P, xmlNs *ns, long id, long *rev, uint32_t s, uint32_t e,
			  const char *sugg)
{
	xmlDoc *d = P->p->doc;
	xmlNode *last, *a = boundary(P, s, &last);
	if (!a)
		return false;
	xmlNode *b = boundary(P, e, &last);
	xmlNode *end = b ? b->prev : last;
	while (end && end->type != XML_ELEMENT_NODE)
		end = end->prev;
	if (!end || !plain_runs(a, end) || (b && b->parent != a->parent))
		return false;
	atoms_build(P);
	char *text = strndup(P->text.buf + s, e - s);
	char *put = finding_fit_case(sugg, text);
	free(text);
	xmlNode *del = revision(d, ns, "del", (*rev)++);
	xmlAddPrevSibling(a, del);
	xmlNode *rpr = run_props(a);
	for (xmlNode *x = a, *next; x; x = next) {
		next = x == end ? NULL : x->next;
		xmlUnlinkNode(x);
		xmlAddChild(del, x);
		for (xmlNode *c = x->children; c; c = c->next)
			if (is_w(c, "t"))
				xmlNodeSetName(c, (const xmlChar *)"delText");
	}
	xmlNode *ins = revision(d, ns, "ins", (*rev)++);
	xmlAddNextSibling(del, ins);
	xmlNode *r = xmlNewChild(ins, ns, (const xmlChar *)"r", NULL);
	if (rpr)
		xmlAddChild(r, xmlDocCopyNode(rpr, d, 1));
	xmlNode *t = xmlNewChild(r, ns, (const xmlChar *)"t", NULL);
	set_text(t, put, strlen(put));
	free(put);
	xmlAddPrevSibling(del, w_node(d, ns, "commentRangeStart", id));
	xmlNode *cend = w_node(d, ns, "commentRangeEnd", id);
	xmlAddNextSibling(ins, cend);
	xmlNode *ref = w_node(d, ns, "r", -1);
	xmlAddChild(ref, w_node(d, ns, "commentReference", id));
	xmlAddNextSibling(cend, ref);
	return true;
}

/* A finding whose suggestion can stand in for the text it quotes. */
static bool safe_fix(const struct sm_finding *f)
{
	return f->suggestion && *f->suggestion && f->len && !strpbrk(f->suggestion, "\n\t") &&
	       (!strcmp(f->rule, "style.doubled-word") || !strcmp(f->rule, "consistency.spelling-variant"));
}

/* Text for XML 1.0: control characters (which it cannot hold) as spaces. */
static void clean_text(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n')
			*s = ' ';
}

static void comment_para(xmlNode *c, xmlNs *ns, const char *text)
{
	xmlNode *p = xmlNewChild(c, ns, (const xmlChar *)"p", NULL);
	xmlNode *r = xmlNewChild(p, ns, (const xmlChar *)"r", NULL);
	xmlNode *t = xmlNewChild(r, ns, (const xmlChar *)"t", NULL);
	char *s = strdup(text);
	clean_text(s);
	xmlAddChild(t, xmlNewDocText(c->doc, (const xmlChar *)s));
	xmlNodeSetSpacePreserve(t, 1);
	free(s);
}

static void add_comment(xmlNode *root, xmlNs *ns, long id, const struct sm_finding *f)
{
	xmlNode *c = w_node(root->doc, ns, "comment", id);
	xmlNewNsProp(c, ns, (const xmlChar *)"author", (const xmlChar *)AUTHOR);
	xmlNewNsProp(c, ns, (const xmlChar *)"initials", (const xmlChar *)"sm");
	xmlAddChild(root, c);
	comment_para(c, ns, f->message);
	if (f->suggestion && *f->suggestion) {
		size_t n = strlen(f->suggestion) + 16;
		char *s = xmalloc(n);
		snprintf(s, n, "Suggestion: %s", f->suggestion);
		comment_para(c, ns, s);
		free(s);
	}
	char tail[160];
	snprintf(tail, sizeof(tail), "[%s] %s", f->rule, sev_name(f->sev));
	comment_para(c, ns, tail);
}

/* The largest w:id of the elements named local under n; -1 when none. */
static long max_id(const xmlNode *n, const char *const *names, size_t nn, int depth)
{
	long best = -1;
	for (const xmlNode *c = n->children; c && depth < 256; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		for (size_t i = 0; i < nn; i++)
			if (is_w(c, names[i])) {
				xmlChar *v = xmlGetNsProp(c, (const xmlChar *)"id", (const xmlChar *)NS_W);
				long x = v ? strtol((const char *)v, NULL, 10) : -1;
				if (x > INT32_MAX / 2)
					x = -1; /* no id of ours can follow it: left alone, ours come from the rest */
				if (x > best)
					best = x;
				xmlFree(v);
			}
		long k = max_id(c, names, nn, depth + 1);
		if (k > best)
			best = k;
	}
	return best;
}

/* WordprocessingML's namespace with a prefix, for the elements and
 * attributes we add: attributes are in no namespace unless prefixed, so a
 * part that makes it the default namespace gets a prefix declared too. */
static xmlNs *w_ns(xmlDoc *d, xmlNode *root, xmlNode *at)
{
	xmlNs *ns = xmlSearchNsByHref(d, at, (const xmlChar *)NS_W);
	if (ns && ns->prefix)
		return ns;
	static const char *const prefixes[] = { "w", "smw", "storymaster-w" };
	for (size_t i = 0; i < SM_ARRAY_LEN(prefixes); i++) {
		xmlNs *n = xmlNewNs(root, (const xmlChar *)NS_W, (const xmlChar *)prefixes[i]);
		if (n)
			return n;
	}
	return ns;
}

/* ---- the package ---- */

struct part {
	char name[PKG_MAX_NAME + 16]; /* a main part's relationships name is longer */
	xmlDoc *xd;
};

static int dump(xmlDoc *xd, char **out, size_t *len, struct sm_err *err)
{
	xmlChar *mem = NULL;
	int n = 0;
	xmlDocDumpMemoryEnc(xd, &mem, &n, "UTF-8");
	if (!mem || n <= 0) {
		xmlFree(mem);
		return sm_fail(err, SM_EFORMAT, "annotate: cannot serialize a part");
	}
	*out = xmalloc((size_t)n);
	memcpy(*out, mem, (size_t)n);
	*len = (size_t)n;
	xmlFree(mem);
	return SM_OK;
}

/* A copy of buf at out_path with the parts replaced, through a temporary
 * file beside it that is renamed at the end (removed on failure). */
static int write_package(const char *buf, size_t len, const char *out_path, struct part *parts, size_t np,
			 struct sm_err *err)
{
	size_t pl = strlen(out_path);
	char *tmp = xmalloc(pl + 16);
	snprintf(tmp, pl + 16, "%s.XXXXXX", out_path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int rc = sm_fail(err, SM_EIO, "cannot write %s: %s", out_path, strerror(errno));
		free(tmp);
		return rc;
	}
	mode_t um = umask(0);
	umask(um);
	int rc = SM_OK;
	if (fchmod(fd, 0666 & ~um) != 0 || write(fd, buf, len) != (ssize_t)len)
		rc = sm_fail(err, SM_EIO, "cannot write %s: %s", out_path, strerror(errno));
	if (close(fd) != 0 && rc == SM_OK)
		rc = sm_fail(err, SM_EIO, "cannot write %s: %s", out_path, strerror(errno));
	zip_t *za = NULL;
	if (rc == SM_OK) {
		int ze = 0;
		za = zip_open(tmp, 0, &ze);
		if (!za)
			rc = sm_fail(err, SM_EIO, "cannot write %s: libzip cannot open the copy (error %d)", out_path,
				     ze);
	}
	for (size_t i = 0; rc == SM_OK && i < np; i++) {
		char *data = NULL;
		size_t n = 0;
		if ((rc = dump(parts[i].xd, &data, &n, err)) != SM_OK)
			break;
		zip_source_t *src = zip_source_buffer(za, data, n, 1);
		if (!src) {
			free(data);
			rc = sm_fail(err, SM_EIO, "cannot write %s: %s", out_path, zip_strerror(za));
			break;
		}
		zip_int64_t idx = zip_name_locate(za, parts[i].name, ZIP_FL_NOCASE);
		zip_int64_t got = idx >= 0 ? (zip_file_replace(za, (zip_uint64_t)idx, src, 0) == 0 ? idx : -1) :
					     zip_file_add(za, parts[i].name, src, ZIP_FL_ENC_UTF_8);
		if (got < 0) {
			zip_source_free(src);
			rc = sm_fail(err, SM_EIO, "cannot write %s: %s", out_path, zip_strerror(za));
			break;
		}
		zip_set_file_compression(za, (zip_uint64_t)got, ZIP_CM_DEFLATE, 6);
	}
	if (za && rc == SM_OK && zip_close(za) != 0) {
		rc = sm_fail(err, SM_EIO, "cannot write %s: %s", out_path, zip_strerror(za));
		zip_discard(za);
	} else if (za && rc != SM_OK) {
		zip_discard(za);
	}
	if (rc == SM_OK && rename(tmp, out_path) != 0)
		rc = sm_fail(err, SM_EIO, "cannot write %s: %s", out_path, strerror(errno));
	if (rc != SM_OK)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* Relate a new comments part to the main part. */
static int relate_comments(struct pkg *pk, const char *main_part, const char *comments_part, struct part *rels,
			   struct sm_err *err)
{
	pkg_rels_name(main_part, rels->name, sizeof(rels->name));
	int rc = pkg_load_tree(pk, rels->name, &rels->xd, err);
	if (rc != SM_OK)
		return rc;
	if (!rels->xd) {
		rels->xd = xmlNewDoc((const xmlChar *)"1.0");
		rels->xd->standalone = 1;
		xmlNode *root = xmlNewDocNode(rels->xd, NULL, (const xmlChar *)"Relationships", NULL);
		xmlSetNs(root, xmlNewNs(root, (const xmlChar *)NS_REL, NULL));
		xmlDocSetRootElement(rels->xd, root);
	}
	xmlNode *root = xmlDocGetRootElement(rels->xd);
	char id[32];
	for (int k = 1;; k++) {
		snprintf(id, sizeof(id), "rIdStorymaster%d", k);
		bool used = false;
		for (xmlNode *c = root->children; c && !used; c = c->next) {
			const char *v = c->type == XML_ELEMENT_NODE ? pkg_attr(c, NULL, "Id") : NULL;
			used = v && !strcmp(v, id);
		}
		if (!used)
			break;
	}
	const char *slash = strrchr(comments_part, '/');
	xmlNode *r = xmlNewChild(root, root->ns, (const xmlChar *)"Relationship", NULL);
	xmlNewProp(r, (const xmlChar *)"Id", (const xmlChar *)id);
	xmlNewProp(r, (const xmlChar *)"Type", (const xmlChar *)REL_COMMENTS);
	xmlNewProp(r, (const xmlChar *)"Target", (const xmlChar *)(slash ? slash + 1 : comments_part));
	return SM_OK;
}

/* Make [Content_Types].xml give the comments part its type (a package that
 * has the part without one gets it too). *ct is left NULL when nothing changes. */
static int type_comments(struct pkg *pk, const char *comments_part, struct part *ct, struct sm_err *err)
{
	xmlDoc *xd = NULL;
	int rc = pkg_load_tree(pk, "[Content_Types].xml", &xd, err);
	if (rc != SM_OK)
		return rc;
	xmlNode *root = xd ? xmlDocGetRootElement(xd) : NULL;
	if (!root) {
		xmlFreeDoc(xd);
		return sm_fail(err, SM_EFORMAT, "not a DOCX file: missing [Content_Types].xml");
	}
	char pn[PKG_MAX_NAME + 2];
	snprintf(pn, sizeof(pn), "/%s", comments_part);
	for (xmlNode *c = root->children; c; c = c->next) {
		const char *name = pkg_named(c, "Override") ? pkg_attr(c, NULL, "PartName") : NULL;
		if (!name || strcasecmp(name, pn))
			continue;
		const char *type = pkg_attr(c, NULL, "ContentType");
		if (type && !strcmp(type, CT_COMMENTS)) {
			xmlFreeDoc(xd);
			return SM_OK;
		}
		xmlSetProp(c, (const xmlChar *)"ContentType", (const xmlChar *)CT_COMMENTS);
		goto changed;
	}
	xmlNode *o = xmlNewChild(root, root->ns, (const xmlChar *)"Override", NULL);
	xmlNewProp(o, (const xmlChar *)"PartName", (const xmlChar *)pn);
	xmlNewProp(o, (const xmlChar *)"ContentType", (const xmlChar *)CT_COMMENTS);
changed:
	snprintf(ct->name, sizeof(ct->name), "[Content_Types].xml");
	ct->xd = xd;
	return SM_OK;
}

static int cmp_finding(const void *a, const void *b)
{
	const struct sm_finding *x = *(const struct sm_finding *const *)a, *y = *(const struct sm_finding *const *)b;
	if (x->block != y->block)
		return x->block < y->block ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

int annotate_docx(const char *buf, size_t len, const struct sm_book *book, uint32_t di,
		  const struct sm_findings *f, bool track, const char *out_path, struct annotate_result *res,
		  struct sm_err *err)
{
	memset(res, 0, sizeof(*res));
	const struct sm_doc *doc = book->docs[di];
	struct pkg *pk;
	int rc = pkg_open(buf, len, "DOCX", &pk, err);
	if (rc != SM_OK)
		return rc;
	xmlDoc *rels = NULL, *mrels = NULL;
	struct part parts[4] = { 0 };
	size_t np = 0;
	struct para *paras = NULL;
	size_t n_paras = 0, cap_paras = 0;
	const struct sm_finding **mine = NULL;
	char main_part[PKG_MAX_NAME], comments_part[PKG_MAX_NAME];
	if ((rc = pkg_load_tree(pk, "_rels/.rels", &rels, err)) != SM_OK ||
	    (rc = pkg_docx_main(pk, rels, main_part, sizeof(main_part), err)) != SM_OK)
		goto done;
	struct part *dp = &parts[np++];
	snprintf(dp->name, sizeof(dp->name), "%s", main_part);
	if ((rc = pkg_load_tree(pk, main_part, &dp->xd, err)) != SM_OK)
		goto done;
	xmlNode *root = dp->xd ? xmlDocGetRootElement(dp->xd) : NULL;
	xmlNode *body = NULL;
	for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
		if (is_w(c, "body"))
			body = c;
	if (!body) {
		rc = sm_fail(err, SM_EFORMAT, "annotate: %s has no body in the WordprocessingML namespace "
					      "(ISO strict DOCX is not supported)", main_part);
		goto done;
	}
	xmlNs *ns = w_ns(dp->xd, root, body);

	/* the comments part: the document's own, or a new one beside the main part */
	char mrels_name[PKG_MAX_NAME + 16];
	pkg_rels_name(main_part, mrels_name, sizeof(mrels_name));
	if ((rc = pkg_load_tree(pk, mrels_name, &mrels, err)) != SM_OK)
		goto done;
	struct part *cp = &parts[np++];
	bool have = pkg_rel_find(mrels, main_part, "/comments", comments_part, sizeof(comments_part)) &&
		    pkg_has(pk, comments_part);
	if (have) {
		snprintf(cp->name, sizeof(cp->name), "%s", comments_part);
		if ((rc = pkg_load_tree(pk, comments_part, &cp->xd, err)) != SM_OK)
			goto done;
	}
	xmlNode *croot = cp->xd ? xmlDocGetRootElement(cp->xd) : NULL;
	if (!croot || !is_w(croot, "comments")) {
		if (have) {
			rc = sm_fail(err, SM_EFORMAT, "annotate: %s is not a comments part", comments_part);
			goto done;
		}
		const char *slash = strrchr(main_part, '/');
		int dir = slash ? (int)(slash - main_part + 1) : 0;
		snprintf(comments_part, sizeof(comments_part), "%.*scomments.xml", dir, main_part);
		for (int k = 2; pkg_has(pk, comments_part); k++) /* a stray part of that name */
			snprintf(comments_part, sizeof(comments_part), "%.*scomments%d.xml", dir, main_part, k);
		snprintf(cp->name, sizeof(cp->name), "%s", comments_part);
		cp->xd = xmlNewDoc((const xmlChar *)"1.0");
		cp->xd->standalone = 1;
		croot = xmlNewDocNode(cp->xd, NULL, (const xmlChar *)"comments", NULL);
		xmlSetNs(croot, xmlNewNs(croot, (const xmlChar *)NS_W, (const xmlChar *)"w"));
		xmlDocSetRootElement(cp->xd, croot);
		rc = relate_comments(pk, main_part, comments_part, &parts[np++], err);
		if (rc != SM_OK)
			goto done;
	}
	if ((rc = type_comments(pk, comments_part, &parts[np], err)) != SM_OK)
		goto done;
	if (parts[np].xd)
		np++;
	xmlNs *cns = w_ns(cp->xd, croot, croot);
	static const char *const cnames[] = { "comment" };
	static const char *const dnames[] = { "commentRangeStart", "commentRangeEnd", "commentReference" };
	for (xmlNode *c = croot->children; c; c = c->next)
		res->existing += is_w(c, "comment");
	long id = max_id(croot, cnames, 1, 0);
	long did = max_id(body, dnames, 3, 0);
	id = (did > id ? did : id) + 1;
	static const char *const rnames[] = { "ins", "del", "moveFrom", "moveTo", "bookmarkStart",
					      "bookmarkEnd", "commentRangeStart", "commentRangeEnd",
					      "commentReference" };
	long rev = max_id(body, rnames, SM_ARRAY_LEN(rnames), 0) + 1;
	if (rev <= id)
		rev = id + 100000; /* revision ids apart from comment ids */

	/* this document's findings, in order; the paragraphs matched to blocks */
	size_t n_mine = 0;
	mine = xcalloc(f->n + 1, sizeof(*mine));
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].doc == di && f->v[i].block < doc->n_blocks)
			mine[n_mine++] = &f->v[i];
	qsort(mine, n_mine, sizeof(*mine), cmp_finding);
	collect_paras(body, &paras, &n_paras, &cap_paras, 0);
	size_t bi = 0, fi = 0;
	for (size_t pi = 0; pi < n_paras && fi < n_mine; pi++) {
		struct para *P = &paras[pi];
		atoms_build(P);
		uint32_t lead, tn;
		trimmed(P, &lead, &tn);
		if (!tn)
			continue;
		/* the next block of the same text, a few blocks ahead at most */
		size_t match = doc->n_blocks;
		for (size_t b = bi; b < doc->n_blocks && b < bi + 4; b++) {
			const struct block *B = &doc->blocks[b];
			if (B->len == tn && !memcmp(doc->text + B->off, P->text.buf + lead, tn)) {
				match = b;
				break;
			}
		}
		if (match == doc->n_blocks || P->odd)
			continue;
		bi = match + 1;
		while (fi < n_mine && mine[fi]->block < match) {
			res->not_placed++;
			fi++;
		}
		const struct block *B = &doc->blocks[match];
		for (; fi < n_mine && mine[fi]->block == match; fi++) {
			const struct sm_finding *x = mine[fi];
			uint32_t s = lead, e = lead + tn;
			bool exact = x->len && x->off >= B->off && x->off + x->len <= B->off + B->len;
			if (exact) {
				s = lead + (x->off - B->off);
				e = s + x->len;
			}
			if (track && exact && safe_fix(x) && track_replace(P, ns, id, &rev, s, e, x->suggestion))
				res->tracked++;
			else
				anchor(P, ns, id, s, e);
			add_comment(croot, cns, id, x);
			id++;
			res->placed++;
		}
	}
	res->not_placed += n_mine - fi;
	if (rc == SM_OK)
		rc = write_package(buf, len, out_path, parts, np, err);
done:
	for (size_t i = 0; i < n_paras; i++) {
		free(paras[i].a);
		sbuf_release(&paras[i].text);
	}
	free(paras);
	free(mine);
	for (size_t i = 0; i < SM_ARRAY_LEN(parts); i++)
		xmlFreeDoc(parts[i].xd);
	xmlFreeDoc(rels);
	xmlFreeDoc(mrels);
	pkg_close(pk);
	return rc;
}
