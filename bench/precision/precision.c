/* precision.c: `make precision`, the precision set of our own. Runs every
 * check with the defaults (as `storymaster check FILE` does) over texts
 * given as FAMILY:FILE, samples the findings with a fixed seed (at most K
 * per rule), matches them by fingerprint to the hand-made labels in
 * bench/precision/labels*.tsv (useful, debatable, wrong, each with a
 * reason), and prints the useful share per rule, per family and overall:
 * of the labelled sample, and weighted by how many findings each rule
 * gives (what a reader of the default output meets).
 *
 *   precision [--no-model] [--everything] [--seed N] [--per-rule K]
 *             [--labels DIR] [--unlabelled FILE] [--list] FAMILY:FILE...
 *
 * --everything runs the opt-in rules too (what the default output leaves out).
 * --list prints every sampled finding after the table, with its label, to
 * read what a figure is made of.
 *
 * A fingerprint is a hash of the rule, the file's name (without folders or
 * .xz), the text of the finding's paragraph, the finding's own text and its
 * rank among equal ones there: it survives edits elsewhere in the book and
 * new checks, and changes when the finding's place or words do.
 * --unlabelled writes the sampled findings that have no label yet, with
 * their paragraph, in the labels' format to be filled in (TSV:
 * fingerprint, label, rule, file, reason). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/check.h"
#include "checks/consistency/consistency.h"
#include "ingest/ingest.h"
#include "lm.h"
#include "segment/segment.h"

enum { L_NONE, L_USEFUL, L_DEBATABLE, L_WRONG };

struct item {
	uint64_t fp;
	char *rule, *file, *family, *message, *text, *para;
	uint64_t order; /* the sampling key: hash of fp and seed */
	bool sampled;
	int label;
};

struct label {
	uint64_t fp;
	int label;
};

static struct item *items;
static size_t n_items, cap_items;
static struct label *labels;
static size_t n_labels, cap_labels;

static char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	size_t n = strlen(b);
	if (n > 3 && !strcmp(b + n - 3, ".xz"))
		n -= 3;
	return xstrndup(b, n);
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	return x ^ (x >> 33);
}

/* Read FILE (decompressing .xz with xz -dc) into a temporary copy when
 * needed, and run every check with the defaults; append the findings. */
static bool everything; /* --everything: the opt-in rules too */

static int run_text(const char *family, const char *path, struct lm *model, uint64_t seed)
{
	char tmp[64] = "";
	const char *use = path;
	size_t pl = strlen(path);
	if (pl > 3 && !strcmp(path + pl - 3, ".xz")) {
		char *b = base_name(path);
		const char *ext = strrchr(b, '.');
		snprintf(tmp, sizeof(tmp), "/tmp/sm-precision-%d%s", (int)getpid(), ext ? ext : ".txt");
		free(b);
		char cmd[1200];
		snprintf(cmd, sizeof(cmd), "xz -dc '%s' > '%s'", path, tmp);
		if (system(cmd) != 0) {
			fprintf(stderr, "precision: %s: cannot decompress\n", path);
			return -1;
		}
		use = tmp;
	}
	struct sm_err err;
	sm_err_clear(&err);
	struct sm_doc *doc = NULL;
	struct sm_config cfg;
	config_init(&cfg);
	cfg.no_model = model == NULL;
	cfg.all_rules = everything;
	int rc = ingest_file(use, &doc, &err);
	if (rc == SM_OK)
		rc = seg_document(doc, &err);
	if (*tmp)
		remove(tmp);
	if (rc != SM_OK) {
		fprintf(stderr, "precision: %s: %s\n", path, err.msg);
		doc_free(doc);
		config_release(&cfg);
		return -1;
	}
	struct sm_book book;
	memset(&book, 0, sizeof(book));
	book.docs = &doc;
	book.n_docs = 1;
	book.cfg = &cfg;
	book.lm = model;
	struct sm_findings f;
	findings_init(&f);
	if (checks_run(&book, &f, &err) != SM_OK)
		fprintf(stderr, "precision: %s: %s\n", path, err.msg);
	char *file = base_name(path);
	for (size_t i = 0; i < f.n; i++) {
		const struct sm_finding *x = &f.v[i];
		const struct block *b = &doc->blocks[x->block];
		uint64_t h = sm_hash(SM_HASH_INIT, x->rule, strlen(x->rule) + 1);
		h = sm_hash(h, file, strlen(file) + 1);
		h = sm_hash(h, doc->text + b->off, b->len);
		h = sm_hash(h, "\0", 1);
		h = sm_hash(h, doc->text + x->off, x->len);
		/* the rank among equal findings in the same paragraph */
		unsigned rank = 0;
		for (size_t j = 0; j < i; j++)
			if (f.v[j].block == x->block && !strcmp(f.v[j].rule, x->rule) && f.v[j].len == x->len &&
			    !memcmp(doc->text + f.v[j].off, doc->text + x->off, x->len))
				rank++;
		h = sm_hash(h, &rank, sizeof(rank));
		SM_GROW(items, cap_items, n_items + 1);
		struct item *it = &items[n_items++];
		memset(it, 0, sizeof(*it));
		it->fp = h;
		it->order = mix(h ^ seed);
		it->rule = xstrdup(x->rule);
		it->file = xstrdup(file);
		it->family = xstrdup(family);
		it->message = xstrdup(x->message);
		it->text = xstrndup(doc->text + x->off, x->len > 300 ? 300 : x->len);
		/* the paragraph, cut to about 700 bytes around the finding */
		uint32_t s = b->off, e = b->off + b->len;
		if (e - s > 700) {
			s = x->off > b->off + 300 ? x->off - 300 : b->off;
			e = s + 700 < e ? s + 700 : e;
		}
		it->para = xstrndup(doc->text + s, e - s);
	}
	free(file);
	findings_release(&f);
	book_release_warnings(&book);
	book_release_scores(&book);
	cons_book_release(&book);
	doc_free(doc);
	config_release(&cfg);
	return 0;
}

static int parse_label(const char *s)
{
	if (!strcmp(s, "useful"))
		return L_USEFUL;
	if (!strcmp(s, "debatable"))
		return L_DEBATABLE;
	if (!strcmp(s, "wrong"))
		return L_WRONG;
	return L_NONE;
}

/* Read every labels*.tsv of dir: fingerprint, label, rule, file, reason. */
static void load_labels(const char *dir)
{
	char cmd[1100];
	snprintf(cmd, sizeof(cmd), "ls '%s'/labels*.tsv 2>/dev/null", dir);
	FILE *ls = popen(cmd, "r");
	if (!ls)
		return;
	char path[1024];
	while (fgets(path, sizeof(path), ls)) {
		path[strcspn(path, "\n")] = 0;
		FILE *in = fopen(path, "r");
		if (!in)
			continue;
		char line[4096];
		unsigned ln = 0;
		while (fgets(line, sizeof(line), in)) {
			ln++;
			if (line[0] == '#' || line[0] == '\n')
				continue;
			char *tab = strchr(line, '\t');
			if (!tab)
				continue;
			*tab = 0;
			char *lab = tab + 1, *end = strchr(lab, '\t');
			if (end)
				*end = 0;
			int l = parse_label(lab);
			if (l == L_NONE) {
				fprintf(stderr, "precision: %s:%u: label '%s' is not useful, debatable or wrong\n",
					path, ln, lab);
				continue;
			}
			SM_GROW(labels, cap_labels, n_labels + 1);
			labels[n_labels++] = (struct label){ strtoull(line, NULL, 16), l };
		}
		fclose(in);
	}
	pclose(ls);
}

static int cmp_item(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int c = strcmp(a->rule, b->rule);
	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void put_clean(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' ? ' ' : *s, out);
}

struct tally {
	const char *name;
	size_t found, sampled, n[4];
	double w_useful, w_labelled; /* weighted by findings per rule */
};

static void tally_print(const struct tally *t, bool weighted)
{
	size_t lab = t->n[L_USEFUL] + t->n[L_DEBATABLE] + t->n[L_WRONG];
	printf("%-32s %6zu %6zu %6zu %6zu %6zu %6zu", t->name, t->found, t->sampled, lab,
	       t->n[L_USEFUL], t->n[L_DEBATABLE], t->n[L_WRONG]);
	if (lab)
		printf(" %6.0f %%", 100.0 * (double)t->n[L_USEFUL] / (double)lab);
	else
		printf("      -  ");
	if (weighted && t->w_labelled > 0)
		printf(" %7.0f %%", 100.0 * t->w_useful / t->w_labelled);
	printf("\n");
}

int main(int argc, char **argv)
{
	bool use_model = true;
	uint64_t seed = 1;
	size_t per_rule = 20;
	const char *dir = "bench/precision", *unl = NULL;
	bool list = false;
	int ai = 1;
	for (; ai < argc && argv[ai][0] == '-'; ai++) {
		if (!strcmp(argv[ai], "--no-model"))
			use_model = false;
		else if (!strcmp(argv[ai], "--everything"))
			everything = true;
		else if (!strcmp(argv[ai], "--seed") && ai + 1 < argc)
			seed = strtoull(argv[++ai], NULL, 10);
		else if (!strcmp(argv[ai], "--per-rule") && ai + 1 < argc)
			per_rule = strtoul(argv[++ai], NULL, 10);
		else if (!strcmp(argv[ai], "--labels") && ai + 1 < argc)
			dir = argv[++ai];
		else if (!strcmp(argv[ai], "--unlabelled") && ai + 1 < argc)
			unl = argv[++ai];
		else if (!strcmp(argv[ai], "--list"))
			list = true;
		else {
			fputs("usage: precision [--no-model] [--everything] [--seed N] [--per-rule K] [--labels DIR] "
			      "[--unlabelled FILE] [--list] FAMILY:FILE...\n",
			      stderr);
			return 2;
		}
	}
	struct lm *model = NULL;
	struct sm_err err;
	if (use_model && lm_load_default(&model, &err) != SM_OK) {
		fprintf(stderr, "precision: no model: %s (its checks are left out)\n", err.msg);
		model = NULL;
	}
	for (; ai < argc; ai++) {
		const char *colon = strchr(argv[ai], ':');
		if (!colon) {
			fprintf(stderr, "precision: %s: expected FAMILY:FILE\n", argv[ai]);
			return 2;
		}
		char *fam = xstrndup(argv[ai], (size_t)(colon - argv[ai]));
		run_text(fam, colon + 1, model, seed);
		free(fam);
	}
	lm_free(model);
	load_labels(dir);
	if (n_items > 1)
		qsort(items, n_items, sizeof(*items), cmp_item);
	/* the sample: the first per_rule findings of each rule in hash order */
	for (size_t i = 0, k = 0; i < n_items; i++) {
		k = i && !strcmp(items[i].rule, items[i - 1].rule) ? k + 1 : 0;
		items[i].sampled = k < per_rule;
		for (size_t j = 0; j < n_labels; j++)
			if (labels[j].fp == items[i].fp)
				items[i].label = labels[j].label;
	}
	/* per rule, then per family of rules, then overall */
	struct tally rules[256], fams[16], all = { "all", 0, 0, { 0 }, 0, 0 };
	size_t nr = 0, nf = 0;
	for (size_t i = 0; i < n_items; i++) {
		if (!nr || strcmp(rules[nr - 1].name, items[i].rule)) {
			if (nr == 256)
				break;
			rules[nr++] = (struct tally){ items[i].rule, 0, 0, { 0 }, 0, 0 };
		}
		struct tally *t = &rules[nr - 1];
		t->found++;
		if (items[i].sampled) {
			t->sampled++;
			t->n[items[i].label]++;
		}
	}
	for (size_t r = 0; r < nr; r++) {
		struct tally *t = &rules[r];
		size_t lab = t->n[L_USEFUL] + t->n[L_DEBATABLE] + t->n[L_WRONG];
		char fam[32];
		const char *dot = strchr(t->name, '.');
		snprintf(fam, sizeof(fam), "%.*s", dot ? (int)(dot - t->name) : (int)strlen(t->name), t->name);
		size_t f = 0;
		while (f < nf && strcmp(fams[f].name, fam))
			f++;
		if (f == nf && nf < 16)
			fams[nf++] = (struct tally){ xstrdup(fam), 0, 0, { 0 }, 0, 0 };
		struct tally *targets[2] = { &fams[f < nf ? f : 0], &all };
		for (int q = 0; q < 2; q++) {
			struct tally *u = targets[q];
			u->found += t->found;
			u->sampled += t->sampled;
			for (int l = 0; l < 4; l++)
				u->n[l] += t->n[l];
			if (lab) {
				u->w_useful += (double)t->found * (double)t->n[L_USEFUL] / (double)lab;
				u->w_labelled += (double)t->found;
			}
		}
	}
	printf("%-32s %6s %6s %6s %6s %6s %6s %8s %9s\n", "rule", "found", "sample", "label", "useful",
	       "debat", "wrong", "useful", "weighted");
	for (size_t r = 0; r < nr; r++)
		tally_print(&rules[r], false);
	printf("-- by family (weighted: each rule's useful share times its findings)\n");
	for (size_t f = 0; f < nf; f++)
		tally_print(&fams[f], true);
	tally_print(&all, true);
	size_t missing = 0;
	for (size_t i = 0; i < n_items; i++)
		missing += items[i].sampled && !items[i].label;
	printf("labels: %zu read, %zu sampled findings without a label\n", n_labels, missing);
	if (list) {
		static const char *const name[] = { "-", "useful", "debatable", "wrong" };
		for (size_t i = 0; i < n_items; i++) {
			const struct item *it = &items[i];
			if (!it->sampled)
				continue;
			printf("%016llx %-9s %s %s: ", (unsigned long long)it->fp, name[it->label], it->rule,
			       it->file);
			put_clean(stdout, it->message);
			putchar('\n');
		}
	}
	if (unl) {
		FILE *out = fopen(unl, "w");
		if (!out) {
			perror(unl);
			return 2;
		}
		fputs("# fingerprint\tlabel (useful|debatable|wrong)\trule\tfile\treason -- then the "
		      "finding, its text and its paragraph as comments\n",
		      out);
		for (size_t i = 0; i < n_items; i++) {
			const struct item *it = &items[i];
			if (!it->sampled || it->label)
				continue;
			fprintf(out, "# [%s] %s: ", it->rule, it->file);
			put_clean(out, it->message);
			fputs("\n#   text: ", out);
			put_clean(out, it->text);
			fputs("\n#   paragraph: ", out);
			put_clean(out, it->para);
			fprintf(out, "\n%016llx\t?\t%s\t%s\t\n", (unsigned long long)it->fp, it->rule, it->file);
		}
		fclose(out);
	}
	return 0;
}
