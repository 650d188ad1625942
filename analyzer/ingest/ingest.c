/* ingest.c: pick the reader for a file and refuse what is not a manuscript
 * (empty, binary, unreadable) before any parser sees it. */
#include "ingest/ingest.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>

/* The table: one line per reader, in ingest/readers.h. */
static const struct ingest_reader readers[] = {
#define SM_READER(fn, format, title, exts, sniff) { format, title, exts, sniff, ingest_##fn },
#include "ingest/readers.h"
#undef SM_READER
};

/* Does the space-separated list exts hold ext (with its dot), any case? */
static bool has_ext(const char *exts, const char *ext, size_t n)
{
	for (const char *p = exts; *p;) {
		size_t k = strcspn(p, " ");
		if (k == n && !strncasecmp(p, ext, n))
			return true;
		p += k;
		while (*p == ' ')
			p++;
	}
	return false;
}

const char *ingest_article(const char *title)
{
	return title[0] && strchr("AEIOUaeiou", title[0]) ? "an" : "a";
}

const struct ingest_reader *ingest_reader_for(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash))
		return NULL;
	for (size_t i = 0; i < SM_ARRAY_LEN(readers); i++)
		if (has_ext(readers[i].exts, dot, strlen(dot)))
			return &readers[i];
	return NULL;
}

const struct ingest_reader *ingest_reader_named(const char *name)
{
	size_t n = strlen(name);
	if (!n || n > 32)
		return NULL;
	char dotted[40];
	snprintf(dotted, sizeof(dotted), ".%s", name);
	for (size_t i = 0; i < SM_ARRAY_LEN(readers); i++)
		if (!strcasecmp(name, readers[i].format) || has_ext(readers[i].exts, dotted, n + 1))
			return &readers[i];
	return NULL;
}

const char *ingest_extensions(void)
{
	static char list[256];
	if (!list[0]) {
		size_t total = 0, k = 0, n = 0;
		for (size_t i = 0; i < SM_ARRAY_LEN(readers); i++)
			for (const char *p = readers[i].exts; *p; p++)
				total += *p == '.';
		for (size_t i = 0; i < SM_ARRAY_LEN(readers); i++) {
			for (const char *p = readers[i].exts; *p;) {
				size_t len = strcspn(p, " ");
				n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%.*s",
						      k == 0 ? "" : k + 1 == total ? " or " : ", ", (int)len, p);
				k++;
				p += len;
				while (*p == ' ')
					p++;
			}
		}
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

int ingest_sniff_zip(const struct ingest_reader *r, struct ingest_input *in, struct sm_err *err)
{
	if (in->len < 4 || memcmp(in->buf, "PK", 2) != 0)
		return sm_fail(err, SM_EFORMAT, "not %s %s file (not a zip archive)", ingest_article(r->title), r->title);
	return SM_OK;
}

/* Append code point c to out as UTF-8. */
static size_t put_utf8(char *out, uint32_t c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* UTF-16 (after its byte-order mark; big_endian as the mark said) to UTF-8
 * in a new buffer: an unpaired surrogate or a lone last byte becomes U+FFFD,
 * which doc_append then reports like any invalid byte. */
static char *utf16_to_utf8(const unsigned char *p, size_t len, bool big_endian, size_t *out_len)
{
	char *out = xmalloc(len / 2 * 3 + 4);
	size_t n = 0, i = 0;
	while (i + 1 < len) {
		uint32_t u = big_endian ? (uint32_t)(p[i] << 8 | p[i + 1]) : (uint32_t)(p[i + 1] << 8 | p[i]);
		i += 2;
		if (u >= 0xD800 && u < 0xDC00 && i + 1 < len) {
			uint32_t v = big_endian ? (uint32_t)(p[i] << 8 | p[i + 1])
						: (uint32_t)(p[i + 1] << 8 | p[i]);
			if (v >= 0xDC00 && v < 0xE000) {
				i += 2;
				n += put_utf8(out + n, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
				continue;
			}
		}
		n += put_utf8(out + n, u >= 0xD800 && u < 0xE000 ? 0xFFFD : u);
	}
	if (i < len)
		n += put_utf8(out + n, 0xFFFD);
	*out_len = n;
	return out;
}

int ingest_sniff_text(const struct ingest_reader *r, struct ingest_input *in, struct sm_err *err)
{
	const unsigned char *b = (const unsigned char *)in->buf;
	if (in->len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
		/* UTF-16, as Windows Notepad and Word's "Unicode text" save it */
		size_t n;
		in->owned = utf16_to_utf8(b + 2, in->len - 2, b[0] == 0xFE, &n);
		in->buf = in->owned;
		in->len = n;
		if (n == 0)
			return sm_fail(err, SM_EFORMAT, "empty file");
	} else if (in->len >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3)) {
		in->buf += 3;
		in->len -= 3;
		if (in->len == 0)
			return sm_fail(err, SM_EFORMAT, "empty file");
	}
	if (in->len >= 4 && !memcmp(in->buf, "PK\3\4", 4))
		return sm_fail(err, SM_EFORMAT, "binary file (a zip archive, not %s)", r->title);
	if (looks_binary(in->buf, in->len))
		return sm_fail(err, SM_EFORMAT, "binary file, not %s", r->title);
	return SM_OK;
}

int ingest_with(const struct ingest_reader *r, const char *name, const char *buf, size_t len,
		struct sm_doc **out, struct sm_err *err)
{
	*out = NULL;
	if (len == 0)
		return sm_fail(err, SM_EFORMAT, "empty file");
	if (len > INGEST_MAX_FILE)
		return sm_fail(err, SM_ELIMIT, "file larger than %u MiB", INGEST_MAX_FILE >> 20);
	struct ingest_input in = { buf, len, NULL };
	int rc = r->sniff ? r->sniff(r, &in, err) : SM_OK;
	if (rc == SM_OK && in.len > INGEST_MAX_FILE)
		rc = sm_fail(err, SM_ELIMIT, "file larger than %u MiB", INGEST_MAX_FILE >> 20);
	if (rc != SM_OK) {
		free(in.owned);
		return rc;
	}
	struct sm_doc *doc = doc_new(name, r->format);
	doc->hash = sm_hash(SM_HASH_INIT, buf, len);
	doc->src_size = len;
	rc = r->read(doc, in.buf, in.len, err);
	free(in.owned);
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

int ingest_buffer(const char *name, const char *format, const char *buf, size_t len,
		  struct sm_doc **out, struct sm_err *err)
{
	const struct ingest_reader *r = ingest_reader_named(format);
	return ingest_with(r ? r : ingest_reader_named("text"), name, buf, len, out, err);
}

int ingest_file(const char *path, struct sm_doc **out, struct sm_err *err)
{
	*out = NULL;
	const struct ingest_reader *r = ingest_reader_for(path);
	if (!r)
		return sm_fail(err, SM_EFORMAT, "not a manuscript (expected %s)", ingest_extensions());
	char *buf;
	size_t len;
	int rc = sm_read_file(path, INGEST_MAX_FILE, &buf, &len, err);
	if (rc != SM_OK)
		return rc;
	rc = ingest_with(r, path, buf, len, out, err);
	free(buf);
	return rc;
}

bool ingest_parse_directive(const char *t, char *rule, size_t cap)
{
	while (isspace((unsigned char)*t))
		t++;
	if (strncasecmp(t, "storymaster:", 12))
		return false;
	t += 12;
	while (isspace((unsigned char)*t))
		t++;
	if (strncasecmp(t, "ignore", 6) || !isspace((unsigned char)t[6]))
		return false;
	t += 6;
	size_t o = 0;
	for (;;) {
		while (isspace((unsigned char)*t))
			t++;
		const char *s = t;
		while (isalnum((unsigned char)*t) || *t == '.' || *t == '-' || *t == '_' || *t == '*')
			t++;
		size_t n = (size_t)(t - s);
		if (n == 0)
			break;
		bool all = (n == 3 && !strncasecmp(s, "all", 3)) || (n == 1 && *s == '*');
		const char *w = all ? "*" : s;
		size_t wl = all ? 1 : n;
		if (o + wl + 2 > cap)
			break;
		if (o)
			rule[o++] = ',';
		memcpy(rule + o, w, wl);
		o += wl;
		while (*t == ' ' || *t == '\t')
			t++;
		if (*t != ',')
			break;
		t++;
	}
	rule[o] = '\0';
	return o > 0;
}
