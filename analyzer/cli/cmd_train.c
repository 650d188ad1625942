/* cmd_train.c: `storymaster train`: train or fine-tune the language model
 * on a writer's own text, with a validation split of whole chapters and
 * early stopping; writes an SMLM model file. */
#include <signal.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "ingest/ingest.h"
#include "lm.h"

static const char train_usage[] =
	"usage: storymaster train --corpus DIR|FILE... --out FILE [--from MODEL]\n"
	"                         [--steps N | --epochs N] [--threads N] [--seed N] [--quiet]\n"
	"                         [--resume CHECKPOINT] [--vocab N] [--layers N] [--dim N]\n"
	"                         [--heads N] [--ffn N] [--context N] [--batch N] [--lr X]\n"
	"                         [--eval-every N] [--patience N] [--time-budget MINUTES]\n"
	"                         [--dump-split DIR [--split-only]]\n"
	"                         [--lexicon-only]\n";

/* The run's curves, for the plot written beside the model. */
struct curve {
	int *step;
	float *train, *val; /* val < 0: no evaluation at that step */
	size_t n, cap;
	int every;          /* keep one training point in every this many steps */
};

struct pstate {
	int quiet, tty, next_pct;
	double t0;
	struct curve *cv;
};

static void curve_add(struct curve *c, const struct lm_progress *p)
{
	if (!p->is_eval && c->every > 1 && p->step % c->every)
		return;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->step = xrealloc(c->step, c->cap * sizeof(*c->step));
		c->train = xrealloc(c->train, c->cap * sizeof(*c->train));
		c->val = xrealloc(c->val, c->cap * sizeof(*c->val));
	}
	c->step[c->n] = p->step;
	c->train[c->n] = p->train_loss;
	c->val[c->n] = p->is_eval ? p->val_loss : -1.0f;
	c->n++;
}

/* The training and validation loss against the step, as SVG: where the
 * validation loss turned up is where overfitting began; a line marks the
 * step whose weights were kept. */
static int write_curve(const char *path, const struct curve *c, int kept, const char *title)
{
	if (c->n < 2)
		return 0;
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	const double W = 640, H = 360, L = 56, R = 16, T = 32, B = 40;
	float lo = 1e30f, hi = -1e30f;
	int smax = 1;
	for (size_t i = 0; i < c->n; i++) {
		float v[2] = { c->train[i], c->val[i] };
		for (int k = 0; k < 2; k++)
			if (v[k] >= 0 && isfinite(v[k])) {
				lo = v[k] < lo ? v[k] : lo;
				hi = v[k] > hi ? v[k] : hi;
			}
		smax = c->step[i] > smax ? c->step[i] : smax;
	}
	if (!(hi > lo))
		hi = lo + 1;
#define X(s) (L + (W - L - R) * (double)(s) / smax)
#define Y(v) (T + (H - T - B) * (1.0 - ((double)(v)-lo) / (hi - lo)))
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		   "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n", W, H, W, H);
	fprintf(f, "<title>storymaster train: %s</title>\n", title);
	fprintf(f, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n", W, H);
	fprintf(f, "<text x=\"%.0f\" y=\"20\">loss (nats per token) by step: training (grey), "
		   "validation (blue); kept: step %d</text>\n", L, kept);
	fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n", L, H - B, W - R, H - B);
	fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n", L, T, L, H - B);
	for (int k = 0; k <= 4; k++) {
		double v = lo + (hi - lo) * k / 4.0;
		fprintf(f, "<text x=\"4\" y=\"%.1f\">%.3f</text>\n", Y(v) + 4, v);
	}
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">0</text><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">step %d</text>\n",
		L, H - B + 16, W - R, H - B + 16, smax);
	const char *names[2] = { "training", "validation" };
	const char *colors[2] = { "#999999", "#1f5fbf" };
	for (int k = 0; k < 2; k++) {
		fprintf(f, "<polyline class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" points=\"", names[k],
			colors[k], k ? "2" : "1");
		for (size_t i = 0; i < c->n; i++) {
			float v = k ? c->val[i] : c->train[i];
			if (v >= 0 && isfinite(v))
				fprintf(f, "%.1f,%.1f ", X(c->step[i]), Y(v));
		}
		fputs("\"/>\n", f);
	}
	if (kept > 0)
		fprintf(f, "<line class=\"kept\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#bf1f1f\" "
			   "stroke-dasharray=\"4 3\"/>\n", X(kept), T, X(kept), H - B);
	fputs("</svg>\n", f);
#undef X
#undef Y
	return fclose(f) ? -1 : 0;
}

static void fmt_eta(char *buf, size_t n, double s)
{
	if (s >= 3600)
		snprintf(buf, n, "%dh%02dm", (int)(s / 3600), (int)fmod(s / 60, 60));
	else
		snprintf(buf, n, "%dm%02ds", (int)(s / 60), (int)fmod(s, 60));
}

static void progress(const struct lm_progress *p, void *ctx)
{
	struct pstate *ps = ctx;
	curve_add(ps->cv, p);
	if (ps->quiet)
		return;
	char eta[32], val[32] = "-", best[32] = "-";
	fmt_eta(eta, sizeof(eta), p->eta_s);
	if (p->val_loss >= 0)
		snprintf(val, sizeof(val), "%.4f", p->val_loss);
	if (p->best_val >= 0)
		snprintf(best, sizeof(best), "%.4f", p->best_val);
	int pc = (int)(100.0 * p->step / p->steps);
	if (ps->tty) {
		fprintf(stderr, "\rstep %d/%d (%d%%)  %.0f tok/s  train %.4f  val %s  best %s  ETA %s   ",
			p->step, p->steps, pc, p->tok_per_s, p->train_loss, val, best, eta);
		if (p->step == p->steps)
			fputc('\n', stderr);
		return;
	}
	int pct = (int)(100.0 * p->step / p->steps);
	if (pct >= ps->next_pct || p->step == p->steps) {
		fprintf(stderr, "step %d/%d (%d%%)  %.0f tok/s  train %.4f  val %s  best %s  ETA %s\n", p->step,
			p->steps, pc, p->tok_per_s, p->train_loss, val, best, eta);
		while (ps->next_pct <= pct)
			ps->next_pct += 10;
	}
}

/* Append the text of one corpus file: plain text as is, other formats
 * through ingest. */
static int read_corpus_file(const char *path, struct sbuf *sb)
{
	struct sm_err err;
	sm_err_clear(&err);
	const char *dot = strrchr(path, '.');
	if (dot && (!strcasecmp(dot, ".txt") || !strcasecmp(dot, ".text"))) {
		char *buf;
		size_t n;
		if (sm_read_file(path, INGEST_MAX_FILE, &buf, &n, &err)) {
			cli_error(NULL, "%s", err.msg);
			return -1;
		}
		int rc = sbuf_add(sb, buf, n);
		free(buf);
		return rc ? -1 : 0;
	}
	struct sm_doc *doc;
	if (ingest_file(path, &doc, &err)) {
		cli_error(NULL, "%s", err.msg);
		return -1;
	}
	int rc = sbuf_add(sb, doc->text, doc->len);
	doc_free(doc);
	return rc ? -1 : 0;
}

static int write_file(const char *dir, const char *name, const char *p, size_t n)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f) {
		cli_error(path, "cannot write");
		return -1;
	}
	size_t w = fwrite(p, 1, n, f);
	if (fclose(f) || w != n) {
		cli_error(path, "cannot write");
		return -1;
	}
	return 0;
}

static uint16_t *encode_all(struct lm *lm, const char *text, size_t n, size_t *nt)
{
	uint16_t *ids = xmalloc((n + 1) * sizeof(uint16_t));
	*nt = lm_bpe_encode(lm_tokenizer(lm), text, n, ids, n + 1);
	return ids;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *e;
	long v = strtol(s, &e, 10);
	if (!*s || *e || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* Ctrl-C (and SIGTERM): the run stops at its next step and the best model
 * so far is written. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

int cmd_train(int argc, char **argv)
{
	const char *out = NULL, *from = NULL, *resume = NULL, *dump = NULL;
	char **corpus = xcalloc((size_t)argc + 1, sizeof(char *));
	int n_corpus = 0, quiet = 0, vocab = 4096, split_only = 0, lex_only = 0;
	struct lm_config cfg = { 0, 256, 192, 4, 3, 768 };
	struct lm_train_opts o;
	lm_train_defaults(&o);
	int rc = EXIT_TROUBLE;
	struct lm *lm = NULL;
	char *text = NULL, *tr = NULL, *va = NULL;
	uint16_t *ttr = NULL, *tva = NULL;
	char **files = NULL;
	size_t n_files = 0;
	struct curve cv = { 0 };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		int bad = 0;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(train_usage, stdout);
			rc = EXIT_CLEAN;
			goto done;
		} else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
			quiet = 1;
			continue;
		} else if (!strcmp(a, "--lexicon-only")) {
			lex_only = 1;
			continue;
		} else if (!strcmp(a, "--split-only")) {
			split_only = 1;
			continue;
		} else if (!strcmp(a, "--corpus")) {
			while (i + 1 < argc && strncmp(argv[i + 1], "--", 2))
				corpus[n_corpus++] = argv[++i];
			bad = n_corpus == 0;
			continue;
		} else if (!v) {
			bad = 1;
		} else if (!strcmp(a, "--out")) {
			out = v;
		} else if (!strcmp(a, "--from")) {
			from = v;
		} else if (!strcmp(a, "--resume")) {
			resume = v;
		} else if (!strcmp(a, "--dump-split")) {
			dump = v;
		} else if (!strcmp(a, "--steps")) {
			bad = parse_int(v, 1, 10000000, &o.steps);
		} else if (!strcmp(a, "--epochs")) {
			char *e;
			o.epochs = strtod(v, &e);
			bad = *e || !(o.epochs > 0 && o.epochs < 1e4);
		} else if (!strcmp(a, "--threads")) {
			bad = parse_int(v, 1, 8, &o.threads);
		} else if (!strcmp(a, "--seed")) {
			int s = 0;
			bad = parse_int(v, 0, 2000000000, &s);
			o.seed = (uint64_t)s;
		} else if (!strcmp(a, "--vocab")) {
			bad = parse_int(v, 257, 65536, &vocab);
		} else if (!strcmp(a, "--layers")) {
			bad = parse_int(v, 1, 64, &cfg.L);
		} else if (!strcmp(a, "--dim")) {
			bad = parse_int(v, 8, 4096, &cfg.C);
		} else if (!strcmp(a, "--heads")) {
			bad = parse_int(v, 1, 64, &cfg.NH);
		} else if (!strcmp(a, "--ffn")) {
			bad = parse_int(v, 8, 65536, &cfg.F);
		} else if (!strcmp(a, "--context")) {
			bad = parse_int(v, 8, 4096, &cfg.T);
		} else if (!strcmp(a, "--batch")) {
			bad = parse_int(v, 1, 1024, &o.B);
		} else if (!strcmp(a, "--eval-every")) {
			bad = parse_int(v, 1, 1000000, &o.eval_every);
		} else if (!strcmp(a, "--time-budget")) {
			char *e;
			double mins = strtod(v, &e);
			bad = *e || !(mins > 0 && mins < 1e6);
			o.time_budget = mins * 60.0;
		} else if (!strcmp(a, "--patience")) {
			bad = parse_int(v, 1, 1000000, &o.patience);
		} else if (!strcmp(a, "--lr")) {
			char *e;
			o.lr = strtof(v, &e);
			bad = *e || !(o.lr > 0 && o.lr < 1);
		} else {
			cli_error(NULL, "train: unknown option '%s'", a);
			fputs(train_usage, stderr);
			goto done;
		}
		if (bad) {
			cli_error(NULL, "train: bad or missing value for '%s'", a);
			goto done;
		}
		i++;
	}
	if ((!out && !split_only) || !n_corpus || (split_only && !dump) || (lex_only && !from)) {
		cli_error(NULL, "train: --corpus and --out are required");
		fputs(train_usage, stderr);
		goto done;
	}
	/* the corpus */
	files = cli_expand(corpus, n_corpus, &n_files, true);
	cli_natural_sort(files, n_files);
	struct sbuf sb;
	sbuf_init(&sb, (size_t)1 << 30);
	for (size_t i = 0; i < n_files; i++) {
		if (read_corpus_file(files[i], &sb)) {
			sbuf_release(&sb);
			goto done;
		}
		sbuf_add(&sb, "\n\n\n", 3);
	}
	size_t n_text;
	text = sbuf_detach(&sb, &n_text);
	size_t n_tr, n_va;
	lm_split_chapters(text, n_text, &tr, &n_tr, &va, &n_va);
	if (dump && (write_file(dump, "train.txt", tr, n_tr) || write_file(dump, "val.txt", va, n_va)))
		goto done;
	if (split_only) {
		rc = EXIT_CLEAN;
		goto done;
	}
	/* the model */
	struct sm_err err;
	sm_err_clear(&err);
	struct timespec ts0, ts1;
	clock_gettime(CLOCK_MONOTONIC, &ts0);
	if (resume) {
		if (lm_load_checkpoint(resume, &lm, &err) || lm_checkpoint_settings(resume, &o, &err)) {
			cli_error(NULL, "%s", err.msg);
			goto done;
		}
		o.resume_path = resume;
		if (!quiet)
			fprintf(stderr,
				"resuming %s at step %d of %d, as it was started: learning rate %g (warm-up %d "
				"steps), batch %d x %d, validation every %d steps, patience %d, lexicon of %zu words\n",
				resume, o.resumed_step, o.steps, o.lr, o.warmup, o.B, o.T, o.eval_every, o.patience,
				lm_lexicon_size(lm));
	} else if (from) {
		int lrc = !strcmp(from, "default") ? lm_load_default(&lm, &err) : lm_load_file(from, &lm, &err);
		if (lrc) {
			cli_error(!strcmp(from, "default") ? NULL : from, "%s", err.msg);
			goto done;
		}
		o.lr = SM_MIN(o.lr, 3e-4f); /* fine-tuning: gentle */
		o.warmup = 20;
	} else {
		struct lm_bpe *bpe = lm_bpe_train(tr, n_tr, vocab);
		cfg.V = lm_bpe_vocab(bpe);
		if (lm_config_check(&cfg, &err)) {
			lm_bpe_free(bpe);
			cli_error(NULL, "train: %s", err.msg);
			goto done;
		}
		lm = lm_new(&cfg, bpe, o.seed);
	}
	/* the words of the training split join the model's lexicon */
	lm_lexicon_add_text(lm, tr, n_tr, 1);
	if (lex_only) {
		if (lm_save(lm, out, NULL, &err)) {
			cli_error(NULL, "%s", err.msg);
			goto done;
		}
		if (!quiet)
			fprintf(stderr, "wrote %s: lexicon of %zu words\n", out, lm_lexicon_size(lm));
		rc = EXIT_CLEAN;
		goto done;
	}
	const struct lm_config *c = lm_cfg(lm);
	size_t nt_tr, nt_va;
	ttr = encode_all(lm, tr, n_tr, &nt_tr);
	tva = encode_all(lm, va, n_va, &nt_va);
	if (!quiet)
		fprintf(stderr,
			"corpus: %zu files, %zu bytes: %zu training tokens, %zu validation tokens (whole chapters)\n"
			"model: V %d T %d C %d L %d heads %d ffn %d, %zu parameters\n",
			n_files, n_text, nt_tr, nt_va, c->V, c->T, c->C, c->L, c->NH, c->F, lm_n_params(lm));
	char ck[4096];
	snprintf(ck, sizeof(ck), "%s.ckpt", out);
	o.ckpt_path = ck;
	struct pstate ps = { quiet, isatty(2) && !quiet, 10, 0, &cv };
	cv.every = o.steps > 20000 ? o.steps / 10000 : 1;
	o.progress = progress;
	o.ctx = &ps;
	struct lm_meta *meta = lm_meta(lm);
	const char *first_name = strrchr(files[0], '/') ? strrchr(files[0], '/') + 1 : files[0];
	if (!from && !resume) {
		snprintf(meta->corpus, sizeof(meta->corpus), "%zu files, %zu bytes (%s%s)", n_files, n_text,
			 first_name, n_files > 1 ? ", ..." : "");
	} else if (from) {
		/* what it was trained on: this corpus, then what the base was */
		char base[sizeof(meta->corpus)], day[16] = "";
		snprintf(base, sizeof(base), "%s", meta->corpus[0] ? meta->corpus : "unknown");
		time_t now = time(NULL);
		struct tm tmv;
		if (localtime_r(&now, &tmv))
			strftime(day, sizeof(day), "%Y-%m-%d", &tmv);
		int w = snprintf(meta->corpus, sizeof(meta->corpus), "fine-tuned %s on %zu files, %zu bytes (%s%s); base: %s",
				 day, n_files, n_text, first_name, n_files > 1 ? ", ..." : "", base);
		if (w >= (int)sizeof(meta->corpus))
			memcpy(meta->corpus + sizeof(meta->corpus) - 4, "...", 4);
	}
	interrupted = 0;
	o.interrupt = &interrupted;
	struct sigaction sa, old_int, old_term;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	int trc = lm_train(lm, ttr, nt_tr, tva, nt_va, &o, &err);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (trc) {
		cli_error(NULL, "train: %s", err.msg);
		goto done;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts1);
	double secs = (double)(ts1.tv_sec - ts0.tv_sec) + (ts1.tv_nsec - ts0.tv_nsec) * 1e-9;
	if (!quiet)
		fprintf(stderr, "stopped: %s\n", o.stop_reason);
	if (lm_save(lm, out, quiet ? NULL : stderr, &err)) {
		cli_error(NULL, "%s", err.msg);
		goto done;
	}
	if (!quiet) {
		if (!resume && o.start_val_bpb > 0)
			fprintf(stderr, "validation: %.3f bits per byte at the start, %.3f kept (step %d)\n",
				o.start_val_bpb, meta->val_bpb, o.best_step);
		fprintf(stderr, "wrote %s: validation loss %.4f, %.3f bits per byte; %.0f s\n", out,
			meta->val_loss, meta->val_bpb, secs);
	}
	char svg[4200];
	size_t ol = strlen(out);
	snprintf(svg, sizeof(svg), "%.*s.svg", (int)(ol > 5 && !strcmp(out + ol - 5, ".smlm") ? ol - 5 : ol), out);
	if (write_curve(svg, &cv, o.best_step, out) != 0)
		cli_error(svg, "cannot write the training curve");
	else if (!quiet && cv.n >= 2)
		fprintf(stderr, "wrote %s: the training and validation curves\n", svg);
	if (o.interrupted) {
		/* said even with --quiet: the run did not end as asked */
		fprintf(stderr, "storymaster: train interrupted: wrote the best model so far to %s (resume with "
				"--resume %s)\n", out, ck);
		rc = 130;
		goto done;
	}
	rc = EXIT_CLEAN;
done:
	free(cv.step);
	free(cv.train);
	free(cv.val);
	for (size_t i = 0; i < n_files; i++)
		free(files[i]);
	free(files);
	free(corpus);
	free(text);
	free(tr);
	free(va);
	free(ttr);
	free(tva);
	lm_free(lm);
	return rc;
}
