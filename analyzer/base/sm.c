/* sm.c: error records, checked allocation, whole-file reads. */
#include "base/sm.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

int sm_fail(struct sm_err *err, enum sm_rc rc, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
		/* One line, whatever a dependency put in it (SQLite quotes schema
		 * text with its newlines, libxml2 adds a line of bytes): line breaks
		 * and other control characters become spaces, runs of them one. */
		char *w = err->msg;
		for (const char *r = err->msg; *r; r++) {
			bool ctl = (unsigned char)*r < 0x20 || *r == 0x7f;
			if (!ctl)
				*w++ = *r;
			else if (w > err->msg && w[-1] != ' ')
				*w++ = ' ';
		}
		while (w > err->msg && w[-1] == ' ')
			w--;
		*w = '\0';
		err->rc = rc;
	}
	return (int)rc;
}

void sm_err_clear(struct sm_err *err)
{
	if (err) {
		err->rc = SM_OK;
		err->msg[0] = '\0';
	}
}

static void oom(size_t n)
{
	fprintf(stderr, "storymaster: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void sm_grow(void **p, size_t *cap, size_t need, size_t sz)
{
	if (need <= *cap)
		return;
	size_t c = *cap ? *cap : 8;
	while (c < need) {
		if (c > SIZE_MAX / 2 / sz)
			oom(SIZE_MAX);
		c *= 2;
	}
	*p = xrealloc(*p, c * sz);
	*cap = c;
}

void sm_bug(const char *file, int line, const char *msg)
{
	fprintf(stderr, "storymaster: BUG at %s:%d: %s\n", file, line, msg);
	abort();
}

int sm_read_file(const char *path, size_t max, char **out, size_t *len, struct sm_err *err)
{
	*out = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a FIFO (or a device) must not wait for a writer;
	 * only regular files are read */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return sm_fail(err, SM_EIO, "cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		bool dir = S_ISDIR(st.st_mode);
		close(fd);
		return sm_fail(err, SM_EIO, dir ? "is a directory" : "not a regular file (a FIFO, socket or device)");
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		return sm_fail(err, SM_EIO, "cannot open: %s", strerror(errno));
	}
	size_t cap = 0, n = 0;
	char *buf = NULL;
	for (;;) {
		SM_GROW(buf, cap, n + 65536 + 1);
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (n > max) {
			free(buf);
			fclose(f);
			return sm_fail(err, SM_ELIMIT, "file larger than %zu MiB", max >> 20);
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return sm_fail(err, SM_EIO, "read error: %s", strerror(errno));
	}
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return SM_OK;
}

uint64_t sm_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

int sm_natcmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			size_t na = strspn(a, "0123456789"), nb = strspn(b, "0123456789");
			if (na != nb)
				return na < nb ? -1 : 1;
			int c = strncmp(a, b, na);
			if (c)
				return c;
			a += na;
			b += nb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

int sm_edit_distance(const char *a, size_t na, const char *b, size_t nb, int max, bool fold_case)
{
	enum { MAXW = 64 };
	if (na >= MAXW || nb >= MAXW || (int)(na > nb ? na - nb : nb - na) > max)
		return max + 1;
	unsigned char x[MAXW], y[MAXW];
	for (size_t i = 0; i < na; i++)
		x[i] = fold_case ? (unsigned char)tolower((unsigned char)a[i]) : (unsigned char)a[i];
	for (size_t j = 0; j < nb; j++)
		y[j] = fold_case ? (unsigned char)tolower((unsigned char)b[j]) : (unsigned char)b[j];
	int d[MAXW][MAXW];
	for (size_t i = 0; i <= na; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= nb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= na; i++) {
		int rowmin = max + 1;
		for (size_t j = 1; j <= nb; j++) {
			int v = SM_MIN(SM_MIN(d[i - 1][j] + 1, d[i][j - 1] + 1),
				       d[i - 1][j - 1] + (x[i - 1] != y[j - 1]));
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
				v = SM_MIN(v, d[i - 2][j - 2] + 1);
			d[i][j] = v;
			rowmin = SM_MIN(rowmin, v);
		}
		if (rowmin > max)
			return max + 1;
	}
	return SM_MIN(d[na][nb], max + 1);
}

double sm_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

void sm_mem_room(size_t *data, size_t *as)
{
	*data = *as = SIZE_MAX;
	struct rlimit ld, la;
	bool has_d = getrlimit(RLIMIT_DATA, &ld) == 0 && ld.rlim_cur != RLIM_INFINITY;
	bool has_a = getrlimit(RLIMIT_AS, &la) == 0 && la.rlim_cur != RLIM_INFINITY;
	if (!has_d && !has_a)
		return;
	/* statm: size resident shared text lib data dt, in pages; "data" is
	 * the data and stack mappings, what RLIMIT_DATA counts (and a stack) */
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f)
		return;
	unsigned long v[6];
	int got = fscanf(f, "%lu %lu %lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]);
	fclose(f);
	long page = sysconf(_SC_PAGESIZE);
	if (got != 6 || page <= 0)
		return;
	uint64_t used_d = (uint64_t)v[5] * (uint64_t)page, used_a = (uint64_t)v[0] * (uint64_t)page;
	if (has_d)
		*data = (size_t)(ld.rlim_cur > used_d ? ld.rlim_cur - used_d : 0);
	if (has_a)
		*as = (size_t)(la.rlim_cur > used_a ? la.rlim_cur - used_a : 0);
}

size_t sm_yaml_flow_depth(const char *s, size_t n)
{
	size_t depth = 0, max = 0;
	char quote = 0;
	bool comment = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (comment) {
			comment = c != '\n';
		} else if (quote) {
			if (c == '\\' && quote == '"' && i + 1 < n)
				i++;
			else if (c == quote)
				quote = 0;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n')) {
			comment = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				max = depth;
		} else if ((c == ']' || c == '}') && depth) {
			depth--;
		}
	}
	return max;
}

size_t sm_utf8_clip(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	size_t m = max;
	while (m > 0 && ((unsigned char)s[m] & 0xC0) == 0x80)
		m--;
	return m;
}
