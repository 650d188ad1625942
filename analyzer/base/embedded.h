/* embedded.h: data files built into the binary (tests/embed.sh generates
 * the table with .incbin): the default model and the shipped rule packs. */
#ifndef SM_EMBEDDED_H
#define SM_EMBEDDED_H

#include <stddef.h>

struct sm_embedded {
	const char *name;          /* path in the source tree, e.g. "rules/weak-words/just.yml" */
	const unsigned char *data; /* followed by a NUL byte */
	const unsigned char *end;  /* one past the last byte */
};

/** The table, terminated by an entry with name NULL. */
extern const struct sm_embedded sm_embedded[];

/** The entry called name, or NULL. Its size is end - data. */
const struct sm_embedded *embedded_find(const char *name);

#endif
