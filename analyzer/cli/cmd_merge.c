/* cmd_merge.c: `storymaster merge OUT.db SHARD.db...` merges library stores
 * (the shards of `scan --library --shard K/N` on many machines) into one,
 * one transaction per book (store_merge). Merging a shard twice changes
 * nothing; a book that two shards hold in different versions is refused,
 * the rest merged. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "store/store.h"
#include "store/store_library.h"

static void merge_usage(FILE *out)
{
	fputs("usage: storymaster merge [OPTIONS] OUT.db SHARD.db...\n\n"
	      "Merge library stores written by 'storymaster scan --library' (the shards of\n"
	      "--shard K/N, from one machine or many) into OUT.db, created when missing.\n"
	      "Each book is merged in one transaction with its runs, documents, findings,\n"
	      "metrics and characters, so that 'report' and draft comparison work on OUT.db\n"
	      "as on one machine's scan. Merging the same shard again changes nothing. A\n"
	      "book already in OUT.db in another version (not an earlier run of the same\n"
	      "scan) is an error, unless both versions are identical; the other books are\n"
	      "still merged.\n\n"
	      "  -q, --quiet         no summary on stderr (errors still)\n"
	      "  -h, --help          this help\n\n"
	      "Exit status: 0 merged, 2 usage error, a shard unreadable or not a library\n"
	      "store, or a book in conflict (the rest merged).\n",
	      out);
}

int cmd_merge(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (c) {
		case 'q': cli_quiet = true; break;
		case 'h': merge_usage(stdout); return EXIT_CLEAN;
		default: merge_usage(stderr); return EXIT_TROUBLE;
		}
	}
	if (argc - optind < 2) {
		merge_usage(stderr);
		return EXIT_TROUBLE;
	}
	const char *out = argv[optind];
	struct sm_err err;
	struct store *st;
	/* A shard named twice, or OUT among the shards, is a slip of the user's. */
	struct stat so;
	bool out_exists = stat(out, &so) == 0;
	for (int i = optind + 1; i < argc; i++) {
		struct stat ss;
		if (out_exists && stat(argv[i], &ss) == 0 && ss.st_dev == so.st_dev && ss.st_ino == so.st_ino) {
			cli_error(argv[i], "is the output store itself");
			return EXIT_TROUBLE;
		}
	}
	if (store_open(out, &st, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		return EXIT_TROUBLE;
	}
	bool loose;
	if (store_has_loose_docs(st, &loose, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		store_free(st);
		return EXIT_TROUBLE;
	}
	if (loose) {
		cli_error(out, "holds a book scanned without --library; merge into another store");
		store_free(st);
		return EXIT_TROUBLE;
	}
	int rc = EXIT_CLEAN;
	struct store_merge_stats total = { 0 };
	for (int i = optind + 1; i < argc; i++) {
		struct store_merge_stats ms;
		struct stat ss;
		if (stat(argv[i], &ss) != 0 || !S_ISREG(ss.st_mode)) {
			cli_error(argv[i], "no such store");
			rc = EXIT_TROUBLE;
			continue;
		}
		int r = store_merge(st, argv[i], 0, &ms, &err);
		if (r != SM_OK) {
			cli_error(argv[i], "%s", err.msg);
			rc = EXIT_TROUBLE;
		}
		total.added += ms.added;
		total.updated += ms.updated;
		total.same += ms.same;
		total.conflicts += ms.conflicts;
		total.removed += ms.removed;
		total.findings += ms.findings;
	}
	if (!cli_quiet)
		fprintf(stderr,
			"storymaster: merged %d store%s into %s: %zu book%s added, %zu updated, %zu "
			"already there, %zu in conflict, %zu removed; %zu finding%s copied\n",
			argc - optind - 1, argc - optind - 1 == 1 ? "" : "s", out, total.added,
			total.added == 1 ? "" : "s", total.updated, total.same, total.conflicts,
			total.removed, total.findings, total.findings == 1 ? "" : "s");
	store_free(st);
	return rc;
}
