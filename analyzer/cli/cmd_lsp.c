/* cmd_lsp.c: `storymaster lsp`, the language server on stdio (lsp/lsp.h). */
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lsp/lsp.h"

static void lsp_usage(FILE *out)
{
	fputs("usage: storymaster lsp [--stdio] [OPTIONS]\n\n"
	      "A Language Server Protocol server on standard input and output, for editors:\n"
	      "diagnostics for Markdown and plain-text manuscripts as you type, the book being\n"
	      "the workspace folder; quick fixes for suggestions, a comment that silences a\n"
	      "rule for a paragraph, and a word added to the book's accepted words. See\n"
	      "storymaster-lsp(1) for the setup of Neovim, VS Code, Emacs and Helix.\n\n"
	      "      --stdio         talk on standard input and output (the default, the only way)\n"
	      "      --no-model      no language-model checks (they run on a thread of their\n"
	      "                      own, their findings sent when ready)\n"
	      "      --model FILE    use this model instead of the built-in one\n"
	      "      --only LIST     only these rules or families (comma-separated)\n"
	      "      --disable LIST  not these rules or families\n"
	      "      --rules DIR     add a folder of rules (Vale-style YAML) or a Vale StylesPath\n"
	      "      --config FILE   read this configuration instead of .storymaster.yml\n"
	      "  -h, --help          this help\n\n"
	      "Exit status: 0 after the client's shutdown and exit, 1 when the input ends\n"
	      "without them, 2 for a usage error.\n",
	      out);
}

int cmd_lsp(int argc, char **argv)
{
	enum { O_STDIO = CLI_O_NEXT };
	static const struct option opts[] = {
		{ "stdio", no_argument, NULL, O_STDIO },
		CLI_BOOK_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_opts o = { .fail_on = SM_SEV_ERROR };
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case O_STDIO: break;
		case 'h': lsp_usage(stdout); return EXIT_CLEAN;
		default:
			switch (cli_book_option(&o, c, optarg)) {
			case 1: break;
			case 0: lsp_usage(stderr); return EXIT_TROUBLE;
			default: return EXIT_TROUBLE;
			}
		}
	}
	if (optind != argc) {
		lsp_usage(stderr);
		return EXIT_TROUBLE;
	}
	cli_quiet = true; /* stdout is the protocol's */
	return lsp_serve(STDIN_FILENO, stdout, &o);
}
