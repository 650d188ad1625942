/* cmd_extract.c: `storymaster extract` prints the text as storymaster reads
 * it: blocks in reading order, or the JSON contract with their positions. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/report.h"

static void extract_usage(FILE *out)
{
	fputs("usage: storymaster extract [--format text|json] FILE...\n\n"
	      "Print the text storymaster reads from each manuscript, one block (heading\n"
	      "or paragraph) per paragraph, separated by blank lines.\n\n"
	      "  -f, --format FMT   text (default) or json: {\"blocks\":[{\"paragraph\",\"kind\",\n"
	      "                     \"chapter\",\"scene\",\"line\",\"text\"}]}\n"
	      "  -q, --quiet        no progress messages\n"
	      "  -h, --help         this help\n",
	      out);
}

static void extract_json(FILE *out, const struct sm_doc *d)
{
	fputs("{\"path\":", out);
	out_json_str(out, d->path, strlen(d->path));
	fprintf(out, ",\"format\":\"%s\",\"blocks\":[", d->format);
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct block *b = &d->blocks[i];
		fprintf(out, "%s\n{\"paragraph\":%zu,\"kind\":\"%s\",\"chapter\":%u,\"scene\":%u", i ? "," : "",
			i + 1, b->kind == BLK_HEADING ? "heading" : "paragraph",
			d->chapters[b->chapter].number, d->scenes[b->scene].number);
		if (b->line)
			fprintf(out, ",\"line\":%u", b->line);
		fputs(",\"text\":", out);
		out_json_str(out, d->text + b->off, b->len);
		fputc('}', out);
	}
	fputs("]}\n", out);
}

int cmd_extract(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!cli_parse_text_json(optarg, &json))
				return EXIT_TROUBLE;
			break;
		case 'q': cli_quiet = true; break;
		case 'h': extract_usage(stdout); return EXIT_CLEAN;
		default: extract_usage(stderr); return EXIT_TROUBLE;
		}
	}
	if (optind >= argc) {
		extract_usage(stderr);
		return EXIT_TROUBLE;
	}
	size_t n;
	char **paths = cli_expand(argv + optind, argc - optind, &n, true);
	struct cli_book cb;
	cli_book_init(&cb);
	cli_book_load(&cb, paths, n);
	if (json && cb.n_docs > 1)
		fputs("[", stdout);
	for (size_t i = 0; i < cb.n_docs; i++) {
		const struct sm_doc *d = cb.docs[i];
		if (json) {
			if (i)
				fputs(",", stdout);
			extract_json(stdout, d);
			continue;
		}
		for (size_t b = 0; b < d->n_blocks; b++) {
			if (i || b)
				fputc('\n', stdout);
			fwrite(d->text + d->blocks[b].off, 1, d->blocks[b].len, stdout);
			fputc('\n', stdout);
		}
	}
	if (json && cb.n_docs > 1)
		fputs("]\n", stdout);
	int rc = cb.n_failed ? EXIT_TROUBLE : EXIT_CLEAN;
	cli_book_release(&cb);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return rc;
}
