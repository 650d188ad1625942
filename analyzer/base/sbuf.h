/* sbuf.h: growable byte buffer with a hard cap (curl dynbuf). When an
 * append would pass the cap the buffer frees itself and returns SM_ELIMIT. */
#ifndef SM_SBUF_H
#define SM_SBUF_H

#include <stddef.h>

struct sbuf {
	char *buf;  /* NUL-terminated when non-NULL */
	size_t len; /* bytes used, excluding the NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* cap on len */
};

/** Initialize empty with a maximum length of max bytes. */
void sbuf_init(struct sbuf *sb, size_t max);
/** Free the buffer; sb is empty afterwards (same max). */
void sbuf_release(struct sbuf *sb);
/** Append n bytes. Returns SM_OK, or SM_ELIMIT after freeing the buffer. */
int sbuf_add(struct sbuf *sb, const void *p, size_t n);
/** Append a NUL-terminated string. */
int sbuf_adds(struct sbuf *sb, const char *s);
/** Append one byte. */
int sbuf_addc(struct sbuf *sb, char c);
/** Append printf output. */
int sbuf_addf(struct sbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Append the UTF-8 encoding of code point cp. */
int sbuf_add_utf8(struct sbuf *sb, unsigned cp);
/** Hand the buffer to the caller (free() it); sb becomes empty. Never NULL. */
char *sbuf_detach(struct sbuf *sb, size_t *len);
/** Empty the buffer but keep its memory. */
void sbuf_reset(struct sbuf *sb);

#endif
