/* cmd_report.c: `storymaster report` renders what `scan` stored, reading
 * only the store, never the manuscripts. -o writes FILE.tmp, then renames it
 * over FILE, so a reader never sees half a report. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "cli/cli.h"
#include "report/report.h"
#include "store/store.h"
#include "store/store_library.h"

static void report_usage(FILE *out)
{
	fputs("usage: storymaster report [OPTIONS]\n"
	      "       storymaster report --library [--books] [OPTIONS]\n"
	      "       storymaster report --book ID|KEY [OPTIONS]\n\n"
	      "Render the documents and findings that 'storymaster scan' stored.\n\n"
	      "      --db FILE       the store (default ./storymaster.db)\n"
	      "      --library       of a library store (scan --library): one row per book\n"
	      "      --books         with --library and -o: also write each book's report\n"
	      "                      beside it, as book-ID.html (.md, .json, .txt)\n"
	      "      --book ID|KEY   of a library store: the report of one book, by its id\n"
	      "                      or its folder's name\n"
	      "  -f, --format FMT    text (default), json, md (an editorial letter) or html\n"
	      "  -o, --output FILE   write to FILE instead of standard output\n"
	      "      --since RUN     compare with the documents as stored by scan RUN\n"
	      "                      (default: each document's previous version)\n"
	      "  -q, --quiet         no messages on stderr (errors still)\n"
	      "  -h, --help          this help\n\n"
	      "Exit status: 0 written, 2 usage error, empty or unreadable store, write error.\n",
	      out);
}

static int parse_format(const char *s, enum report_format *f)
{
	if (!strcmp(s, "text"))
		*f = REPORT_TEXT;
	else if (!strcmp(s, "json"))
		*f = REPORT_JSON;
	else if (!strcmp(s, "md") || !strcmp(s, "markdown"))
		*f = REPORT_MD;
	else if (!strcmp(s, "html"))
		*f = REPORT_HTML;
	else
		return -1;
	return 0;
}

/* Render into FILE.tmp and rename it over path; remove the temporary file on
 * any error. Returns an exit status. */
/* lib: the library report; quiet: no message (one of --books') */
static int write_to_file(struct store *st, const struct report_opts *ro, const char *path, bool lib,
			 bool quiet)
{
	size_t n = strlen(path) + 5;
	char *tmp = xmalloc(n);
	snprintf(tmp, n, "%s.tmp", path);
	int rc = EXIT_TROUBLE;
	struct sm_err err;
	FILE *out = fopen(tmp, "w");
	if (!out) {
		cli_error(tmp, "cannot write: %s", strerror(errno));
		free(tmp);
		return EXIT_TROUBLE;
	}
	if ((lib ? report_library(st, ro->format, out, &err) : report_write(st, ro, out, &err)) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		fclose(out);
		goto fail;
	}
	if (fflush(out) != 0 || ferror(out)) {
		cli_error(tmp, "write error: %s", strerror(errno));
		fclose(out);
		goto fail;
	}
	if (fclose(out) != 0) {
		cli_error(tmp, "write error: %s", strerror(errno));
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		cli_error(path, "cannot rename '%s': %s", tmp, strerror(errno));
		goto fail;
	}
	if (!cli_quiet && !quiet)
		fprintf(stderr, "storymaster: report written to %s\n", path);
	free(tmp);
	return EXIT_CLEAN;
fail:
	unlink(tmp);
	free(tmp);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	enum { O_DB = 256, O_SINCE, O_LIBRARY, O_BOOK, O_BOOKS };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, O_DB },
		{ "library", no_argument, NULL, O_LIBRARY },
		{ "book", required_argument, NULL, O_BOOK },
		{ "books", no_argument, NULL, O_BOOKS },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "since", required_argument, NULL, O_SINCE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "storymaster.db", *output = NULL;
	struct report_opts ro = { .format = REPORT_TEXT, .since_run = 0 };
	bool library = false, books = false;
	const char *book = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:qh", opts, NULL)) != -1) {
		switch (c) {
		case O_DB: db = optarg; break;
		case 'f':
			if (parse_format(optarg, &ro.format) < 0) {
				cli_error(NULL, "unknown format '%s' (text, json, md or html)", optarg);
				return EXIT_TROUBLE;
			}
			break;
		case 'o': output = optarg; break;
		case O_LIBRARY: library = true; break;
		case O_BOOK: book = optarg; break;
		case O_BOOKS: books = true; break;
		case O_SINCE: {
			char *end;
			long long v = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end || v <= 0) {
				cli_error(NULL, "--since wants a run number, not '%s'", optarg);
				return EXIT_TROUBLE;
			}
			ro.since_run = v;
			break;
		}
		case 'q': cli_quiet = true; break;
		case 'h': report_usage(stdout); return EXIT_CLEAN;
		default: report_usage(stderr); return EXIT_TROUBLE;
		}
	}
	if (optind < argc) {
		cli_error(NULL, "report reads only the store; unexpected argument '%s'", argv[optind]);
		return EXIT_TROUBLE;
	}
	if (library && book) {
		cli_error(NULL, "--library and --book: one or the other");
		return EXIT_TROUBLE;
	}
	if (books && (!library || !output)) {
		cli_error(NULL, "--books goes with --library and -o FILE (the books' reports go beside FILE)");
		return EXIT_TROUBLE;
	}
	if (library && ro.since_run) {
		cli_error(NULL, "--since is for one book's report (--book)");
		return EXIT_TROUBLE;
	}
	struct store *st = cli_open_store(db);
	if (!st)
		return EXIT_TROUBLE;
	struct sm_err err;
	int64_t n_docs = 0;
	int rc = EXIT_TROUBLE;
	struct store_book *lib = NULL;
	size_t n_lib = 0;
	if (store_books(st, &lib, &n_lib, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		goto done;
	}
	if ((library || book) && !n_lib) {
		cli_error(db, "is not a library store (no books; scan one with 'storymaster scan --library DIR')");
		goto done;
	}
	if (n_lib && !library && !book) {
		cli_error(db, "is a library store of %zu book%s: pass --library for the library report, "
			  "or --book ID for one book's", n_lib, n_lib == 1 ? "" : "s");
		goto done;
	}
	if (book) {
		const struct store_book *b = store_book_named(lib, n_lib, book);
		ro.book = b ? b->id : 0;
		if (!ro.book) {
			cli_error(db, "no book '%s' in this library (see 'storymaster report --library')", book);
			goto done;
		}
	}
	if (library) {
		rc = output ? write_to_file(st, &ro, output, true, false) : EXIT_CLEAN;
		if (!output && report_library(st, ro.format, stdout, &err) != SM_OK) {
			cli_error(NULL, "%s", err.msg);
			rc = EXIT_TROUBLE;
		}
		for (size_t i = 0; books && rc == EXIT_CLEAN && i < n_lib; i++) {
			/* beside the library report: book-ID.EXT */
			static const char *const ext[] = { "txt", "json", "md", "html" };
			const char *slash = strrchr(output, '/');
			size_t dl = slash ? (size_t)(slash - output) + 1 : 0;
			size_t n = dl + 48;
			char *p = xmalloc(n);
			snprintf(p, n, "%.*sbook-%lld.%s", (int)dl, output, (long long)lib[i].id, ext[ro.format]);
			struct report_opts bo = ro;
			bo.book = lib[i].id;
			rc = write_to_file(st, &bo, p, false, true);
			free(p);
		}
		if (books && rc == EXIT_CLEAN && !cli_quiet)
			fprintf(stderr, "storymaster: %zu book report%s written beside %s\n", n_lib,
				n_lib == 1 ? "" : "s", output);
		goto done;
	}
	if (store_doc_count(st, &n_docs, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		goto done;
	}
	if (n_docs == 0 && !ro.book) {
		cli_error(db, "no scan in this store (run 'storymaster scan' first)");
		goto done;
	}
	if (ro.since_run > 0) {
		bool found = false;
		if (store_has_run(st, ro.since_run, &found, &err) != SM_OK) {
			cli_error(NULL, "%s", err.msg);
			goto done;
		}
		if (!found) {
			cli_error(db, "no run %lld in this store (see 'storymaster runs')", (long long)ro.since_run);
			goto done;
		}
	}
	if (output) {
		rc = write_to_file(st, &ro, output, false, false);
	} else if (report_write(st, &ro, stdout, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
	} else {
		rc = EXIT_CLEAN;
	}
done:
	store_books_free(lib, n_lib);
	store_free(st);
	return rc;
}
