/* cmd_runs.c: `storymaster runs` lists the scans kept in the store, so that
 * `storymaster report --since RUN` can compare with a chosen one. Reads only
 * the store. */
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/report_data.h"
#include "store/store.h"

static void runs_usage(FILE *out)
{
	fputs("usage: storymaster runs [OPTIONS]\n\n"
	      "List the scans in the store: run number, start time, status and the number of\n"
	      "documents it stored. Use a run number with 'storymaster report --since RUN'.\n\n"
	      "      --db FILE       the store (default ./storymaster.db)\n"
	      "  -h, --help          this help\n\n"
	      "Exit status: 0 listed, 2 usage error or unreadable store.\n",
	      out);
}

int cmd_runs(int argc, char **argv)
{
	enum { O_DB = 256 };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, O_DB },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "storymaster.db";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case O_DB: db = optarg; break;
		case 'h': runs_usage(stdout); return EXIT_CLEAN;
		default: runs_usage(stderr); return EXIT_TROUBLE;
		}
	}
	if (optind < argc) {
		cli_error(NULL, "runs takes no arguments; unexpected '%s'", argv[optind]);
		return EXIT_TROUBLE;
	}
	struct store *st = cli_open_store(db);
	if (!st)
		return EXIT_TROUBLE;
	struct sm_err err;
	struct report_data rd;
	if (report_data_load(st, 0, 0, &rd, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		store_free(st);
		return EXIT_TROUBLE;
	}
	printf("%-5s %-25s %-12s %9s  %s\n", "run", "started", "status", "documents", "version");
	for (size_t i = 0; i < rd.n_runs; i++) {
		const struct rd_run *r = &rd.runs[i];
		printf("%-5lld %-25s %-12s %9lld  %s\n", (long long)r->id, r->started, r->status,
		       (long long)r->n_documents, r->tool_version ? r->tool_version : "");
	}
	report_data_release(&rd);
	store_free(st);
	return EXIT_CLEAN;
}
