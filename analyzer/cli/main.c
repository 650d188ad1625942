/* main.c: argv -> commands[] -> the subcommand (git git.c). Checks that
 * stdout was written completely before exiting. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

bool cli_quiet;

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help; /* one line for the command list */
};

static const struct command commands[] = {
	{ "check", cmd_check, "analyze manuscripts and print findings (exit 1 when some are at --fail-on)" },
	{ "extract", cmd_extract, "print the text storymaster reads from a manuscript" },
	{ "scan", cmd_scan, "check manuscripts and keep documents and findings in a store" },
	{ "report", cmd_report, "render the store as text, JSON, Markdown or HTML" },
	{ "lsp", cmd_lsp, "a language server for editors (diagnostics as you type, quick fixes)" },
	{ "merge", cmd_merge, "merge library stores (the shards of many machines) into one" },
	{ "annotate", cmd_annotate, "write a copy of a Word manuscript with the findings as comments" },
	{ "runs", cmd_runs, "list the scans kept in the store (for report --since)" },
	{ "rules", cmd_rules, "list every rule, show one, run the rules' examples" },
	{ "config", cmd_config, "print the configuration a check would use, and where each value came from" },
	{ "train", cmd_train, "train or fine-tune the language model on your own manuscripts" },
	{ "model", cmd_model, "describe the language model or measure how well it predicts texts" },
	{ "characters", cmd_characters, "list the book's characters with aliases, mentions and facts" },
	/* more commands: one line each, kept in this order of use */
};

static void usage(FILE *out)
{
	fprintf(out, "usage: storymaster [--version] [--help] COMMAND [ARGS]\n\n"
		     "Find where a manuscript's pacing sags and where its story contradicts itself.\n\n"
		     "Commands:\n");
	for (size_t i = 0; i < SM_ARRAY_LEN(commands); i++)
		fprintf(out, "  %-11s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\nRun 'storymaster COMMAND --help' for a command's options; "
		     "see storymaster(1).\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_TROUBLE;
	}
	const char *cmd = argv[1];
	int rc;
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
		printf("storymaster %s\n", SM_VERSION);
		rc = EXIT_CLEAN;
	} else if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		usage(stdout);
		rc = EXIT_CLEAN;
	} else {
		const struct command *c = NULL;
		for (size_t i = 0; i < SM_ARRAY_LEN(commands); i++)
			if (!strcmp(commands[i].name, cmd))
				c = &commands[i];
		if (!c) {
			fprintf(stderr, "storymaster: '%s' is not a command (see 'storymaster --help')\n", cmd);
			return EXIT_TROUBLE;
		}
		rc = c->fn(argc - 1, argv + 1);
	}
	/* A full disk or closed pipe must not pass silently (git's check). */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			fprintf(stderr, "storymaster: write error on standard output: %s\n", strerror(errno));
		return EXIT_TROUBLE;
	}
	return rc;
}
