/* test_typo.c: language.typo, non-words found with Hunspell. Each kind of
 * one-edit typo (letters swapped, dropped, doubled, a neighbouring key, a
 * capitalized word at a sentence start) is reported with the right
 * correction; what a writer does on purpose is not: names, a spelling used
 * twice, accepted words, stretched and interjected sounds of speech, closed
 * compounds, a foreign sentence, elisions, addresses, the other side's
 * spelling (colour in a US book). Skips, saying so, without the en_US
 * dictionary. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "checks/check.h"
#include "checks/consistency/consistency.h"
#include "ingest/ingest.h"
#include "segment/segment.h"
#include "unit_util.h"

extern const struct analyzer an_typo;

#define RULE "language.typo"

/* A neutral paragraph that gives the book some ordinary words. */
#define FILLER                                                                                    \
	"She walked down to the harbour in the morning and watched the boats come in. "              \
	"The water was grey and still, and the men on the quay were shouting to each other "         \
	"about the weather, with the price of fish and the new road that nobody wanted. She had "        \
	"seen it all before, and she would see it all again, and she did not mind.\n\n"

struct tbook {
	struct sm_doc *doc;
	struct sm_book book;
	struct sm_config cfg;
	struct sm_findings f;
};

static int have_dict(void **state)
{
	(void)state;
	if (access("/usr/share/hunspell/en_US.dic", R_OK) && !getenv("STORYMASTER_DICT_DIR")) {
		print_message("  skipped: no en_US dictionary in /usr/share/hunspell "
			      "(apt-get install hunspell-en-us)\n");
		return -1;
	}
	return 0;
}

static void tb_run(struct tbook *tb, const char *text, const char *accept)
{
	memset(tb, 0, sizeof(*tb));
	struct sm_err err;
	assert_int_equal(ingest_buffer("t.txt", "text", text, strlen(text), &tb->doc, &err), SM_OK);
	assert_int_equal(seg_document(tb->doc, &err), SM_OK);
	config_init(&tb->cfg);
	if (accept)
		config_accept(&tb->cfg, accept);
	tb->book.docs = &tb->doc;
	tb->book.n_docs = 1;
	tb->book.cfg = &tb->cfg;
	findings_init(&tb->f);
	assert_int_equal(an_typo.run(&tb->book, &tb->f, &err), SM_OK);
	findings_sort(&tb->f);
}

static void tb_free(struct tbook *tb)
{
	cons_book_release(&tb->book);
	findings_release(&tb->f);
	doc_free(tb->doc);
	config_release(&tb->cfg);
}

static size_t count_rule(const struct tbook *tb)
{
	return unit_count_rule(&tb->f, RULE);
}

/* FILLER + para has one typo, `word`, corrected to `fix` (alternatives
 * separated by '|' where, without the model, either is a fair guess). */
static void fires(const char *para, const char *word, const char *fix)
{
	char text[4096];
	snprintf(text, sizeof(text), "%s%s\n", FILLER, para);
	struct tbook tb;
	tb_run(&tb, text, NULL);
	if (count_rule(&tb) != 1)
		print_message("  '%s': %zu findings\n", para, count_rule(&tb));
	assert_int_equal(count_rule(&tb), 1);
	const struct sm_finding *x = &tb.f.v[0];
	assert_int_equal(x->len, strlen(word));
	assert_memory_equal(tb.doc->text + x->off, word, strlen(word));
	assert_non_null(x->suggestion);
	char want[128];
	snprintf(want, sizeof(want), "|%s|", fix);
	char got[128];
	snprintf(got, sizeof(got), "|%s|", x->suggestion);
	if (!strstr(want, got))
		print_message("  '%s': suggested '%s', want '%s'\n", word, x->suggestion, fix);
	assert_non_null(strstr(want, got));
	assert_non_null(strstr(x->message, word));
	tb_free(&tb);
}

static void quiet(const char *para, const char *accept)
{
	char text[4096];
	snprintf(text, sizeof(text), "%s%s\n", FILLER, para);
	struct tbook tb;
	tb_run(&tb, text, accept);
	for (size_t i = 0; i < tb.f.n; i++)
		print_message("  unexpected: %s\n", tb.f.v[i].message);
	assert_int_equal(count_rule(&tb), 0);
	tb_free(&tb);
}

static void test_fires_one_edit_shapes(void **state)
{
	(void)state;
	fires("He opened the door and looked around the kitchen wiht care.", "wiht", "with");
	fires("He opened the door and looekd around the kitchen.", "looekd", "looked");
	fires("He opened the door and lookd around the kitchen.", "lookd", "looked|looks");
	fires("He opened the door and looked aroundd the kitchen.", "aroundd", "around");
	fires("He opened the door and looked around the kitchem.", "kitchem", "kitchen");
	/* a vowel for a vowel, a neighbouring key: the likelier slip first */
	fires("They sat at seperate tables in the hall.", "seperate", "separate");
	fires("The boats were late that day, and the harbour was qiuet.", "qiuet", "quiet");
}

/* A slip that reads as a derivation of a known word (ilk + -ed, re- + pied,
 * the + -s) is still a slip of a common word; real derivations and old or
 * dialect forms are not. */
static void test_fires_slip_that_looks_derived(void **state)
{
	(void)state;
	fires("She ilked the cold mornings by the harbour.", "ilked", "liked");
	fires("\"Not yet,\" he repied, and went back to the boats.", "repied", "replied");
	fires("He had not seen thes boats before.", "thes", "these|the|them|then|they|thee");
	fires("He leaned agains the wall of the shed.", "agains", "against|again");
	quiet("The sea was greenish that morning, and the sky was grey.", NULL);
	quiet("There were visitings and wonderings all week, and he stept out at noon.", NULL);
	quiet("\"Howsever, he went,\" she said.", NULL);
	/* a letter typed twice, though the word splits into two ("crus" +
	 * "heed"); not at the end, where old books write "-full" */
	fires("The crowd crusheed forward to the rail.", "crusheed", "crushed");
	quiet("It was a sorrowfull morning by the harbour.", NULL);
	/* two letters swapped in a long word: any dictionary word will do,
	 * rare or not; not for a capitalized word, which may be a name */
	fires("It was an astoundnig sight from the harbour wall.", "astoundnig", "astounding");
	quiet("Stanis walked down to the harbour wall.", NULL);
}

static void test_fires_in_speech_and_at_start(void **state)
{
	(void)state;
	fires("\"I never said that,\" she told him. \"I said the boats were lsate.\"", "lsate", "late");
	fires("Waetr ran down the walls of the shed.", "Waetr", "Water");
	fires("He walked along the quay. Teh boats were in.", "Teh", "The");
}

static void test_quiet_names_and_repeats(void **state)
{
	(void)state;
	/* a name inside sentences, and the same name at a sentence start */
	quiet("Later she met Odalys on the quay, and Odalys said nothing. Odalys was tired.", NULL);
	/* the writer's own word, used twice */
	quiet("The grimbles were out. Nobody liked the grimbles.", NULL);
	/* an accepted word */
	quiet("She thought of the sklent of the roof.", "sklent");
	/* the other dictionary's spelling */
	quiet("The colour of the sea was a favour to her.", NULL);
}

static void test_quiet_speech_sounds(void **state)
{
	(void)state;
	quiet("\"Nooo,\" he said. \"Ssstop it. Hmmm.\"", NULL);
	quiet("\"Ahh,\" he said. \"Agh. Hrmph.\"", NULL);
	quiet("\"I'll see ev'ryone bef're the night's out,\" he said.", NULL);
}

static void test_quiet_coinage_foreign_address(void **state)
{
	(void)state;
	quiet("He kept his comlink in the fleshbag he wore.", NULL);
	quiet("\"Ich weiss es nicht,\" sagte er, \"und ich will es nicht wissen.\"", NULL);
	quiet("Write to her at mail.example.org/qzxv or www.qzxvw.com today.", NULL);
	/* a rare word next to a rare one is the writer's vocabulary, not a slip
	 * (Regency words: "nuncheon" by "luncheon", "spinnet" by "spinet") */
	quiet("They took their nuncheon at the inn, and she played the spinnet after.", NULL);
}

/* An apostrophe against a word marks letters left out; dialect lines are
 * full of words no dictionary has, the speaker's frequent ones too. */
static void test_quiet_elision_dialect(void **state)
{
	(void)state;
	quiet("\"Nothing but the echoes that we \xE2\x80\x99" "eard,\" he said. \"We havena\xE2\x80\x99 "
	      "forgotten, and I woul\xE2\x80\x99 never.\"", NULL);
	quiet("\"Tha boats kinna sail,\" he said. \"Tha fish are gone.\"", NULL);
	quiet("\"Eew,\" she said. \"Ay, and haha to you. Mh.\"", NULL);
	/* speech broken off, and a word mentioned in quotes */
	quiet("\"I will not go so easil\xE2\x80\x94\xE2\x80\x9D He stopped. \"The contacts who fenc- "
	      "supply me,\" he said. \"I invoke the right of surren...\"", NULL);
	quiet("She wrote out the \xE2\x80\x9C" "ough\xE2\x80\x9D words for the class.", NULL);
}

/* ... but a typo is still one beside a quotation mark, or near a sound. */
static void test_fires_beside_quotes_and_sounds(void **state)
{
	(void)state;
	/* single-quote dialogue: the mark after the word closes the speech */
	fires("\xE2\x80\x98It was so qiuet\xE2\x80\x99 she said.", "qiuet", "quiet");
	/* one edit from "no", but with a letter "no" lacks */
	fires("He said he would nto go down to the boats.", "nto", "not|to");
	/* a dash that joins two words does not break the first one off */
	fires("He came back--a wiht smile on his face.", "wiht", "with");
	fires("The boats were late, and the harbour was qiuet--and cold.", "qiuet", "quiet");
	/* one unknown word in a sentence of ordinary ones is not dialect */
	fires("\"The boats are gone and the fish are gone and the qiuet is all we have,\" he said.",
	      "qiuet", "quiet");
}

/* A name that opens a short sentence is no foreign word: the sentence is
 * not taken for another language; and a short word in speech with a letter
 * missing inside it is a slip, where one clipped at its end is speech. */
static void test_fires_after_name_and_inner_drop_in_speech(void **state)
{
	(void)state;
	fires("Tallin came in and sat down in Tallin's chair. Tallin said, \"Very ewll, we go.\"",
	      "ewll", "well");
	fires("He went with her, with the dog, with the cat, with the boy, with the girl, with "
	      "the man, with the map, with the bag, with the box and with a lamp. \"Come wih me,\" "
	      "he said.", "wih", "with");
	quiet("He went with her, with the dog, with the cat, with the boy, with the girl, with "
	      "the man, with what was left, with what she had, and what he had. \"Wha now?\" he "
	      "said.", NULL);
	quiet("Tallin came in and sat down in Tallin's chair. \"Ich weiss nicht,\" Tallin said.", NULL);
}

/* Only the slips fingers and ears make: a wrong letter that is a key's
 * neighbour, a vowel for a vowel or c for s; a letter too many that is
 * doubled, a neighbour or a vowel ("similiar"). Any other one-letter difference is
 * another word (slang, a term, an old spelling), not a slip. */
static void test_slip_shapes_only(void **state)
{
	(void)state;
	fires("The council had reached a concensus by noon.", "concensus", "consensus");
	fires("It was a similiar boat, but older.", "similiar", "similar");
	fires("He opened the door and looked around the kitchren.", "kitchren", "kitchen");
	quiet("\"We will be out of atmo by noon,\" he said, and left the harbour.", NULL);
	quiet("The logs went to stdout, and he went down to the harbour.", NULL);
	quiet("She shot the covies over the marsh by the harbour.", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fires_one_edit_shapes),
		cmocka_unit_test(test_fires_slip_that_looks_derived),
		cmocka_unit_test(test_fires_in_speech_and_at_start),
		cmocka_unit_test(test_quiet_names_and_repeats),
		cmocka_unit_test(test_quiet_speech_sounds),
		cmocka_unit_test(test_quiet_coinage_foreign_address),
		cmocka_unit_test(test_quiet_elision_dialect),
		cmocka_unit_test(test_fires_beside_quotes_and_sounds),
		cmocka_unit_test(test_slip_shapes_only),
		cmocka_unit_test(test_fires_after_name_and_inner_drop_in_speech),
	};
	return cmocka_run_group_tests_name("typo", tests, have_dict, NULL);
}
