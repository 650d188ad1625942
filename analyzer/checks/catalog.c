/* catalog.c: the table of built-in checks (catalog.h). Keep it sorted by id.
 * Opt-in (off by default): the checks with under 15 % useful findings on the
 * precision set (bench/precision): talking-heads, monotony, scene-length,
 * voice-drift; and the two pacing findings, none of whose sampled findings was
 * useful on published prose (info-dump 0 of 20, slow-stretch 0 of 20: debatable
 * at best), and capitalization (0 of 6). The report's pace chart does not depend on them. */
#include "checks/catalog.h"

#include <string.h>

static const struct check_info checks[] = {
	{ "consistency.capitalization", "consistency", "warning", false, true,
	  "a common word capitalized inside a sentence against its usual lower case",
	  "\"By noon he mended Nets by the harbour wall.\" -> 'nets' is capitalized 1 time "
	  "inside sentences but written in lower case 14 times", APPENDIX_SPELLING },
	{ "consistency.character-attribute", "consistency", "warning", false, false,
	  "a character's eye or hair colour, age, height or build that changes between places",
	  "\"Martha's eyes were a clear grey.\" ... a chapter later: \"Martha's brown eyes "
	  "narrowed.\" -> Martha's eyes are brown here but grey in chapter 2", APPENDIX_NONE },
	{ "consistency.name-variant", "consistency", "warning", false, false,
	  "a rare spelling one or two letters from a frequent name",
	  "'Catharine' appears 1 time, but 'Catherine' 64 times: a misspelling of the name?", APPENDIX_NAMES },
	{ "consistency.pov-shift", "consistency", "warning", false, false,
	  "a paragraph in the first person inside a third-person scene, or another "
	  "character's thoughts in a first-person book",
	  "\"I walked to the window and I looked at the garden.\" in a chapter told in the "
	  "third person", APPENDIX_NONE },
	{ "consistency.punctuation-style", "consistency", "warning", false, false,
	  "quote marks, dashes or ellipses written two ways in one book",
	  "straight double quotes (\") 3 times against curly double quotes 2,104 times", APPENDIX_SPELLING },
	{ "consistency.spelling-variant", "consistency", "warning", false, false,
	  "one word spelled two ways: US and UK forms, closed, open and hyphenated compounds",
	  "'honor' is spelled 'honour' 18 times in the book but 'honor' 2 times", APPENDIX_SPELLING },
	{ "consistency.tense-shift", "consistency", "warning", false, false,
	  "a paragraph of narration in the present inside a past-tense scene, or the reverse",
	  "\"By noon the heat is unbearable. Nina finds a patch of shade...\" in a scene told "
	  "in the past tense", APPENDIX_NONE },
	{ "consistency.timeline", "consistency", "warning", false, false,
	  "a weekday that does not fit its date, or an age that goes down",
	  "\"Tuesday, 3 March 1814\": 3 March 1814 was a Thursday, not a Tuesday", APPENDIX_NONE },
	{ "language.anomaly", "language", "warning", true, false,
	  "a word the language model finds far more surprising than the book's own words",
	  "'graetest' is far more surprising than the book's words; did you mean 'greatest'?", APPENDIX_NONE },
	{ "language.typo", "language", "warning", false, false,
	  "a word in no Hunspell dictionary (en_US, en_GB) that is one edit from one that is",
	  "\"qiuet\" is not a word; did you mean \"quiet\"?", APPENDIX_NONE },
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
	{ "structure.chapter-numbering", "structure", "error", false, false,
	  "a chapter number skipped, repeated or out of order (digits, words, roman numerals)",
	  "chapter 7 follows chapter 5: chapter 6 is missing", APPENDIX_NONE },
	{ "structure.empty-chapter", "structure", "warning", false, false,
	  "a chapter heading with no text after it", "chapter 12 (\"The Fair\") has a heading but no text", APPENDIX_NONE },
	{ "style.doubled-word", "structure", "error", false, false,
	  "the same word twice in a row, unless grammatical where it stands (had had)",
	  "\"hugging her her close\": 'her' twice", APPENDIX_NONE },
	{ "style.voice-drift", "language", "info", true, true,
	  "a chapter the language model reads as if someone else wrote it",
	  "this chapter reads unlike the rest of the book: 5.10 bits per token against a median "
	  "of 4.20", APPENDIX_NONE },
};

const struct check_info *catalog_checks(size_t *n)
{
	*n = sizeof(checks) / sizeof(checks[0]);
	return checks;
}

bool catalog_opt_in(const char *id)
{
	const struct check_info *c = catalog_find(id);
	return c && c->opt_in;
}

enum check_appendix catalog_appendix(const char *id)
{
	const struct check_info *c = catalog_find(id);
	return c ? c->appendix : APPENDIX_NONE;
}

size_t catalog_appendix_rules(enum check_appendix part, const char **ids, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		if (checks[i].appendix == part) {
			if (n < cap)
				ids[n] = checks[i].id;
			n++;
		}
	return n;
}

const struct check_info *catalog_find(const char *id)
{
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		if (!strcmp(checks[i].id, id))
			return &checks[i];
	return NULL;
}
