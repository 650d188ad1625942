/* chapters.h: the book's chapters read and segmented once, kept while
 * their bytes stay the same (lsp stage, private to lsp/). The server keeps
 * one for its fast checks and the model's thread one of its own: a kept
 * document keeps its address, so the model's scores of it (book_scores)
 * are reused and only a chapter that changed is scored again. */
#ifndef SM_LSP_CHAPTERS_H
#define SM_LSP_CHAPTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc/doc.h"

struct chapter_entry {
	char *path;
	uint64_t hash;
	size_t len;
	struct sm_doc *doc;
	char *error; /* why it could not be read, or NULL */
	bool seen;   /* in the book this time */
	struct sm_doc *old; /* the document it replaced, freed by chapters_sweep */
};

struct chapters {
	struct chapter_entry *v;
	size_t n, cap;
};

/** The chapter at path with these bytes (format: a reader's name): its
 * document, owned by the cache, or NULL with *why (owned by the cache too). */
struct sm_doc *chapters_get(struct chapters *c, const char *path, const char *format, const char *buf,
			    size_t len, const char **why);
/** After a run: free the documents replaced during it and the chapters not
 * asked for since the last sweep (all of them when all). */
void chapters_sweep(struct chapters *c, bool all);

#endif
