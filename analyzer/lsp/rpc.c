/* rpc.c: see rpc.h. */
#include "lsp/rpc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/sm.h"

int rpc_fill(struct rpc *r)
{
	if (r->cap - r->len < 65536) {
		size_t cap = r->cap ? r->cap * 2 : 131072;
		r->buf = xrealloc(r->buf, cap);
		r->cap = cap;
	}
	ssize_t n;
	do
		n = read(r->fd, r->buf + r->len, r->cap - r->len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	r->len += (size_t)n;
	return n > 0;
}

static void drop(struct rpc *r, size_t n)
{
	memmove(r->buf, r->buf + n, r->len - n);
	r->len -= n;
}

int rpc_next(struct rpc *r, json_t **msg, const char **why)
{
	*msg = NULL;
	*why = NULL;
	const char *end = NULL;
	for (size_t i = 0; i + 4 <= r->len; i++)
		if (!memcmp(r->buf + i, "\r\n\r\n", 4)) {
			end = r->buf + i;
			break;
		}
	if (!end) {
		if (r->len > 8192) { /* no header is that long */
			r->len = 0;
			*why = "a header without its end";
			return -1;
		}
		return 0;
	}
	size_t hlen = (size_t)(end - r->buf) + 4;
	long long body = -1;
	for (const char *p = r->buf; p < end;) {
		const char *nl = memchr(p, '\r', (size_t)(end - p));
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (ll > 15 && !strncasecmp(p, "Content-Length:", 15)) {
			char num[32];
			size_t k = ll - 15 < sizeof(num) - 1 ? ll - 15 : sizeof(num) - 1;
			memcpy(num, p + 15, k);
			num[k] = 0;
			char *e;
			body = strtoll(num, &e, 10);
			while (*e == ' ' || *e == '\t')
				e++;
			if (*e || body < 0)
				body = -2;
		}
		p += ll + 2;
	}
	if (body < 0 || (unsigned long long)body > RPC_MAX_BODY) {
		drop(r, hlen); /* the header goes; the next one may follow */
		*why = body == -1 ? "a message without Content-Length" : "a bad or too large Content-Length";
		return -1;
	}
	if (r->len < hlen + (size_t)body)
		return 0;
	json_error_t je;
	*msg = json_loadb(r->buf + hlen, (size_t)body, JSON_REJECT_DUPLICATES, &je);
	drop(r, hlen + (size_t)body);
	if (!*msg) {
		*why = "a message that is not JSON";
		return -1;
	}
	return 1;
}

void rpc_send(FILE *out, json_t *msg)
{
	char *s = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (!s)
		return;
	fprintf(out, "Content-Length: %zu\r\n\r\n%s", strlen(s), s);
	fflush(out);
	free(s);
}

void rpc_release(struct rpc *r)
{
	free(r->buf);
	memset(r, 0, sizeof(*r));
}
