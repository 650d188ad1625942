/* ingest.h: read a manuscript file (DOCX, Markdown, plain text) into the
 * block layer of a struct sm_doc. Hostile input is refused with an error,
 * never a crash: sizes are capped before parsing, zip entries are counted as
 * they inflate, XML with a DTD is refused, invalid UTF-8 is replaced.
 *
 * The readers are a table (ingest/readers.h), one line each: its name,
 * extensions, a check of the bytes (sniff) and the function that fills the
 * document. Everything that picks a reader (file names in a folder, --stdin-
 * format, the messages that list the extensions) reads that table. */
#ifndef SM_INGEST_H
#define SM_INGEST_H

#include "base/sm.h"
#include "doc/doc.h"

#define INGEST_MAX_FILE     (64u << 20)   /* bytes of one input file */
#define INGEST_MAX_INFLATE  (256u << 20)  /* bytes inflated from one DOCX, all parts */
#define INGEST_MAX_RATIO    200u          /* inflated / compressed bytes, per zip entry */

/* The bytes a reader gets: the file's own, or a decoded copy (owned, freed
 * by ingest_with) when sniff had to convert them (UTF-16 to UTF-8). */
struct ingest_input {
	const char *buf;
	size_t len;
	char *owned;
};

struct ingest_reader;
/* Fill doc's blocks from buf (at most INGEST_MAX_FILE bytes, after sniff):
 * SM_OK or an error with the reason in err. A reader calls only doc/ and
 * ingest/ helpers (package.h for zip packages and their XML). */
typedef int ingest_read_fn(struct sm_doc *doc, const char *buf, size_t len, struct sm_err *err);
/* Check, before the reader runs, that in holds this format, and adjust it
 * (take off a byte-order mark, decode UTF-16): SM_OK or SM_EFORMAT. */
typedef int ingest_sniff_fn(const struct ingest_reader *r, struct ingest_input *in,
			    struct sm_err *err);

struct ingest_reader {
	const char *format;   /* "docx": doc->format, --stdin-format */
	const char *title;    /* "DOCX": in messages */
	const char *exts;     /* ".docx" or ".md .markdown": lower case, space separated */
	ingest_sniff_fn *sniff;
	ingest_read_fn *read;
};

/** A zip package (DOCX, and EPUB or ODT to come): starts with "PK". */
ingest_sniff_fn ingest_sniff_zip;
/** A text format: not binary (NUL or mostly control bytes) and not a zip;
 * a UTF-8 byte-order mark is taken off (positions count from after it, as
 * editors show them) and UTF-16 with a byte-order mark is decoded to UTF-8. */
ingest_sniff_fn ingest_sniff_text;

/* The readers' functions, declared from the table. */
#define SM_READER(fn, format, title, exts, sniff) ingest_read_fn ingest_##fn;
#include "ingest/readers.h"
#undef SM_READER

/** A comment in a manuscript (a Word comment, an ODT annotation) that says
 * "storymaster: ignore RULE[, RULE...]" (or "ignore all", "*"): the rules,
 * comma-separated ("*" for all), into rule[0..cap). false when the text is
 * no such directive. */
bool ingest_parse_directive(const char *text, char *rule, size_t cap);

/** "a" or "an" before a format's title in a message ("an EPUB file"). */
const char *ingest_article(const char *title);

/** The reader for path by its extension; NULL when it is not a manuscript's. */
const struct ingest_reader *ingest_reader_for(const char *path);

/** The reader named name: its format name or one of its extensions without
 * the dot ("docx", "md", "markdown", "txt", "text"), any case; NULL when none. */
const struct ingest_reader *ingest_reader_named(const char *name);

/** The extensions the readers take, for messages: ".docx, .epub, .odt, .md, .markdown, .txt or .text".
 * A static string. */
const char *ingest_extensions(void);

/**
 * Read path into a new document (blocks only; call seg_document next).
 * On success *out is caller-owned (doc_free). Errors: SM_EIO (unreadable),
 * SM_EFORMAT (empty, binary, corrupt or not what the extension says),
 * SM_ELIMIT (a size or ratio cap); err->msg is the reason for the user.
 */
int ingest_file(const char *path, struct sm_doc **out, struct sm_err *err);

/** ingest_file for bytes already in memory, with reader r (from the table or
 * one of the caller's own): the size caps, r->sniff, r->read, then the
 * document is finished (doc_finish); one with no text is SM_EFORMAT. name is
 * the document's path in messages and findings. */
int ingest_with(const struct ingest_reader *r, const char *name, const char *buf, size_t len,
		struct sm_doc **out, struct sm_err *err);

/** ingest_with the reader named format (ingest_reader_named; plain text when
 * none): for tests and fuzzing. */
int ingest_buffer(const char *name, const char *format, const char *buf, size_t len,
		  struct sm_doc **out, struct sm_err *err);

#endif
