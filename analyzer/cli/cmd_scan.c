/* cmd_scan.c: `storymaster scan` checks manuscripts as one book and keeps
 * the documents, their structure and the findings in the SQLite store, one
 * transaction per document. An unchanged book (same bytes as stored) is
 * recognized from the raw file hashes alone, without ingesting anything. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "checks/consistency/consistency.h"
#include "checks/pacing.h"
#include "cli/cli.h"
#include "cli/scan.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "store/store_characters.h"
#include "store/store_library.h"
#include "store/store_metrics.h"

#define SCAN_DEFAULT_DB "storymaster.db"

static void scan_usage(FILE *out)
{
	fputs("usage: storymaster scan [OPTIONS] DIR|FILE...\n"
	      "       storymaster scan --library DIR [-j N] [--shard K/N] [OPTIONS]\n\n"
	      "Check the manuscripts (every .docx, .odt, .epub, .md, .markdown and .txt under\n"
	      "the directories, in natural name order, as one book) and store documents,\n"
	      "chapters, scenes and findings in a SQLite store. When every file has the\n"
	      "same content as in the store, nothing is done.\n\n"
	      "      --db FILE       the store (default ./" SCAN_DEFAULT_DB ")\n"
	      "      --library DIR   every folder in DIR is one book (a folder of chapters or\n"
	      "                      one manuscript), all into one library store\n"
	      "      --one-book-per-file  with --library: each manuscript file directly in\n"
	      "                      DIR is a book too (a flat folder of single-file books)\n"
	      "  -j, --jobs N        with --library: books checked at once (default: cores)\n"
	      "      --shard K/N     with --library: only the books whose key hashes to shard K\n"
	      "                      of N (K from 0); --shard N takes K from SLURM_ARRAY_TASK_ID\n"
	      "                      or JOB_COMPLETION_INDEX\n"
	      "      --force         check and store even when nothing changed\n"
	      "      --replace       the store holds another book: drop its documents\n"
	      "                      (without it, that is an error and nothing is written)\n"
	      "      --fail-on LVL   exit 1 when a stored finding is at or above LVL:\n"
	      "                      error, warning, info or never (default never)\n"
	      "      --no-model      skip the language-model checks\n"
	      "      --model FILE    use this model instead of the built-in one\n"
	      "      --time-limit S  seconds the model may spend on one file (default 300,\n"
	      "                      0 none); past it its checks skip the file, with a warning\n"
	      "      --rules DIR     add a folder of rules (Vale-style YAML) or a Vale StylesPath\n"
	      "      --config FILE   read this configuration instead of .storymaster.yml\n"
	      "      --strict-config an unknown rule or pack in the configuration is an\n"
	      "                      error (exit 2), not a warning\n"
	      "  -q, --quiet         no summary, progress or warnings on stderr (errors still)\n"
	      "  -h, --help          this help\n\n"
	      "Exit status: 0 stored, 1 findings at --fail-on, 2 usage, input or store\n"
	      "error (the other files are still stored).\n",
	      out);
}

bool scan_file_unchanged(struct store *st, const char *stored_as, const char *path)
{
	struct sm_err err;
	uint64_t stored;
	bool found;
	if (store_doc_hash(st, stored_as, &stored, &found, &err) != SM_OK || !found)
		return false;
	char *buf;
	size_t len;
	if (sm_read_file(path, INGEST_MAX_FILE, &buf, &len, &err) != SM_OK)
		return false;
	/* The same hash ingest_buffer stores in doc->hash. */
	uint64_t h = sm_hash(SM_HASH_INIT, buf, len);
	free(buf);
	return h == stored;
}

/* True when every path's bytes hash to what the store holds for it. */
static bool book_unchanged(struct store *st, char **paths, size_t n)
{
	/* A chapter removed or renamed since the last scan changes the book. */
	struct sm_err e;
	int64_t stored_n;
	if (store_doc_count(st, &stored_n, &e) != SM_OK || stored_n != (int64_t)n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!scan_file_unchanged(st, paths[i], paths[i]))
			return false;
	return true;
}

/* Is the stored path one of the files or folders named on the command line? */
static const char *skip_dot(const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	return p;
}

static bool named(const char *path, char **args, int n)
{
	path = skip_dot(path);
	for (int i = 0; i < n; i++) {
		const char *a = skip_dot(args[i]);
		size_t k = strlen(a);
		while (k > 1 && a[k - 1] == '/')
			k--;
		if (k == 0 || (k == 1 && a[0] == '.')) /* the current folder */
			return path[0] != '/';
		if (!strncmp(path, a, k) && (path[k] == '\0' || path[k] == '/' || a[k - 1] == '/'))
			return true;
	}
	return false;
}

/* The store holds one book. Documents stored under none of the paths of
 * this scan belong to another book, which this scan would drop: without
 * --replace that is an error, said before anything is written. Returns
 * false (printed) when the scan must not go on. */
static bool same_book(struct store *st, char **args, int n, bool replace, const char *db)
{
	struct sm_err err;
	char **stored;
	size_t n_stored, other = 0, first = 0;
	struct store_book *books;
	size_t n_books;
	if (store_books(st, &books, &n_books, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		return false;
	}
	store_books_free(books, n_books);
	if (n_books) {
		cli_error(db, "is a library store (%zu book%s); scan into it with --library DIR, "
			  "or into another store with --db", n_books, n_books == 1 ? "" : "s");
		return false;
	}
	if (store_doc_paths(st, &stored, &n_stored, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		return false;
	}
	for (size_t i = 0; i < n_stored; i++)
		if (!named(stored[i], args, n) && other++ == 0)
			first = i;
	if (other && !replace)
		cli_error(db, "holds another book (%zu document%s, such as %s); scan into another "
			  "store with --db, or pass --replace to drop %s",
			  other, other == 1 ? "" : "s", stored[first], other == 1 ? "it" : "them");
	for (size_t i = 0; i < n_stored; i++)
		free(stored[i]);
	free(stored);
	return !other || replace;
}

/* Stored findings at or above level for the paths, for --fail-on when
 * nothing changed. -1 on a store error (printed). */
static int64_t stored_findings_at(struct store *st, char **paths, size_t n, enum sm_sev level)
{
	int64_t total = 0;
	for (size_t i = 0; i < n; i++) {
		struct sm_err err;
		int64_t k;
		if (store_doc_findings_at(st, paths[i], level, &k, &err) != SM_OK) {
			cli_error(NULL, "%s", err.msg);
			return -1;
		}
		total += k;
	}
	return total;
}

/* Pacing metrics of a document, stored in the document's own transaction. */
static int put_metrics_hook(struct store *st, int64_t run, const struct sm_book *book, uint32_t doc,
			    void *ctx, struct sm_err *err)
{
	return store_put_metrics(st, run, book, doc, ctx, err);
}

/* Store the book's character registry (names, aliases, mentions per chapter,
 * facts) under its book name (store_book_key of the documents' paths), in
 * one transaction that replaces the book's earlier registry. */
static int put_characters(struct store *st, struct cli_book *cb, struct sm_err *err)
{
	const struct cons_registry *reg = cons_book_registry(&cb->book);
	if (!reg)
		return SM_OK; /* no documents */
	const char **paths = xcalloc(cb->book.n_docs, sizeof(*paths));
	for (size_t i = 0; i < cb->book.n_docs; i++)
		paths[i] = cb->book.docs[i]->path;
	char *key = store_book_key(paths, cb->book.n_docs);
	int rc = store_put_characters(st, key, &cb->book, reg, err);
	free(key);
	free(paths);
	cons_book_release(&cb->book);
	return rc;
}

size_t scan_store(struct store *st, struct cli_book *cb, struct sm_findings *f, const char *db,
		  const char *settings, bool summary)
{
	struct sm_err err;
	sm_err_clear(&err);
	/* An analyzer that failed is an error of the run, even with --quiet. */
	bool analyzer_failed = checks_run(&cb->book, f, &err) != SM_OK;
	if (analyzer_failed)
		cli_error(NULL, "%s", err.msg);
	cli_print_warnings(cb);

	int64_t run;
	if (store_run_begin(st, &run, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		return cb->n_docs;
	}
	bool progress = cli_progress() && cb->n_docs > 1;
	size_t n_bad = 0;
	struct pacing *pace = NULL; /* pacing metrics for the store (issue 6) */
	if (pacing_compute(&cb->book, &pace, &err) != SM_OK)
		cli_error(NULL, "pacing metrics not stored: %s", err.msg);
	if (pace)
		store_set_doc_hook(st, put_metrics_hook, pace);
	for (size_t i = 0; i < cb->n_docs; i++) {
		if (progress)
			fprintf(stderr, "\r[%zu/%zu] storing %s\033[K", i + 1, cb->n_docs,
				cb->docs[i]->path);
		if (store_put_doc(st, run, &cb->book, (uint32_t)i, f, &err) != SM_OK) {
			if (progress)
				fprintf(stderr, "\r\033[K");
			cli_error(cb->docs[i]->path, "not stored: %s", err.msg);
			n_bad++;
			/* A store that failed once (locked, full disk) fails the rest too. */
			n_bad += cb->n_docs - i - 1;
			break;
		}
	}
	store_set_doc_hook(st, NULL, NULL);
	pacing_free(pace);
	if (progress)
		fprintf(stderr, "\r\033[K");
	bool chars_failed = false; /* the documents are stored even so */
	if (!n_bad && put_characters(st, cb, &err) != SM_OK) {
		cli_error(NULL, "character registry not stored: %s", err.msg);
		chars_failed = true;
	}
	/* The store holds the book of this scan: drop documents no longer in it.
	 * Only after a complete scan, so that a failed file is not lost. */
	if (!n_bad && !cb->n_failed && !analyzer_failed) {
		char **cur = xmalloc(sizeof(*cur) * (cb->n_docs ? cb->n_docs : 1));
		for (size_t i = 0; i < cb->n_docs; i++)
			cur[i] = (char *)cb->docs[i]->path;
		int64_t removed = 0;
		if (store_prune_docs(st, cur, cb->n_docs, &removed, &err) != SM_OK) {
			cli_error(NULL, "%s", err.msg);
			n_bad = 1;
		} else if (removed && !cli_quiet && summary) {
			cli_error(NULL, "%lld document%s no longer in the book removed from %s",
				  (long long)removed, removed == 1 ? "" : "s", db);
		}
		free(cur);
	}
	if (analyzer_failed && !n_bad)
		n_bad = 1;
	/* A run whose model stopped at --time-limit or the memory limit stored incomplete findings:
	 * 'partial', so that the next scan does not call the book unchanged. */
	const char *status = n_bad || cb->n_failed || chars_failed ? "errors" : "ok";
	if (!strcmp(status, "ok") && cb->book.n_model_skipped)
		status = "partial";
	if (store_run_set_settings(st, run, settings, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		n_bad = n_bad ? n_bad : 1;
	}
	if (store_run_end(st, run, status, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		if (!n_bad)
			n_bad = 1;
	}
	if (!cli_quiet && summary) {
		size_t e = 0, w = 0, in = 0;
		for (size_t i = 0; i < f->n; i++) {
			if (f->v[i].sev == SM_SEV_ERROR)
				e++;
			else if (f->v[i].sev == SM_SEV_WARNING)
				w++;
			else
				in++;
		}
		fprintf(stderr,
			"storymaster: scanned %zu %s, %zu %s (%zu %s, %zu %s, %zu info) into %s (run %lld)\n",
			cb->n_docs - n_bad, cb->n_docs - n_bad == 1 ? "document" : "documents", f->n,
			f->n == 1 ? "finding" : "findings", e, e == 1 ? "error" : "errors", w,
			w == 1 ? "warning" : "warnings", in, db, (long long)run);
	}
	return n_bad ? n_bad : chars_failed;
}

int cmd_scan(int argc, char **argv)
{
	enum { O_DB = CLI_O_NEXT, O_FORCE, O_REPLACE, O_LIBRARY, O_PER_FILE, O_SHARD };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, O_DB },
		{ "library", required_argument, NULL, O_LIBRARY },
		{ "one-book-per-file", no_argument, NULL, O_PER_FILE },
		{ "jobs", required_argument, NULL, 'j' },
		{ "shard", required_argument, NULL, O_SHARD },
		{ "force", no_argument, NULL, O_FORCE },
		{ "replace", no_argument, NULL, O_REPLACE },
		CLI_BOOK_OPTIONS,
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_opts o = { .fail_on = 3 /* never */ };
	const char *db = SCAN_DEFAULT_DB;
	bool force = false, replace = false;
	struct scan_library lib = { 0 };
	const char *shard = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "j:qh", opts, NULL)) != -1) {
		switch (c) {
		case O_DB: db = optarg; break;
		case O_LIBRARY: lib.dir = optarg; break;
		case O_PER_FILE: lib.per_file = true; break;
		case 'j': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || v < 1 || v > 256) {
				cli_error(NULL, "--jobs wants a number from 1 to 256, not '%s'", optarg);
				return EXIT_TROUBLE;
			}
			lib.jobs = (int)v;
			break;
		}
		case O_SHARD: shard = optarg; break;
		case O_FORCE: force = true; break;
		case O_REPLACE: replace = true; break;
		case 'q': cli_quiet = true; break;
		case 'h': scan_usage(stdout); return EXIT_CLEAN;
		default:
			switch (cli_book_option(&o, c, optarg)) {
			case 1: break;
			case 0: scan_usage(stderr); return EXIT_TROUBLE;
			default: return EXIT_TROUBLE;
			}
		}
	}
	if (!lib.dir && (lib.per_file || lib.jobs || shard)) {
		cli_error(NULL, "--one-book-per-file, --jobs and --shard go with --library DIR");
		return EXIT_TROUBLE;
	}
	if (lib.dir) {
		if (optind < argc) {
			cli_error(NULL, "--library DIR scans DIR only; unexpected argument '%s'", argv[optind]);
			return EXIT_TROUBLE;
		}
		if (replace) {
			cli_error(NULL, "--replace is for a one-book store; a library store keeps every book");
			return EXIT_TROUBLE;
		}
		if (shard && !scan_parse_shard(shard, &lib.shard_k, &lib.shard_n))
			return EXIT_TROUBLE;
		lib.force = force;
		return scan_library(&o, db, &lib);
	}
	if (optind >= argc) {
		scan_usage(stderr);
		return EXIT_TROUBLE;
	}
	size_t n;
	char **paths = cli_expand(argv + optind, argc - optind, &n, true);
	cli_natural_sort(paths, n);
	int rc = EXIT_CLEAN;
	struct store *st = NULL;
	struct sm_err err;
	struct cli_book cb;
	struct sm_findings f;
	cli_book_init(&cb);
	findings_init(&f);
	if (n == 0) { /* cli_expand said why */
		rc = EXIT_TROUBLE;
		goto done;
	}
	if (store_open(db, &st, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		rc = EXIT_TROUBLE;
		goto done;
	}
	if (!same_book(st, argv + optind, argc - optind, replace, db)) {
		rc = EXIT_TROUBLE;
		goto done;
	}
	/* Changed settings (configuration, rules, model) re-check an unchanged book. */
	char settings[17], stored[64];
	cli_settings_fingerprint(&o, paths[0], settings);
	bool same_settings = store_last_settings(st, stored, sizeof(stored), &err) == SM_OK &&
			     !strcmp(stored, settings);
	if (!force && same_settings && book_unchanged(st, paths, n)) {
		if (!cli_quiet)
			fprintf(stderr, "storymaster: %zu %s unchanged\n", n,
				n == 1 ? "document" : "documents");
		if (o.fail_on <= SM_SEV_ERROR) {
			int64_t k = stored_findings_at(st, paths, n, (enum sm_sev)o.fail_on);
			rc = k < 0 ? EXIT_TROUBLE : k > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
		}
		goto done;
	}
	if (cli_book_setup(&cb, &o, paths[0]) != SM_OK) {
		rc = EXIT_TROUBLE;
		goto done;
	}
	cli_book_load(&cb, paths, n);
	size_t n_bad = cb.n_docs ? scan_store(st, &cb, &f, db, settings, true) : 0;
	if (o.fail_on <= SM_SEV_ERROR && findings_count_at(&f, (enum sm_sev)o.fail_on) > 0)
		rc = EXIT_FINDINGS;
	if (cb.n_failed || n_bad || cb.n_docs == 0)
		rc = EXIT_TROUBLE;
done:
	cli_book_teardown(&cb);
	findings_release(&f);
	cli_book_release(&cb);
	store_free(st);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return rc;
}
