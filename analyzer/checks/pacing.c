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

const struct analyzer an_pacing = { "pacing", run };
