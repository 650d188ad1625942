/* package.c: zipped XML packages read from memory with every inflated byte
 * counted, and XML parts parsed with no DTD (package.h). */
#include "ingest/package.h"
#include "ingest/ingest.h"

#include "base/hmap.h"

#include <ctype.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>
#include <libxml/HTMLparser.h>

#define RATIO_FLOOR (1u << 20) /* the ratio cap applies once an entry inflates past this */
#define PKG_MAX_ENTRIES 65536u /* entries of one package (a DOCX has a few dozen) */

struct pkg {
	zip_t *za;
	const char *kind;  /* "DOCX", for messages */
	uint64_t inflated; /* bytes inflated so far, all parts */
};

void pkg_tidy_msg(char *dst, size_t cap, const char *src)
{
	size_t n = 0;
	if (!src)
		src = "unknown error";
	while (*src && n + 1 < cap) {
		char c = *src++;
		if (c == '\n' || c == '\r') {
			/* libxml2 adds a second line ("Bytes: 0xFF 0xFE"): keep one line */
			while (*src == '\n' || *src == '\r' || *src == ' ')
				src++;
			if (!*src || n + 3 >= cap)
				break;
			while (n > 0 && (dst[n - 1] == ' ' || dst[n - 1] == '!'))
				n--;
			dst[n++] = ';';
			c = ' ';
		}
		dst[n++] = (unsigned char)c < 0x20 ? ' ' : c;
	}
	dst[n] = '\0';
	while (n > 0 && (dst[n - 1] == ' ' || dst[n - 1] == '.' || dst[n - 1] == ';' || dst[n - 1] == '!'))
		dst[--n] = '\0';
	if (n > 1 && isupper((unsigned char)dst[0]) && !isupper((unsigned char)dst[1]))
		dst[0] = (char)tolower((unsigned char)dst[0]);
}

/* Read part name (case-insensitive, as OPC part names are) into a malloc'd
 * NUL-terminated buffer. A missing part is not an error: *out stays NULL.
 * Inflated bytes are counted chunk by chunk; declared sizes are never trusted. */
static int read_part(struct pkg *pk, const char *name, size_t cap, char **out, size_t *len,
		     struct sm_err *err)
{
	*out = NULL;
	*len = 0;
	zip_int64_t idx = zip_name_locate(pk->za, name, ZIP_FL_NOCASE);
	if (idx < 0)
		return SM_OK;
	char why[160];
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(pk->za, (zip_uint64_t)idx, 0, &st) != 0) {
		pkg_tidy_msg(why, sizeof(why), zip_strerror(pk->za));
		return sm_fail(err, SM_EFORMAT, "corrupt zip archive: cannot read '%s' (%s)", name, why);
	}
	uint64_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
	zip_file_t *zf = zip_fopen_index(pk->za, (zip_uint64_t)idx, 0);
	if (!zf) {
		pkg_tidy_msg(why, sizeof(why), zip_strerror(pk->za));
		return sm_fail(err, SM_EFORMAT, "corrupt zip archive: cannot open '%s' (%s)", name, why);
	}
	struct sbuf sb;
	sbuf_init(&sb, INGEST_MAX_INFLATE);
	char chunk[1 << 16];
	uint64_t got = 0;
	int rc = SM_OK;
	for (;;) {
		zip_int64_t n = zip_fread(zf, chunk, sizeof(chunk));
		if (n < 0) {
			pkg_tidy_msg(why, sizeof(why), zip_file_strerror(zf));
			rc = sm_fail(err, SM_EFORMAT, "corrupt zip archive: cannot inflate '%s' (%s)", name, why);
			break;
		}
		if (n == 0)
			break;
		got += (uint64_t)n;
		pk->inflated += (uint64_t)n;
		if (pk->inflated > INGEST_MAX_INFLATE) {
			rc = sm_fail(err, SM_ELIMIT, "refused: the %s inflates to more than %u MiB (zip bomb?)",
				     pk->kind, INGEST_MAX_INFLATE >> 20);
			break;
		}
		if (got > RATIO_FLOOR && got > comp * INGEST_MAX_RATIO) {
			rc = sm_fail(err, SM_ELIMIT,
				     "refused: zip entry '%s' inflates to more than %u times its compressed size (zip bomb?)",
				     name, INGEST_MAX_RATIO);
			break;
		}
		if (got > cap) {
			rc = sm_fail(err, SM_ELIMIT, "refused: part '%s' of the %s inflates to more than %zu MiB",
				     name, pk->kind, cap >> 20);
			break;
		}
		if (sbuf_add(&sb, chunk, (size_t)n) != SM_OK) {
			rc = sm_fail(err, SM_ELIMIT, "refused: zip entry '%s' is too large", name);
			break;
		}
	}
	zip_fclose(zf);
	if (rc != SM_OK) {
		sbuf_release(&sb);
		return rc;
	}
	*out = sbuf_detach(&sb, len);
	return SM_OK;
}

int pkg_read(struct pkg *pk, const char *name, char **out, size_t *len, struct sm_err *err)
{
	return read_part(pk, name, INGEST_MAX_INFLATE, out, len, err);
}

bool pkg_has(struct pkg *pk, const char *name)
{
	return zip_name_locate(pk->za, name, ZIP_FL_NOCASE) >= 0;
}

/* True when the prolog (everything before the root element) holds a
 * <!DOCTYPE. NUL bytes are skipped so that UTF-16 parts are caught too. */
bool pkg_has_doctype(const char *buf, size_t len)
{
	static const char pat[] = "<!DOCTYPE";
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];
		if (c == '\0')
			continue;
		if (k == 1 && (isalpha((unsigned char)c) || c == '_' || c == ':'))
			return false; /* the root element starts: no DTD can follow */
		if (k > 0 && c == pat[k]) {
			if (++k == sizeof(pat) - 1)
				return true;
		} else {
			k = c == '<' ? 1 : 0;
		}
	}
	return false;
}

/* A DOCTYPE that names an external DTD and declares nothing itself
 * (XHTML's "<!DOCTYPE html PUBLIC ...>", HTML5's "<!DOCTYPE html>") is
 * harmless: nothing is loaded (no XML_PARSE_DTDLOAD, no network) and no
 * entity can be declared. One with an internal subset ("[") can. */
static bool has_internal_subset(const char *buf, size_t len)
{
	static const char pat[] = "<!DOCTYPE";
	const char *end = buf + len;
	for (const char *p = buf; p + sizeof(pat) - 1 <= end; p++) {
		if (*p != '<')
			continue;
		if ((size_t)(end - p) >= sizeof(pat) - 1 && !memcmp(p, pat, sizeof(pat) - 1)) {
			for (const char *q = p; q < end && *q != '>'; q++)
				if (*q == '[')
					return true;
			return false;
		}
		if (p + 1 < end && (isalpha((unsigned char)p[1]) || p[1] == '_'))
			return false; /* the root element starts */
	}
	return false;
}

const char *pkg_node_text(struct arena *a, const xmlNode *n)
{
	xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
	if (!t)
		return NULL;
	const char *s = (const char *)t, *e = s + strlen(s);
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	const char *r = e > s ? arena_strndup(a, s, (size_t)(e - s)) : NULL;
	xmlFree(t);
	return r;
}

const char *pkg_attr(const xmlNode *n, const char *ns, const char *local)
{
	for (const xmlAttr *at = n->properties; at; at = at->next) {
		if (strcmp((const char *)at->name, local))
			continue;
		if (ns ? !at->ns || !at->ns->href || strcmp((const char *)at->ns->href, ns) : at->ns != NULL)
			continue;
		if (at->children && at->children->type == XML_TEXT_NODE && at->children->content)
			return (const char *)at->children->content;
		return "";
	}
	return NULL;
}

/* ---- the Open Packaging Conventions of DOCX ---- */

/* Find in a parsed .rels tree the first internal relationship whose Type ends
 * with suffix; resolve its target against base into out. */
bool pkg_rel_find(xmlDocPtr rels, const char *base, const char *suffix, char *out, size_t cap)
{
	if (!rels)
		return false;
	xmlNodePtr root = xmlDocGetRootElement(rels);
	if (!root)
		return false;
	size_t sl = strlen(suffix);
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (!pkg_named(n, "Relationship"))
			continue;
		const char *type = pkg_attr(n, NULL, "Type");
		const char *target = pkg_attr(n, NULL, "Target");
		const char *mode = pkg_attr(n, NULL, "TargetMode");
		if (!type || !target || (mode && !strcasecmp(mode, "External")))
			continue;
		size_t tl = strlen(type);
		if (tl < sl || strcmp(type + tl - sl, suffix))
			continue;
		if (pkg_resolve(base, target, out, cap))
			return true;
	}
	return false;
}

/* The main document part from [Content_Types].xml: the Override whose
 * content type is a WordprocessingML main part. */
static bool content_types_main(xmlDocPtr ct, char *out, size_t cap)
{
	if (!ct)
		return false;
	xmlNodePtr root = xmlDocGetRootElement(ct);
	if (!root)
		return false;
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (!pkg_named(n, "Override"))
			continue;
		const char *type = pkg_attr(n, NULL, "ContentType");
		const char *name = pkg_attr(n, NULL, "PartName");
		if (!type || !name)
			continue;
		size_t tl = strlen(type);
		static const char tail[] = ".main+xml";
		if (tl < sizeof(tail) || strcmp(type + tl - (sizeof(tail) - 1), tail))
			continue;
		if (!strstr(type, "wordprocessingml") && !strstr(type, "ms-word"))
			continue;
		if (pkg_resolve(NULL, name, out, cap))
			return true;
	}
	return false;
}

/* "word/document.xml" -> "word/_rels/document.xml.rels" */
void pkg_rels_name(const char *part, char *out, size_t cap)
{
	const char *slash = strrchr(part, '/');
	int dir = slash ? (int)(slash - part + 1) : 0;
	snprintf(out, cap, "%.*s_rels/%s.rels", dir, part, part + dir);
}

int pkg_docx_main(struct pkg *pk, xmlDocPtr rels, char *out, size_t cap, struct sm_err *err)
{
	if (pkg_rel_find(rels, NULL, "/officeDocument", out, cap) && pkg_has(pk, out))
		return SM_OK;
	xmlDocPtr ct = NULL;
	int rc = pkg_load_tree(pk, "[Content_Types].xml", &ct, err);
	if (rc != SM_OK)
		return rc;
	bool found = content_types_main(ct, out, cap) && pkg_has(pk, out);
	xmlFreeDoc(ct);
	if (found)
		return SM_OK;
	snprintf(out, cap, "word/document.xml");
	if (!pkg_has(pk, out))
		return sm_fail(err, SM_EFORMAT, "not a DOCX file: missing word/document.xml");
	return SM_OK;
}

bool pkg_named(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

bool pkg_resolve(const char *base, const char *target, char *out, size_t cap)
{
	char tmp[PKG_MAX_NAME * 2];
	size_t n = 0;
	if (target[0] == '/') {
		target++;
	} else if (base) {
		const char *slash = strrchr(base, '/');
		n = slash ? (size_t)(slash - base + 1) : 0;
		if (n >= sizeof(tmp))
			return false;
		memcpy(tmp, base, n);
	}
	/* the target is a URI: a fragment is no part of the name, %XX a byte */
	for (const char *t = target; *t && *t != '#'; t++) {
		char c = *t;
		if (c == '%' && isxdigit((unsigned char)t[1]) && isxdigit((unsigned char)t[2])) {
			char hex[3] = { t[1], t[2], 0 };
			c = (char)strtol(hex, NULL, 16);
			t += 2;
			if (!c)
				return false;
		}
		if (n + 2 > sizeof(tmp))
			return false;
		tmp[n++] = c;
	}
	tmp[n] = '\0';
	/* fold segments */
	size_t o = 0;
	const char *s = tmp;
	while (*s) {
		const char *e = strchr(s, '/');
		size_t sl = e ? (size_t)(e - s) : strlen(s);
		if (sl == 0 || (sl == 1 && s[0] == '.')) {
			/* skip */
		} else if (sl == 2 && s[0] == '.' && s[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			while (o > 0 && out[o - 1] != '/')
				o--;
		} else {
			if (o + sl + 2 > cap)
				return false;
			memcpy(out + o, s, sl);
			o += sl;
			if (e)
				out[o++] = '/';
		}
		s = e ? e + 1 : s + sl;
	}
	while (o > 0 && out[o - 1] == '/')
		o--;
	out[o] = '\0';
	return o > 0;
}

int pkg_refuse_dtd(const char *kind, const char *part, struct sm_err *err)
{
	return sm_fail(err, SM_EFORMAT, "refused: XML part '%s' has a DTD (not allowed in %s)", part, kind);
}

/* The most attributes in one tag of buf (quotes respected; comments and
 * text between tags are not counted). libxml2 checks each attribute against
 * the others, so a tag with 100,000 of them takes seconds. */
static size_t most_attributes(const char *buf, size_t len)
{
	size_t most = 0, n = 0;
	bool in_tag = false;
	char quote = 0;
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (!in_tag) {
			if (c == '<') {
				in_tag = true;
				n = 0;
			}
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '=') {
			if (++n > most)
				most = n;
		} else if (c == '>') {
			in_tag = false;
		}
	}
	return most;
}

int pkg_check_xml(const char *kind, const char *part, const char *buf, size_t len, struct sm_err *err)
{
	if (pkg_has_doctype(buf, len))
		return pkg_refuse_dtd(kind, part, err);
	if (len > INT_MAX)
		return sm_fail(err, SM_ELIMIT, "refused: XML part '%s' is too large", part);
	if (most_attributes(buf, len) > PKG_MAX_ATTRS)
		return sm_fail(err, SM_ELIMIT, "refused: XML part '%s' has a tag with more than %d attributes",
			       part, PKG_MAX_ATTRS);
	return SM_OK;
}

/* libxml2 goes on after a fatal error, raising (and copying) one error per
 * bad byte: 63,000 "<!--" in a 250 KB part took 4 s. The part is refused
 * at its first fatal error anyway, so the parse stops there. */
static void stop_at_fatal(void *ctx, xmlErrorPtr e)
{
	if (e && e->level == XML_ERR_FATAL)
		xmlStopParser((xmlParserCtxtPtr)ctx);
}

/* Parse a small part into a tree. Caller frees *out with xmlFreeDoc.
 * xhtml: a DOCTYPE without an internal subset is allowed, and a part that
 * is not well-formed XML is read by libxml2's HTML parser, as reading
 * systems read tag soup ("&nbsp;" with no DTD to declare it). */
static int parse_tree(const char *kind, const char *part, const char *buf, size_t len, bool xhtml,
		      xmlDocPtr *out, struct sm_err *err)
{
	*out = NULL;
	int crc;
	if (!xhtml) {
		crc = pkg_check_xml(kind, part, buf, len, err);
	} else if (has_internal_subset(buf, len)) {
		crc = pkg_refuse_dtd(kind, part, err);
	} else if (len > INT_MAX) {
		crc = sm_fail(err, SM_ELIMIT, "refused: XML part '%s' is too large", part);
	} else if (most_attributes(buf, len) > PKG_MAX_ATTRS) {
		crc = sm_fail(err, SM_ELIMIT, "refused: XML part '%s' has a tag with more than %d attributes",
			      part, PKG_MAX_ATTRS);
	} else {
		crc = SM_OK;
	}
	if (crc != SM_OK)
		return crc;
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt)
		SM_BUG("xmlNewParserCtxt failed");
	ctxt->sax->serror = stop_at_fatal; /* called with ctxt->userData, the context itself */
	ctxt->userData = ctxt;
	xmlDocPtr xd = xmlCtxtReadMemory(ctxt, buf, (int)len, part, NULL, PKG_XML_OPTS);
	int rc = SM_OK;
	if (!xd && xhtml) {
		htmlParserCtxtPtr hc = htmlNewParserCtxt();
		if (!hc)
			SM_BUG("htmlNewParserCtxt failed");
		xd = htmlCtxtReadMemory(hc, buf, (int)len, part, "UTF-8",
					HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
		htmlFreeParserCtxt(hc);
	}
	if (!xd) {
		xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
		char why[160];
		pkg_tidy_msg(why, sizeof(why), e ? e->message : NULL);
		rc = sm_fail(err, SM_EFORMAT, "malformed XML in '%s' (line %d: %s)", part, e ? e->line : 0, why);
	} else if (xhtml ? xd->extSubset || (xd->intSubset && xd->intSubset->children) :
			   xd->intSubset || xd->extSubset) {
		xmlFreeDoc(xd);
		xd = NULL;
		rc = pkg_refuse_dtd(kind, part, err);
	}
	xmlFreeParserCtxt(ctxt);
	*out = xd;
	return rc;
}

/* Read and parse a part; *out NULL when the part is missing. */
static int load(struct pkg *pk, const char *part, bool xhtml, xmlDocPtr *out, struct sm_err *err)
{
	char *buf;
	size_t len;
	*out = NULL;
	int rc = read_part(pk, part, PKG_MAX_TREE_PART, &buf, &len, err);
	if (rc != SM_OK || !buf)
		return rc;
	rc = parse_tree(pk->kind, part, buf, len, xhtml, out, err);
	free(buf);
	return rc;
}

int pkg_load_tree(struct pkg *pk, const char *part, xmlDocPtr *out, struct sm_err *err)
{
	return load(pk, part, false, out, err);
}

int pkg_load_xhtml(struct pkg *pk, const char *part, xmlDocPtr *out, struct sm_err *err)
{
	return load(pk, part, true, out, err);
}

/* libxml2 writes some errors (a failed encoding conversion) straight to
 * stderr through its generic handler, past the parser's own error handler:
 * silence it, so the only message is the one line we return. */
static void quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/* Two entries of one name (part names compare without regard to case) make
 * a package mean different things to different readers: one program shows
 * the first, another the second. Refused, like a package with too many
 * entries to check. */
static int check_names(zip_t *za, const char *kind, struct sm_err *err)
{
	zip_int64_t n = zip_get_num_entries(za, 0);
	if (n < 0)
		n = 0;
	if ((uint64_t)n > PKG_MAX_ENTRIES)
		return sm_fail(err, SM_ELIMIT, "refused: a %s file with more than %u zip entries", kind,
			       PKG_MAX_ENTRIES);
	struct sm_map names = { 0 };
	sm_map_reserve(&names, (size_t)n);
	char **low = xcalloc((size_t)n + 1, sizeof(*low));
	int rc = SM_OK;
	for (zip_int64_t i = 0; i < n && rc == SM_OK; i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		if (!name)
			continue;
		size_t len = strlen(name);
		low[i] = xmalloc(len + 1);
		for (size_t k = 0; k <= len; k++)
			low[i][k] = (char)tolower((unsigned char)name[k]);
		bool added;
		sm_map_str_add(&names, low[i], len, &added);
		if (!added) {
			char shown[100];
			size_t k = 0;
			for (; name[k] && k + 1 < sizeof(shown); k++)
				shown[k] = (unsigned char)name[k] < 0x20 ? '?' : name[k];
			shown[k] = '\0';
			rc = sm_fail(err, SM_EFORMAT, "not %s %s file: two zip entries named '%s'", ingest_article(kind), kind, shown);
		}
	}
	for (zip_int64_t i = 0; i < n; i++)
		free(low[i]);
	free(low);
	sm_map_free(&names);
	return rc;
}

int pkg_open(const char *buf, size_t len, const char *kind, struct pkg **out, struct sm_err *err)
{
	*out = NULL;
	xmlSetGenericErrorFunc(NULL, quiet); /* per thread */
	zip_error_t zerr;
	zip_error_init(&zerr);
	zip_source_t *src = zip_source_buffer_create(buf, len, 0, &zerr);
	if (!src) {
		zip_error_fini(&zerr);
		return sm_fail(err, SM_EFORMAT, "not %s %s file (cannot read the zip archive)", ingest_article(kind), kind);
	}
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
	if (!za) {
		char why[160];
		pkg_tidy_msg(why, sizeof(why), zip_error_strerror(&zerr));
		zip_source_free(src);
		zip_error_fini(&zerr);
		return sm_fail(err, SM_EFORMAT, "not %s %s file (corrupt or truncated zip archive: %s)", ingest_article(kind), kind,
			       why);
	}
	zip_error_fini(&zerr);
	int rc = check_names(za, kind, err);
	if (rc != SM_OK) {
		zip_discard(za);
		return rc;
	}
	struct pkg *pk = xcalloc(1, sizeof(*pk));
	pk->za = za;
	pk->kind = kind;
	*out = pk;
	return SM_OK;
}

void pkg_close(struct pkg *pk)
{
	if (!pk)
		return;
	zip_discard(pk->za);
	free(pk);
}
