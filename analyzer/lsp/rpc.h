/* rpc.h: JSON-RPC 2.0 messages framed as the Language Server Protocol
 * frames them on stdio ("Content-Length: N\r\n\r\n" then N bytes of JSON),
 * parsed and written with jansson (lsp stage, private to lsp/).
 *
 * Reading never blocks past what poll() said is there: rpc_fill reads once
 * from the descriptor into the buffer, rpc_next takes complete messages out
 * of it. A header that is not LSP's or a body past RPC_MAX_BODY is a framing
 * error: the buffer is dropped, the caller says so and goes on. */
#ifndef SM_LSP_RPC_H
#define SM_LSP_RPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#define RPC_MAX_BODY (64u << 20) /* bytes of one message: a whole novel in a didOpen, twice over */

struct rpc {
	int fd;
	char *buf;
	size_t len, cap;
};

/** Read what the descriptor has (one read). 1: bytes came, 0: end of
 * input, -1: a read error (errno). */
int rpc_fill(struct rpc *r);
/** The next complete message: 1 and *msg (the caller owns it, json_decref),
 * 0 when none is complete yet, -1 for a framing or JSON error (why: a
 * static reason; the bad message is skipped). */
int rpc_next(struct rpc *r, json_t **msg, const char **why);
/** Write msg (taken: its reference is dropped) framed to out and flush. */
void rpc_send(FILE *out, json_t *msg);
/** Free the buffer. */
void rpc_release(struct rpc *r);

#endif
