/* diagnostics.h: a book's findings as LSP diagnostics, one array per
 * chapter, and what the code actions need of each (lsp stage, private to
 * lsp/). Pure: the model's thread builds its set as the server builds its
 * own. Positions are 0-based lines and UTF-16 characters. */
#ifndef SM_LSP_DIAGNOSTICS_H
#define SM_LSP_DIAGNOSTICS_H

#include <jansson.h>

#include "book/book.h"

struct diag {
	char *uri, *rule, *sugg, *word;
	int l0, c0, l1, c1; /* the range */
	int para_line;      /* the line where its paragraph starts; -1 when unknown */
	bool markdown;
	json_t *json;       /* the diagnostic, borrowed from by_uri */
};

struct diag_set {
	struct diag *v;
	size_t n, cap;
	json_t *by_uri; /* uri -> array of diagnostics, every chapter of the book */
};

/** The diagnostics of findings f of the book's documents docs[0..nd) at uris[0..nd). */
void diag_set_build(struct diag_set *ds, struct sm_doc *const *docs, char *const *uris, size_t nd,
		    const struct sm_findings *f);
/** Copy into to (which has an array for uri) the diagnostics of from on uri
 * whose rule needs the language model: the model's findings of a chapter
 * that has not changed since they were made stay shown while the model
 * works on the new text. */
void diag_set_carry_model(struct diag_set *to, const struct diag_set *from, const char *uri);
/** Free the set (a zeroed set is empty). */
void diag_set_free(struct diag_set *ds);

#endif
