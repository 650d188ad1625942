/* scan.h: what cmd_scan.c (one book) and scan_library.c (a library of
 * books, issue 15) share. For cli/ only. */
#ifndef SM_CLI_SCAN_H
#define SM_CLI_SCAN_H

#include "cli/cli.h"

struct store;

/**
 * Check the loaded book cb and store every document, then its character
 * registry, in one run of st (named db in messages), with the settings
 * fingerprint. summary: print the one-line summary on stderr. Returns the
 * number of documents that could not be stored (1 when only the registry
 * could not be). Prints its own errors.
 */
size_t scan_store(struct store *st, struct cli_book *cb, struct sm_findings *f, const char *db,
		  const char *settings, bool summary);

/** Do the bytes of the file at path hash to what st holds for the document
 * stored as stored_as? false when it is not stored or cannot be read. */
bool scan_file_unchanged(struct store *st, const char *stored_as, const char *path);

struct scan_library {
	const char *dir;          /* --library DIR */
	bool per_file;            /* --one-book-per-file */
	bool force;               /* --force */
	int jobs;                 /* -j N; 0: the number of cores */
	int shard_k, shard_n;     /* --shard K/N; shard_n 0: every book */
};

/** Parse --shard K/N, or N with K from SLURM_ARRAY_TASK_ID (less
 * SLURM_ARRAY_TASK_MIN) or JOB_COMPLETION_INDEX. false (printed) when bad. */
bool scan_parse_shard(const char *arg, int *k, int *n);

/** The shard (0..n-1) of the book with this key: a stable hash of its bytes. */
int scan_shard_of(const char *key, int n);

/** `scan --library`: returns the exit status. */
int scan_library(const struct cli_opts *o, const char *db, const struct scan_library *lib);

#endif
