/* cmd_model.c: `storymaster model info` and `storymaster model eval`: what
 * the language model is, and how well it predicts given texts. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli/cli.h"
#include "ingest/ingest.h"
#include "lm.h"

static const char model_usage[] =
	"usage: storymaster model info [--model FILE]\n"
	"       storymaster model eval [--model FILE] [--format text|json] [--threads N] FILE...\n";

static struct lm *load_model(const char *path)
{
	struct lm *lm;
	struct sm_err err;
	sm_err_clear(&err);
	int rc = path ? lm_load_file(path, &lm, &err) : lm_load_default(&lm, &err);
	if (rc != SM_OK && path) {
		cli_error(path, "%s", err.msg);
		return NULL;
	}
	if (rc) {
		cli_error(NULL, "%s", err.msg);
		return NULL;
	}
	return lm;
}

static int model_info(struct lm *lm, const char *path)
{
	const struct lm_config *c = lm_cfg(lm);
	const struct lm_meta *m = lm_meta(lm);
	size_t np = lm_n_params(lm);
	printf("model:          %s\n", path ? path : "built-in default");
	printf("architecture:   decoder-only transformer, pre-norm, %d layers, %d channels, %d heads, "
	       "MLP %d, context %d\n", c->L, c->C, c->NH, c->F, c->T);
	printf("tokenizer:      byte-level BPE, %d tokens\n", c->V);
	printf("parameters:     %zu (%.2f M); int8 on disk, fp32 in memory (%.1f MB)\n", np,
	       (double)np / 1e6, (double)np * 4 / 1e6);
	printf("corpus:         %s\n", m->corpus[0] ? m->corpus : "unknown");
	printf("lexicon:        %zu words of the training text\n", lm_lexicon_size(lm));
	printf("training:       %u steps, %llu tokens\n", m->steps, (unsigned long long)m->train_tokens);
	if (m->val_loss > 0)
		printf("validation:     loss %.4f nats/token, %.3f bits per byte\n", m->val_loss, m->val_bpb);
	else
		printf("validation:     unknown\n");
	return EXIT_CLEAN;
}

/* Text of a file as the analyzers see it (plain text as is). */
static char *file_text(const char *path, size_t *n)
{
	struct sm_err err;
	sm_err_clear(&err);
	const char *dot = strrchr(path, '.');
	if (!dot || !strcasecmp(dot, ".txt") || !strcasecmp(dot, ".text")) {
		char *buf;
		if (sm_read_file(path, INGEST_MAX_FILE, &buf, n, &err)) {
			cli_error(NULL, "%s", err.msg);
			return NULL;
		}
		return buf;
	}
	struct sm_doc *doc;
	if (ingest_file(path, &doc, &err)) {
		cli_error(NULL, "%s", err.msg);
		return NULL;
	}
	char *t = xstrndup(doc->text, doc->len);
	*n = doc->len;
	doc_free(doc);
	return t;
}

static int model_eval(struct lm *lm, char **paths, int n, int json, int threads)
{
	double bits = 0, bytes = 0, tokens = 0, secs = 0;
	int failed = 0;
	for (int i = 0; i < n; i++) {
		size_t len;
		char *t = file_text(paths[i], &len);
		if (!t) {
			failed = 1;
			continue;
		}
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		struct lm_scored s;
		struct sm_err err;
		sm_err_clear(&err);
		if (lm_score(lm, t, len, threads, 0.0f, &s, &err)) {
			cli_error(paths[i], "%s", err.msg);
			free(t);
			failed = 1;
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		double fb = 0;
		for (size_t k = 0; k < s.n; k++)
			fb += s.model_bits[k];
		double sec = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) * 1e-9;
		if (!json && len)
			printf("%s: %zu bytes, %zu tokens, %.3f bits per byte, %.3f bits per token, %.2f s\n",
			       paths[i], len, s.n, fb / (double)len, s.n ? fb / (double)s.n : 0.0, sec);
		bits += fb;
		bytes += (double)len;
		tokens += (double)s.n;
		secs += sec;
		lm_scored_release(&s);
		free(t);
	}
	if (json)
		printf("{\"bytes\":%.0f,\"tokens\":%.0f,\"bits_per_byte\":%.4f,\"bits_per_token\":%.4f,"
		       "\"seconds\":%.3f}\n", bytes, tokens, bytes > 0 ? bits / bytes : 0.0,
		       tokens > 0 ? bits / tokens : 0.0, secs);
	else if (n > 1)
		printf("total: %.0f bytes, %.0f tokens, %.3f bits per byte, %.3f bits per token, %.2f s\n",
		       bytes, tokens, bytes > 0 ? bits / bytes : 0.0, tokens > 0 ? bits / tokens : 0.0, secs);
	return failed ? EXIT_TROUBLE : EXIT_CLEAN;
}

int cmd_model(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(model_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_TROUBLE : EXIT_CLEAN;
	}
	const char *sub = argv[1], *path = NULL;
	int json = 0, threads = 2, n_files = 0;
	char **files = xcalloc((size_t)argc, sizeof(char *));
	int rc = EXIT_TROUBLE;
	if (strcmp(sub, "info") && strcmp(sub, "eval")) {
		cli_error(NULL, "model: unknown subcommand '%s'", sub);
		fputs(model_usage, stderr);
		goto done;
	}
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--model") && i + 1 < argc) {
			path = argv[++i];
		} else if (!strcmp(a, "--format") && i + 1 < argc) {
			const char *f = argv[++i];
			if (!strcmp(f, "json"))
				json = 1;
			else if (strcmp(f, "text")) {
				cli_error(NULL, "model: unknown format '%s' (text or json)", f);
				goto done;
			}
		} else if (!strcmp(a, "--threads") && i + 1 < argc) {
			threads = atoi(argv[++i]);
			if (threads < 1 || threads > 8) {
				cli_error(NULL, "model: --threads must be 1..8");
				goto done;
			}
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(model_usage, stdout);
			rc = EXIT_CLEAN;
			goto done;
		} else if (a[0] == '-' && a[1]) {
			cli_error(NULL, "model: unknown option '%s'", a);
			fputs(model_usage, stderr);
			goto done;
		} else {
			files[n_files++] = argv[i];
		}
	}
	if (!strcmp(sub, "eval") && !n_files) {
		cli_error(NULL, "model eval: no files given");
		goto done;
	}
	if (!strcmp(sub, "info") && n_files) {
		cli_error(NULL, "model info: unexpected argument '%s'", files[0]);
		goto done;
	}
	struct lm *lm = load_model(path);
	if (!lm)
		goto done;
	rc = !strcmp(sub, "info") ? model_info(lm, path) : model_eval(lm, files, n_files, json, threads);
	lm_free(lm);
done:
	free(files);
	return rc;
}
