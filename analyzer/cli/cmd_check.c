/* cmd_check.c: `storymaster check` analyzes manuscripts as one book and
 * prints findings like a compiler; the exit status follows --fail-on. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "ingest/ingest.h"
#include "report/report.h"
#include "report/report_data.h"

static void check_usage(FILE *out)
{
	fputs("usage: storymaster check [OPTIONS] FILE|DIR|-...\n\n"
	      "Analyze the manuscripts (one book, read in natural name order) and print\n"
	      "findings as path:line:col: severity: message [rule]. - reads standard input.\n\n"
	      "  -f, --format FMT    text (default) or json (the public contract, storymaster(1))\n"
	      "      --fail-on LVL   exit 1 when a finding is at or above LVL:\n"
	      "                      error (default), warning, info or never\n"
	      "      --min-severity LVL  show only findings at or above LVL (info, warning,\n"
	      "                      error); the exit status still follows --fail-on\n"
	      "      --only LIST     only these rules or families (comma-separated:\n"
	      "                      consistency,style.echo; see storymaster rules list)\n"
	      "      --disable LIST  not these rules or families, whatever the configuration says\n"
	      "      --stdin-format FMT  the format of standard input: md (default), txt, docx,\n"
	      "                      epub or odt\n"
	      "      --stdin-name PATH   the name standard input is shown as (its extension gives\n"
	      "                      the format; its folder, the configuration)\n"
	      "      --summary       end with a line of counts, files, words and time on stderr\n"
	      "                      (the default on a terminal, unless --quiet)\n"
	      "      --no-model      skip the language-model checks\n"
	      "      --model FILE    use this model instead of the built-in one\n"
	      "      --time-limit S  seconds the model may spend on one file (default 300,\n"
	      "                      0 none); past it its checks skip the file, with a warning\n"
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

/* The last line of text output, on standard error (standard output stays
 * the findings alone), on a terminal or with --summary: counts per
 * severity, files, words and time. */
static void summary(const struct sm_book *book, const struct sm_findings *f, size_t hidden, double secs)
{
	size_t ne = 0, nw = 0, ni = 0, words = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (f->v[i].sev == SM_SEV_ERROR)
			ne++;
		else if (f->v[i].sev == SM_SEV_WARNING)
			nw++;
		else
			ni++;
	}
	for (size_t i = 0; i < book->n_docs; i++)
		words += book->docs[i]->n_words;
	char hid[64] = "";
	if (hidden)
		snprintf(hid, sizeof(hid), " (%zu below --min-severity not shown)", hidden);
	fprintf(stderr, "%zu error%s, %zu warning%s, %zu info%s in %zu file%s, %zu words, %.2f s\n", ne,
		ne == 1 ? "" : "s", nw, nw == 1 ? "" : "s", ni, hid, book->n_docs,
		book->n_docs == 1 ? "" : "s", words, secs);
}

int cmd_check(int argc, char **argv)
{
	enum { O_MINSEV = CLI_O_NEXT, O_STDIN_FMT, O_STDIN_NAME, O_SUMMARY };
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "min-severity", required_argument, NULL, O_MINSEV },
		{ "stdin-format", required_argument, NULL, O_STDIN_FMT },
		{ "stdin-name", required_argument, NULL, O_STDIN_NAME },
		{ "summary", no_argument, NULL, O_SUMMARY },
		CLI_BOOK_OPTIONS,
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_opts o = { .fail_on = SM_SEV_ERROR };
	int min_sev = SM_SEV_INFO;
	const struct ingest_reader *stdin_reader = NULL;
	const char *stdin_name = NULL;
	bool want_summary = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!cli_parse_text_json(optarg, &o.json))
				return EXIT_TROUBLE;
			break;
		case 'q': cli_quiet = true; break;
		case O_MINSEV:
			min_sev = sev_parse(optarg);
			if (min_sev < 0) {
				cli_error(NULL, "unknown level '%s' for --min-severity (info, warning, error)", optarg);
				return EXIT_TROUBLE;
			}
			break;
		case O_STDIN_FMT:
			stdin_reader = ingest_reader_named(optarg);
			if (!stdin_reader) {
				cli_error(NULL, "unknown format '%s' for --stdin-format (md, txt, docx, epub or odt)", optarg);
				return EXIT_TROUBLE;
			}
			break;
		case O_STDIN_NAME: stdin_name = optarg; break;
		case O_SUMMARY: want_summary = true; break;
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
	cb.stdin_name = stdin_name;
	cb.stdin_reader = stdin_reader;
	int rc = EXIT_CLEAN;
	double t0 = sm_now();
	const char *first = n ? paths[0] : NULL;
	if (first && !strcmp(first, "-"))
		first = stdin_name; /* the configuration of the folder it names, else of "." */
	if (cli_book_setup(&cb, &o, first) != SM_OK) {
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
	}
	/* the exit status counts every finding; --min-severity hides some */
	if (o.fail_on <= SM_SEV_ERROR && findings_count_at(&f, (enum sm_sev)o.fail_on) > 0)
		rc = EXIT_FINDINGS;
	size_t hidden = f.n;
	findings_keep_at(&f, (enum sm_sev)min_sev);
	hidden -= f.n;
	if (cb.n_docs) {
		struct report_data rd;
		report_data_from_book(&cb.book, &f, &rd);
		if (o.json)
			out_findings_json(stdout, &rd);
		else
			out_findings_text(stdout, &rd, cli_color(stdout));
		report_data_release(&rd);
		if (!o.json && (want_summary || cli_progress()))
			summary(&cb.book, &f, hidden, sm_now() - t0);
	}
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
