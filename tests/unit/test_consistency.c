/* test_consistency.c: the consistency analyzer and the character registry.
 * Defects are planted in a copy of Emma's first chapter
 * (tests/fixtures/consistency/emma-ch1.txt) and in short generated passages;
 * every check has texts that must trigger it and texts that must not.
 * Rule ids: consistency.name-variant, consistency.spelling-variant,
 * consistency.punctuation-style, consistency.character-attribute,
 * consistency.tense-shift, consistency.pov-shift, consistency.timeline. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>

#include "checks/check.h"
#include "checks/consistency/consistency.h"
#include "ingest/ingest.h"
#include "segment/segment.h"
#include "lm.h"

extern const struct analyzer an_consistency;

#define FIX "tests/fixtures/consistency/"

/* The model for the tests that need its lexicon; NULL for the others. */
static struct lm *tb_lm;

struct tbook {
	struct sm_doc *docs[4];
	struct sm_book book;
	struct sm_config cfg;
	struct sm_findings f;
};

static char *slurp(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	struct sm_err err;
	int rc = sm_read_file(path, 1u << 24, &buf, &len, &err);
	assert_int_equal(rc, SM_OK);
	return buf;
}

/* Every rule on, opt-in ones included (tb_run_all). */
static bool all_rules;

/* Load texts (NUL-terminated) as one book and run the analyzer. */
static void tb_run(struct tbook *tb, int n, const char *const *texts, const char *const *names,
		   enum house_style house)
{
	memset(tb, 0, sizeof(*tb));
	config_init(&tb->cfg);
	tb->cfg.house = house;
	tb->cfg.all_rules = all_rules;
	for (int i = 0; i < n; i++) {
		struct sm_err err;
		int rc = ingest_buffer(names ? names[i] : "book.txt", "text", texts[i],
				       strlen(texts[i]), &tb->docs[i], &err);
		assert_int_equal(rc, SM_OK);
		assert_int_equal(seg_document(tb->docs[i], &err), SM_OK);
	}
	tb->book.docs = tb->docs;
	tb->book.n_docs = (size_t)n;
	tb->book.cfg = &tb->cfg;
	tb->book.lm = tb_lm;
	findings_init(&tb->f);
	struct sm_err err;
	assert_int_equal(an_consistency.run(&tb->book, &tb->f, &err), SM_OK);
	findings_sort(&tb->f);
}

static void tb_free(struct tbook *tb)
{
	findings_release(&tb->f);
	for (size_t i = 0; i < tb->book.n_docs; i++)
		doc_free(tb->docs[i]);
	cons_book_release(&tb->book);
	config_release(&tb->cfg);
}

static size_t count_rule(const struct tbook *tb, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < tb->f.n; i++)
		if (!strcmp(tb->f.v[i].rule, rule))
			n++;
	return n;
}

/* The finding of rule whose quoted text is quote (or NULL). */
static const struct sm_finding *find(const struct tbook *tb, const char *rule, const char *quote)
{
	for (size_t i = 0; i < tb->f.n; i++) {
		const struct sm_finding *x = &tb->f.v[i];
		const char *t = tb->docs[x->doc]->text + x->off;
		if (!strcmp(x->rule, rule) && strlen(quote) == x->len && !memcmp(t, quote, x->len))
			return x;
	}
	return NULL;
}

static void dump(const struct tbook *tb)
{
	for (size_t i = 0; i < tb->f.n; i++)
		print_message("  %s '%.*s' %s\n", tb->f.v[i].rule, (int)tb->f.v[i].len,
			      tb->docs[tb->f.v[i].doc]->text + tb->f.v[i].off, tb->f.v[i].message);
}

/* The chapter with extra text appended and/or one replacement done. */
static char *chapter_with(const char *from, const char *to, const char *append)
{
	char *base = slurp(FIX "emma-ch1.txt");
	size_t n = strlen(base) + (to ? strlen(to) : 0) + (append ? strlen(append) : 0) + 4;
	char *out = malloc(n);
	assert_non_null(out);
	const char *p = from ? strstr(base, from) : NULL;
	if (from)
		assert_non_null(p);
	if (p)
		snprintf(out, n, "%.*s%s%s\n\n%s", (int)(p - base), base, to, p + strlen(from),
			 append ? append : "");
	else
		snprintf(out, n, "%s\n\n%s", base, append ? append : "");
	free(base);
	return out;
}

static void run1(struct tbook *tb, const char *text)
{
	const char *t[1] = { text };
	tb_run(tb, 1, t, NULL, HOUSE_NONE);
}

/* run1 with the opt-in rules on too. */
static void tb_run_all(struct tbook *tb, const char *text)
{
	all_rules = true;
	run1(tb, text);
	all_rules = false;
}

/* ---- the clean chapter: no finding at all ---- */

static void test_clean_chapter_has_no_findings(void **state)
{
	(void)state;
	char *t = chapter_with(NULL, NULL, NULL);
	struct tbook tb;
	run1(&tb, t);
	dump(&tb);
	assert_int_equal(tb.f.n, 0);
	tb_free(&tb);
	free(t);
}

/* ---- registry ---- */

static void test_registry_merges_aliases(void **state)
{
	(void)state;
	char *t = chapter_with(NULL, NULL, NULL);
	struct tbook tb;
	run1(&tb, t);
	const struct cons_registry *reg = cons_book_registry(&tb.book);
	assert_non_null(reg);
	const struct cons_character *emma = NULL, *kn = NULL;
	for (size_t i = 0; i < reg->n_chars; i++) {
		if (!strcmp(reg->chars[i].name, "Emma Woodhouse"))
			emma = &reg->chars[i];
		if (!strcmp(reg->chars[i].name, "Mr. Knightley"))
			kn = &reg->chars[i];
	}
	assert_non_null(emma);
	assert_non_null(kn);
	assert_int_equal(emma->gender, CONS_G_FEMALE);
	assert_int_equal(kn->gender, CONS_G_MALE);
	bool bare = false, miss = false;
	for (uint32_t a = 0; a < emma->n_aliases; a++) {
		bare |= !strcmp(emma->aliases[a].text, "Emma");
		miss |= !strcmp(emma->aliases[a].text, "Miss Woodhouse");
	}
	assert_true(bare && miss);
	assert_true(emma->n_mentions >= 20);
	/* Mr. Woodhouse is someone else */
	for (uint32_t a = 0; a < emma->n_aliases; a++)
		assert_string_not_equal(emma->aliases[a].text, "Mr. Woodhouse");
	/* places are not characters */
	for (size_t i = 0; i < reg->n_chars; i++)
		assert_string_not_equal(reg->chars[i].name, "Highbury");
	tb_free(&tb);
	free(t);
}

/* ---- consistency.name-variant ---- */

static void test_name_variant_misspelled_name(void **state)
{
	(void)state;
	char *t = chapter_with("Sixteen years had Miss Taylor", "Sixteen years had Miss Tayler", NULL);
	struct tbook tb;
	run1(&tb, t);
	const struct sm_finding *x = find(&tb, "consistency.name-variant", "Tayler");
	assert_non_null(x);
	assert_string_equal(x->suggestion, "Taylor");
	assert_non_null(strstr(x->message, "1 time"));
	assert_int_equal(x->n_rel, 1);
	assert_memory_equal(tb.docs[0]->text + x->rel[0].off, "Taylor", 6);
	tb_free(&tb);
	free(t);
}

static void test_name_variant_not_for_two_characters(void **state)
{
	(void)state;
	/* Marian and Marion are sisters: both established */
	char buf[8192] = "";
	for (int i = 0; i < 12; i++)
		strcat(buf, "Marian walked to the village with her basket, and Mr. Brown met her there. ");
	strcat(buf, "\n\n");
	for (int i = 0; i < 3; i++)
		strcat(buf, "Her sister Marion stayed at home, and she read by the fire all the day. ");
	struct tbook tb;
	run1(&tb, buf);
	dump(&tb);
	assert_int_equal(count_rule(&tb, "consistency.name-variant"), 0);
	tb_free(&tb);
}

/* ---- consistency.spelling-variant ---- */

static const char *const tomorrow_text =
	"Emma said that she would walk to Hartfield to-morrow with her father.\n\n"
	"The weather was fine, and to-morrow promised to be finer still, so she was glad.\n\n"
	"Her father doubted whether to-morrow would be dry enough for walking at all.\n\n"
	"But tomorrow came, and the sun shone on the garden and the lawn.\n";

static void test_spelling_variant_compound(void **state)
{
	(void)state;
	struct tbook tb;
	run1(&tb, tomorrow_text);
	const struct sm_finding *x = find(&tb, "consistency.spelling-variant", "tomorrow");
	assert_non_null(x);
	assert_string_equal(x->suggestion, "to-morrow");
	assert_non_null(strstr(x->message, "3 times"));
	assert_int_equal(x->n_rel, 1);
	tb_free(&tb);
}

static void test_spelling_variant_consistent_period_spelling(void **state)
{
	(void)state;
	char *t = chapter_with(NULL, NULL,
			       "She would see him to-morrow, and to-morrow she would speak to him.");
	struct tbook tb;
	run1(&tb, t);
	assert_int_equal(count_rule(&tb, "consistency.spelling-variant"), 0);
	tb_free(&tb);
	free(t);
}

static void test_spelling_variant_us_uk_and_house_style(void **state)
{
	(void)state;
	const char *t = "The colour of the sky was grey, and the colour of the sea was greyer.\n\n"
			"Emma thought the colour of the hills the finest colour of all.\n\n"
			"Only one color seemed wrong to her.\n";
	struct tbook tb;
	run1(&tb, t);
	const struct sm_finding *x = find(&tb, "consistency.spelling-variant", "color");
	assert_non_null(x);
	assert_string_equal(x->suggestion, "colour");
	tb_free(&tb);
	/* a US house style reports the British forms instead */
	const char *tt[1] = { t };
	tb_run(&tb, 1, tt, NULL, HOUSE_US);
	assert_non_null(find(&tb, "consistency.spelling-variant", "colour"));
	assert_non_null(find(&tb, "consistency.spelling-variant", "grey"));
	assert_null(find(&tb, "consistency.spelling-variant", "color"));
	tb_free(&tb);
}

/* ---- consistency.punctuation-style ---- */

static void test_punctuation_curly_pair_in_straight_book(void **state)
{
	(void)state;
	char *t = chapter_with("\"Poor Miss Taylor!--I wish she were here again.",
			       "\u201cPoor Miss Taylor!--I wish she were here again.", NULL);
	/* close the curly pair too */
	char *q = strstr(t, "again.");
	assert_non_null(q);
	char *end = strchr(q, '"');
	assert_non_null(end);
	size_t n = strlen(t) + 8;
	char *u = malloc(n);
	snprintf(u, n, "%.*s\u201d%s", (int)(end - t), t, end + 1);
	struct tbook tb;
	run1(&tb, u);
	dump(&tb);
	const struct sm_finding *x = find(&tb, "consistency.punctuation-style", "\u201c");
	assert_non_null(x);
	assert_string_equal(x->suggestion, "\"");
	assert_int_equal(x->n_rel, 1);
	/* once per paragraph */
	assert_int_equal(count_rule(&tb, "consistency.punctuation-style"), 1);
	tb_free(&tb);
	free(u);
	free(t);
}

/* ---- consistency.character-attribute ---- */

static void test_attribute_changed_eye_colour(void **state)
{
	(void)state;
	char *t = chapter_with(
		"Emma first sat in mournful thought",
		"Emma, whose eyes were grey, first sat in mournful thought",
		"Emma looked up from her work; her brown eyes were full of tears, and she "
		"turned to the window.");
	struct tbook tb;
	run1(&tb, t);
	dump(&tb);
	const struct sm_finding *x = find(&tb, "consistency.character-attribute", "brown");
	assert_non_null(x);
	assert_string_equal(x->suggestion, "grey");
	assert_int_equal(x->n_rel, 1);
	assert_memory_equal(tb.docs[0]->text + x->rel[0].off, "grey", 4);
	/* the ledger has both facts */
	const struct cons_registry *reg = cons_book_registry(&tb.book);
	assert_true(reg->n_facts >= 2);
	tb_free(&tb);
	free(t);
}

static void test_attribute_not_from_dialogue(void **state)
{
	(void)state;
	char *t = chapter_with(
		"Emma first sat in mournful thought",
		"Emma, whose eyes were grey, first sat in mournful thought",
		"\"Emma has brown eyes, I am sure of it,\" said Mr. Knightley to her father.");
	struct tbook tb;
	run1(&tb, t);
	dump(&tb);
	assert_int_equal(count_rule(&tb, "consistency.character-attribute"), 0);
	tb_free(&tb);
	free(t);
}

/* ---- consistency.tense-shift ---- */

static void test_tense_present_paragraph(void **state)
{
	(void)state;
	char *t = chapter_with(NULL, NULL,
			       "Emma walks to the window. She looks at the garden, and she thinks of "
			       "Miss Taylor. She is alone now, and she knows it.\n\n"
			       "Her father came in soon after, and they sat down together.");
	struct tbook tb;
	run1(&tb, t);
	dump(&tb);
	const struct sm_finding *x = find(&tb, "consistency.tense-shift", "walks");
	assert_non_null(x);
	assert_non_null(strstr(x->message, "present"));
	assert_int_equal(count_rule(&tb, "consistency.tense-shift"), 1);
	tb_free(&tb);
	free(t);
}

static void test_tense_not_in_dialogue(void **state)
{
	(void)state;
	char *t = chapter_with(NULL, NULL,
			       "\"She is happy, and she knows it,\" said Emma. \"He is good to her, "
			       "and he has a fine house. She is settled.\"");
	struct tbook tb;
	run1(&tb, t);
	assert_int_equal(count_rule(&tb, "consistency.tense-shift"), 0);
	tb_free(&tb);
	free(t);
}

/* ---- consistency.pov-shift ---- */

static void test_pov_first_person_paragraph(void **state)
{
	(void)state;
	char *t = chapter_with(NULL, NULL,
			       "I walked to the window and I looked at the garden. My heart was "
			       "heavy, and I could not think of the wedding without tears.\n\n"
			       "Her father came in soon after, and they sat down together.");
	struct tbook tb;
	run1(&tb, t);
	dump(&tb);
	const struct sm_finding *x = find(&tb, "consistency.pov-shift", "I");
	assert_non_null(x);
	assert_non_null(strstr(x->message, "first person"));
	tb_free(&tb);
	free(t);
}

static void test_pov_letter_is_not_a_shift(void **state)
{
	(void)state;
	char *t = chapter_with(NULL, NULL,
			       "The next morning brought a letter from Randalls.\n\n"
			       "My dear Emma,\n\n"
			       "I am so happy here that I hardly know how to write. My husband is "
			       "the kindest of men, and I think of you every hour of my day.\n\n"
			       "I hope that my dear Mr. Woodhouse is well; I shall call on Tuesday.\n\n"
			       "Yours ever affectionately,\nAnne Weston\n\n"
			       "Emma read the letter twice, and was comforted.");
	struct tbook tb;
	run1(&tb, t);
	dump(&tb);
	assert_int_equal(count_rule(&tb, "consistency.pov-shift"), 0);
	assert_int_equal(count_rule(&tb, "consistency.tense-shift"), 0);
	tb_free(&tb);
	free(t);
}

/* ---- consistency.timeline ---- */

static void test_timeline_wrong_weekday(void **state)
{
	(void)state;
	char *t = chapter_with(NULL, NULL,
			       "On Monday, 3 March 1812, Emma wrote to her sister. On Tuesday, "
			       "3 March 1812, the answer was not yet come.");
	struct tbook tb;
	run1(&tb, t);
	dump(&tb);
	assert_int_equal(count_rule(&tb, "consistency.timeline"), 1);
	const struct sm_finding *x = &tb.f.v[0];
	for (size_t i = 0; i < tb.f.n; i++)
		if (!strcmp(tb.f.v[i].rule, "consistency.timeline"))
			x = &tb.f.v[i];
	assert_memory_equal(tb.docs[0]->text + x->off, "Monday", 6);
	assert_string_equal(x->suggestion, "Tuesday");
	tb_free(&tb);
	free(t);
}

static void test_timeline_age_goes_down(void **state)
{
	(void)state;
	char *t = chapter_with("Emma first sat in mournful thought",
			       "Harriet Smith was seventeen, and she was pretty. Emma first sat in mournful thought",
			       "A week went by. Harriet Smith was fifteen, and she was very pretty.");
	struct tbook tb;
	run1(&tb, t);
	dump(&tb);
	assert_int_equal(count_rule(&tb, "consistency.timeline"), 1);
	tb_free(&tb);
	free(t);
}

/* ---- modern prose: names at sentence starts, the attribute ledger ---- */

/* A two-chapter modern story around Martha and Tom; a and b are put into
 * chapter 1 and chapter 2. */
static char *modern_with(const char *a, const char *b)
{
	static const char fmt[] =
		"Chapter 1\n\nMartha walked in. Martha poured coffee and sat down at the kitchen table "
		"with the paper. Outside, the rain kept on. %s\n\nTom came in later. Tom said nothing for "
		"a while. He looked at Martha and then at the clock.\n\nMartha folded the paper. Martha "
		"said she would go.\n\nChapter 2\n\nThe morning was cold. Martha stood by the window. %s\n\n"
		"Tom watched her. Tom said, \"Stay.\" Martha shook her head.\n";
	size_t n = sizeof(fmt) + strlen(a) + strlen(b);
	char *t = malloc(n);
	snprintf(t, n, fmt, a, b);
	return t;
}

static bool has_character(struct tbook *tb, const char *name)
{
	const struct cons_registry *reg = cons_book_registry(&tb->book);
	for (size_t i = 0; reg && i < reg->n_chars; i++)
		if (!strcmp(reg->chars[i].name, name))
			return true;
	return false;
}

static void test_registry_sentence_start_names(void **state)
{
	(void)state;
	char *t = modern_with("", "");
	struct tbook tb;
	run1(&tb, t);
	assert_true(has_character(&tb, "Martha"));
	assert_true(has_character(&tb, "Tom"));
	tb_free(&tb);
	free(t);
	/* words that open sentences and take verbs are not characters */
	const char *u = "Nothing happened. Nothing moved. Everyone laughed. Everyone left. "
			"Suddenly the door opened. Somebody knocked. Somebody waited.\n\n"
			"Nothing changed after that, and Everyone said so. Tonight was cold. Tonight was long.\n";
	run1(&tb, u);
	assert_false(has_character(&tb, "Nothing"));
	assert_false(has_character(&tb, "Everyone"));
	assert_false(has_character(&tb, "Somebody"));
	assert_false(has_character(&tb, "Tonight"));
	tb_free(&tb);
	/* a narrator named only in vocatives ("Listen, Dana.") */
	const char *v = "\"Listen, Dana. Take the stairs,\" Walter said.\n\n"
			"I took the stairs. Walter waited at the top.\n\n"
			"\"Not now, Dana,\" he said. \"Dana, please.\"\n\n"
			"I followed Walter down the hall.\n";
	run1(&tb, v);
	assert_true(has_character(&tb, "Dana"));
	tb_free(&tb);
}

/* A hyphenated name at a sentence start once made the registry loop
 * forever (found on modern game prose). */
static void test_registry_hyphenated_name_terminates(void **state)
{
	(void)state;
	const char *t = "Jean-Jacques Soleau came in. Jean-Jacques and Freya left together.\n\n"
			"Later, Jean-Jacques said that Freya was right. Mary-Ann Hale nodded.\n";
	struct tbook tb;
	run1(&tb, t);
	assert_true(tb.f.n < 100);
	tb_free(&tb);
}

/* consistency.character-attribute: "his eyes" after two men in one sentence
 * ("Szabo watched Owen with his pale blue eyes") could be either man's: no
 * fact, no contradiction; with one man in the sentence it is his. */
static void test_attribute_ambiguous_pronoun(void **state)
{
	(void)state;
	static const char fmt[] =
		"Chapter 1\n\nOwen walked in. Owen had green eyes. Owen sat down by the stove.\n\n"
		"Szabo came in later. Szabo said nothing. Szabo poured the coffee.\n\n"
		"Owen drank. Szabo waited. Owen nodded at Szabo.\n\n"
		"Chapter 2\n\nThe morning was cold. Owen stood by the window. Szabo read.\n\n%s\n\n"
		"Owen left. Szabo stayed.\n";
	const char *cases[2] = { "Szabo watched Owen with his pale blue eyes.",
				 "Owen turned to the door, his pale blue eyes tired." };
	for (int k = 0; k < 2; k++) {
		char t[2048];
		snprintf(t, sizeof(t), fmt, cases[k]);
		struct tbook tb;
		run1(&tb, t);
		dump(&tb);
		assert_int_equal(count_rule(&tb, "consistency.character-attribute"), k == 0 ? 0 : 1);
		tb_free(&tb);
	}
}

/* consistency.character-attribute: each pair states a colour in one shape
 * in chapter 1 and another colour in another shape in chapter 2. */
static void test_attribute_shapes_fire(void **state)
{
	(void)state;
	static const char *const pairs[][2] = {
		{ "Martha's eyes were a clear grey.", "Martha's brown eyes narrowed." },
		{ "Martha had green eyes.", "Martha's eyes were a deep, startling blue." },
		{ "Martha looked up, her grey eyes steady.", "Martha, whose eyes were brown, said nothing." },
		{ "The grey-eyed Martha waited by the door.", "Martha turned, and the light caught her blue eyes." },
		{ "Martha's eyes, a pale green, gave nothing away.", "Martha watched them with eyes of a warm brown." },
		{ "Martha's hair was a deep red.", "Martha ran a hand through her black hair." },
		{ "Martha pushed her blond hair out of her face.", "The dark-haired Martha laughed." },
		{ "Martha's hair, black and cut short, was wet from the rain.", "Martha had red hair." },
		{ "Martha's eyes were grey.", "Martha had brown eyes." },
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		char *t = modern_with(pairs[i][0], pairs[i][1]);
		struct tbook tb;
		run1(&tb, t);
		if (count_rule(&tb, "consistency.character-attribute") != 1) {
			print_message("pair %zu: %s / %s\n", i, pairs[i][0], pairs[i][1]);
			dump(&tb);
		}
		assert_int_equal(count_rule(&tb, "consistency.character-attribute"), 1);
		tb_free(&tb);
		free(t);
	}
}

static void test_attribute_shapes_quiet(void **state)
{
	(void)state;
	static const char *const pairs[][2] = {
		/* the same colour in other shapes */
		{ "Martha's eyes were a clear grey.", "The grey-eyed Martha waited by the door." },
		{ "Martha had brown eyes.", "Martha looked up, her eyes a warm brown." },
		/* someone else's eyes */
		{ "Martha's eyes were grey.", "Martha met a girl with brown eyes." },
		{ "Martha's eyes were grey.", "Tom's brown eyes narrowed." },
		/* a state, a comparison, hair that greys */
		{ "Martha's eyes were grey.", "Martha's eyes were red with crying." },
		{ "Martha's eyes were blue.", "Martha's eyes were as black as the night outside." },
		{ "Martha's hair was grey.", "Martha's hair was white now." },
		/* in dialogue: what a character says is not the narration */
		{ "Martha's eyes were grey.", "Tom said, \"Your eyes are brown, Martha.\"" },
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		char *t = modern_with(pairs[i][0], pairs[i][1]);
		struct tbook tb;
		run1(&tb, t);
		if (count_rule(&tb, "consistency.character-attribute") != 0) {
			print_message("pair %zu: %s / %s\n", i, pairs[i][0], pairs[i][1]);
			dump(&tb);
		}
		assert_int_equal(count_rule(&tb, "consistency.character-attribute"), 0);
		tb_free(&tb);
		free(t);
	}
}

/* Ages in the shapes writers use; a younger age later is a timeline error. */
static void test_age_shapes(void **state)
{
	(void)state;
	static const char *const fire[][2] = {
		{ "Martha was forty.", "Martha, aged thirty, sat in the corner." },
		{ "Martha, forty-one, was the eldest.", "Martha was thirty-two years old." },
		{ "At forty, Martha had seen enough of the world.", "Martha had just turned thirty." },
		{ "Martha was a woman of fifty.", "Martha, who was thirty-five, said nothing." },
		{ "The forty-year-old Martha laughed.", "Martha was twenty that year." },
	};
	static const char *const quiet[][2] = {
		{ "At six, Martha woke.", "Martha was thirty." },         /* a clock hour */
		{ "Martha was one of them.", "Martha was thirty." },        /* not an age */
		{ "Martha, two of the men and Tom went out.", "Martha was thirty." },
		{ "Martha was thirty.", "Martha was thirty years old." },   /* the same */
	};
	for (size_t i = 0; i < sizeof(fire) / sizeof(fire[0]); i++) {
		char *t = modern_with(fire[i][0], fire[i][1]);
		struct tbook tb;
		run1(&tb, t);
		if (count_rule(&tb, "consistency.timeline") != 1)
			print_message("fire %zu: %s / %s\n", i, fire[i][0], fire[i][1]), dump(&tb);
		assert_int_equal(count_rule(&tb, "consistency.timeline"), 1);
		tb_free(&tb);
		free(t);
	}
	for (size_t i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++) {
		char *t = modern_with(quiet[i][0], quiet[i][1]);
		struct tbook tb;
		run1(&tb, t);
		if (count_rule(&tb, "consistency.timeline") != 0)
			print_message("quiet %zu: %s / %s\n", i, quiet[i][0], quiet[i][1]), dump(&tb);
		assert_int_equal(count_rule(&tb, "consistency.timeline"), 0);
		tb_free(&tb);
		free(t);
	}
}

/* consistency.pov-shift in a first-person book: another character's
 * thoughts, which the narrator cannot know; the narrator describing what
 * others do is not a shift. */
static void test_pov_head_hop_in_first_person(void **state)
{
	(void)state;
	static const char fmt[] =
		"Chapter 1\n\nI got to the station at six. My train was late, so I bought coffee and sat "
		"on the bench and watched the board.\n\nI saw Dana before she saw me. I waved, and I "
		"stood up too fast, and my coffee went everywhere.\n\n%s\n\nI asked her where she had "
		"been. My voice came out smaller than I wanted.\n\nI walked her to the car. I opened "
		"the door for her and I waited while she found her keys.\n\nI drove. My hands were "
		"cold on the wheel, and I kept my eyes on the road.\n\nI parked outside my building. I "
		"sat there for a minute with the engine off, and I listened to my own breathing.\n\n"
		"I said goodnight at the door. My keys were in my hand before I knew it.\n";
	const char *fire = "Dana wondered whether she had made a terrible mistake. She thought of "
			   "her mother, of the house by the river, and she felt the old anger rise in "
			   "her chest.";
	const char *quiet = "Dana walked across the platform. She put her bag down, looked at the "
			    "board, and then she came over, her coat open and her hair wet.";
	const char *cases[2] = { fire, quiet };
	for (int k = 0; k < 2; k++) {
		char t[2048];
		snprintf(t, sizeof(t), fmt, cases[k]);
		struct tbook tb;
		run1(&tb, t);
		dump(&tb);
		assert_int_equal(count_rule(&tb, "consistency.pov-shift"), k == 0 ? 1 : 0);
		tb_free(&tb);
	}
}

/* consistency.pov-shift in a book whose chapters alternate narrators (a
 * first-person diary between third-person chapters, as in Bleak House): the
 * book as a whole is mixed, so each chapter is judged against itself. A
 * first-person paragraph inside a third-person chapter is found; the diary
 * chapters themselves are not shifts. */
static void test_pov_alternating_chapters(void **state)
{
	(void)state;
	static const char first[] =
		"I woke before dawn and I lay still. My room was cold, and I could hear my "
		"sister breathing in the next bed.\n\n"
		"I dressed in the dark. I found my boots by touch and I carried them down the "
		"stairs so that I would not wake anyone.\n\n"
		"I walked to the harbour. My breath smoked, and I kept my hands in my pockets "
		"the whole way.\n\n"
		"I waited on the wall. I counted the boats, and I told myself that I was not "
		"afraid.\n\n"
		"I saw the lights at last. My heart jumped, and I climbed down to meet them.\n\n"
		"I went home by the long road. I did not want my mother to see my face.\n\n";
	static const char third[] =
		"Marek crossed the square at noon. He had his collar up, and he did not look at "
		"the soldiers by the fountain.\n\n"
		"He found the tailor's shop shut. He knocked twice, and when nobody came he went "
		"round to the yard behind it.\n\n"
		"Ilse was hanging washing there. She saw him and she stopped, a wet sheet in her "
		"hands, her face gone white.\n\n"
		"He asked her for the key. She shook her head, and he asked again, more gently "
		"this time.\n\n"
		"%s"
		"She gave it to him in the end. He thanked her, and she watched him go without a "
		"word.\n\n"
		"He let himself into the shop. He sat down among the bolts of cloth and he waited "
		"for the dark.\n\n";
	const char *plant = "I could not believe what I was seeing. My hands shook, and I had "
			    "to sit down before I fell.\n\n";
	for (int k = 0; k < 2; k++) {
		char t[8192];
		size_t n = 0;
		for (int c = 1; c <= 6; c++) {
			n += (size_t)snprintf(t + n, sizeof(t) - n, "Chapter %d\n\n", c);
			if (c % 2)
				n += (size_t)snprintf(t + n, sizeof(t) - n, "%s", first);
			else
				n += (size_t)snprintf(t + n, sizeof(t) - n, third,
						      k == 0 && c == 4 ? plant : "");
		}
		assert_true(n < sizeof(t));
		struct tbook tb;
		run1(&tb, t);
		dump(&tb);
		assert_int_equal(count_rule(&tb, "consistency.pov-shift"), k == 0 ? 1 : 0);
		if (k == 0) {
			const struct sm_finding *x = find(&tb, "consistency.pov-shift", "I");
			assert_non_null(x);
			assert_non_null(strstr(x->message, "chapter told in the third person"));
		}
		tb_free(&tb);
	}
}

/* consistency.pov-shift in a book whose parts have narrators of their own
 * and where first-person chapters outnumber third-person ones, so the book
 * as a whole reads as first person: a first-person paragraph whose
 * neighbours are all told in the third person is still found. The same
 * paragraph among second-person narration ("you cross the square"), where
 * a speaker's words without quotes are common, and the first-person
 * chapters themselves are not shifts. */
static void test_pov_island_in_mixed_book(void **state)
{
	(void)state;
	static const char first[] =
		"I woke before dawn and I lay still. My room was cold, and I could hear my "
		"sister breathing in the next bed.\n\n"
		"I dressed in the dark. I found my boots by touch and I carried them down the "
		"stairs so that I would not wake anyone.\n\n"
		"I walked to the harbour. My breath smoked, and I kept my hands in my pockets "
		"the whole way.\n\n"
		"I waited on the wall. I counted the boats, and I told myself that I was not "
		"afraid.\n\n"
		"I went home by the long road. I did not want my mother to see my face.\n\n";
	static const char third[] =
		"Marek crossed the square at noon. He had his collar up, and he did not look at "
		"the soldiers by the fountain.\n\n"
		"He found the tailor's shop shut. He knocked twice, and when nobody came he went "
		"round to the yard behind it.\n\n"
		"%s"
		"Ilse was hanging washing there. She saw him and she stopped, a wet sheet in her "
		"hands, her face gone white.\n\n"
		"He asked her for the key. She shook her head, and he asked again, more gently "
		"this time.\n\n";
	static const char second[] =
		"You cross the square at noon. You keep your collar up, and he watches you from "
		"the fountain.\n\n"
		"You find the tailor's shop shut. You knock twice, and then he comes over to you "
		"and he asks your name.\n\n"
		"%s"
		"You give him a false one. He writes it down, and you walk away before he can "
		"ask for your papers.\n\n"
		"You wait in the yard until dark. Nobody comes, and you go back to your room.\n\n";
	const char *plant = "I could not believe what I was seeing. My hands shook, and I had "
			    "to sit down before I fell.\n\n";
	for (int k = 0; k < 3; k++) {
		char t[8192];
		size_t n = 0;
		for (int c = 1; c <= 7; c++) {
			n += (size_t)snprintf(t + n, sizeof(t) - n, "Chapter %d\n\n", c);
			if (c != 4)
				n += (size_t)snprintf(t + n, sizeof(t) - n, "%s", first);
			else
				n += (size_t)snprintf(t + n, sizeof(t) - n, k == 2 ? second : third,
						      k == 1 ? "" : plant);
		}
		assert_true(n < sizeof(t));
		struct tbook tb;
		run1(&tb, t);
		dump(&tb);
		assert_int_equal(count_rule(&tb, "consistency.pov-shift"), k == 0 ? 1 : 0);
		if (k == 0) {
			const struct sm_finding *x = find(&tb, "consistency.pov-shift", "I");
			assert_non_null(x);
			assert_non_null(strstr(x->message, "between paragraphs told in the third person"));
		}
		tb_free(&tb);
	}
}

/* consistency.capitalization (opt-in, asked here): a common word capitalized inside
 * a sentence is found ("mended Nets"); a form of address in speech ("Move
 * along, Sailor, unless", "Thank you, Sailor."), a capital after a
 * parenthetical stage direction and a sentence that starts after "no." are
 * not. */
static void test_capital_inside_sentence(void **state)
{
	(void)state;
	static const char base[] =
		"Chapter 1\n\nThe sailor mended the nets on the quay. Every sailor in the town mended "
		"nets in the winter, and the sailor's wife sold the fish.\n\n";
	const char *cases[] = {
		"By noon he mended Nets by the harbour wall.",
		"\"Move along, Sailor, unless you want trouble.\" \"Thank you, Sailor.\"",
		"\"(hushed) Sailor or not, go home.\"",
		"The answer was no. Sailor or not, he would stay.",
	};
	for (size_t c = 0; c < SM_ARRAY_LEN(cases); c++) {
		char t[8192];
		size_t n = 0;
		for (int k = 0; k < 8; k++)
			n += (size_t)snprintf(t + n, sizeof(t) - n, "%s", base);
		n += (size_t)snprintf(t + n, sizeof(t) - n, "%s\n", cases[c]);
		assert_true(n < sizeof(t));
		struct tbook tb;
		run1(&tb, t);
		assert_int_equal(count_rule(&tb, "consistency.capitalization"), 0); /* off by default */
		tb_free(&tb);
		tb_run_all(&tb, t);
		dump(&tb);
		size_t want = c == 0 ? 1 : 0;
		if (count_rule(&tb, "consistency.capitalization") != want)
			print_message("case %zu: %s\n", c, cases[c]);
		assert_int_equal(count_rule(&tb, "consistency.capitalization"), want);
		assert_int_equal(count_rule(&tb, "consistency.spelling-variant"), 0);
		if (c == 0)
			assert_non_null(find(&tb, "consistency.capitalization", "Nets"));
		tb_free(&tb);
	}
}

/* consistency.name-variant: a common word capitalized once ("Water
 * Street") beside a frequent name one edit away ("Walter") is not a
 * misspelling when the model's lexicon knows the word; "Walyer" is. */
static void test_name_variant_common_word(void **state)
{
	(void)state;
	struct sm_err err;
	if (lm_load_default(&tb_lm, &err) != SM_OK) {
		print_message("no built-in model: %s\n", err.msg);
		skip();
	}
	static const char fmt[] = "Chapter 1\n\n%s\n\nThey met on %s Street, by the old mill.\n";
	char body[4096] = "";
	for (int i = 0; i < 20; i++)
		strcat(body, "Walter said nothing, and Anna smiled. Anna asked Walter about the mill. ");
	const char *cases[2] = { "Water", "Walyer" };
	for (int k = 0; k < 2; k++) {
		char t[8192];
		snprintf(t, sizeof(t), fmt, body, cases[k]);
		struct tbook tb;
		run1(&tb, t);
		dump(&tb);
		assert_int_equal(count_rule(&tb, "consistency.name-variant"), k == 0 ? 0 : 1);
		tb_free(&tb);
	}
	lm_free(tb_lm);
	tb_lm = NULL;
}

/* The same without the model: the dictionary knows "water" and "baron" in
 * lower case (and names only with a capital), so "Water Street" and "the
 * Baron" are not misspellings of Walter and Baran; "Walyer" and "Barun" are. */
static void test_name_variant_dictionary_word(void **state)
{
	(void)state;
	static const char fmt[] = "Chapter 1\n\n%s\n\nThey met on %s Street, by the old mill.\n\n"
				  "Later %s came in.\n";
	char body[8192] = "";
	for (int i = 0; i < 20; i++)
		strcat(body, "Walter said nothing, and Baran smiled. Baran asked Walter about the mill. ");
	const char *street[4] = { "Water", "Walyer", "Main", "Main" };
	const char *later[4] = { "the old man", "the old man", "the Baron", "Barun" };
	for (int k = 0; k < 4; k++) {
		char t[16384];
		snprintf(t, sizeof(t), fmt, body, street[k], later[k]);
		struct tbook tb;
		run1(&tb, t);
		dump(&tb);
		assert_int_equal(count_rule(&tb, "consistency.name-variant"), k % 2);
		tb_free(&tb);
	}
}

/* consistency.name-variant: a form written twice that is two edits from a
 * frequent name is a name of its own ("Altair" beside "Alastair"), not a
 * slip; once, or one edit away ("Alastar" twice), it is reported. */
static void test_name_variant_repeated_two_edits(void **state)
{
	(void)state;
	static const char fmt[] = "Chapter 1\n\n%s\n\nThey flew to %s at dawn. Later %s was quiet.\n";
	char body[4096] = "";
	for (int i = 0; i < 20; i++)
		strcat(body, "Alastair said nothing, and Anna smiled. Anna asked Alastair about the ship. ");
	const char *cases[3][2] = { { "Altair", "Altair" }, { "Altair", "the Moon" },
				    { "Alastar", "Alastar" } };
	const size_t want[3] = { 0, 1, 2 };
	for (int k = 0; k < 3; k++) {
		char t[8192];
		snprintf(t, sizeof(t), fmt, body, cases[k][0], cases[k][1]);
		struct tbook tb;
		run1(&tb, t);
		dump(&tb);
		if (count_rule(&tb, "consistency.name-variant") != want[k])
			print_message("case %d: %s, %s\n", k, cases[k][0], cases[k][1]);
		assert_int_equal(count_rule(&tb, "consistency.name-variant"), want[k]);
		tb_free(&tb);
	}
}

/* ---- two files: related points to the other file ---- */

static void test_two_files_related_other_file(void **state)
{
	(void)state;
	char *a = chapter_with(NULL, NULL, NULL);
	const char *b = "Miss Tayler came back to Hartfield in the spring, and Emma was glad.\n\n"
			"They walked in the shrubbery, and talked of the wedding.\n";
	const char *t[2] = { a, b };
	const char *names[2] = { "ch1.txt", "ch2.txt" };
	struct tbook tb;
	tb_run(&tb, 2, t, names, HOUSE_NONE);
	dump(&tb);
	const struct sm_finding *x = find(&tb, "consistency.name-variant", "Tayler");
	assert_non_null(x);
	assert_int_equal(x->doc, 1);
	assert_int_equal(x->n_rel, 1);
	assert_int_equal(x->rel[0].doc, 0);
	assert_memory_equal(tb.docs[0]->text + x->rel[0].off, "Taylor", 6);
	tb_free(&tb);
	free(a);
}

/* ---- performance: a 120,000-word book under 0.3 s ---- */

static void test_speed_120k_words(void **state)
{
	(void)state;
	char *base = slurp(FIX "emma-ch1.txt");
	size_t bl = strlen(base), reps = 37; /* 37 x 3,275 words */
	char *big = malloc(bl * reps + 1);
	for (size_t i = 0; i < reps; i++)
		memcpy(big + i * bl, base, bl);
	big[bl * reps] = '\0';
	clock_t c0 = clock();
	struct tbook tb;
	run1(&tb, big);
	double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
	print_message("  ingest+segment+consistency of %u words: %.3f s\n", tb.docs[0]->n_words, secs);
	assert_true(tb.docs[0]->n_words > 110000);
	/* generous: the analyzer alone takes ~0.05 s at -O2; sanitizers are slower */
	assert_true(secs < 10.0);
	tb_free(&tb);
	free(big);
	free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_chapter_has_no_findings),
		cmocka_unit_test(test_registry_merges_aliases),
		cmocka_unit_test(test_name_variant_misspelled_name),
		cmocka_unit_test(test_name_variant_not_for_two_characters),
		cmocka_unit_test(test_spelling_variant_compound),
		cmocka_unit_test(test_spelling_variant_consistent_period_spelling),
		cmocka_unit_test(test_spelling_variant_us_uk_and_house_style),
		cmocka_unit_test(test_punctuation_curly_pair_in_straight_book),
		cmocka_unit_test(test_attribute_changed_eye_colour),
		cmocka_unit_test(test_attribute_not_from_dialogue),
		cmocka_unit_test(test_tense_present_paragraph),
		cmocka_unit_test(test_tense_not_in_dialogue),
		cmocka_unit_test(test_pov_first_person_paragraph),
		cmocka_unit_test(test_pov_letter_is_not_a_shift),
		cmocka_unit_test(test_timeline_wrong_weekday),
		cmocka_unit_test(test_timeline_age_goes_down),
		cmocka_unit_test(test_registry_sentence_start_names),
		cmocka_unit_test(test_registry_hyphenated_name_terminates),
		cmocka_unit_test(test_attribute_shapes_fire),
		cmocka_unit_test(test_attribute_shapes_quiet),
		cmocka_unit_test(test_age_shapes),
		cmocka_unit_test(test_pov_head_hop_in_first_person),
		cmocka_unit_test(test_pov_alternating_chapters),
		cmocka_unit_test(test_pov_island_in_mixed_book),
		cmocka_unit_test(test_capital_inside_sentence),
		cmocka_unit_test(test_attribute_ambiguous_pronoun),
		cmocka_unit_test(test_name_variant_common_word),
		cmocka_unit_test(test_name_variant_dictionary_word),
		cmocka_unit_test(test_name_variant_repeated_two_edits),
		cmocka_unit_test(test_two_files_related_other_file),
		cmocka_unit_test(test_speed_120k_words),
	};
	return cmocka_run_group_tests_name("consistency", tests, NULL, NULL);
}
