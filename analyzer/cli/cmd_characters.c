/* cmd_characters.c: `storymaster characters` lists the book's characters
 * (most mentioned first) with their aliases, gender, mentions and chapters,
 * and with --facts the fact ledger (eye and hair colour, age). From files (one
 * book; with --db also stored there) or from a store (--db alone). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "checks/consistency/consistency.h"
#include "cli/cli.h"
#include "report/report.h"
#include "store/store_characters.h"
#include "store/store_library.h"

static void characters_usage(FILE *out)
{
	fputs("usage: storymaster characters [OPTIONS] [--db FILE | FILE|DIR...]\n\n"
	      "List the characters of a book (all files given are one book), most\n"
	      "mentioned first, with their aliases merged.\n\n"
	      "      --db FILE       read the characters a scan stored there; with files,\n"
	      "                      analyze them and store the result there too\n"
	      "      --book ID|KEY   with --db of a library store: that book's characters\n"
	      "      --facts         also list the facts: eye and hair colour, age\n"
	      "  -n, --top N         only the N most mentioned\n"
	      "  -f, --format FMT    text (default) or json\n"
	      "  -q, --quiet         no progress on stderr\n"
	      "  -h, --help          this help\n",
	      out);
}

static void print_text(FILE *out, const struct sm_book *book, const struct cons_registry *reg,
		       size_t top, bool facts)
{
	char buf[200];
	if (reg->n_chars == 0 && !cli_quiet)
		cli_error(NULL, "no characters found (names are capitalized words that recur mid-sentence)");
	for (size_t i = 0; i < reg->n_chars && i < top; i++) {
		const struct cons_character *c = &reg->chars[i];
		fprintf(out, "%5u  %s (%s)", c->n_mentions, c->name, cons_gender_name(c->gender));
		if (c->n_aliases > 1 || (c->n_aliases == 1 && strcmp(c->aliases[0].text, c->name))) {
			fputs(": ", out);
			for (uint32_t a = 0; a < c->n_aliases; a++)
				fprintf(out, "%s%s %u", a ? ", " : "", c->aliases[a].text, c->aliases[a].n);
		}
		if (c->n_chapters) {
			struct cons_place p = c->first;
			p.chapter = c->chapters[0];
			fprintf(out, "; in %u chapter%s from %s", c->n_chapters, c->n_chapters == 1 ? "" : "s",
				cons_chapter_label(book, &p, buf, sizeof(buf)));
		}
		fputc('\n', out);
		if (!facts)
			continue;
		for (size_t f = 0; f < reg->n_facts; f++) {
			const struct cons_fact *x = &reg->facts[f];
			if (x->character != i)
				continue;
			fprintf(out, "       %s: %s (%s)\n", cons_attr_name(x->attr), x->value,
				cons_chapter_label(book, &x->at, buf, sizeof(buf)));
		}
	}
}

static void print_json(FILE *out, const struct sm_book *book, const struct cons_registry *reg,
		       size_t top, bool facts)
{
	char buf[200];
	fputs("{\"characters\": [", out);
	for (size_t i = 0; i < reg->n_chars && i < top; i++) {
		const struct cons_character *c = &reg->chars[i];
		fprintf(out, "%s\n  {\"name\": ", i ? "," : "");
		out_json_cstr(out, c->name);
		fprintf(out, ", \"gender\": \"%s\", \"mentions\": %u, \"aliases\": [",
			cons_gender_name(c->gender), c->n_mentions);
		for (uint32_t a = 0; a < c->n_aliases; a++) {
			fputs(a ? ", {\"text\": " : "{\"text\": ", out);
			out_json_cstr(out, c->aliases[a].text);
			fprintf(out, ", \"mentions\": %u}", c->aliases[a].n);
		}
		fputs("], \"chapters\": [", out);
		for (uint32_t q = 0; q < c->n_chapters; q++)
			fprintf(out, "%s{\"chapter\": %u, \"mentions\": %u}", q ? ", " : "",
				c->chapters[q] + 1, c->chapter_counts[q]);
		fputc(']', out);
		if (facts) {
			fputs(", \"facts\": [", out);
			bool first = true;
			for (size_t f = 0; f < reg->n_facts; f++) {
				const struct cons_fact *x = &reg->facts[f];
				if (x->character != i)
					continue;
				fprintf(out, "%s{\"attribute\": \"%s\", \"value\": ", first ? "" : ", ",
					cons_attr_name(x->attr));
				out_json_cstr(out, x->value);
				fputs(", \"where\": ", out);
				out_json_cstr(out, cons_chapter_label(book, &x->at, buf, sizeof(buf)));
				fputc('}', out);
				first = false;
			}
			fputc(']', out);
		}
		fputc('}', out);
	}
	fputs("\n]}\n", out);
}

int cmd_characters(int argc, char **argv)
{
	enum { O_DB = 256, O_FACTS, O_BOOK };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, O_DB },
		{ "book", required_argument, NULL, O_BOOK },
		{ "facts", no_argument, NULL, O_FACTS },
		{ "top", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *book = NULL;
	bool facts = false, json = false;
	size_t top = (size_t)-1;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "n:f:qh", opts, NULL)) != -1) {
		switch (c) {
		case O_DB: db = optarg; break;
		case O_BOOK: book = optarg; break;
		case O_FACTS: facts = true; break;
		case 'n': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v <= 0) {
				cli_error(NULL, "--top wants a positive number, not '%s'", optarg);
				return EXIT_TROUBLE;
			}
			top = (size_t)v;
			break;
		}
		case 'f':
			if (!cli_parse_text_json(optarg, &json))
				return EXIT_TROUBLE;
			break;
		case 'q': cli_quiet = true; break;
		case 'h': characters_usage(stdout); return EXIT_CLEAN;
		default: characters_usage(stderr); return EXIT_TROUBLE;
		}
	}
	if (optind >= argc && !db) {
		characters_usage(stderr);
		return EXIT_TROUBLE;
	}
	struct sm_err err;
	sm_err_clear(&err);
	int rc = EXIT_CLEAN;
	if (optind >= argc) {
		/* from the store */
		struct store *st = NULL;
		struct cons_registry *reg = NULL;
		struct store_book *lib = NULL;
		size_t n_lib = 0;
		if (store_open(db, &st, &err) != SM_OK || store_books(st, &lib, &n_lib, &err) != SM_OK) {
			cli_error(db, "%s", err.msg);
			store_free(st);
			return EXIT_TROUBLE;
		}
		/* a library store: the registry of the book asked for, never the last one stored */
		char *key = NULL;
		const char *why = NULL;
		if (n_lib && !book)
			why = "is a library store: pass --book ID|KEY";
		else if (book && !n_lib)
			why = "is not a library store (no books): --book is for a library";
		else if (book && !store_book_named(lib, n_lib, book))
			why = "has no such book (see 'storymaster report --library')";
		else if (book && !(key = store_book_registry_key(st, store_book_named(lib, n_lib, book)->id)))
			why = "has no documents of that book";
		store_books_free(lib, n_lib);
		if (why || store_get_characters(st, key, &reg, &err) != SM_OK) {
			cli_error(db, "%s", why ? why : err.msg);
			free(key);
			store_free(st);
			return EXIT_TROUBLE;
		}
		free(key);
		if (json)
			print_json(stdout, NULL, reg, top, facts);
		else
			print_text(stdout, NULL, reg, top, facts);
		cons_registry_free(reg);
		store_free(st);
		return rc;
	}
	if (book) {
		cli_error(NULL, "--book reads a library store (--db FILE alone), not manuscripts");
		return EXIT_TROUBLE;
	}
	size_t n;
	char **paths = cli_expand(argv + optind, argc - optind, &n, true);
	struct cli_book cb;
	cli_book_init(&cb);
	cli_book_load(&cb, paths, n);
	if (cb.n_docs) {
		const struct cons_registry *reg = cons_book_registry(&cb.book);
		if (db) {
			struct store *st = NULL;
			/* the same book name as `scan` of these files */
			const char **dp = xcalloc(cb.book.n_docs, sizeof(*dp));
			for (size_t i = 0; i < cb.book.n_docs; i++)
				dp[i] = cb.book.docs[i]->path;
			char *key = store_book_key(dp, cb.book.n_docs);
			free(dp);
			if (store_open(db, &st, &err) != SM_OK ||
			    store_put_characters(st, key, &cb.book, reg, &err) != SM_OK) {
				cli_error(db, "%s", err.msg);
				rc = EXIT_TROUBLE;
			}
			free(key);
			store_free(st);
		}
		if (json)
			print_json(stdout, &cb.book, reg, top, facts);
		else
			print_text(stdout, &cb.book, reg, top, facts);
		cons_book_release(&cb.book);
	}
	if (cb.n_failed || n == 0)
		rc = EXIT_TROUBLE;
	cli_book_release(&cb);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return rc;
}
