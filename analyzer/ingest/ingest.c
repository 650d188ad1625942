/* ingest.c: pick the reader for a file and refuse what is not a manuscript
 * (empty, binary, unreadable) before any parser sees it. */
#include "ingest/ingest.h"

#include <string.h>
#include <strings.h>
#include <stdlib.h>

int ingest_format_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash))
		return -1;
	if (!strcasecmp(dot, ".docx"))
		return SM_FMT_DOCX;
	if (!strcasecmp(dot, ".md") || !strcasecmp(dot, ".markdown"))
		return SM_FMT_MARKDOWN;
	if (!strcasecmp(dot, ".txt") || !strcasecmp(dot, ".text"))
		return SM_FMT_TEXT;
	return -1;
}

/* A text file with NUL bytes or mostly control bytes is binary. */
static bool looks_binary(const char *buf, size_t len)
{
	size_t n = len < 8192 ? len : 8192, ctl = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c == 0)
			return true;
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
			ctl++;
	}
	return ctl * 10 > n;
}

int ingest_buffer(const char *name, enum sm_format fmt, const char *buf, size_t len,
		  struct sm_doc **out, struct sm_err *err)
{
	*out = NULL;
	if (len == 0)
		return sm_fail(err, SM_EFORMAT, "empty file");
	if (len > INGEST_MAX_FILE)
		return sm_fail(err, SM_ELIMIT, "file larger than %u MiB", INGEST_MAX_FILE >> 20);
	if (fmt == SM_FMT_DOCX) {
		if (len < 4 || memcmp(buf, "PK", 2) != 0)
			return sm_fail(err, SM_EFORMAT, "not a DOCX file (not a zip archive)");
	} else {
		if (len >= 2 && memcmp(buf, "PK", 2) == 0 && len >= 4 && buf[2] == 3 && buf[3] == 4)
			return sm_fail(err, SM_EFORMAT, "binary file (a zip archive, not %s)",
				       fmt == SM_FMT_TEXT ? "plain text" : "Markdown");
		if (looks_binary(buf, len))
			return sm_fail(err, SM_EFORMAT, "binary file, not %s",
				       fmt == SM_FMT_TEXT ? "plain text" : "Markdown");
	}
	struct sm_doc *doc = doc_new(name, fmt);
	doc->hash = sm_hash(SM_HASH_INIT, buf, len);
	doc->src_size = len;
	int rc;
	switch (fmt) {
	case SM_FMT_DOCX: rc = ingest_docx(doc, buf, len, err); break;
	case SM_FMT_MARKDOWN: rc = ingest_markdown(doc, buf, len, err); break;
	default: rc = ingest_text(doc, buf, len, err); break;
	}
	if (rc != SM_OK) {
		doc_free(doc);
		return rc;
	}
	doc_finish(doc);
	if (doc->n_blocks == 0) {
		doc_free(doc);
		return sm_fail(err, SM_EFORMAT, "no text found");
	}
	*out = doc;
	return SM_OK;
}

int ingest_file(const char *path, struct sm_doc **out, struct sm_err *err)
{
	*out = NULL;
	int fmt = ingest_format_of(path);
	if (fmt < 0)
		return sm_fail(err, SM_EFORMAT, "not a manuscript (expected .docx, .md, .markdown or .txt)");
	char *buf;
	size_t len;
	int rc = sm_read_file(path, INGEST_MAX_FILE, &buf, &len, err);
	if (rc != SM_OK)
		return rc;
	rc = ingest_buffer(path, (enum sm_format)fmt, buf, len, out, err);
	free(buf);
	return rc;
}
