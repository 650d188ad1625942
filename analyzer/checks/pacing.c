/* pacing.c: the pacing analyzer (stage 3, checks). Computes the metrics of
 * pacing_metrics.c and turns them into findings that state their numbers and
 * the book's own norm:
 *   pacing.slow-stretch  pacing.info-dump  pacing.talking-heads
 *   pacing.monotony      pacing.scene-length */
#include "checks/pacing.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Quote for a finding that starts at paragraph pp: its first sentence,
 * capped at about 240 bytes on a character boundary. */
static void quote_of(const struct sm_book *book, const struct pace_para *pp, uint32_t *off,
		     uint32_t *len)
{
	const struct sm_doc *doc = book->docs[pp->doc];
	const struct block *bl = &doc->blocks[pp->block];
	*off = bl->off;
	*len = bl->len;
	if (bl->n_sent) {
		const struct sentence *s = &doc->sents[bl->sent_first];
		*off = s->off;
		*len = s->len;
	}
	if (*len > 240) {
		uint32_t n = 240;
		while (n > 0 && ((unsigned char)doc->text[*off + n] & 0xC0) == 0x80)
			n--;
		*len = n;
	}
}

static double pct(double share)
{
	return 100.0 * share;
}

/* ---- pacing.slow-stretch and pacing.info-dump ------------------------ */

/* Runs of consecutive paragraphs without dialogue, within each scene. */
static void find_dry_runs(const struct sm_book *book, const struct pacing *p,
			  const struct pace_opts *o, struct sm_findings *out)
{
	for (size_t s = 0; s < p->n_scenes; s++) {
		const struct pace_scene *sc = &p->scenes[s];
		size_t end = sc->para_first + sc->n_para;
		size_t first_dlg = end, last_dlg = end;
		for (size_t i = sc->para_first; i < end; i++) {
			if (p->paras[i].has_dialogue) {
				if (first_dlg == end)
					first_dlg = i;
				last_dlg = i;
			}
		}
		size_t i = sc->para_first;
		while (i < end) {
			if (p->paras[i].has_dialogue) {
				i++;
				continue;
			}
			size_t j = i;
			while (j < end && !p->paras[j].has_dialogue)
				j++;
			/* run = paras [i, j) */
			struct pace_metrics m;
			pacing_metrics_range(book, p, i, j - i, &m);
			uint32_t off, len;
			quote_of(book, &p->paras[i], &off, &len);
			bool slow = false;
			if (m.n_words >= o->slow_min_words && m.action_rate < p->median_action_rate) {
				double z[PACE_N_COMP];
				double score = pacing_score_metrics(p, &m, z);
				if (score <= p->slow_score) {
					slow = true;
					findings_add(out, book, "pacing.slow-stretch", SM_SEV_WARNING,
						     p->paras[i].doc, off, len,
						     "break the stretch with a scene in dialogue or action, or cut it",
						     "slow stretch: %u words in %u paragraphs without dialogue, "
						     "%.1f action verbs per 100 words, %u past-perfect verbs "
						     "(pace score %.2f, in the book's slowest %.0f %%: at or "
						     "below %.2f); the book's median scene has %.0f %% dialogue "
						     "and %.1f action verbs per 100 words",
						     m.n_words, m.n_paras, m.action_rate, m.n_pastperf, score,
						     100 * o->slow_quantile, p->slow_score,
						     pct(p->median_scene_dlg), p->median_action_rate);
				}
			}
			/* An info dump interrupts a scene: dialogue before and after it. */
			bool inside = first_dlg < i && last_dlg >= j && last_dlg != end;
			if (!slow && inside && m.n_words >= o->dump_min_words && m.n_pastperf >= 3 &&
			    m.pastperf_rate >= o->dump_pastperf_rate &&
			    m.pastperf_rate >= 3 * p->book.pastperf_rate &&
			    m.action_rate <= p->median_action_rate) {
				findings_add(out, book, "pacing.info-dump", SM_SEV_WARNING,
					     p->paras[i].doc, off, len,
					     "dramatize the backstory or spread it through the scene",
					     "backstory block interrupts the scene: %u words, no dialogue, "
					     "%u past-perfect verbs (%.0f per 1,000 words), %.1f action verbs "
					     "per 100 words; the book averages %.1f past-perfect verbs per "
					     "1,000 words and its median scene has %.0f %% dialogue",
					     m.n_words, m.n_pastperf, m.pastperf_rate, m.action_rate,
					     p->book.pastperf_rate, pct(p->median_scene_dlg));
			}
			i = j;
		}
	}
}

/* ---- pacing.info-dump: exposition dropped into a scene ---------------- */

/* Features of a narration paragraph that mark exposition, each per word:
 * long words, nominalizations, numbers and dates, names of places and
 * institutions, sentence length (up), and characters as subjects and their
 * actions (down). */
enum { EX_LONG, EX_NOMINAL, EX_FACTS, EX_SENTLEN, EX_CHARS, EX_ACTION, EX_N };
static const int ex_sign[EX_N] = { 1, 1, 1, 1, -1, -1 };

#define EXPO_MIN_WORDS 50  /* a paragraph shorter than this is no dump */
#define EXPO_NORM_WORDS 20 /* narration paragraphs this long make the book's norm */
#define EXPO_MIN_PARAS 20  /* ... and the norm needs this many */
#define EXPO_NEAR 3        /* dialogue within this many paragraphs both sides */
#define EXPO_Z 8.0         /* summed robust z-scores that mark exposition */

static void expo_features(const struct pace_para *pp, double f[EX_N])
{
	double n = pp->n_words ? pp->n_words : 1;
	f[EX_LONG] = pp->n_long / n;
	f[EX_NOMINAL] = pp->n_nominal / n;
	f[EX_FACTS] = (pp->n_numeric + pp->n_proper) / n;
	f[EX_SENTLEN] = n / (pp->n_narr_sents ? pp->n_narr_sents : 1);
	f[EX_CHARS] = pp->n_charref / n;
	f[EX_ACTION] = (pp->n_subj_action + pp->n_action) / n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static bool expo_narration(const struct pace_para *pp, uint32_t min_words)
{
	return !pp->has_dialogue && !pp->unclosed && pp->n_words >= min_words;
}

static bool expo_candidate(const struct pace_para *pp)
{
	return expo_narration(pp, EXPO_MIN_WORDS);
}

/* Is there a paragraph with dialogue within EXPO_NEAR paragraphs of i in its
 * scene, before it (dir -1) or after it (dir +1)? */
static bool dialogue_near(const struct pacing *p, size_t i, int dir)
{
	const struct pace_scene *sc = &p->scenes[p->paras[i].scene];
	for (int k = 1; k <= EXPO_NEAR; k++) {
		long j = (long)i + dir * k;
		if (j < (long)sc->para_first || j >= (long)(sc->para_first + sc->n_para))
			return false;
		if (p->paras[j].has_dialogue)
			return true;
	}
	return false;
}

/* Is paragraph i in a scene carried by dialogue: a third of the scene's
 * paragraphs have some, and so does one within EXPO_NEAR of i? */
static bool dialogue_scene(const struct pacing *p, size_t i)
{
	const struct pace_scene *sc = &p->scenes[p->paras[i].scene];
	size_t n_dlg = 0;
	for (size_t j = sc->para_first; j < sc->para_first + sc->n_para; j++)
		n_dlg += p->paras[j].has_dialogue;
	return 3 * n_dlg >= sc->n_para && (dialogue_near(p, i, -1) || dialogue_near(p, i, +1));
}

/* An expository paragraph in a scene carried by dialogue: its features,
 * each as a robust z-score against the book's own narration paragraphs
 * (median and MAD, so that a technical book's norm is technical), sum to
 * EXPO_Z or more, and dialogue stands within a few paragraphs on both
 * sides. The book is its own reference: no fixed vocabulary level. */
static void find_exposition(const struct sm_book *book, const struct pacing *p,
			    struct sm_findings *out)
{
	/* A book with too little narration for a norm of its own (a play, a
	 * game's dialogue) gets the norm of modern fiction's narration, the
	 * medians and MADs measured on corpus/modern and corpus/manuscripts. */
	static const double gen_med[EX_N] = { 0.045, 0.0, 0.0, 17.0, 0.065, 0.035 };
	static const double gen_mad[EX_N] = { 0.035, 0.01, 0.01, 6.5, 0.04, 0.04 };
	size_t nc = 0;
	for (size_t i = 0; i < p->n_paras; i++)
		nc += expo_narration(&p->paras[i], EXPO_NORM_WORDS);
	double med[EX_N], mad[EX_N];
	memcpy(med, gen_med, sizeof(med));
	memcpy(mad, gen_mad, sizeof(mad));
	double *v = xmalloc(sizeof(double) * (nc ? nc : 1));
	for (int k = 0; k < EX_N && nc >= EXPO_MIN_PARAS; k++) {
		size_t m = 0;
		for (size_t i = 0; i < p->n_paras; i++)
			if (expo_narration(&p->paras[i], EXPO_NORM_WORDS)) {
				double f[EX_N];
				expo_features(&p->paras[i], f);
				v[m++] = f[k];
			}
		qsort(v, m, sizeof(double), cmp_double);
		med[k] = m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
		for (size_t i = 0; i < m; i++)
			v[i] = fabs(v[i] - med[k]);
		qsort(v, m, sizeof(double), cmp_double);
		mad[k] = 1.4826 * (m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2);
		/* a floor: a feature the book almost never shows is not infinitely telling */
		double floor = k == EX_SENTLEN ? 2.0 : 0.01;
		if (mad[k] < floor)
			mad[k] = floor;
	}
	free(v);
	for (size_t i = 0; i < p->n_paras; i++) {
		const struct pace_para *pp = &p->paras[i];
		if (!expo_candidate(pp) || !dialogue_scene(p, i))
			continue;
		double f[EX_N], z = 0;
		expo_features(pp, f);
		for (int k = 0; k < EX_N; k++) {
			double zk = ex_sign[k] * (f[k] - med[k]) / mad[k];
			z += zk < -3 ? -3 : zk > 4 ? 4 : zk; /* no one feature decides */
		}
		if (z < EXPO_Z)
			continue;
		uint32_t off, len;
		quote_of(book, pp, &off, &len);
		findings_add(out, book, "pacing.info-dump", SM_SEV_WARNING, pp->doc, off, len,
			     "give the facts to a character who needs them, spread them through the "
			     "scene, or cut them",
			     "exposition interrupts a scene in dialogue: %u words with no character acting "
			     "or speaking (%.0f character mentions per 100 words; the book's narration "
			     "%.0f), %.0f %% long words (the book's %.0f %%), %.1f abstract nouns and "
			     "%.1f numbers or names of places per 100 words (the book's %.1f and %.1f), "
			     "sentences of %.0f words (the book's %.0f)",
			     pp->n_words, 100 * f[EX_CHARS], 100 * med[EX_CHARS], 100 * f[EX_LONG],
			     100 * med[EX_LONG], 100 * f[EX_NOMINAL], 100 * f[EX_FACTS],
			     100 * med[EX_NOMINAL], 100 * med[EX_FACTS], f[EX_SENTLEN], med[EX_SENTLEN]);
	}
}

/* ---- pacing.talking-heads ------------------------------------------- */

/* A line of dialogue with no beat; quoted letters and speeches running over
 * several paragraphs are not an exchange, so they break a run. */
static bool beatless(const struct pace_para *pp)
{
	return pp->has_dialogue && !pp->has_beat && !pp->unclosed;
}

static void find_talking_heads(const struct sm_book *book, const struct pacing *p,
			       const struct pace_opts *o, struct sm_findings *out)
{
	size_t n_beats = 0, n_dlg = 0;
	for (size_t i = 0; i < p->n_paras; i++)
		if (p->paras[i].has_dialogue) {
			n_dlg++;
			n_beats += p->paras[i].has_beat;
		}
	double beat_share = n_dlg ? (double)n_beats / n_dlg : 0;
	for (size_t s = 0; s < p->n_scenes; s++) {
		const struct pace_scene *sc = &p->scenes[s];
		size_t end = sc->para_first + sc->n_para;
		size_t i = sc->para_first;
		while (i < end) {
			const struct pace_para *pp = &p->paras[i];
			if (!beatless(pp)) {
				i++;
				continue;
			}
			size_t j = i;
			uint32_t words = 0;
			while (j < end && beatless(&p->paras[j]))
				words += p->paras[j++].n_words;
			if (j - i >= o->heads_min_paras) {
				uint32_t off, len;
				quote_of(book, pp, &off, &len);
				findings_add(out, book, "pacing.talking-heads", SM_SEV_WARNING, pp->doc,
					     off, len,
					     "ground the exchange with an action beat or a detail of the setting",
					     "talking heads: %zu consecutive dialogue paragraphs (%u words) "
					     "with no action beat or setting, only speech tags; in the book "
					     "%.0f %% of dialogue paragraphs carry a beat",
					     j - i, words, pct(beat_share));
			}
			i = j;
		}
	}
}

/* ---- pacing.monotony ------------------------------------------------ */

struct sent_ref {
	uint32_t doc, sent, words;
};

static void find_monotony(const struct sm_book *book, const struct pacing *p,
			  const struct pace_opts *o, struct sm_findings *out)
{
	size_t w = o->mono_window;
	if (w < 2)
		return;
	struct sent_ref *v = NULL;
	size_t cap = 0;
	for (size_t s = 0; s < p->n_scenes; s++) {
		const struct pace_scene *sc = &p->scenes[s];
		const struct sm_doc *doc = book->docs[sc->doc];
		size_t n = 0;
		for (size_t i = sc->para_first; i < sc->para_first + sc->n_para; i++) {
			const struct block *bl = &doc->blocks[p->paras[i].block];
			for (uint32_t k = 0; k < bl->n_sent; k++) {
				const struct sentence *se = &doc->sents[bl->sent_first + k];
				if (!se->n_words)
					continue;
				SM_GROW(v, cap, n + 1);
				v[n++] = (struct sent_ref){ sc->doc, bl->sent_first + k, se->n_words };
			}
		}
		if (n < w)
			continue;
		/* sliding window sums; flagged windows that overlap merge into one
		 * finding [run_first, run_last] */
		double sum = 0, sq = 0;
		size_t run_first = SIZE_MAX, run_last = 0;
		double run_mean = 0, run_sd = 0;
		for (size_t i = 0; i <= n; i++) {
			bool flagged = false;
			double mean = 0, sd = 0;
			if (i < n) {
				sum += v[i].words;
				sq += (double)v[i].words * v[i].words;
				if (i >= w) {
					sum -= v[i - w].words;
					sq -= (double)v[i - w].words * v[i - w].words;
				}
				if (i + 1 >= w) {
					mean = sum / (double)w;
					double var = sq / (double)w - mean * mean;
					sd = var > 0 ? sqrt(var) : 0;
					flagged = sd <= o->mono_max_sd && mean >= o->mono_min_mean;
				}
			}
			if (flagged && run_first != SIZE_MAX && i + 1 - w <= run_last) {
				run_last = i; /* extends the open run */
				continue;
			}
			if (run_first != SIZE_MAX) {
				const struct sentence *se = &doc->sents[v[run_first].sent];
				uint32_t len = se->len > 240 ? 240 : se->len;
				while (len > 0 && len < se->len &&
				       ((unsigned char)doc->text[se->off + len] & 0xC0) == 0x80)
					len--;
				findings_add(out, book, "pacing.monotony", SM_SEV_INFO, sc->doc, se->off,
					     len, "vary the sentence lengths: combine some, cut others short",
					     "monotonous rhythm: %zu consecutive sentences of about %.0f "
					     "words (standard deviation %.1f words, threshold %.1f); the "
					     "book's sentences average %.1f words with a standard deviation "
					     "of %.1f",
					     run_last - run_first + 1, run_mean, run_sd, o->mono_max_sd,
					     p->book.sent_mean, p->book.sent_sd);
				run_first = SIZE_MAX;
			}
			if (flagged) {
				run_first = i + 1 - w;
				run_last = i;
				run_mean = mean;
				run_sd = sd;
			}
		}
	}
	free(v);
}

/* ---- pacing.scene-length -------------------------------------------- */

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median_of(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_dbl);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void find_scene_length(const struct sm_book *book, const struct pacing *p,
			      const struct pace_opts *o, struct sm_findings *out)
{
	size_t n = p->n_scenes;
	if (n < o->scene_len_min_scenes)
		return;
	/* robust z of log(words): median and 1.4826 * MAD */
	double *lw = xmalloc(n * sizeof(*lw)), *dev = xmalloc(n * sizeof(*dev));
	for (size_t s = 0; s < n; s++)
		lw[s] = log((double)p->scenes[s].m.n_words + 1);
	double *tmp = xmalloc(n * sizeof(*tmp));
	memcpy(tmp, lw, n * sizeof(*tmp));
	double med = median_of(tmp, n);
	for (size_t s = 0; s < n; s++)
		dev[s] = fabs(lw[s] - med);
	double mad = 1.4826 * median_of(dev, n);
	/* a floor on the spread: in a book of near-equal scenes a scene must
	 * still differ by a factor of about 1.9 (2.5 * 0.25 in log space) */
	if (mad < 0.25)
		mad = 0.25;
	for (size_t s = 0; s < n; s++) {
		double z = (lw[s] - med) / mad;
		if (fabs(z) < o->scene_len_z)
			continue;
		const struct pace_scene *sc = &p->scenes[s];
		const struct pace_chapter *ch = &p->chapters[sc->chapter];
		const struct chapter *dch = &book->docs[ch->doc]->chapters[ch->chapter];
		if (dch->number == 0 || dch->heading < 0)
			continue; /* front matter: a title page is not a short scene */
		uint32_t off, len;
		quote_of(book, &p->paras[sc->para_first], &off, &len);
		findings_add(out, book, "pacing.scene-length", SM_SEV_INFO, sc->doc, off, len,
			     z > 0 ? "consider splitting the scene or cutting what does not move it"
				   : "consider merging the scene with a neighbour or developing it",
			     "scene %u of chapter %u is far %s than the book's scenes: %u words "
			     "(the median scene has %.0f words; robust z %.1f, threshold %.1f)",
			     book->docs[sc->doc]->scenes[sc->scene].number, dch->number,
			     z > 0 ? "longer" : "shorter", sc->m.n_words, p->median_scene_words, z,
			     o->scene_len_z);
	}
	free(lw);
	free(dev);
	free(tmp);
}

void pacing_find(const struct sm_book *book, const struct pacing *p, const struct pace_opts *o,
		 struct sm_findings *out)
{
	struct pace_opts def;
	if (!o) {
		pacing_opts_init(&def);
		o = &def;
	}
	if (!p->n_scenes)
		return;
	find_dry_runs(book, p, o, out);
	find_talking_heads(book, p, o, out);
	find_exposition(book, p, out);
	find_monotony(book, p, o, out);
	find_scene_length(book, p, o, out);
}

static int run(struct sm_book *book, struct sm_findings *out, struct sm_err *err)
{
	struct pacing *p;
	int rc = pacing_compute(book, &p, err);
	if (rc)
		return rc;
	pacing_find(book, p, NULL, out);
	pacing_free(p);
	return SM_OK;
}

/* The rule ids this analyzer reports, for the catalog (checks/catalog.h):
 * sorted by id; `rules list`, `rules show` and the configuration read them. */
static const struct check_info checks[] = {
	{ "pacing.info-dump", "pacing", "warning", false, true,
	  "a block of backstory or exposition that stops a scene carried by dialogue",
	  "exposition interrupts a scene in dialogue: 96 words with no character acting or "
	  "speaking", APPENDIX_NONE },
	{ "pacing.monotony", "pacing", "info", false, true,
	  "ten or more sentences in a row of nearly the same length",
	  "monotonous rhythm: 12 consecutive sentences of about 15 words", APPENDIX_NONE },
	{ "pacing.scene-length", "pacing", "info", false, true,
	  "a scene far longer or shorter than the book's own scenes",
	  "scene 2 of chapter 14 is far longer than the book's scenes: 9,400 words (the median "
	  "scene has 1,900 words)", APPENDIX_NONE },
	{ "pacing.slow-stretch", "pacing", "warning", false, true,
	  "a long stretch in the book's slowest tenth, without dialogue or action",
	  "slow stretch: 1,240 words in 6 paragraphs without dialogue", APPENDIX_NONE },
	{ "pacing.talking-heads", "pacing", "warning", false, true,
	  "six or more paragraphs of dialogue without a beat of action or setting",
	  "talking heads: 8 consecutive dialogue paragraphs with no action beat or setting", APPENDIX_NONE },
};

const struct analyzer an_pacing = { "pacing", run, checks, SM_ARRAY_LEN(checks) };
