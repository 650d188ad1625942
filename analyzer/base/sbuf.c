/* sbuf.c: capped growable buffer. */
#include "base/sbuf.h"
#include "base/sm.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sbuf_init(struct sbuf *sb, size_t max)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	sb->max = max;
}

void sbuf_release(struct sbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void sbuf_reset(struct sbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

int sbuf_add(struct sbuf *sb, const void *p, size_t n)
{
	if (n > sb->max || sb->len > sb->max - n) {
		sbuf_release(sb);
		return SM_ELIMIT;
	}
	SM_GROW(sb->buf, sb->cap, sb->len + n + 1);
	if (n)
		memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return SM_OK;
}

int sbuf_adds(struct sbuf *sb, const char *s)
{
	return sbuf_add(sb, s, strlen(s));
}

int sbuf_addc(struct sbuf *sb, char c)
{
	return sbuf_add(sb, &c, 1);
}

int sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return SM_OK;
	if ((size_t)n < sizeof(tmp))
		return sbuf_add(sb, tmp, (size_t)n);
	char *big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	int rc = sbuf_add(sb, big, (size_t)n);
	free(big);
	return rc;
}

int sbuf_add_utf8(struct sbuf *sb, unsigned cp)
{
	char b[4];
	size_t n;
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return sbuf_add(sb, b, n);
}

char *sbuf_detach(struct sbuf *sb, size_t *len)
{
	char *p = sb->buf ? sb->buf : xstrdup("");
	if (len)
		*len = sb->buf ? sb->len : 0;
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return p;
}
