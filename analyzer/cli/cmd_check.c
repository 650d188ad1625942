/* cmd_check.c: `storymaster check` analyzes manuscripts as one book and
 * prints findings like a compiler; the exit status follows --fail-on. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/report.h"

static void check_usage(FILE *out)
{
	fputs("usage: storymaster check [OPTIONS] FILE|DIR...\n\n"
	      "Analyze the manuscripts (one book, read in natural name order) and print\n"
	      "findings as path:line:col: severity: message [rule].\n\n"
	      "  -f, --format FMT    text (default) or json (the public contract, storymaster(1))\n"
	      "      --fail-on LVL   exit 1 when a finding is at or above LVL:\n"
	      "                      error (default), warning, info or never\n"
	      "      --no-model      skip the language-model checks\n"
	      "      --model FILE    use this model instead of the built-in one\n"
	      "      --rules DIR     add a folder of rules (Vale-style YAML) or a Vale StylesPath\n"
	      "      --config FILE   read this configuration instead of .storymaster.yml\n"
	      "      --strict-config an unknown rule or pack in the configuration is an\n"
	      "                      error (exit 2), not a warning\n"
	      "  -q, --quiet         no progress or warnings on stderr (errors still)\n"
	      "  -h, --help          this help\n\n"
	      "Exit status: 0 no finding at --fail-on, 1 findings at --fail-on,\n"
	      "2 usage, input or I/O error (one line per failing file on stderr).\n",
	      out);
}

int cli_parse_fail_on(const char *s)
{
	if (!strcmp(s, "never"))
		return 3;
	return sev_parse(s);
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		CLI_BOOK_OPTIONS,
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_opts o = { .fail_on = SM_SEV_ERROR };
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "json"))
				o.json = true;
			else if (strcmp(optarg, "text")) {
				cli_error(NULL, "unknown format '%s' (text or json)", optarg);
				return EXIT_TROUBLE;
			}
			break;
		case 'q': cli_quiet = true; break;
		case 'h': check_usage(stdout); return EXIT_CLEAN;
		default:
			switch (cli_book_option(&o, c, optarg)) {
			case 1: break;
			case 0: check_usage(stderr); return EXIT_TROUBLE;
			default: return EXIT_TROUBLE;
			}
		}
	}
	if (optind >= argc) {
		check_usage(stderr);
		return EXIT_TROUBLE;
	}
	size_t n;
	char **paths = cli_expand(argv + optind, argc - optind, &n, true);
	struct cli_book cb;
	cli_book_init(&cb);
	int rc = EXIT_CLEAN;
	if (cli_book_setup(&cb, &o, n ? paths[0] : NULL) != SM_OK) {
		rc = EXIT_TROUBLE;
		goto done;
	}
	cli_book_load(&cb, paths, n);
	struct sm_findings f;
	findings_init(&f);
	if (cb.n_docs) {
		struct sm_err err;
		sm_err_clear(&err);
		/* An analyzer that failed is reported even with --quiet, and exits 2. */
		if (checks_run(&cb.book, &f, &err) != SM_OK) {
			cli_error(NULL, "%s", err.msg);
			cb.n_failed++;
		}
		cli_print_warnings(&cb);
		if (o.json)
			out_findings_json(stdout, &cb.book, &f);
		else
			out_findings_text(stdout, &cb.book, &f, cli_color(stdout));
	}
	if (o.fail_on <= SM_SEV_ERROR && findings_count_at(&f, (enum sm_sev)o.fail_on) > 0)
		rc = EXIT_FINDINGS;
	if (cb.n_failed || n == 0)
		rc = EXIT_TROUBLE;
	findings_release(&f);
done:
	cli_book_teardown(&cb);
	cli_book_release(&cb);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return rc;
}
