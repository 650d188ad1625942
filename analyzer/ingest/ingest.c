/* ingest.c: pick the reader for a file and refuse what is not a manuscript
 * (empty, binary, unreadable) before any parser sees it. */
#include "ingest/ingest.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>

/* The readers. To read a new format, write its reader (one file, a
 * function like these) and add one line here: its extensions, the name the
 * messages use, and whether it is a zip package. A reader gets at most
 * INGEST_MAX_FILE bytes (below UINT32_MAX), and a text reader no BOM. */
struct reader {
	enum sm_format fmt;
	const char *name;            /* in messages: "not a DOCX file" */
	const char *short_name;      /* --stdin-format: "docx" */
	const char *exts[3];         /* lower case, with the dot; NULL-ended */
	bool zip;                    /* a zip package (starts with "PK") */
	int (*read)(struct sm_doc *doc, const char *buf, size_t len, struct sm_err *err);
};

static const struct reader readers[] = {
	{ SM_FMT_DOCX, "DOCX", "docx", { ".docx", NULL }, true, ingest_docx },
	{ SM_FMT_MARKDOWN, "Markdown", "md", { ".md", ".markdown", NULL }, false, ingest_markdown },
	{ SM_FMT_TEXT, "plain text", "txt", { ".txt", ".text", NULL }, false, ingest_text },
};

static const struct reader *reader_of(enum sm_format fmt)
{
	for (size_t i = 0; i < SM_ARRAY_LEN(readers); i++)
		if (readers[i].fmt == fmt)
			return &readers[i];
	return &readers[SM_ARRAY_LEN(readers) - 1];
}

int ingest_format_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash))
		return -1;
	for (size_t i = 0; i < SM_ARRAY_LEN(readers); i++)
		for (const char *const *e = readers[i].exts; *e; e++)
			if (!strcasecmp(dot, *e))
				return (int)readers[i].fmt;
	return -1;
}

int ingest_format_named(const char *name)
{
	for (size_t i = 0; i < SM_ARRAY_LEN(readers); i++) {
		if (!strcasecmp(name, readers[i].short_name))
			return (int)readers[i].fmt;
		for (const char *const *e = readers[i].exts; *e; e++)
			if (!strcasecmp(name, *e + 1))
				return (int)readers[i].fmt;
	}
	return -1;
}

const char *ingest_extensions(void)
{
	static char list[128];
	if (!list[0]) {
		size_t n = 0, k = 0, total = 0;
		for (size_t i = 0; i < SM_ARRAY_LEN(readers); i++)
			for (const char *const *e = readers[i].exts; *e; e++)
				total++;
		for (size_t i = 0; i < SM_ARRAY_LEN(readers); i++)
			for (const char *const *e = readers[i].exts; *e; e++, k++)
				n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
						      k == 0 ? "" : k + 1 == total ? " or " : ", ", *e);
	}
	return list;
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
	const struct reader *r = reader_of(fmt);
	if (r->zip) {
		if (len < 4 || memcmp(buf, "PK", 2) != 0)
			return sm_fail(err, SM_EFORMAT, "not a %s file (not a zip archive)", r->name);
	} else {
		if (len >= 2 && memcmp(buf, "PK", 2) == 0 && len >= 4 && buf[2] == 3 && buf[3] == 4)
			return sm_fail(err, SM_EFORMAT, "binary file (a zip archive, not %s)", r->name);
		if (looks_binary(buf, len))
			return sm_fail(err, SM_EFORMAT, "binary file, not %s", r->name);
	}
	struct sm_doc *doc = doc_new(name, fmt);
	doc->hash = sm_hash(SM_HASH_INIT, buf, len);
	doc->src_size = len;
	/* For the text readers: a UTF-8 BOM is not text, and positions count
	 * from after it, as editors show them. */
	if (!r->zip && len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
		buf += 3;
		len -= 3;
	}
	int rc = r->read(doc, buf, len, err);
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
		return sm_fail(err, SM_EFORMAT, "not a manuscript (expected %s)", ingest_extensions());
	char *buf;
	size_t len;
	int rc = sm_read_file(path, INGEST_MAX_FILE, &buf, &len, err);
	if (rc != SM_OK)
		return rc;
	rc = ingest_buffer(path, (enum sm_format)fmt, buf, len, out, err);
	free(buf);
	return rc;
}
