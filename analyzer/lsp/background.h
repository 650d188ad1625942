/* background.h: the language model's checks of the book on a thread of
 * their own, so that typing never waits for them (lsp stage, private to
 * lsp/).
 *
 * The server hands over a snapshot of the book after each fast check; the
 * thread reads, segments and checks it with the model, every check
 * included, at a lower priority than the server's, and hands back the
 * diagnostics to publish. A newer snapshot cancels the run in progress (the
 * model stops at its next batch, its findings are dropped) and the thread
 * starts on the newest. Its chapters, and the model's scores of them, are
 * kept while a chapter's bytes stay the same, so after the first run only
 * the chapters that changed are scored again. */
#ifndef SM_LSP_BACKGROUND_H
#define SM_LSP_BACKGROUND_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/cli.h"
#include "lsp/diagnostics.h"

struct bg;

/* One chapter of a snapshot (the strings are owned by the snapshot). */
struct bg_chapter {
	char *path, *uri, *text;
	const char *format; /* a reader's name (static) */
	size_t len;
};

/** Start the thread for the book at root, checked with options o (the
 * model loaded by the thread, once). NULL when it cannot start. */
struct bg *bg_start(const struct cli_opts *o, const char *root);
/** A descriptor that becomes readable when a result is ready. */
int bg_fd(const struct bg *b);
/** Check this snapshot (generation gen); ch[0..n) is taken (freed by the
 * thread). A run of an older snapshot still going is cancelled. */
void bg_submit(struct bg *b, unsigned gen, struct bg_chapter *ch, size_t n);
/** A result: true with *gen and *ds (the caller frees it with
 * diag_set_free) when one is ready; false when none is. */
bool bg_take(struct bg *b, unsigned *gen, struct diag_set *ds);
/** Stop the thread (cancelling its run) and free everything. */
void bg_stop(struct bg *b);

#endif
