/* cmd_annotate.c: `storymaster annotate IN.docx -o OUT.docx` checks a Word
 * manuscript and writes a copy with every finding as a Word comment, the
 * editor's deliverable (report/annotate.h). The original is never written. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "ingest/ingest.h"
#include "report/annotate.h"

static void annotate_usage(FILE *out)
{
	fputs("usage: storymaster annotate [OPTIONS] IN.docx -o OUT.docx\n\n"
	      "Check a Word manuscript and write a copy with every finding as a Word comment\n"
	      "(author \"storymaster\") on the text it is about: what is wrong, the suggestion\n"
	      "and the rule id. Everything else in the document (styles, comments and tracked\n"
	      "changes already there, footnotes, images) is kept; IN is never modified.\n\n"
	      "  -o, --output FILE   the annotated copy (required; not IN itself)\n"
	      "      --min-severity LVL  comment only findings at or above LVL (info, warning,\n"
	      "                      error; default info)\n"
	      "      --track-changes a doubled word or a spelling variant becomes a tracked change\n"
	      "                      (the fix, by \"storymaster\") the author accepts or rejects\n"
	      "      --only LIST     only these rules or families (comma-separated)\n"
	      "      --disable LIST  not these rules or families\n"
	      "      --no-model      skip the language-model checks\n"
	      "      --model FILE    use this model instead of the built-in one\n"
	      "      --time-limit S  seconds the model may spend on the file (default 300)\n"
	      "      --rules DIR     add a folder of rules (Vale-style YAML) or a Vale StylesPath\n"
	      "      --config FILE   read this configuration instead of .storymaster.yml\n"
	      "      --strict-config an unknown rule or pack in the configuration is an error\n"
	      "  -q, --quiet         no summary line or warnings on stderr (errors still)\n"
	      "  -h, --help          this help\n\n"
	      "Exit status: 0 written, 2 usage, input or I/O error (OUT is then not written).\n",
	      out);
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int cmd_annotate(int argc, char **argv)
{
	enum { O_MINSEV = CLI_O_NEXT, O_TRACK };
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "min-severity", required_argument, NULL, O_MINSEV },
		{ "track-changes", no_argument, NULL, O_TRACK },
		CLI_BOOK_OPTIONS,
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_opts o = { .fail_on = SM_SEV_ERROR };
	int min_sev = SM_SEV_INFO;
	const char *out_path = NULL;
	bool track = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out_path = optarg; break;
		case 'q': cli_quiet = true; break;
		case O_TRACK: track = true; break;
		case O_MINSEV:
			min_sev = sev_parse(optarg);
			if (min_sev < 0) {
				cli_error(NULL, "unknown level '%s' for --min-severity (info, warning, error)", optarg);
				return EXIT_TROUBLE;
			}
			break;
		case 'h': annotate_usage(stdout); return EXIT_CLEAN;
		default:
			switch (cli_book_option(&o, c, optarg)) {
			case 1: break;
			case 0: annotate_usage(stderr); return EXIT_TROUBLE;
			default: return EXIT_TROUBLE;
			}
		}
	}
	if (optind + 1 != argc || !out_path) {
		annotate_usage(stderr);
		return EXIT_TROUBLE;
	}
	char *in = argv[optind];
	const struct ingest_reader *r = ingest_reader_for(in);
	if (!r || strcmp(r->format, "docx")) {
		cli_error(in, "annotate writes Word files: give it a .docx");
		return EXIT_TROUBLE;
	}
	if (same_file(in, out_path) || !strcmp(in, out_path)) {
		cli_error(out_path, "is the input; annotate never overwrites the original (give another -o)");
		return EXIT_TROUBLE;
	}
	struct cli_book cb;
	cli_book_init(&cb);
	int rc = EXIT_CLEAN;
	char *buf = NULL;
	size_t len = 0;
	struct sm_findings f;
	findings_init(&f);
	if (cli_book_setup(&cb, &o, in) != SM_OK) {
		rc = EXIT_TROUBLE;
		goto done;
	}
	cli_book_load(&cb, &in, 1);
	if (cb.n_failed || cb.n_docs != 1) {
		rc = EXIT_TROUBLE;
		goto done;
	}
	struct sm_err err;
	sm_err_clear(&err);
	if (checks_run(&cb.book, &f, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		rc = EXIT_TROUBLE;
		goto done;
	}
	cli_print_warnings(&cb);
	findings_keep_at(&f, (enum sm_sev)min_sev);
	if (sm_read_file(in, INGEST_MAX_FILE, &buf, &len, &err) != SM_OK) {
		cli_error(in, "%s", err.msg);
		rc = EXIT_TROUBLE;
		goto done;
	}
	struct annotate_result res;
	if (annotate_docx(buf, len, &cb.book, 0, &f, track, out_path, &res, &err) != SM_OK) {
		cli_error(in, "%s", err.msg);
		rc = EXIT_TROUBLE;
		goto done;
	}
	if (!cli_quiet) {
		fprintf(stderr, "storymaster: wrote %s: %zu comment%s", out_path, res.placed,
			res.placed == 1 ? "" : "s");
		if (res.tracked)
			fprintf(stderr, ", %zu of them on a tracked change", res.tracked);
		if (res.existing)
			fprintf(stderr, " (and the %zu the document had)", res.existing);
		if (res.not_placed)
			fprintf(stderr, "; %zu finding%s not placed (a paragraph the reader changed: a field, "
					"a page break inside it; see storymaster check)",
				res.not_placed, res.not_placed == 1 ? "" : "s");
		fputc('\n', stderr);
	}
done:
	free(buf);
	findings_release(&f);
	cli_book_teardown(&cb);
	cli_book_release(&cb);
	return rc;
}
