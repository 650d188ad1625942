/* test_tense.c: consistency.tense-shift on modern prose. Short books are
 * built from paragraphs (a past-tense third-person story, a first-person
 * past one and a first-person present one) with one paragraph planted in
 * the other tense; every shape that must fire has its counterparts that
 * must not (dialogue in any quote style, letters, messages, italics, block
 * quotes, general truths, free indirect thought, perfects, flashbacks,
 * whole scenes in the other tense). Rule id: consistency.tense-shift. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>

#include "checks/check.h"
#include "checks/consistency/consistency.h"
#include "ingest/ingest.h"
#include "segment/segment.h"
#include "unit_util.h"

extern const struct analyzer an_consistency;

#define RULE "consistency.tense-shift"

struct tbook {
	struct sm_doc *doc;
	struct sm_book book;
	struct sm_config cfg;
	struct sm_findings f;
	char *text;
};

/* The paragraphs, joined by blank lines under a chapter heading, as one
 * book; NULL ends the list. */
static void tb_run(struct tbook *tb, const char *fmt, const char *const *paras)
{
	memset(tb, 0, sizeof(*tb));
	size_t n = 64;
	for (size_t i = 0; paras[i]; i++)
		n += strlen(paras[i]) + 2;
	tb->text = malloc(n);
	assert_non_null(tb->text);
	size_t k = (size_t)snprintf(tb->text, n, !strcmp(fmt, "markdown") ? "# Chapter 1" : "Chapter 1");
	for (size_t i = 0; paras[i]; i++)
		k += (size_t)snprintf(tb->text + k, n - k, "\n\n%s", paras[i]);
	config_init(&tb->cfg);
	struct sm_err err;
	int rc = ingest_buffer(!strcmp(fmt, "markdown") ? "book.md" : "book.txt", fmt, tb->text, k,
			       &tb->doc, &err);
	assert_int_equal(rc, SM_OK);
	assert_int_equal(seg_document(tb->doc, &err), SM_OK);
	tb->book.docs = &tb->doc;
	tb->book.n_docs = 1;
	tb->book.cfg = &tb->cfg;
	findings_init(&tb->f);
	assert_int_equal(an_consistency.run(&tb->book, &tb->f, &err), SM_OK);
	findings_sort(&tb->f);
	for (size_t i = 0; i < tb->f.n; i++)
		if (!strcmp(tb->f.v[i].rule, RULE))
			print_message("  %s '%.*s' %s\n", tb->f.v[i].rule, (int)tb->f.v[i].len,
				      tb->doc->text + tb->f.v[i].off, tb->f.v[i].message);
}

static void tb_free(struct tbook *tb)
{
	findings_release(&tb->f);
	doc_free(tb->doc);
	cons_book_release(&tb->book);
	config_release(&tb->cfg);
	free(tb->text);
}

static size_t count_rule(const struct tbook *tb)
{
	return unit_count_rule(&tb->f, RULE);
}

/* The one tense-shift finding, which must quote `quote`. */
static const struct sm_finding *the_finding(const struct tbook *tb, const char *quote)
{
	assert_int_equal(count_rule(tb), 1);
	for (size_t i = 0; i < tb->f.n; i++) {
		const struct sm_finding *x = &tb->f.v[i];
		if (strcmp(x->rule, RULE))
			continue;
		assert_int_equal(x->len, strlen(quote));
		assert_memory_equal(tb->doc->text + x->off, quote, x->len);
		assert_int_equal(x->sev, SM_SEV_WARNING);
		return x;
	}
	return NULL;
}

/* ---- the books ---- */

/* A past-tense story in the third person; slot 3 takes the planted paragraph. */
#define PAST_0 "Nina Vance reached the harbour a little after dawn. The fishing boats were already out, and the quay was empty except for a man mending nets by the wall. She parked by the chandlery and walked down to the water."
#define PAST_1 "Tom Ashby was waiting for her at the end of the pier. He wore the same green coat he had worn for ten years, and he raised a hand when he saw her coming."
#define PAST_2 "They walked together along the sea wall. The wind came in hard off the water and Nina pulled her collar up against it. Tom talked about the weather and the boats and the price of diesel, and she let him talk."
#define PAST_4 "At the lifeboat station they stopped. Tom unlocked the side door and stood back to let her in. The shed smelled of oil and salt, and the orange boat sat on its trailer like a sleeping animal."
#define PAST_5 "Nina walked slowly round it. She ran a hand along the hull, and Tom watched her without a word. Neither of them spoke for a while."
#define PAST_6 "Afterwards they drove back into town and ate breakfast at the café by the bridge. Tom paid. Nina thanked him, and he shrugged and looked out of the window."

static void run_past(struct tbook *tb, const char *slot)
{
	const char *p[] = { PAST_0, PAST_1, PAST_2, slot, PAST_4, PAST_5, PAST_6, NULL };
	if (!slot)
		p[3] = PAST_4, p[4] = PAST_5, p[5] = PAST_6, p[6] = NULL;
	tb_run(tb, "text", p);
}

/* The same story told by Nina, in the past. */
#define FPP_0 "I reached the harbour a little after dawn. The boats were already out, and I parked by the chandlery and walked down to the water."
#define FPP_1 "Tom was waiting for me at the end of the pier. He wore his old green coat, and he raised a hand when he saw me."
#define FPP_2 "We walked along the sea wall. The wind came in hard and I pulled my collar up against it. Tom talked about the boats, and I let him talk."
#define FPP_4 "At the lifeboat station we stopped. Tom unlocked the door and I followed him inside. The shed smelled of oil and salt."
#define FPP_5 "Afterwards we drove back into town and ate breakfast by the bridge. Tom paid, and I thanked him. He shrugged and looked out of the window."

/* A first-person present-tense book; slot 2 takes the planted paragraph. */
#define PRES_0 "I wake at five, before the alarm. The flat is cold and dark, and the radiator ticks as it warms. I lie there for a minute and listen to the rain."
#define PRES_1 "Then I get up and make coffee. I drink it at the window while the street comes slowly to life below me: a bus, a cyclist, a man with a dog."
#define PRES_3 "Lena calls at seven. She sounds tired, and she tells me that the meeting has moved to nine. I say that's fine. I say I'll be there."
#define PRES_4 "I shower and dress and go down the stairs. The hall smells of someone's toast. Outside the rain has stopped, and the pavements shine."
#define PRES_5 "The bus is late. I stand at the stop with my hands in my pockets and watch the traffic crawl past. Nobody looks at anybody."

static void run_present(struct tbook *tb, const char *slot)
{
	const char *p[] = { PRES_0, PRES_1, slot, PRES_3, PRES_4, PRES_5, NULL };
	tb_run(tb, "text", p);
}

/* A second-person present scene told in short paragraphs between lines of
 * dialogue: no paragraph has three present verbs of its own narration, so
 * the scene's tense comes from how many lean to the present. */
#define YOU_0 "You dock at the ring station a little after midnight. \"Berth nine,\" the controller says."
#define YOU_1 "You nod, though nobody sees it. \"Understood.\""
#define YOU_3 "The corridor smells of coolant. \"Papers,\" a guard says, and you hand them over."
#define YOU_4 "He reads them twice. \"Go on, then.\" You walk past him."
#define YOU_5 "The bar is nearly empty. \"Whatever's cheapest,\" you tell the bartender."
#define YOU_6 "She pours it without a word. You drink it slowly and watch the door."

static void run_you(struct tbook *tb, const char *slot)
{
	const char *p[] = { YOU_0, YOU_1, slot, YOU_3, YOU_4, YOU_5, YOU_6, NULL };
	if (!slot)
		p[2] = YOU_3, p[3] = YOU_4, p[4] = YOU_5, p[5] = YOU_6, p[6] = NULL;
	tb_run(tb, "text", p);
}

/* ---- must fire ---- */

/* The clean books have no finding. */
static void test_clean_books(void **state)
{
	(void)state;
	struct tbook tb;
	run_past(&tb, NULL);
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
	run_present(&tb, "I turn off the radio. The silence is better.");
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
}

/* Third person, pronouns, regular verbs; the finding names the tenses and
 * points at the paragraph that set the scene's tense. */
static void test_fires_present_paragraph_pronouns(void **state)
{
	(void)state;
	struct tbook tb;
	run_past(&tb, "She turns and looks back at the town. The houses climb the hill in crooked rows, "
		      "and she counts the windows of her mother's old house. He waits for her by the "
		      "railings.");
	const struct sm_finding *x = the_finding(&tb, "turns");
	assert_non_null(strstr(x->message, "present tense"));
	assert_non_null(strstr(x->message, "told in the past tense"));
	assert_non_null(strstr(x->message, "chapter 1"));
	assert_int_equal(x->n_rel, 1);
	assert_memory_equal(tb.doc->text + x->rel[0].off, "reached", 7);
	tb_free(&tb);
}

/* Names as subjects and irregular verbs. */
static void test_fires_names_irregular(void **state)
{
	(void)state;
	struct tbook tb;
	run_past(&tb, "Tom takes her arm at the steps. Nina lets him, though she knows the way. Tom "
		      "brings her to the end of the jetty and they stand there in the wind.");
	the_finding(&tb, "takes");
	tb_free(&tb);
}

/* Negations and contractions, with the typographic apostrophe. */
static void test_fires_negations_curly(void **state)
{
	(void)state;
	struct tbook tb;
	run_past(&tb, "Nina doesn\xE2\x80\x99t answer. She isn\xE2\x80\x99t sure what he wants from her, "
		      "and she\xE2\x80\x99s tired of guessing. Tom doesn\xE2\x80\x99t push.");
	the_finding(&tb, "doesn\xE2\x80\x99t");
	tb_free(&tb);
}

/* Noun phrases as subjects ("the door", "my sister"), adverbs before the
 * verb and the progressive. */
static void test_fires_noun_phrases_adverbs(void **state)
{
	(void)state;
	struct tbook tb;
	run_past(&tb, "The door suddenly opens. The old man from the café steps inside and slowly "
		      "takes off his cap. His dog is shaking the rain from its coat.");
	the_finding(&tb, "opens");
	tb_free(&tb);
}

/* First person: a present paragraph in a book Nina tells in the past. */
static void test_fires_first_person(void **state)
{
	(void)state;
	struct tbook tb;
	const char *p[] = { FPP_0, FPP_1, FPP_2,
			    "I stop at the end of the wall and look back at the town. I count the "
			    "windows of my mother's house. I don't see anyone.",
			    FPP_4, FPP_5, NULL };
	tb_run(&tb, "text", p);
	the_finding(&tb, "stop");
	tb_free(&tb);
}

/* A run of short present paragraphs is one finding, at the run's first verb. */
static void test_fires_run_of_short_paragraphs(void **state)
{
	(void)state;
	struct tbook tb;
	const char *p[] = { PAST_0, PAST_1, PAST_2, "Tom stops.", "He looks at her and smiles.",
			    "She smiles back and takes his hand.", PAST_4, PAST_5, PAST_6, NULL };
	tb_run(&tb, "text", p);
	const struct sm_finding *x = the_finding(&tb, "stops");
	assert_non_null(strstr(x->message, "over 3 paragraphs"));
	tb_free(&tb);
}

/* The reverse: a past paragraph between present ones in a present-tense book. */
static void test_fires_past_in_present_book(void **state)
{
	(void)state;
	struct tbook tb;
	run_present(&tb, "I walked to the corner and bought a paper. The man at the kiosk nodded at "
			 "me, and I nodded back. Then I turned and went home.");
	const struct sm_finding *x = the_finding(&tb, "walked");
	assert_non_null(strstr(x->message, "past tense"));
	assert_non_null(strstr(x->message, "told in the present tense"));
	tb_free(&tb);
}

static void test_fires_past_in_short_present_scene(void **state)
{
	(void)state;
	struct tbook tb;
	run_you(&tb, "The pilot crossed the hangar and climbed into the cockpit. She checked the "
		     "fuel twice. Then she sat back and waited for the signal.");
	const struct sm_finding *x = the_finding(&tb, "crossed");
	assert_non_null(strstr(x->message, "told in the present tense"));
	tb_free(&tb);
	/* must not: the same scene without it, and with a flashback instead */
	run_you(&tb, NULL);
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
	run_you(&tb, "Years ago you flew freight out of here. You knew every berth then, and the "
		     "guards knew you, and you drank in this bar most nights.");
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
}

/* Past narration keeps its own past perfect ("The rain had stopped"): only a
 * run that opens with one is a flashback. */
static void test_fires_past_with_inner_perfect(void **state)
{
	(void)state;
	struct tbook tb;
	run_present(&tb, "She walked to the window and looked down at the street. The rain had "
			 "stopped, but the pavement still shone, and she stood there for a long time.");
	const struct sm_finding *x = the_finding(&tb, "walked");
	assert_non_null(strstr(x->message, "past tense"));
	tb_free(&tb);
}

/* A mixed paragraph (as many past verbs as present) next to the run sets no
 * tense: the frame is the paragraph beyond it. A time word that dates a past
 * perfect inside the run ("where I had left them years before") is no
 * flashback cue; one that opens the run ("Years ago") still is. */
static void test_fires_past_beyond_mixed_and_dated(void **state)
{
	(void)state;
	struct tbook tb;
	const char *mixed = "Before I know it Lena has gone. She saw me come in, I think, and she "
			    "left by the back door. She looks away now whenever I turn round.";
	const char *run = "I walked to the corner and bought a paper. The man at the kiosk nodded at "
			  "me, and I nodded back. Then I turned and went home.";
	const char *p[] = { PRES_0, PRES_1, mixed, run, PRES_3, PRES_4, PRES_5, NULL };
	tb_run(&tb, "text", p);
	const struct sm_finding *x = the_finding(&tb, "walked");
	assert_non_null(strstr(x->message, "told in the present tense"));
	tb_free(&tb);
	/* must not: a mixed paragraph and then the scene's edge */
	const char *q[] = { mixed, run, PRES_0, PRES_1, PRES_3, PRES_4, PRES_5, NULL };
	tb_run(&tb, "text", q);
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
	run_present(&tb, "I opened the drawer. The keys were there, exactly where I had left them "
			 "years before. I took them and went out to the car.");
	the_finding(&tb, "opened");
	tb_free(&tb);
	run_present(&tb, "Years ago I opened that drawer every night. I kept the keys there, and I "
			 "took them out when I could not sleep.");
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
}

/* A past scene told in short paragraphs (tags of dialogue, one-line
 * actions) has few strong paragraphs; many that lean to the past and none
 * to the present set its tense. A present paragraph telling what a
 * character does is found there; one that talks of I, we and you (a
 * speaker's words without quotes, a journal's entry) is not. */
#define SHORT_PAST(slot) \
	{ "She said, \xE2\x80\x9CThe bridge is out.\xE2\x80\x9D", \
	  "The captain said, \xE2\x80\x9CThen we go round.\xE2\x80\x9D", \
	  "They rode north along the river.", "She led the column through the reeds.", \
	  "By evening the rain had stopped and the men made camp under the cliffs. Marta walked " \
	  "the lines and checked each sentry, and then she sat alone by the fire.", \
	  slot, "The captain said, \xE2\x80\x9CWe leave at first light.\xE2\x80\x9D", \
	  "She slept badly.", "At dawn they crossed the ford.", NULL }

static void test_fires_present_in_short_past_scene(void **state)
{
	(void)state;
	struct tbook tb;
	const char *p[] = SHORT_PAST("She climbs the cliff path alone. At the top she stops and "
				     "looks back at the fires, and the wind pulls at her cloak.");
	tb_run(&tb, "text", p);
	const struct sm_finding *x = the_finding(&tb, "climbs");
	assert_non_null(strstr(x->message, "told in the past tense"));
	tb_free(&tb);
	const char *q[] = SHORT_PAST("We are close now. I know these tracks are theirs, and we must "
				     "move before they do. You will see it in the morning.");
	tb_run(&tb, "text", q);
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
	const char *r[] = SHORT_PAST("She sat by the fire until the wood burned down.");
	tb_run(&tb, "text", r);
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
}

/* A subject after a sentence-opening phrase ("By noon the heat is") and
 * verbs that share a subject across commas ("finds ..., spreads ...") count;
 * a list of nouns after a comma does not make verbs. */
static void test_fires_fronted_phrase_and_series(void **state)
{
	(void)state;
	struct tbook tb;
	run_past(&tb, "By noon the heat is unbearable. Nina finds a patch of shade under the old oak, "
		      "spreads her jacket on the grass and lies down, watching the leaves.");
	const struct sm_finding *x = the_finding(&tb, "is");
	assert_non_null(strstr(x->message, "present tense"));
	tb_free(&tb);
	run_past(&tb, "By noon the heat was unbearable. Nina emptied her bag on the table: keys, "
		      "books, coins, a comb, the shells she kept for luck.");
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
}

/* UK single-quote dialogue stays out, the planted narration is found. */
static void test_fires_in_single_quote_book(void **state)
{
	(void)state;
	struct tbook tb;
	const char *p[] = { PAST_0, "'You're late,' Tom said. 'The tide turns at six. It never waits.'",
			    PAST_2, "Nina sits down on the wall and he sits beside her. She hears the gulls, "
				    "and she closes her eyes.",
			    PAST_4, "'Here she is,' said Tom. 'Isn't she a beauty? She goes out in any weather.'",
			    PAST_5, PAST_6, NULL };
	tb_run(&tb, "text", p);
	the_finding(&tb, "sits");
	tb_free(&tb);
}

/* ---- must not fire ---- */

/* Present-tense dialogue in straight and curly double quotes. */
static void test_not_dialogue(void **state)
{
	(void)state;
	struct tbook tb;
	run_past(&tb, "\"She knows the boat,\" Tom said. \"She takes it out every week and she "
		      "never asks anyone.\" \xE2\x80\x9CHe is right,\xE2\x80\x9D Nina said. "
		      "\xE2\x80\x9CI go when I want. Nobody stops me. The sea doesn\xE2\x80\x99t care.\xE2\x80\x9D");
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
}

/* UK single-quote dialogue in the present tense. */
static void test_not_single_quote_dialogue(void **state)
{
	(void)state;
	struct tbook tb;
	const char *p[] = { PAST_0, "'It's a long way,' said Tom. 'The road is bad and the bridge is "
				    "out. She knows that. He knows it too.'",
			    PAST_2, "\xE2\x80\x98She goes every Sunday,\xE2\x80\x99 said Tom. \xE2\x80\x98She "
				    "takes the dog and she walks to the point and back.\xE2\x80\x99",
			    PAST_4, PAST_5, PAST_6, NULL };
	tb_run(&tb, "text", p);
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
}

/* Letters, notes and documents: italics, a block quote (Markdown), a
 * letter laid out with salutation and sign-off, text messages. */
static void test_not_letters_messages_quotes(void **state)
{
	(void)state;
	struct tbook tb;
	const char *md[] = { PAST_0, PAST_1, PAST_2,
			     "*Dear Nina, I am writing from the island. The weather is wild and the ferry "
			     "runs twice a week. He thinks of you often. Tom*",
			     "> The station opens to visitors on Sundays. It closes at four. The crew "
			     "trains on Thursday evenings.",
			     PAST_4, PAST_5, PAST_6, NULL };
	tb_run(&tb, "markdown", md);
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
	const char *txt[] = { PAST_0, PAST_1, PAST_2, "Nina,",
			      "If you are reading this then I am gone. I know you think I am a coward. "
			      "I find I cannot say it to your face.",
			      "Your father", "Mum: where are you\nMum: she says you left\nMum: call me",
			      "_He is fine. He eats well and he sleeps. She knows._", PAST_4, PAST_5,
			      PAST_6, NULL };
	tb_run(&tb, "text", txt);
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
}

/* General truths in the narrator's voice. */
static void test_not_general_truths(void **state)
{
	(void)state;
	struct tbook tb;
	run_past(&tb, "Grief is a strange thing. Some people never learn. It is easy to be brave "
		      "from a distance, and there is no shame in being afraid.");
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
}

/* One short present sentence of free indirect thought inside past narration. */
static void test_not_free_indirect_sentence(void **state)
{
	(void)state;
	struct tbook tb;
	run_past(&tb, "Nina stared at the water. She had to go back. Nobody is coming to save her. "
		      "She turned and walked to the car.");
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
	run_past(&tb, "She looked at him for a long moment. He is lying, she thought. Then she "
		      "shook her head and walked on.");
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
}

/* The present perfect with past narration. */
static void test_not_present_perfect(void **state)
{
	(void)state;
	struct tbook tb;
	run_past(&tb, "She had never liked the harbour. She has always hated him, she thought, and "
		      "she walked on without looking back.");
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
}

/* Flashbacks in a present-tense book: past perfect, and simple-past
 * backstory that says when it happened. */
static void test_not_flashback_in_present_book(void **state)
{
	(void)state;
	struct tbook tb;
	run_present(&tb, "I had met Lena at university. She had been the loud one then and I had been "
			 "the quiet one, and somehow we stayed friends. We shared a flat for two years.");
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
	run_present(&tb, "When I was nine my father took me to the sea. We drove all night, and I slept "
			 "in the back of the van. He held my hand at the edge of the water.");
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
}

/* A whole scene in the other tense after a scene break: a past scene in a
 * present-frame story, and a present scene in a past story. */
static void test_not_whole_scene_after_break(void **state)
{
	(void)state;
	struct tbook tb;
	const char *p[] = { PRES_0, PRES_1, PRES_3, "* * *",
			    "My father drove a bus for thirty years. He left at five every morning and "
			    "came back at seven, and he never complained.",
			    "He took me with him once. I sat behind him all day and watched the city go "
			    "by, and he let me ring the bell.",
			    "That night he fell asleep at the table. My mother put a blanket round him and "
			    "we left him there.",
			    "* * *", PRES_4, PRES_5, NULL };
	tb_run(&tb, "text", p);
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
	const char *q[] = { PAST_0, PAST_1, PAST_2, "* * *",
			    "Nina wakes at four. The house is silent, and she lies still and listens to "
			    "the sea.",
			    "She gets up and goes to the window. The boats are coming in, and she counts "
			    "their lights.",
			    "* * *", PAST_4, PAST_5, PAST_6, NULL };
	tb_run(&tb, "text", q);
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
}

/* Historical present in an anecdote told in dialogue over several paragraphs. */
static void test_not_anecdote_in_dialogue(void **state)
{
	(void)state;
	struct tbook tb;
	run_past(&tb, "\xE2\x80\x9CMy grandfather told me this,\xE2\x80\x9D Tom said. \xE2\x80\x9CHe is "
		      "out on the boat, middle of the night, and he hears a knocking on the hull. So he "
		      "goes up on deck and he looks over the side, and there is nothing there.\n\n"
		      "\xE2\x80\x9CSo he goes back down. And the knocking starts again.\xE2\x80\x9D");
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
}

/* A past paragraph that opens a present-tense book's scene is not judged:
 * only one framed by present narration on both sides is. */
static void test_not_past_paragraph_unframed(void **state)
{
	(void)state;
	struct tbook tb;
	const char *p[] = { "I walked to the corner and bought a paper. The man at the kiosk nodded at "
			    "me, and I nodded back. Then I turned and went home.",
			    PRES_0, PRES_1, PRES_3, PRES_4, PRES_5, NULL };
	tb_run(&tb, "text", p);
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_books),
		cmocka_unit_test(test_fires_present_paragraph_pronouns),
		cmocka_unit_test(test_fires_names_irregular),
		cmocka_unit_test(test_fires_negations_curly),
		cmocka_unit_test(test_fires_noun_phrases_adverbs),
		cmocka_unit_test(test_fires_first_person),
		cmocka_unit_test(test_fires_run_of_short_paragraphs),
		cmocka_unit_test(test_fires_past_in_present_book),
		cmocka_unit_test(test_fires_past_in_short_present_scene),
		cmocka_unit_test(test_fires_past_with_inner_perfect),
		cmocka_unit_test(test_fires_past_beyond_mixed_and_dated),
		cmocka_unit_test(test_fires_present_in_short_past_scene),
		cmocka_unit_test(test_fires_fronted_phrase_and_series),
		cmocka_unit_test(test_fires_in_single_quote_book),
		cmocka_unit_test(test_not_dialogue),
		cmocka_unit_test(test_not_single_quote_dialogue),
		cmocka_unit_test(test_not_letters_messages_quotes),
		cmocka_unit_test(test_not_general_truths),
		cmocka_unit_test(test_not_free_indirect_sentence),
		cmocka_unit_test(test_not_present_perfect),
		cmocka_unit_test(test_not_flashback_in_present_book),
		cmocka_unit_test(test_not_whole_scene_after_break),
		cmocka_unit_test(test_not_anecdote_in_dialogue),
		cmocka_unit_test(test_not_past_paragraph_unframed),
	};
	return cmocka_run_group_tests_name("tense", tests, NULL, NULL);
}
