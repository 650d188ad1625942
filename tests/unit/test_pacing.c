/* test_pacing.c: pacing metrics (words, sentences, dialogue, verbs, past
 * perfect, runs) and each pacing finding, positive and negative:
 * pacing.slow-stretch, pacing.info-dump, pacing.talking-heads,
 * pacing.monotony, pacing.scene-length. Books are generated Markdown. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>

#include "base/sbuf.h"
#include "checks/check.h"
#include "config/config.h"
#include "checks/pacing.h"
#include "ingest/ingest.h"
#include "segment/segment.h"

struct tbook {
	struct sm_config cfg;
	struct sm_doc *doc;
	struct sm_book book;
	struct pacing *p;
	struct sm_findings f;
};

static void tb_load(struct tbook *t, const char *md)
{
	struct sm_err err = { 0 };
	memset(t, 0, sizeof(*t));
	config_init(&t->cfg);
	t->cfg.all_rules = true; /* talking-heads, monotony, scene-length are opt-in */
	assert_int_equal(ingest_buffer("test.md", "markdown", md, strlen(md), &t->doc, &err),
			 SM_OK);
	assert_int_equal(seg_document(t->doc, &err), SM_OK);
	t->book.docs = &t->doc;
	t->book.n_docs = 1;
	t->book.cfg = &t->cfg;
	assert_int_equal(pacing_compute(&t->book, &t->p, &err), SM_OK);
	findings_init(&t->f);
	pacing_find(&t->book, t->p, NULL, &t->f);
}

static void tb_free(struct tbook *t)
{
	pacing_free(t->p);
	findings_release(&t->f);
	book_release_warnings(&t->book);
	doc_free(t->doc);
	config_release(&t->cfg);
}

static size_t count_rule(const struct tbook *t, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < t->f.n; i++)
		if (!strcmp(t->f.v[i].rule, rule))
			n++;
	return n;
}

static const struct sm_finding *first_of(const struct tbook *t, const char *rule)
{
	for (size_t i = 0; i < t->f.n; i++)
		if (!strcmp(t->f.v[i].rule, rule))
			return &t->f.v[i];
	return NULL;
}

/* ---- generators ---------------------------------------------------- */

/* A dialogue-rich action paragraph: every line of dialogue has a beat. */
static void lively(struct sbuf *sb, int i)
{
	static const char *const v[] = {
		"\"Run!\" she cried. He grabbed the rope and pulled it hard against the wind. "
		"\"Now, before the bridge goes!\"\n\n",
		"Tom slammed the gate behind them. \"Down there,\" he said, and pointed at the "
		"river. She jumped.\n\n",
		"\"Hold on.\" Anna seized his arm and dragged him toward the boat. The rain struck "
		"the water.\n\n",
		"He kicked the door open. \"Nobody here!\" Mud splashed over his boots as he ran "
		"across the yard to the barn.\n\n",
	};
	sbuf_adds(sb, v[i % 4]);
}

/* Reflective narration: no dialogue, no action, perception verbs, long
 * sentences of varied length. */
static void reflective(struct sbuf *sb, int i)
{
	static const char *const v[] = {
		"She thought about the long years of her childhood in the grey house by the "
		"common, and she wondered whether she would ever understand what her mother had "
		"meant when she spoke of duty and of the quiet dignity of patience. It seemed to "
		"her a strange lesson. She considered it often, in the evenings, when the lamps "
		"were lit and the house was still and the clocks seemed louder than before.\n\n",
		"Everything she remembered of that time seemed to belong to another person, a "
		"girl who believed that the world was orderly and that every promise was kept. "
		"She knew better now. Yet she could not decide whether the knowledge was a gain "
		"or a loss, and she suspected that the question itself was the only answer she "
		"would ever be given by the patient and indifferent years.\n\n",
	};
	sbuf_adds(sb, v[i % 2]);
}

/* Backstory: past perfect throughout, no dialogue, no action. */
static void backstory(struct sbuf *sb)
{
	sbuf_adds(sb,
		  "Her father had been a clerk in the county office for thirty years, and he had "
		  "never once been late. He had married late, had settled in the village, and had "
		  "hoped for a son. The family had lived in the same narrow house since the war, and "
		  "the neighbours had always regarded them with a respect that had seemed, to the "
		  "children, both a comfort and a burden. Her mother had come from the north; she had "
		  "brought with her a habit of silence that had grown, over the years, into something "
		  "like a rule of the house. Nobody had questioned it. The money had dwindled, the "
		  "garden had gone to seed, and by the time the letters had stopped coming the two "
		  "sisters had learned to expect very little from anyone. Their aunt had written only "
		  "once, and the letter had been kept in a drawer that nobody had opened since.\n\n");
}

/* ---- metrics ------------------------------------------------------- */

static void test_metrics_paragraph_counts(void **state)
{
	(void)state;
	struct tbook t;
	tb_load(&t, "# Chapter One\n\nShe ran to the door. He had gone.\n\n"
		    "\"Come back to me!\" she said.\n");
	assert_int_equal(t.p->n_paras, 2);
	const struct pace_para *a = &t.p->paras[0], *b = &t.p->paras[1];
	assert_int_equal(a->n_words, 8);
	assert_int_equal(a->n_sents, 2);
	assert_int_equal(a->n_dlg_words, 0);
	assert_int_equal(a->n_action, 1);   /* ran */
	assert_int_equal(a->n_pastperf, 1); /* had gone */
	assert_false(a->has_dialogue);
	assert_int_equal(b->n_words, 6);
	assert_int_equal(b->n_dlg_words, 4);
	assert_true(b->has_dialogue);
	assert_false(b->has_beat); /* "she said" is a tag */
	const struct pace_metrics *m = &t.p->book;
	assert_int_equal(m->n_words, 14);
	assert_int_equal(m->n_sents, 3);
	assert_int_equal(m->n_paras, 2);
	assert_true(fabs(m->dlg_share - 4.0 / 14.0) < 1e-9);
	assert_true(fabs(m->sent_mean - 14.0 / 3.0) < 1e-9);
	assert_true(fabs(m->para_mean - 7.0) < 1e-9);
	assert_int_equal(m->hist[0], 2); /* 4, 4 words */
	assert_int_equal(m->hist[1], 1); /* 6 words */
	assert_int_equal(m->max_dry_paras, 1);
	assert_false(m->has_surprisal); /* no language model */
	tb_free(&t);
}

static void test_metrics_pastperf_only_in_narration(void **state)
{
	(void)state;
	struct tbook t;
	tb_load(&t, "# One\n\n\"I had seen it,\" she said. He had never walked so far. "
		    "She had red hair and had a dog.\n");
	/* "had seen" is inside dialogue; "had never walked" counts; "had red", "had a" do not */
	assert_int_equal(t.p->book.n_pastperf, 1);
	tb_free(&t);
}

static void test_metrics_beat_and_verbs(void **state)
{
	(void)state;
	struct tbook t;
	tb_load(&t, "# One\n\n\"Stop,\" she said, and slammed the drawer.\n\n"
		    "\"Why?\" he asked.\n\nShe saw the light and wondered.\n");
	assert_true(t.p->paras[0].has_beat);
	assert_false(t.p->paras[1].has_beat);
	assert_int_equal(t.p->paras[2].n_percept, 2); /* saw, wondered */
	assert_int_equal(t.p->paras[0].n_action, 1);  /* slammed */
	tb_free(&t);
}

static void test_score_normalized_within_book(void **state)
{
	(void)state;
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	for (int c = 0; c < 6; c++) {
		sbuf_addf(&sb, "# Chapter %d\n\n", c + 1);
		for (int i = 0; i < 6; i++) {
			if (c == 3)
				reflective(&sb, i);
			else
				lively(&sb, i + c);
		}
	}
	struct tbook t;
	tb_load(&t, sb.buf);
	assert_int_equal(t.p->n_scenes, 6);
	assert_int_equal(t.p->n_chapters, 6);
	double sum = 0;
	size_t slowest = 0;
	for (size_t s = 0; s < t.p->n_scenes; s++) {
		sum += t.p->scenes[s].score;
		if (t.p->scenes[s].score < t.p->scenes[slowest].score)
			slowest = s;
	}
	assert_true(fabs(sum / 6) < 1e-6); /* z-scores: the book's mean is 0 */
	assert_int_equal(slowest, 3);
	enum pace_comp why[3];
	size_t n = pacing_drivers(t.p, 3, why, 3);
	assert_true(n >= 1);
	assert_int_equal(why[0] == PACE_C_DIALOGUE || why[0] == PACE_C_ACTION ||
				 why[0] == PACE_C_PERCEPT || why[0] == PACE_C_SENTLEN ||
				 why[0] == PACE_C_PARALEN,
			 1);
	tb_free(&t);
	sbuf_release(&sb);
}

/* ---- findings ------------------------------------------------------ */

/* pacing.info-dump: a planted backstory block between lines of dialogue. */
static void build_dump_book(struct sbuf *sb, bool plant)
{
	for (int c = 0; c < 8; c++) {
		sbuf_addf(sb, "# Chapter %d\n\n", c + 1);
		for (int i = 0; i < 4; i++)
			lively(sb, i + c);
		if (c == 4) {
			if (plant)
				backstory(sb);
			else
				lively(sb, 1);
		}
		for (int i = 0; i < 4; i++)
			lively(sb, i + c + 1);
	}
}

static void test_info_dump_found(void **state)
{
	(void)state;
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	build_dump_book(&sb, true);
	struct tbook t;
	tb_load(&t, sb.buf);
	assert_int_equal(count_rule(&t, "pacing.info-dump"), 1);
	const struct sm_finding *x = first_of(&t, "pacing.info-dump");
	assert_non_null(strstr(x->message, "past-perfect verbs"));
	assert_non_null(strstr(x->message, "the book averages"));
	assert_memory_equal(t.doc->text + x->off, "Her father had been", 19);
	tb_free(&t);
	sbuf_release(&sb);
}

static void test_info_dump_not_without_backstory(void **state)
{
	(void)state;
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	build_dump_book(&sb, false);
	struct tbook t;
	tb_load(&t, sb.buf);
	assert_int_equal(count_rule(&t, "pacing.info-dump"), 0);
	/* a dialogue-rich action book is not flagged at all */
	assert_int_equal(t.f.n, 0);
	tb_free(&t);
	sbuf_release(&sb);
}

/* pacing.info-dump, exposition: a paragraph of facts (no character acting,
 * abstract and technical words, long sentences, numbers and names of
 * places) dropped into a scene carried by dialogue. Three shapes. */
static const char *const expo_paras[] = {
	"The reservoir system, completed in 1911 under the direction of the Metropolitan Water "
	"Board, consists of fourteen interconnected basins with a combined capacity of roughly "
	"ninety million cubic metres. Its distribution network, administered through a "
	"combination of municipal authorities and private concessions, supplies approximately "
	"two thirds of the population of the northern districts, although maintenance "
	"expenditure has declined substantially since the privatisation legislation of 1989.\n\n",
	"Interstellar navigation depends on the precise calibration of gravitational "
	"instrumentation, since the propagation of positional uncertainty increases "
	"exponentially with the distance travelled between reference beacons. Standard "
	"procedure therefore requires the recalculation of every trajectory at intervals of "
	"approximately six hundred light-seconds, a computational obligation that consumes a "
	"considerable proportion of the available processing capacity aboard smaller "
	"vessels.\n\n",
	"Membership of the guild conferred substantial commercial privileges, including "
	"exemption from municipal taxation, the exclusive right of representation before the "
	"provincial magistrates and a guaranteed allocation of warehouse accommodation in the "
	"harbour of Varenne. Admission required a documented apprenticeship of seven years, "
	"the payment of a considerable entrance contribution and the unanimous approval of the "
	"administrative council, whose deliberations remained confidential.\n\n",
};

/* An ordinary narration paragraph: characters acting, plain words. */
static void plain(struct sbuf *sb, int i)
{
	static const char *const v[] = {
		"She crossed the yard and climbed the steps to the kitchen door. The dog followed her "
		"in and lay down by the stove, and she put the kettle on and stood at the window "
		"watching the rain.\n\n",
		"He walked down the lane to the shop, bought bread and a paper, and came back the long "
		"way round by the river. The boats were in. He stopped to talk to the old man who "
		"mended the nets.\n\n",
		"They ate in silence. When the plates were cleared she went up to her room, pulled the "
		"curtains and sat on the bed with the letter in her lap, and she did not open it.\n\n",
	};
	sbuf_adds(sb, v[i % 3]);
}

static void build_expo_book(struct sbuf *sb, int shape, bool in_dialogue)
{
	for (int c = 0; c < 8; c++) {
		sbuf_addf(sb, "# Chapter %d\n\n", c + 1);
		for (int i = 0; i < 3; i++) {
			plain(sb, i + c);
			if (in_dialogue || c != 4)
				lively(sb, i + c);
		}
		if (c == 4) {
			if (shape >= 0)
				sbuf_adds(sb, expo_paras[shape]);
			else
				plain(sb, 1);
		}
		for (int i = 0; i < 3; i++) {
			if (in_dialogue || c != 4)
				lively(sb, i + c + 1);
			plain(sb, i + c + 2);
		}
	}
}

static void test_exposition_found(void **state)
{
	(void)state;
	for (int shape = 0; shape < 3; shape++) {
		struct sbuf sb;
		sbuf_init(&sb, 1 << 20);
		build_expo_book(&sb, shape, true);
		struct tbook t;
		tb_load(&t, sb.buf);
		if (count_rule(&t, "pacing.info-dump") != 1)
			print_message("  shape %d: %zu findings\n", shape, count_rule(&t, "pacing.info-dump"));
		assert_int_equal(count_rule(&t, "pacing.info-dump"), 1);
		const struct sm_finding *x = first_of(&t, "pacing.info-dump");
		assert_non_null(strstr(x->message, "exposition interrupts a scene in dialogue"));
		assert_memory_equal(t.doc->text + x->off, expo_paras[shape], 12);
		assert_non_null(x->suggestion);
		tb_free(&t);
		sbuf_release(&sb);
	}
}

static void test_exposition_not_plain_or_outside_scene(void **state)
{
	(void)state;
	/* a plain paragraph in its place */
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	build_expo_book(&sb, -1, true);
	struct tbook t;
	tb_load(&t, sb.buf);
	assert_int_equal(count_rule(&t, "pacing.info-dump"), 0);
	tb_free(&t);
	sbuf_release(&sb);
	/* the same facts in a chapter of narration, no scene in dialogue to interrupt */
	sbuf_init(&sb, 1 << 20);
	build_expo_book(&sb, 0, false);
	tb_load(&t, sb.buf);
	assert_int_equal(count_rule(&t, "pacing.info-dump"), 0);
	tb_free(&t);
	sbuf_release(&sb);
}

/* pacing.talking-heads */
static void test_talking_heads_found(void **state)
{
	(void)state;
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	sbuf_adds(&sb, "# Chapter 1\n\n");
	lively(&sb, 0);
	static const char *const lines[] = {
		"\"Where were you last night?\" asked Tom.",
		"\"At the inn, with the others,\" she said.",
		"\"All night?\"",
		"\"Until the fire went out,\" she replied.",
		"\"And then?\"",
		"\"Then I walked home,\" said she.",
		"\"Alone?\" he asked.",
	};
	for (size_t i = 0; i < SM_ARRAY_LEN(lines); i++)
		sbuf_addf(&sb, "%s\n\n", lines[i]);
	lively(&sb, 1);
	struct tbook t;
	tb_load(&t, sb.buf);
	assert_int_equal(count_rule(&t, "pacing.talking-heads"), 1);
	const struct sm_finding *x = first_of(&t, "pacing.talking-heads");
	assert_non_null(strstr(x->message, "7 consecutive dialogue paragraphs"));
	assert_memory_equal(t.doc->text + x->off, "\"Where were you", 15);
	tb_free(&t);
	sbuf_release(&sb);
}

static void test_talking_heads_not_with_beats(void **state)
{
	(void)state;
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	sbuf_adds(&sb, "# Chapter 1\n\n");
	static const char *const lines[] = {
		"\"Where were you last night?\" Tom slammed the ledger shut.",
		"She dropped her bag by the stove. \"At the inn, with the others.\"",
		"\"All night?\" He leaned across the table.",
		"\"Until the fire went out.\" She pulled off her wet gloves.",
		"He stood and walked to the window. \"And then?\"",
		"\"Then I walked home.\" She turned away.",
		"\"Alone?\" he asked, and grabbed her wrist.",
	};
	for (size_t i = 0; i < SM_ARRAY_LEN(lines); i++)
		sbuf_addf(&sb, "%s\n\n", lines[i]);
	struct tbook t;
	tb_load(&t, sb.buf);
	assert_int_equal(count_rule(&t, "pacing.talking-heads"), 0);
	assert_int_equal(t.f.n, 0); /* a dialogue-rich action scene: nothing at all */
	tb_free(&t);
	sbuf_release(&sb);
}

static void test_talking_heads_not_for_letters(void **state)
{
	(void)state;
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	sbuf_adds(&sb, "# Chapter 1\n\n");
	/* a letter quoted over eight paragraphs: each opens a quotation that closes
	 * only at the end of the letter */
	for (int i = 0; i < 7; i++)
		sbuf_addf(&sb, "\"Paragraph %d of my letter, dear sister, is long and dull.\n\n", i + 1);
	sbuf_adds(&sb, "\"Your loving brother.\"\n\n");
	struct tbook t;
	tb_load(&t, sb.buf);
	assert_int_equal(count_rule(&t, "pacing.talking-heads"), 0);
	tb_free(&t);
	sbuf_release(&sb);
}

/* pacing.monotony */
static void test_monotony_found(void **state)
{
	(void)state;
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	sbuf_adds(&sb, "# Chapter 1\n\n");
	for (int i = 0; i < 12; i++)
		sbuf_addf(&sb, "The old man walked slowly down the %s road to town. ",
			  i % 2 ? "long" : "dusty grey");
	sbuf_adds(&sb, "\n\n");
	struct tbook t;
	tb_load(&t, sb.buf);
	assert_int_equal(count_rule(&t, "pacing.monotony"), 1);
	const struct sm_finding *x = first_of(&t, "pacing.monotony");
	assert_non_null(strstr(x->message, "12 consecutive sentences"));
	assert_non_null(strstr(x->message, "standard deviation"));
	tb_free(&t);
	sbuf_release(&sb);
}

static void test_monotony_not_when_varied(void **state)
{
	(void)state;
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	sbuf_adds(&sb, "# Chapter 1\n\n");
	for (int i = 0; i < 12; i++)
		sbuf_adds(&sb, i % 3 == 0 ? "He stopped. "
			       : i % 3 == 1 ? "The old man walked slowly down the long road to town. "
					    : "Behind him, far across the fields and the river and the low "
					      "hills beyond, the bells of the abbey began to ring for "
					      "evening prayers. ");
	sbuf_adds(&sb, "\n\n");
	struct tbook t;
	tb_load(&t, sb.buf);
	assert_int_equal(count_rule(&t, "pacing.monotony"), 0);
	tb_free(&t);
	sbuf_release(&sb);
}

/* pacing.slow-stretch */
static void build_slow_book(struct sbuf *sb, bool plant)
{
	for (int c = 0; c < 10; c++) {
		sbuf_addf(sb, "# Chapter %d\n\n", c + 1);
		if (plant && c == 6) {
			for (int i = 0; i < 12; i++)
				reflective(sb, i);
		} else {
			for (int i = 0; i < 8; i++)
				lively(sb, i + c);
		}
	}
}

static void test_slow_stretch_found(void **state)
{
	(void)state;
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	build_slow_book(&sb, true);
	struct tbook t;
	tb_load(&t, sb.buf);
	assert_int_equal(count_rule(&t, "pacing.slow-stretch"), 1);
	const struct sm_finding *x = first_of(&t, "pacing.slow-stretch");
	assert_non_null(strstr(x->message, "without dialogue"));
	assert_non_null(strstr(x->message, "median scene has"));
	tb_free(&t);
	sbuf_release(&sb);
}

static void test_slow_stretch_not_in_lively_book(void **state)
{
	(void)state;
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	build_slow_book(&sb, false);
	struct tbook t;
	tb_load(&t, sb.buf);
	assert_int_equal(count_rule(&t, "pacing.slow-stretch"), 0);
	assert_int_equal(t.f.n, 0);
	tb_free(&t);
	sbuf_release(&sb);
}

static void test_slow_stretch_needs_min_words(void **state)
{
	(void)state;
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	for (int c = 0; c < 10; c++) {
		sbuf_addf(&sb, "# Chapter %d\n\n", c + 1);
		for (int i = 0; i < 8; i++)
			lively(&sb, i + c);
		if (c == 6) /* about 280 words: too short for a slow stretch */
			for (int i = 0; i < 3; i++)
				reflective(&sb, i);
	}
	struct tbook t;
	tb_load(&t, sb.buf);
	assert_int_equal(count_rule(&t, "pacing.slow-stretch"), 0);
	tb_free(&t);
	sbuf_release(&sb);
}

/* pacing.scene-length */
static void test_scene_length_found(void **state)
{
	(void)state;
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	for (int c = 0; c < 10; c++) {
		sbuf_addf(&sb, "# Chapter %d\n\n", c + 1);
		int n = c == 5 ? 40 : 6;
		for (int i = 0; i < n; i++)
			lively(&sb, i);
	}
	struct tbook t;
	tb_load(&t, sb.buf);
	assert_int_equal(count_rule(&t, "pacing.scene-length"), 1);
	const struct sm_finding *x = first_of(&t, "pacing.scene-length");
	assert_non_null(strstr(x->message, "chapter 6"));
	assert_non_null(strstr(x->message, "longer"));
	assert_non_null(strstr(x->message, "the median scene has"));
	tb_free(&t);
	sbuf_release(&sb);
}

static void test_scene_length_not_when_even(void **state)
{
	(void)state;
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	for (int c = 0; c < 10; c++) {
		sbuf_addf(&sb, "# Chapter %d\n\n", c + 1);
		for (int i = 0; i < 6 + c % 3; i++)
			lively(&sb, i);
	}
	struct tbook t;
	tb_load(&t, sb.buf);
	assert_int_equal(count_rule(&t, "pacing.scene-length"), 0);
	tb_free(&t);
	sbuf_release(&sb);
}

static void test_rule_can_be_disabled(void **state)
{
	(void)state;
	struct sbuf sb;
	sbuf_init(&sb, 1 << 20);
	build_dump_book(&sb, true);
	struct tbook t;
	tb_load(&t, sb.buf);
	assert_int_equal(count_rule(&t, "pacing.info-dump"), 1);
	config_set_rule(&t.cfg, "pacing", -1);
	findings_release(&t.f);
	findings_init(&t.f);
	pacing_find(&t.book, t.p, NULL, &t.f);
	assert_int_equal(t.f.n, 0);
	tb_free(&t);
	sbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metrics_paragraph_counts),
		cmocka_unit_test(test_metrics_pastperf_only_in_narration),
		cmocka_unit_test(test_metrics_beat_and_verbs),
		cmocka_unit_test(test_score_normalized_within_book),
		cmocka_unit_test(test_info_dump_found),
		cmocka_unit_test(test_info_dump_not_without_backstory),
		cmocka_unit_test(test_exposition_found),
		cmocka_unit_test(test_exposition_not_plain_or_outside_scene),
		cmocka_unit_test(test_talking_heads_found),
		cmocka_unit_test(test_talking_heads_not_with_beats),
		cmocka_unit_test(test_talking_heads_not_for_letters),
		cmocka_unit_test(test_monotony_found),
		cmocka_unit_test(test_monotony_not_when_varied),
		cmocka_unit_test(test_slow_stretch_found),
		cmocka_unit_test(test_slow_stretch_not_in_lively_book),
		cmocka_unit_test(test_slow_stretch_needs_min_words),
		cmocka_unit_test(test_scene_length_found),
		cmocka_unit_test(test_scene_length_not_when_even),
		cmocka_unit_test(test_rule_can_be_disabled),
	};
	return cmocka_run_group_tests_name("pacing", tests, NULL, NULL);
}
