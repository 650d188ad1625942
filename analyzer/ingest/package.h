/* package.h: the parts of a zipped XML package (DOCX, EPUB, ODT), read safely (ingest stage, private to ingest/).
 * A package is read from memory with libzip; every inflated byte is counted
 * against INGEST_MAX_INFLATE, and an entry that inflates past INGEST_MAX_RATIO
 * times its compressed size is refused (zip bombs). XML parts are parsed by
 * libxml2 with no DTD (a part that has one is refused), no entity expansion
 * and no network. Errors are returned with a reason in err, never printed;
 * `kind` ("DOCX") names the format in the messages. */
#ifndef SM_INGEST_PACKAGE_H
#define SM_INGEST_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/arena.h"
#include "base/sm.h"

/* libxml2 options for every part: no network, errors to us, not to stderr. */
#define PKG_XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

struct pkg;

/** Open the zip archive buf[0..len) (borrowed: it must outlive the package).
 * Errors: SM_EFORMAT ("not a DOCX file (corrupt or truncated zip archive: ...)"). */
int pkg_open(const char *buf, size_t len, const char *kind, struct pkg **out, struct sm_err *err);
/** Close the package (NULL is fine). */
void pkg_close(struct pkg *pk);
/** Is there a part of this name (case-insensitive, as OPC part names are)? */
bool pkg_has(struct pkg *pk, const char *name);
/** Read part name into a malloc'd NUL-terminated buffer (*out NULL when the part
 * is missing, which is no error). Errors: SM_EFORMAT (corrupt), SM_ELIMIT (a cap). */
int pkg_read(struct pkg *pk, const char *name, char **out, size_t *len, struct sm_err *err);
/* Bytes of a part parsed whole into a tree (styles, comments, relationships;
 * Word's are well below 1 MiB): a tree takes ten times its XML and more, so
 * a bigger part is refused, not parsed. The main part is streamed instead. */
#define PKG_MAX_TREE_PART (16u << 20)

/** Read and parse part name into a tree (*out NULL when missing; the caller
 * frees it with xmlFreeDoc). Errors: those of pkg_read, SM_ELIMIT for a part
 * larger than PKG_MAX_TREE_PART; SM_EFORMAT for malformed XML or a DTD. */
int pkg_load_tree(struct pkg *pk, const char *name, xmlDocPtr *out, struct sm_err *err);

/** pkg_load_tree for an XHTML part (EPUB): a DOCTYPE that declares nothing
 * itself ("<!DOCTYPE html>") is allowed, one with an internal subset is
 * refused (SM_EFORMAT), and a part that is not well-formed XML is read by
 * libxml2's HTML parser instead (no error). */
int pkg_load_xhtml(struct pkg *pk, const char *part, xmlDocPtr *out, struct sm_err *err);

/** The trimmed text content of element n, copied into arena a; NULL when
 * n is NULL or holds only white space. */
const char *pkg_node_text(struct arena *a, const xmlNode *n);
/** The value of attribute local of n, in namespace ns (NULL: in none);
 * borrowed from the tree; NULL when absent. */
const char *pkg_attr(const xmlNode *n, const char *ns, const char *local);

/* Bytes of a part name. */
#define PKG_MAX_NAME 512

/** Resolve the URI target (relative to the folder of the part base, or
 * absolute with a leading "/"; base may be NULL) into the part name out:
 * "%20" decoded, "#fragment" dropped, "." and ".." folded. false when it
 * does not fit in cap or names nothing. */
bool pkg_resolve(const char *base, const char *target, char *out, size_t cap);

/** Is n an element of this local name (any namespace)? */
bool pkg_named(const xmlNode *n, const char *local);
/** In a parsed .rels tree, the first internal relationship whose Type ends
 * with suffix ("/comments"), resolved against base into out. */
bool pkg_rel_find(xmlDocPtr rels, const char *base, const char *suffix, char *out, size_t cap);
/** "word/document.xml" -> "word/_rels/document.xml.rels" */
void pkg_rels_name(const char *part, char *out, size_t cap);
/** The main part of a DOCX into out: from the package relationships rels
 * (may be NULL), else [Content_Types].xml, else word/document.xml.
 * Errors: SM_EFORMAT when there is none; those of pkg_load_tree. */
int pkg_docx_main(struct pkg *pk, xmlDocPtr rels, char *out, size_t cap, struct sm_err *err);

/* Attributes one tag may have (Word writes a few dozen at most). */
#define PKG_MAX_ATTRS 1000

/** Refuse an XML part before parsing it: a DTD (SM_EFORMAT), more than
 * INT_MAX bytes or a tag with more than PKG_MAX_ATTRS attributes (SM_ELIMIT). */
int pkg_check_xml(const char *kind, const char *part, const char *buf, size_t len, struct sm_err *err);
/** Does the prolog of buf (before the root element) hold a <!DOCTYPE? */
bool pkg_has_doctype(const char *buf, size_t len);
/** The error for a part with a DTD: SM_EFORMAT. */
int pkg_refuse_dtd(const char *kind, const char *part, struct sm_err *err);
/** Copy a dependency's message into dst in our style: a lower-case first
 * letter, no trailing newline or period, one line. */
void pkg_tidy_msg(char *dst, size_t cap, const char *src);

#endif
