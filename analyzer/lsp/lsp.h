/* lsp.h: `storymaster lsp`, a Language Server Protocol server on stdio
 * for Markdown and plain-text manuscripts (lsp stage: beside cli/, above
 * everything it drives).
 *
 * The book is the workspace folder (rootUri, else the folder of the first
 * document opened): every manuscript in it is checked together, with the
 * editor's unsaved text for the open ones, so a change in one chapter
 * updates the book-wide findings of the others. Diagnostics are published
 * for every chapter on open, on save and after changes (debounced): the
 * rule id as `code`, the other places a consistency finding names as
 * `relatedInformation`. Code actions: the suggestion as a quick fix (for
 * the rules whose suggestion replaces the quoted text), a comment that
 * silences the rule for the paragraph (Markdown), and, for a word the book
 * flags, adding it to the book's accepted words (.storymaster.yml). The
 * fast checks (all but the language model's) answer first, in about 0.1 s
 * on a novel; the model's checks run on a thread of their own
 * (background.h) and their findings follow when ready, dropped and redone
 * when the text changed meanwhile; a chapter's model findings stay shown
 * while it has not changed. Requests cancelled ($/cancelRequest) before they are handled get the
 * RequestCancelled error. Positions are UTF-16 code units, as LSP counts.
 * Messages go to the editor; problems of the server itself to stderr (the
 * editor's log). */
#ifndef SM_LSP_H
#define SM_LSP_H

#include <stdio.h>

#include "cli/cli.h"

/** Serve the protocol on in_fd / out until the client says exit (or the
 * input ends). Returns the process exit status: 0 after shutdown and exit,
 * 1 when the input ended or exit came without shutdown (as LSP asks). */
int lsp_serve(int in_fd, FILE *out, const struct cli_opts *o);

#endif
