/* ingest.h: read a manuscript file (DOCX, Markdown, plain text) into the
 * block layer of a struct sm_doc. Hostile input is refused with an error,
 * never a crash: sizes are capped before parsing, zip entries are counted as
 * they inflate, XML with a DTD is refused, invalid UTF-8 is replaced. */
#ifndef SM_INGEST_H
#define SM_INGEST_H

#include "base/sm.h"
#include "doc/doc.h"

#define INGEST_MAX_FILE     (64u << 20)   /* bytes of one input file */
#define INGEST_MAX_INFLATE  (256u << 20)  /* bytes inflated from one DOCX, all parts */
#define INGEST_MAX_RATIO    200u          /* inflated / compressed bytes, per zip entry */

/** Format from the file name's extension (.docx, .md/.markdown, .txt/.text);
 * returns -1 when the extension is not a manuscript's. */
int ingest_format_of(const char *path);

/** Format from a short name ("docx", "md", "markdown", "txt", "text"); -1 when none. */
int ingest_format_named(const char *name);

/** The extensions the readers take, for messages: ".docx, .md, .markdown, .txt or .text".
 * A static string. */
const char *ingest_extensions(void);

/**
 * Read path into a new document (blocks only; call seg_document next).
 * On success *out is caller-owned (doc_free). Errors: SM_EIO (unreadable),
 * SM_EFORMAT (empty, binary, corrupt or not what the extension says),
 * SM_ELIMIT (a size or ratio cap); err->msg is the reason for the user.
 */
int ingest_file(const char *path, struct sm_doc **out, struct sm_err *err);

/** Same as ingest_file for bytes already in memory (tests, fuzzing). name is
 * used for messages; fmt picks the reader. */
int ingest_buffer(const char *name, enum sm_format fmt, const char *buf, size_t len,
		  struct sm_doc **out, struct sm_err *err);

/* The readers: each fills doc's blocks from buf and calls nothing else.
 * They return SM_OK or an error with a reason in err. ingest_buffer calls
 * them with at most INGEST_MAX_FILE bytes and, for the text formats, the
 * UTF-8 BOM already taken off. */
int ingest_docx(struct sm_doc *doc, const char *buf, size_t len, struct sm_err *err);
int ingest_markdown(struct sm_doc *doc, const char *buf, size_t len, struct sm_err *err);
int ingest_text(struct sm_doc *doc, const char *buf, size_t len, struct sm_err *err);

#endif
