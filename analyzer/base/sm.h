/* sm.h: return codes, error records, checked allocation and invariants.
 * Every other module includes this; it has no dependencies of its own. */
#ifndef SM_SM_H
#define SM_SM_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define SM_VERSION "0.1.0"

/** Return codes of every library function: SM_OK (0) or one of these. */
enum sm_rc {
	SM_OK = 0,
	SM_EIO,      /* a file could not be read or written */
	SM_EFORMAT,  /* input is not what its name or contents claim */
	SM_ELIMIT,   /* input exceeds a size, depth or ratio cap */
	SM_EDB,      /* the SQLite store failed */
	SM_ERULE,    /* a rule file is malformed or unsupported */
	SM_EMODEL,   /* a model file is corrupt or incompatible */
	SM_EUSAGE,   /* bad arguments from the caller */
};

/** Caller-supplied error record; recording never allocates. */
struct sm_err {
	enum sm_rc rc;
	char msg[256];
};

/**
 * Fill err (when non-NULL) with rc and a printf-style message; return rc.
 * The message is made one line: control characters (a dependency's newline)
 * become spaces.
 * Idiom: return sm_fail(err, SM_EFORMAT, "missing word/document.xml");
 */
int sm_fail(struct sm_err *err, enum sm_rc rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** Reset err to SM_OK with an empty message. */
void sm_err_clear(struct sm_err *err);

/* Allocation that never returns NULL: on failure print the size and abort(). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/** Grow *p (holding *cap elements of size sz) so that it can hold need elements. */
void sm_grow(void **p, size_t *cap, size_t need, size_t sz);
#define SM_GROW(ptr, cap, need) sm_grow((void **)&(ptr), &(cap), (need), sizeof(*(ptr)))

void sm_bug(const char *file, int line, const char *msg) __attribute__((noreturn));
#define SM_BUG(msg) sm_bug(__FILE__, __LINE__, (msg))
#define SM_ASSERT(cond) ((cond) ? (void)0 : sm_bug(__FILE__, __LINE__, "assertion failed: " #cond))

#define SM_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define SM_MIN(a, b) ((a) < (b) ? (a) : (b))
#define SM_MAX(a, b) ((a) > (b) ? (a) : (b))

/** Byte span into a text buffer. _off and _len are always bytes. */
struct span {
	uint32_t off; /* bytes into the owning text */
	uint32_t len; /* bytes */
};

/** Read a whole file into a NUL-terminated buffer of at most max bytes.
 * On success *out is caller-owned (free()) and *len its size. Errors:
 * SM_EIO (cannot open or read, or a directory), SM_ELIMIT (larger than max). */
int sm_read_file(const char *path, size_t max, char **out, size_t *len, struct sm_err *err);

/** The length of s[0..n) cut to at most max bytes at a UTF-8 character
 * boundary (n itself when n <= max), for quoting a span on one line. */
size_t sm_utf8_clip(const char *s, size_t n, size_t max);

/** Compare two strings in natural order: runs of digits compare by value
 * ("ch2" < "ch10"); otherwise byte by byte. Returns <0, 0 or >0. */
int sm_natcmp(const char *a, const char *b);

/** Optimal string alignment distance (insertions, deletions, substitutions
 * and swaps of two neighbours) of two byte strings, ASCII case folded when
 * fold_case. Words longer than 63 bytes, or a distance above max, give max + 1. */
int sm_edit_distance(const char *a, size_t na, const char *b, size_t nb, int max, bool fold_case);

/** Seconds on the monotonic clock, for durations. */
double sm_now(void);

/** Bytes this process may still take before its memory limits refuse:
 * *data against RLIMIT_DATA (ulimit -d: private writable memory), *as
 * against RLIMIT_AS (ulimit -v: address space), each measured from
 * /proc/self/statm. SIZE_MAX for a limit that is not set or cannot be
 * measured. A library that loops on a refused mmap (OpenBLAS does) is
 * kept from it by asking here first. */
void sm_mem_room(size_t *data, size_t *as);

/** 64-bit FNV-1a hash of n bytes, continuing from h (start with SM_HASH_INIT). */
#define SM_HASH_INIT 0xcbf29ce484222325ULL
uint64_t sm_hash(uint64_t h, const void *p, size_t n);

/* libyaml takes time that grows faster than the input with nested flow
 * collections ("[[[[...": 50 s for 100,000): every YAML we read is refused
 * past this depth before libyaml sees it. */
#define SM_YAML_MAX_DEPTH 64
/** The deepest nesting of flow collections ([ and {, outside quoted
 * scalars and comments) in s[0..n). */
size_t sm_yaml_flow_depth(const char *s, size_t n);

#endif
