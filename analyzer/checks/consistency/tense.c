/* tense.c: consistency.tense-shift (stage 3). The tense of each paragraph's
 * narration comes from subject + finite verb pairs outside dialogue, letters,
 * italics and block quotes. A subject is a personal pronoun (I, you, he, she,
 * we, they), a word the book uses as a name in mid-sentence, or a definite
 * noun phrase at a clause start ("the man", "my sister"); the verb may follow
 * after adverbs ("she never really"). Verbs are known from a table of common
 * irregular verbs, from the auxiliaries and their negations (doesn't,
 * wasn't, with either apostrophe) and from the -ed / -s suffixes, checked
 * against the other forms the book itself uses. Perfects are not counted as
 * a tense of their own ("she has always hated him" in a past book); "it is",
 * "there is" and generic subjects ("Grief is a strange thing") never count.
 *
 * A run of one or more paragraphs whose narration is mostly in the other
 * tense than its scene's is reported once, at its first verb, with the place
 * where the scene's tense was set. A past run in a present-tense scene is
 * reported only when present narration frames it on both sides, it has at
 * least three past verbs and nothing marks a flashback (past perfect,
 * "years ago", "when I was"). A scene told in short past paragraphs ("He
 * strode the halls.") sets its tense too, but a present run in it counts
 * only when it tells what others do, not what I, we or you do (speech
 * without quotes, a journal). */
#include "checks/consistency/consistency_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- lexicon */

struct irregular {
	const char *base, *past, *pp;
};

/* The common irregular verbs (be, have and do are auxiliaries, below). */
static const struct irregular irr[] = {
	{ "arise", "arose", "arisen" }, { "awake", "awoke", "awoken" },
	{ "bear", "bore", "borne" }, { "beat", "beat", "beaten" },
	{ "become", "became", "become" }, { "begin", "began", "begun" },
	{ "behold", "beheld", "beheld" }, { "bend", "bent", "bent" },
	{ "bet", "bet", "bet" }, { "bid", "bade", "bidden" },
	{ "bind", "bound", "bound" }, { "bite", "bit", "bitten" },
	{ "bleed", "bled", "bled" }, { "blow", "blew", "blown" },
	{ "break", "broke", "broken" }, { "breed", "bred", "bred" },
	{ "bring", "brought", "brought" }, { "build", "built", "built" },
	{ "burn", "burnt", "burnt" }, { "burst", "burst", "burst" },
	{ "buy", "bought", "bought" }, { "cast", "cast", "cast" },
	{ "catch", "caught", "caught" }, { "choose", "chose", "chosen" },
	{ "cling", "clung", "clung" }, { "come", "came", "come" },
	{ "cost", "cost", "cost" }, { "creep", "crept", "crept" },
	{ "cut", "cut", "cut" }, { "deal", "dealt", "dealt" },
	{ "dig", "dug", "dug" }, { "dive", "dove", "dived" },
	{ "draw", "drew", "drawn" }, { "dream", "dreamt", "dreamt" },
	{ "drink", "drank", "drunk" }, { "drive", "drove", "driven" },
	{ "dwell", "dwelt", "dwelt" }, { "eat", "ate", "eaten" },
	{ "fall", "fell", "fallen" }, { "feed", "fed", "fed" },
	{ "feel", "felt", "felt" }, { "fight", "fought", "fought" },
	{ "find", "found", "found" }, { "flee", "fled", "fled" },
	{ "fling", "flung", "flung" }, { "fly", "flew", "flown" },
	{ "forbid", "forbade", "forbidden" }, { "forget", "forgot", "forgotten" },
	{ "forgive", "forgave", "forgiven" }, { "forsake", "forsook", "forsaken" },
	{ "freeze", "froze", "frozen" }, { "get", "got", "gotten" },
	{ "give", "gave", "given" }, { "go", "went", "gone" },
	{ "grind", "ground", "ground" }, { "grow", "grew", "grown" },
	{ "hang", "hung", "hung" }, { "hear", "heard", "heard" },
	{ "hide", "hid", "hidden" }, { "hit", "hit", "hit" },
	{ "hold", "held", "held" }, { "hurt", "hurt", "hurt" },
	{ "keep", "kept", "kept" }, { "kneel", "knelt", "knelt" },
	{ "know", "knew", "known" }, { "lay", "laid", "laid" },
	{ "lead", "led", "led" }, { "lean", "leant", "leant" },
	{ "leap", "leapt", "leapt" }, { "learn", "learnt", "learnt" },
	{ "leave", "left", "left" }, { "lend", "lent", "lent" },
	{ "let", "let", "let" }, { "lie", "lay", "lain" },
	{ "light", "lit", "lit" }, { "lose", "lost", "lost" },
	{ "make", "made", "made" }, { "mean", "meant", "meant" },
	{ "meet", "met", "met" }, { "mislead", "misled", "misled" },
	{ "mistake", "mistook", "mistaken" }, { "overcome", "overcame", "overcome" },
	{ "overhear", "overheard", "overheard" }, { "overtake", "overtook", "overtaken" },
	{ "pay", "paid", "paid" }, { "put", "put", "put" },
	{ "quit", "quit", "quit" }, { "read", "read", "read" },
	{ "ride", "rode", "ridden" }, { "ring", "rang", "rung" },
	{ "rise", "rose", "risen" }, { "run", "ran", "run" },
	{ "say", "said", "said" }, { "see", "saw", "seen" },
	{ "seek", "sought", "sought" }, { "sell", "sold", "sold" },
	{ "send", "sent", "sent" }, { "set", "set", "set" },
	{ "shake", "shook", "shaken" }, { "shed", "shed", "shed" },
	{ "shine", "shone", "shone" }, { "shoot", "shot", "shot" },
	{ "show", "showed", "shown" }, { "shrink", "shrank", "shrunk" },
	{ "shut", "shut", "shut" }, { "sing", "sang", "sung" },
	{ "sink", "sank", "sunk" }, { "sit", "sat", "sat" },
	{ "slay", "slew", "slain" }, { "sleep", "slept", "slept" },
	{ "slide", "slid", "slid" }, { "sling", "slung", "slung" },
	{ "slink", "slunk", "slunk" }, { "smell", "smelt", "smelt" },
	{ "speak", "spoke", "spoken" }, { "speed", "sped", "sped" },
	{ "spend", "spent", "spent" }, { "spill", "spilt", "spilt" },
	{ "spin", "spun", "spun" }, { "spit", "spat", "spat" },
	{ "split", "split", "split" }, { "spread", "spread", "spread" },
	{ "spring", "sprang", "sprung" }, { "stand", "stood", "stood" },
	{ "steal", "stole", "stolen" }, { "stick", "stuck", "stuck" },
	{ "sting", "stung", "stung" }, { "stink", "stank", "stunk" },
	{ "stride", "strode", "stridden" }, { "strike", "struck", "struck" },
	{ "string", "strung", "strung" }, { "strive", "strove", "striven" },
	{ "swear", "swore", "sworn" }, { "sweep", "swept", "swept" },
	{ "swell", "swelled", "swollen" }, { "swim", "swam", "swum" },
	{ "swing", "swung", "swung" }, { "take", "took", "taken" },
	{ "teach", "taught", "taught" }, { "tear", "tore", "torn" },
	{ "tell", "told", "told" }, { "think", "thought", "thought" },
	{ "throw", "threw", "thrown" }, { "thrust", "thrust", "thrust" },
	{ "tread", "trod", "trodden" }, { "undergo", "underwent", "undergone" },
	{ "understand", "understood", "understood" }, { "undertake", "undertook", "undertaken" },
	{ "upset", "upset", "upset" }, { "wake", "woke", "woken" },
	{ "wear", "wore", "worn" }, { "weave", "wove", "woven" },
	{ "weep", "wept", "wept" }, { "win", "won", "won" },
	{ "wind", "wound", "wound" }, { "withdraw", "withdrew", "withdrawn" },
	{ "withhold", "withheld", "withheld" }, { "withstand", "withstood", "withstood" },
	{ "wring", "wrung", "wrung" }, { "write", "wrote", "written" },
	{ "seem", "seemed", "seemed" }, /* regular, but too frequent to leave to the suffix test */
};

/* Auxiliaries, their negations and the contracted subject+verb words. */
enum aux {
	AX_NONE,
	AX_IS,    /* is, isn't: third person */
	AX_ARE,   /* are, aren't: you, we, they */
	AX_AM,    /* am */
	AX_WAS,   /* was, wasn't */
	AX_WERE,  /* were, weren't */
	AX_HAS,   /* has, hasn't */
	AX_HAVE,  /* have, haven't */
	AX_HAD,   /* had, hadn't, 'd before a participle */
	AX_DOES,  /* does, doesn't */
	AX_DO,    /* do, don't */
	AX_DID,   /* did, didn't */
	AX_MODAL, /* will, would, can, could... : no tense of their own */
	AX_PRES,  /* ain't */
};

static const struct {
	const char *w;
	uint8_t ax;
} auxes[] = {
	{ "is", AX_IS }, { "isn't", AX_IS }, { "are", AX_ARE }, { "aren't", AX_ARE },
	{ "am", AX_AM }, { "was", AX_WAS }, { "wasn't", AX_WAS }, { "were", AX_WERE },
	{ "weren't", AX_WERE }, { "has", AX_HAS }, { "hasn't", AX_HAS }, { "have", AX_HAVE },
	{ "haven't", AX_HAVE }, { "had", AX_HAD }, { "hadn't", AX_HAD }, { "does", AX_DOES },
	{ "doesn't", AX_DOES }, { "do", AX_DO }, { "don't", AX_DO }, { "did", AX_DID },
	{ "didn't", AX_DID }, { "ain't", AX_PRES }, { "will", AX_MODAL }, { "won't", AX_MODAL },
	{ "would", AX_MODAL }, { "wouldn't", AX_MODAL }, { "can", AX_MODAL },
	{ "can't", AX_MODAL }, { "cannot", AX_MODAL }, { "could", AX_MODAL },
	{ "couldn't", AX_MODAL }, { "shall", AX_MODAL }, { "shan't", AX_MODAL },
	{ "should", AX_MODAL }, { "shouldn't", AX_MODAL }, { "may", AX_MODAL },
	{ "might", AX_MODAL }, { "mightn't", AX_MODAL }, { "must", AX_MODAL },
	{ "mustn't", AX_MODAL }, { "ought", AX_MODAL }, { "needn't", AX_MODAL },
	{ "dare", AX_MODAL }, { "used", AX_WAS /* "used to": past */ },
};

/* Subjects. */
enum subj {
	SB_NONE,
	SB_I,
	SB_YOU,
	SB_PL,   /* we, they, a plural noun phrase */
	SB_3,    /* he, she, a name, a singular noun phrase */
	SB_IT,   /* it: only with a lexical verb ("it smells"), never "it is" */
	SB_NP,   /* a noun phrase: SB_3 or SB_PL by its last word */
};

/* Contracted subject + auxiliary. */
static const struct {
	const char *w;
	uint8_t sb, ax;
} contr[] = {
	{ "i'm", SB_I, AX_AM }, { "you're", SB_YOU, AX_ARE }, { "we're", SB_PL, AX_ARE },
	{ "they're", SB_PL, AX_ARE }, { "he's", SB_3, AX_HAS }, { "she's", SB_3, AX_HAS },
	{ "i've", SB_I, AX_HAVE }, { "you've", SB_YOU, AX_HAVE }, { "we've", SB_PL, AX_HAVE },
	{ "they've", SB_PL, AX_HAVE }, { "i'd", SB_I, AX_HAD }, { "you'd", SB_YOU, AX_HAD },
	{ "he'd", SB_3, AX_HAD }, { "she'd", SB_3, AX_HAD }, { "we'd", SB_PL, AX_HAD },
	{ "they'd", SB_PL, AX_HAD }, { "i'll", SB_I, AX_MODAL }, { "you'll", SB_YOU, AX_MODAL },
	{ "he'll", SB_3, AX_MODAL }, { "she'll", SB_3, AX_MODAL }, { "we'll", SB_PL, AX_MODAL },
	{ "they'll", SB_PL, AX_MODAL },
};

static const char *const adverbs[] = {
	"never", "always", "often", "then", "still", "now", "just", "only", "also", "soon",
	"already", "again", "even", "ever", "almost", "quite", "not", "too", "indeed",
	"hardly", "scarcely", "once", "sometimes", "perhaps", "rather", "seldom", "thus",
	"therefore", "all", "both", "each", "himself", "herself", "myself", "themselves",
	"ourselves", "yourself", "alone", "instead", "somehow", "first", "at", "last",
	"finally", "no", "longer", "much", "less", "more", "nearly", "barely", "merely",
};
/* Words ending in -ly that are not adverbs. */
static const char *const not_adverbs_ly[] = {
	"reply", "apply", "rely", "supply", "comply", "fly", "ally", "rally", "tally", "bully",
	"sully", "belly", "jelly", "family", "lily", "holy", "ugly", "only", "imply", "multiply",
};
/* Clause openers: a name or a noun phrase after one is a subject. */
static const char *const conjunctions[] = {
	"and", "but", "or", "so", "then", "when", "while", "as", "because", "until", "till",
	"before", "after", "if", "though", "although", "since", "where", "whereas", "yet",
	"nor", "that", "whenever", "wherever", "unless", "once", "now",
};
static const char *const determiners[] = {
	"the", "my", "his", "her", "their", "our", "your", "its", "a", "an", "this",
};
/* Indefinite pronouns: subjects, but of general statements as often as of
 * the scene ("Nobody is coming to save her"), so they never decide alone. */
static const char *const indefinite[] = {
	"nobody", "somebody", "someone", "everyone", "everybody", "anyone", "anybody",
	"nothing", "something", "everything",
};
/* Function words: never verbs; they end a noun phrase. */
static const char *const stopwords[] = {
	"the", "a", "an", "of", "in", "on", "at", "to", "for", "with", "by", "from", "into",
	"onto", "upon", "over", "under", "about", "against", "between", "through", "and", "or",
	"but", "who", "whom", "whose", "which", "that", "this", "these", "those", "what",
	"there", "here", "his", "her", "hers", "its", "their", "our", "your", "my", "me", "him",
	"them", "us", "it", "he", "she", "they", "we", "you", "i", "as", "than", "like", "so",
	"if", "not", "no", "yes", "all", "some", "any", "every", "each", "both", "either",
	"neither", "one", "ones", "own", "very", "such", "out", "up", "down", "off", "back",
	"away", "around", "across", "behind", "beside", "besides", "towards", "toward",
	"across", "along", "among", "amongst", "whilst", "while", "always", "perhaps",
	"sometimes", "nevertheless", "afterwards", "thus", "unless", "whereas", "less", "this",
	"was", "has", "is", "does", "alas", "plus", "else", "nonetheless", "unawares",
	"sideways", "regardless", "ours", "yours", "theirs", "himself", "herself", "itself",
	"ourselves", "themselves", "yourselves", "downwards", "upwards", "forwards",
	"backwards", "onwards", "homewards", "nowadays", "series", "news", "species", "means",
	"always", "days", "years", "times", "hours", "minutes", "weeks", "months", "inside",
	"outside", "forward", "ahead", "aside", "apart", "together", "home", "above", "below",
	"near", "past", "round", "onto", "without", "within",
};
static const char *const not_verbs_ed[] = {
	"need", "feed", "seed", "bleed", "breed", "speed", "shed", "wed", "bed", "red", "indeed",
	"proceed", "exceed", "succeed", "creed", "steed", "greed", "heed", "weed", "deed",
	"reed", "embed", "sacred", "hundred", "kindred", "naked", "wicked", "wretched",
	"beloved", "aged", "blessed", "crooked", "ragged", "rugged", "dogged", "jagged",
	"shred", "sled", "bred", "fled", "led", "sped", "fed", "bled", "bored", "tired",
	"used", "ashamed", "afraid", "excited", "interested", "supposed",
};
/* Verbs of the narrating self: "I remember", "I suppose". */
static const char *const cognition[] = {
	"think", "remember", "believe", "know", "suppose", "wonder", "imagine", "guess",
	"recall", "doubt", "hope", "wish", "admit", "confess", "mean", "suspect", "swear", "bet",
	"promise", "expect", "realise", "realize", "understand", "fear", "regret", "trust",
	"forget", "reckon", "assume", "feel",
};
/* A flashback: a past run with these words is backstory, not a slip. */
static const char *const flashback[] = {
	"ago", "childhood", "remember", "remembered", "remembers", "earlier", "younger",
	"years", "used",
};
/* ... and with these after "when I was" ("when I was nine", "when we were young"). */
static const char *const age_words[] = {
	"young", "little", "small", "younger", "a", "an", "still", "five", "six", "seven",
	"eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
	"sixteen", "seventeen", "eighteen", "nineteen", "twenty", "at", "in", "growing",
};
/* ... and "back then", "that summer", "as a child". */
static const struct {
	const char *a, *b;
} flashback2[] = {
	{ "back", "then" }, { "that", "summer" }, { "that", "winter" }, { "that", "spring" },
	{ "that", "autumn" }, { "that", "year" }, { "a", "child" }, { "a", "boy" },
	{ "a", "girl" }, { "a", "kid" }, { "a", "teenager" }, { "those", "days" },
	{ "in", "those" }, { "the", "first" },
};

static bool in(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (w[0] == list[i][0] && !strcmp(w, list[i])) /* first letter first: called per word */
			return true;
	return false;
}
#define IN(w, l) in((w), (l), SM_ARRAY_LEN(l))

/* ---------------------------------------------------------------- word classes */

enum wclass {
	WC_DONE = 1u << 0,  /* the entry is computed */
	WC_PAST = 1u << 1,  /* simple past: walked, went */
	WC_PP = 1u << 2,    /* past participle: walked, gone */
	WC_BASE = 1u << 3,  /* plain present: walk, go */
	WC_3SG = 1u << 4,   /* third person singular present: walks, goes */
	WC_KNOWN = 1u << 5, /* the book or the table attests the verb (not a suffix guess) */
	WC_ADV = 1u << 6,
	WC_CONJ = 1u << 7,
	WC_DET = 1u << 8,
	WC_STOP = 1u << 9,
	WC_ING = 1u << 10,  /* ends in -ing */
};

struct tctx {
	const struct cbook *cb;
	uint16_t *wc;   /* per id: enum wclass bits */
	uint8_t *ax;    /* per id: enum aux */
	uint8_t *sb;    /* per id: enum subj of a pronoun or a contraction, 0 otherwise */
	uint8_t *weak;  /* per id: 1 for a subject of general statements (you, nobody) */
	uint32_t id_had, id_hadnt, id_been, id_got, id_that, id_when; /* UINT32_MAX when absent */
};

/* Copy id's form with typographic apostrophes made plain into buf; false when too long. */
static bool plain_form(const char *s, char *buf, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; s[i]; i++) {
		if (k + 1 >= cap)
			return false;
		if ((unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x99 || (unsigned char)s[i + 2] == 0x98)) {
			buf[k++] = '\'';
			i += 2;
		} else {
			buf[k++] = s[i];
		}
	}
	buf[k] = '\0';
	return true;
}

static bool has_word(const struct cbook *cb, const char *w, size_t n, const char *suffix)
{
	char buf[80];
	size_t k = strlen(suffix);
	if (n + k + 1 > sizeof(buf))
		return false;
	memcpy(buf, w, n);
	memcpy(buf + n, suffix, k + 1);
	return cbook_lookup(cb, buf, n + k) != UINT32_MAX;
}

static bool is_irr_base(const char *w, size_t n)
{
	for (size_t i = 0; i < SM_ARRAY_LEN(irr); i++)
		if (irr[i].base[0] == w[0] && strlen(irr[i].base) == n && !memcmp(irr[i].base, w, n))
			return true;
	return false;
}

static bool vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* The book uses w[0..n) as a verb: it has its -ed or -ing form, or it is an
 * irregular verb's base. */
static bool known_base(const struct cbook *cb, const char *w, size_t n)
{
	if (n < 2)
		return false;
	if (is_irr_base(w, n) || (n == 2 && !memcmp(w, "be", 2)) || (n == 4 && !memcmp(w, "have", 4)) ||
	    (n == 2 && !memcmp(w, "do", 2)))
		return true;
	char last = w[n - 1];
	if (has_word(cb, w, n, "ed") || has_word(cb, w, n, "ing"))
		return true;
	if (last == 'e' && (has_word(cb, w, n, "d") || has_word(cb, w, n - 1, "ing")))
		return true;
	if (last == 'y' && n > 2 && !vowel(w[n - 2]) && has_word(cb, w, n - 1, "ied"))
		return true;
	if (!vowel(last) && last != 'w' && last != 'x' && last != 'y' && n > 2 && vowel(w[n - 2])) {
		char dbl[3] = { last, 'e', 'd' };
		char buf[80];
		if (n + 3 < sizeof(buf)) {
			memcpy(buf, w, n);
			memcpy(buf + n, dbl, 3);
			if (cbook_lookup(cb, buf, n + 3) != UINT32_MAX)
				return true;
			memcpy(buf + n + 1, "ing", 3);
			if (cbook_lookup(cb, buf, n + 4) != UINT32_MAX)
				return true;
		}
	}
	return false;
}

static uint16_t classify(const struct tctx *tc, uint32_t id)
{
	const struct cbook *cb = tc->cb;
	char w[64];
	uint16_t c = WC_DONE;
	if (!plain_form(cbook_str(cb, id), w, sizeof(w)))
		return c;
	size_t n = strlen(w);
	if (!n)
		return c;
	if (IN(w, conjunctions))
		c |= WC_CONJ;
	if (IN(w, determiners))
		c |= WC_DET;
	if (IN(w, adverbs) ||
	    (n > 4 && w[n - 2] == 'l' && w[n - 1] == 'y' && !IN(w, not_adverbs_ly) &&
	     !known_base(cb, w, n)))
		c |= WC_ADV;
	if (IN(w, stopwords))
		return c | WC_STOP;
	if (strchr(w, '\''))
		return c; /* a contraction or a possessive: auxes[] and contr[] know the verbs */
	if (n > 4 && !strcmp(w + n - 3, "ing"))
		c |= WC_ING;
	for (size_t i = 0; i < SM_ARRAY_LEN(irr); i++) {
		const struct irregular *v = &irr[i];
		if (v->past[0] == w[0] && !strcmp(v->past, w))
			c |= WC_PAST | WC_KNOWN;
		if (v->pp[0] == w[0] && !strcmp(v->pp, w))
			c |= WC_PP | WC_KNOWN;
		if (v->base[0] == w[0] && !strcmp(v->base, w))
			c |= WC_BASE | WC_KNOWN;
	}
	if (c & (WC_PAST | WC_PP | WC_BASE))
		goto third; /* an irregular form: the suffix rules do not apply */
	if (n >= 4 && w[n - 2] == 'e' && w[n - 1] == 'd' && !IN(w, not_verbs_ed))
		return c | WC_PAST | WC_PP | WC_KNOWN; /* after a subject, -ed is a verb */
	if (!(c & (WC_ADV | WC_CONJ)) && known_base(cb, w, n))
		c |= WC_BASE | WC_KNOWN;
third:
	/* -s forms: walks, goes, tries */
	if (n >= 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i' &&
	    !(n > 4 && !strcmp(w + n - 4, "ness")) && !(n > 3 && !strcmp(w + n - 3, "ous"))) {
		c |= WC_3SG;
		bool known = known_base(cb, w, n - 1);
		if (!known && n > 3 && w[n - 2] == 'e')
			known = known_base(cb, w, n - 2);
		if (!known && n > 4 && w[n - 3] == 'i' && w[n - 2] == 'e') {
			char buf[64];
			memcpy(buf, w, n - 3);
			buf[n - 3] = 'y';
			known = known_base(cb, buf, n - 2);
		}
		if (known)
			c |= WC_KNOWN;
	}
	return c;
}

static uint16_t wclass_of(const struct tctx *tc, uint32_t id)
{
	if (!tc->wc[id])
		tc->wc[id] = classify(tc, id);
	return tc->wc[id];
}

/* ---------------------------------------------------------------- paragraphs */

enum { T_NONE, T_PAST, T_PRES };

struct para_tense {
	uint32_t past, pres;          /* finite verbs with a subject */
	uint32_t past_sents, pres_sents; /* sentences with such a verb */
	uint32_t firm[2];             /* verbs of each tense whose subject is not weak */
	uint32_t pperf;               /* past perfects (had gone, she'd left) */
	bool opens_pperf;             /* the first of its verbs is a past perfect */
	uint32_t off[2][4], len[2][4]; /* the first verbs of each tense, [T_PAST-1] and [T_PRES-1] */
	uint32_t last_sent[2];
	bool cue;                     /* a flashback word ("years ago") in the narration */
	uint32_t pres_spk;            /* present verbs whose subject is I, we, you or "our ..." */
};

struct scan {
	const struct tctx *tc;
	const struct cdoc *d;
	size_t s, e;                  /* the paragraph's words */
	const uint8_t *mdital;        /* per word from s: inside Markdown emphasis, or NULL */
	struct para_tense *pt;
};

static bool skipped(const struct scan *sc, size_t i)
{
	if (sc->d->w[i].fl & (CW_DLG | CW_LETTER | CW_ITAL | CW_HEAD))
		return true;
	return sc->mdital && sc->mdital[i - sc->s];
}

static size_t pp_skip(const struct scan *sc, size_t j);

/* True when word i opens a clause: sentence start, after a clause-end mark,
 * a dash, a closing quote, a conjunction, or a prepositional phrase that
 * opens the sentence ("By noon the heat", "In the hall the clock"). */
static bool clause_start(const struct scan *sc, size_t i)
{
	const struct cw *x = &sc->d->w[i];
	if ((x->fl & CW_SSTART) || i == sc->s)
		return true;
	for (size_t j = i >= sc->s + 3 ? i - 3 : sc->s; j + 1 < i; j++)
		if ((sc->d->w[j].fl & CW_SSTART) && sc->d->w[j].sent == x->sent && pp_skip(sc, j) == i)
			return true;
	const struct cw *p = &sc->d->w[i - 1];
	if (p->fl & (CW_PUNCT | CW_DLG))
		return true;
	const char *t = sc->d->doc->text;
	for (uint32_t k = p->off + p->len; k < x->off; k++)
		if (t[k] == '-' || t[k] == '(' || (unsigned char)t[k] == 0xE2)
			return true;
	return (wclass_of(sc->tc, p->id) & WC_CONJ) != 0;
}

/* The book uses id as a name: capitalized in mid-sentence, rarely lower case. */
static bool name_word(const struct cbook *cb, const struct cw *x)
{
	if (!(x->fl & CW_CAP))
		return false;
	if (cb->name_char[x->id])
		return true;
	/* capitalized in mid-sentence at least once, and nearly always capitalized */
	uint32_t mid = cb->n_capmid[x->id], cap = mid + cb->n_capst[x->id], low = cb->n_low[x->id];
	return mid >= 1 && ((low == 0 && cap >= 1) || (cap >= 3 && low * 4 <= cap));
}

/* Next narration word after i in the same sentence, skipping up to max_adv
 * adverbs; e when none. */
static size_t next_word(const struct scan *sc, size_t i, int max_adv)
{
	if (sc->d->w[i].fl & CW_PUNCT)
		return sc->e; /* "She, ..." */
	for (size_t j = i + 1; j < sc->e; j++) {
		const struct cw *x = &sc->d->w[j];
		if (x->sent != sc->d->w[i].sent || skipped(sc, j))
			return sc->e;
		if (max_adv > 0 && (wclass_of(sc->tc, x->id) & WC_ADV) && !(x->fl & CW_PUNCT)) {
			max_adv--;
			continue;
		}
		return j;
	}
	return sc->e;
}

static uint8_t aux_of(const struct tctx *tc, uint32_t id)
{
	return tc->ax[id];
}

static bool third(int sb)
{
	return sb == SB_3 || sb == SB_IT;
}

/* Letters only, not ending as adjectives or nouns mostly do. */
static bool plain_verb_shape(const char *w)
{
	size_t n = strlen(w);
	if (n < 2)
		return false;
	for (size_t i = 0; i < n; i++)
		if (w[i] < 'a' || w[i] > 'z')
			return false;
	static const char *const ends[] = { "ly", "ness", "ful", "ous", "ive", "ble", "ic", "al",
					    "ment", "tion", "sion", "ity", "est", "er", "y" };
	for (size_t i = 0; i < SM_ARRAY_LEN(ends); i++) {
		size_t k = strlen(ends[i]);
		if (n > k + 1 && !strcmp(w + n - k, ends[i]))
			return false;
	}
	return true;
}

/* The tense of the verb group starting at word j after a subject of class sb;
 * *vj is the word to quote; *pperf is set for a past perfect. */
static int verb_tense(const struct scan *sc, int sb, size_t j, int ax, size_t *vj, bool *pperf,
		      bool strict)
{
	const struct tctx *tc = sc->tc;
	const struct cw *x = &sc->d->w[j];
	*vj = j;
	*pperf = false;
	if (!ax)
		ax = aux_of(tc, x->id);
	if (ax && sb == SB_IT)
		return T_NONE; /* "it is", "it was", "it doesn't matter": impersonal */
	switch (ax) {
	case AX_IS:
		return third(sb) ? T_PRES : T_NONE;
	case AX_ARE:
		return sb == SB_YOU || sb == SB_PL ? T_PRES : T_NONE;
	case AX_AM:
		return sb == SB_I ? T_PRES : T_NONE;
	case AX_WAS:
		return T_PAST;
	case AX_WERE:
		return sb == SB_YOU || sb == SB_PL ? T_PAST : T_NONE;
	case AX_DOES:
		return third(sb) ? T_PRES : T_NONE;
	case AX_DO:
		return T_PRES;
	case AX_DID:
		return T_PAST;
	case AX_PRES:
		return T_PRES;
	case AX_MODAL:
		return T_NONE;
	case AX_HAS:
	case AX_HAVE:
	case AX_HAD: {
		if (ax == AX_HAS && !third(sb))
			return T_NONE;
		if (ax == AX_HAVE && third(sb))
			return T_NONE;
		/* a perfect when a participle follows: "has gone", "had never been" */
		size_t k = next_word(sc, j, 3);
		bool part = false;
		if (k < sc->e) {
			uint16_t c = wclass_of(tc, sc->d->w[k].id);
			uint32_t idk = sc->d->w[k].id;
			part = (c & WC_PP) || idk == tc->id_been || idk == tc->id_got;
			/* 'd + a plain verb is "would" */
			if (ax == AX_HAD && !part && (c & WC_BASE) && sc->d->w[j].id != tc->id_had &&
			    sc->d->w[j].id != tc->id_hadnt)
				return T_NONE;
		}
		if (ax == AX_HAD) {
			*pperf = part;
			return T_PAST;
		}
		return part ? T_NONE : T_PRES; /* present perfect: no tense of its own */
	}
	default:
		break;
	}
	uint16_t c = wclass_of(tc, x->id);
	if (c & WC_STOP)
		return T_NONE;
	if ((x->fl & CW_CAP) && !(x->fl & CW_SSTART))
		return T_NONE; /* a name, not a verb */
	if (strict && !(c & WC_KNOWN)) {
		/* a verb the book uses in one form only: believe it where a verb
		 * stands, before a clause end, a preposition or an article ("the
		 * phone buzzes on the table", not "the car keys jingled") */
		bool ctx = (x->fl & CW_PUNCT) != 0;
		if (!ctx && j + 1 < sc->e && sc->d->w[j + 1].sent == x->sent)
			ctx = (wclass_of(tc, sc->d->w[j + 1].id) & (WC_STOP | WC_ADV)) != 0;
		if (!ctx)
			return T_NONE;
	}
	if (third(sb)) {
		if (c & WC_3SG)
			return T_PRES;
		if (c & WC_PAST)
			return T_PAST; /* "she read": the present would be "reads" */
		return T_NONE;
	}
	/* I, you, we, they: "put", "read", "let" may be either */
	if ((c & WC_PAST) && (c & WC_BASE))
		return T_NONE;
	if (c & WC_PAST)
		return T_PAST;
	/* after I, we, they a plain word is a verb even when the book has no
	 * other form of it ("they stay"); nouns hardly follow them */
	bool plain = !strict && !(c & (WC_3SG | WC_ADV | WC_CONJ | WC_DET | WC_ING | WC_PAST)) &&
		     !(x->fl & (CW_CAP | CW_POSS)) && plain_verb_shape(cbook_str(tc->cb, x->id));
	if ((c & WC_BASE || plain) && !(c & WC_3SG) && (c & WC_KNOWN || plain)) {
		/* "I think about that afternoon", "I remember": the narrator
		 * looking back, not the scene's tense */
		if ((sb == SB_I || sb == SB_PL) && IN(cbook_str(tc->cb, x->id), cognition))
			return T_NONE;
		return T_PRES;
	}
	return T_NONE;
}

static void record(struct scan *sc, int t, size_t vj, bool weak, bool pperf, bool spk)
{
	struct para_tense *pt = sc->pt;
	const struct cw *v = &sc->d->w[vj];
	uint32_t *n = t == T_PAST ? &pt->past : &pt->pres;
	if (!pt->past && !pt->pres)
		pt->opens_pperf = pperf;
	if (*n < 4) {
		pt->off[t - 1][*n] = v->off;
		pt->len[t - 1][*n] = v->len;
	}
	(*n)++;
	if (pt->last_sent[t - 1] != v->sent + 1) {
		if (t == T_PAST)
			pt->past_sents++;
		else
			pt->pres_sents++;
		pt->last_sent[t - 1] = v->sent + 1;
	}
	if (!weak)
		pt->firm[t - 1]++;
	if (pperf)
		pt->pperf++;
	if (spk && t == T_PRES)
		pt->pres_spk++;
}

/* Word k can be part of a noun phrase in sentence sent ("old", "man"). */
static bool np_word(const struct scan *sc, size_t k, uint32_t sent)
{
	const struct cw *y = &sc->d->w[k];
	if (y->sent != sent || skipped(sc, k) || (y->fl & CW_PUNCT) || aux_of(sc->tc, y->id))
		return false;
	return !(wclass_of(sc->tc, y->id) & (WC_STOP | WC_CONJ));
}

/* The subject at word i: its class, and the index of the first word after it
 * (i itself for a contraction such as "I'm", whose verb is the word). */
static int subject_at(const struct scan *sc, size_t i, size_t *after, int *cax, bool *strict)
{
	const struct tctx *tc = sc->tc;
	const struct cbook *cb = tc->cb;
	const struct cdoc *d = sc->d;
	const struct cw *x = &d->w[i];
	*after = i + 1;
	*cax = 0;
	*strict = false;
	if (x->fl & CW_POSS) {
		/* "He's": the possessive split took the 's off a pronoun */
		uint8_t s = tc->sb[x->id];
		if (s == SB_3) {
			*cax = AX_HAS;
			*after = i;
			return SB_3;
		}
		return SB_NONE;
	}
	uint8_t s = tc->sb[x->id];
	if (s) {
		if (aux_of(tc, x->id)) {
			*cax = aux_of(tc, x->id);
			*after = i;
		}
		if (s == SB_YOU && !clause_start(sc, i))
			return SB_NONE; /* "made you cry" */
		if (s == SB_IT && !clause_start(sc, i))
			return SB_NONE;
		return s;
	}
	uint16_t c = wclass_of(tc, x->id);
	if ((c & WC_DET) && !(x->fl & CW_PUNCT) && clause_start(sc, i)) {
		/* "the man", "my older sister": the verb comes one or two words on */
		size_t k = i + 1;
		if (k >= sc->e || !np_word(sc, k, x->sent))
			return SB_NONE;
		*after = k + 1;
		*strict = true;
		return SB_NP;
	}
	if (name_word(cb, x) && !(c & WC_STOP) && !aux_of(tc, x->id) && clause_start(sc, i)) {
		/* the last word of "Mary Ann", "Mr. Darcy"; a name is a few
		 * words, not a run of thousands ("Mr. Mr. Mr. ..."), which would
		 * cost a scan from each of its words */
		size_t k = i + 1, lim = i + 8;
		while (k < sc->e && k < lim && d->w[k].sent == x->sent && name_word(cb, &d->w[k]) &&
		       !(d->w[k - 1].fl & CW_COMMA))
			k++;
		if (k == lim)
			return SB_NONE;
		if (d->w[k - 1].fl & CW_POSS)
			return SB_NONE;
		*after = k;
		*strict = true;
		return SB_3;
	}
	return SB_NONE;
}

/* The word after "over the cooker" at word j: a preposition, an optional
 * article or possessive, one noun; e when there is none. */
static size_t pp_skip(const struct scan *sc, size_t j)
{
	static const char *const preps[] = { "of", "over", "in", "on", "at", "by", "with", "from",
					     "near", "behind", "beside", "under", "across", "above",
					     "below", "outside", "inside", "beyond", "opposite" };
	const struct cdoc *d = sc->d;
	if (j + 2 >= sc->e || !IN(cbook_str(sc->tc->cb, d->w[j].id), preps))
		return sc->e;
	uint32_t sent = d->w[j].sent;
	size_t k = j + 1;
	if (wclass_of(sc->tc, d->w[k].id) & WC_DET)
		k++;
	if (k + 1 >= sc->e || !np_word(sc, k, sent) || d->w[k + 1].sent != sent || skipped(sc, k + 1))
		return sc->e;
	return k + 1;
}

/* A plural noun by its ending: "boys", "doors", not "gas", "glass", "bus". */
static bool plural(const char *w)
{
	size_t n = strlen(w);
	if (n < 3 || w[n - 1] != 's')
		return false;
	char p = w[n - 2];
	return p != 's' && p != 'u' && p != 'i' && p != 'a' && p != '\'' && !IN(w, stopwords);
}

static void para_scan(struct scan *sc)
{
	const struct tctx *tc = sc->tc;
	const struct cdoc *d = sc->d;
	memset(sc->pt, 0, sizeof(*sc->pt));
	/* sentence + 1 of the last past perfect: a time word after one in its
	 * sentence dates that perfect ("where he had left them years before"),
	 * not the paragraph, so it is no flashback cue */
	uint32_t pp_sent = 0;
	for (size_t i = sc->s; i < sc->e; i++) {
		if (skipped(sc, i))
			continue;
		const char *wi = cbook_str(tc->cb, d->w[i].id);
		bool dated = pp_sent == d->w[i].sent + 1;
		if (IN(wi, flashback) && !dated)
			sc->pt->cue = true;
		if (i + 1 < sc->e && !dated && !(d->w[i].fl & CW_PUNCT) && d->w[i + 1].sent == d->w[i].sent)
			for (size_t f = 0; f < SM_ARRAY_LEN(flashback2); f++)
				if (!strcmp(wi, flashback2[f].a) &&
				    !strcmp(cbook_str(tc->cb, d->w[i + 1].id), flashback2[f].b))
					sc->pt->cue = true;
		size_t after;
		int cax;
		bool strict;
		int sb = subject_at(sc, i, &after, &cax, &strict);
		if (!sb)
			continue;
		size_t j = after;
		size_t vj;
		bool pperf;
		int t = T_NONE;
		if (sb == SB_NP) {
			/* try the next two words as the verb: "the light flickered",
			 * "the kitchen light flickered"; or the word after a
			 * prepositional phrase: "the clock over the cooker ticks" */
			for (; j < sc->e && j < after + 2 && !t; j++) {
				size_t pj = pp_skip(sc, j);
				if (pj < sc->e && np_word(sc, j - 1, d->w[i].sent)) {
					int psb = plural(cbook_str(tc->cb, d->w[j - 1].id)) ? SB_PL : SB_3;
					t = verb_tense(sc, psb, pj, 0, &vj, &pperf, true);
					if (t)
						break;
				}
				if (!np_word(sc, j - 1, d->w[i].sent) || d->w[j].sent != d->w[i].sent ||
				    skipped(sc, j))
					break;
				sb = plural(cbook_str(tc->cb, d->w[j - 1].id)) ? SB_PL : SB_3;
				t = verb_tense(sc, sb, j, 0, &vj, &pperf, true);
			}
		} else {
			if (!cax) {
				j = next_word(sc, after - 1, 2);
				if (j >= sc->e)
					continue;
			}
			t = verb_tense(sc, sb, j, cax, &vj, &pperf, strict);
		}
		if (!t)
			continue;
		if (pperf)
			pp_sent = d->w[vj].sent + 1;
		bool weak = tc->weak[d->w[i].id];
		/* I, we, you, "our leader": a speaker's words (speech without
		 * quotes, a journal) as much as a narrator's */
		char sw[32];
		bool spk = sb == SB_I || sb == SB_YOU ||
			   (plain_form(cbook_str(tc->cb, d->w[i].id), sw, sizeof(sw)) &&
			    (!strcmp(sw, "we") || !strcmp(sw, "we're") || !strcmp(sw, "we've") ||
			     !strcmp(sw, "my") || !strcmp(sw, "our") || !strcmp(sw, "your")));
		/* "the brightest eyes I had ever seen": a past perfect in an
		 * embedded clause is no flashback */
		record(sc, t, vj, weak, pperf && clause_start(sc, i), spk);
		if (t == T_PAST && i > sc->s && d->w[i - 1].id == tc->id_when &&
		    (aux_of(tc, d->w[vj].id) == AX_WAS || aux_of(tc, d->w[vj].id) == AX_WERE) &&
		    vj + 1 < sc->e && IN(cbook_str(tc->cb, d->w[vj + 1].id), age_words))
			sc->pt->cue = true; /* "when I was nine" */
		/* verbs sharing the subject: "looks up and smiles" */
		uint32_t sent = d->w[vj].sent;
		size_t k = vj + 1;
		for (int steps = 0; k < sc->e && steps < 12; k++, steps++) {
			const struct cw *y = &d->w[k];
			/* a new subject ends it; "it" and "you" may be objects */
			if (y->sent != sent || skipped(sc, k) ||
			    (tc->sb[y->id] && tc->sb[y->id] != SB_IT && !tc->weak[y->id]))
				break;
			uint16_t cy = wclass_of(tc, y->id);
			/* after a comma, a verb of the same tense that takes an
			 * object or a place ("finds a seat, spreads her jacket on
			 * the grass"), not a list of nouns ("keys, books and coins") */
			if (!(cy & WC_CONJ) && (d->w[k - 1].fl & CW_PUNCT) && (cy & WC_KNOWN) &&
			    !aux_of(tc, y->id) && k + 1 < sc->e && d->w[k + 1].sent == sent &&
			    (wclass_of(tc, d->w[k + 1].id) & (WC_DET | WC_STOP)) &&
			    !(wclass_of(tc, d->w[k + 1].id) & WC_CONJ)) {
				size_t vm;
				bool pp2;
				if (verb_tense(sc, sb, k, 0, &vm, &pp2, true) == t) {
					record(sc, t, vm, weak, false, spk);
					steps = 0;
				}
				continue;
			}
			if (!(cy & WC_CONJ) || y->id == tc->id_that)
				continue;
			size_t m = next_word(sc, k, 1);
			if (m >= sc->e)
				break;
			size_t vm;
			bool pp2;
			uint16_t cm = wclass_of(tc, d->w[m].id);
			if (!(cm & WC_KNOWN) || aux_of(tc, d->w[m].id))
				continue;
			if (verb_tense(sc, sb, m, 0, &vm, &pp2, true) == t) {
				record(sc, t, vm, weak, false, spk);
				k = m;
				steps = 0;
			}
		}
		i = vj;
	}
}

/* ---------------------------------------------------------------- Markdown */

/* Markdown emphasis and block quotes leave no trace in doc->text; they are
 * read back from the source bytes between the block's map pieces. Marks
 * words inside single emphasis (*text*, _text_) in ital[0..n) and returns
 * true when the block is a block quote. */
static bool md_marks(const struct cdoc *d, uint32_t b, size_t s, size_t e, uint8_t *ital)
{
	const struct sm_doc *doc = d->doc;
	const struct block *bl = &doc->blocks[b];
	memset(ital, 0, e - s);
	if (strcmp(doc->format, "markdown") || !doc->src || !bl->n_map)
		return false;
	const char *src = doc->src;
	bool quote = false, on = false;
	size_t wi = s;
	uint32_t prev_end = doc->map[bl->map_first].src_off;
	/* the line's start up to the first piece: "> *" */
	uint32_t ls = prev_end;
	while (ls > 0 && src[ls - 1] != '\n')
		ls--;
	for (uint32_t k = ls; k < prev_end; k++)
		if (src[k] == '>')
			quote = true;
	prev_end = ls;
	for (uint32_t p = bl->map_first; p < bl->map_first + bl->n_map; p++) {
		const struct srcmap *m = &doc->map[p];
		uint32_t text_end = p + 1 < bl->map_first + bl->n_map ? doc->map[p + 1].text_off
								       : bl->off + bl->len;
		if (m->src_off != UINT32_MAX && m->src_off >= prev_end && m->src_off - prev_end < 64) {
			/* a run of one or three marks toggles emphasis; two is bold */
			uint32_t run = 0;
			for (uint32_t k = prev_end; k <= m->src_off; k++) {
				char c = k < m->src_off ? src[k] : 0;
				if (c == '*' || c == '_') {
					run++;
					continue;
				}
				if (run == 1 || run == 3)
					on = !on;
				run = 0;
			}
		}
		while (wi < e && d->w[wi].off < text_end) {
			if (d->w[wi].off >= m->text_off)
				ital[wi - s] = on;
			wi++;
		}
		if (m->src_off != UINT32_MAX)
			prev_end = m->src_off + (text_end - m->text_off);
	}
	return quote;
}

/* A text message or a transcript line: "Mom: where are you". */
static bool message_line(const struct sm_doc *doc, const struct block *bl)
{
	const char *t = doc->text + bl->off;
	int spaces = 0;
	for (uint32_t k = 0; k < bl->len && k < 24; k++) {
		if (t[k] == ':')
			return k > 0 && (t[0] >= 'A' && t[0] <= 'Z');
		if (t[k] == ' ' && ++spaces > 1)
			return false;
		if (t[k] == '.' || t[k] == ',' || t[k] == '"' || (unsigned char)t[k] == 0xE2)
			return false;
	}
	return false;
}

/* A short paragraph of at most max_words words; *last is its last byte. */
static bool short_para(const struct sm_doc *doc, const struct block *bl, int max_words, char *last)
{
	if (bl->kind != BLK_PARAGRAPH || bl->len > 60)
		return false;
	int words = 1;
	for (uint32_t k = 0; k < bl->len; k++)
		if (doc->text[bl->off + k] == ' ' || doc->text[bl->off + k] == '\n')
			words++;
	*last = doc->text[bl->off + bl->len - 1];
	return words <= max_words;
}

/* A letter laid out as one: a salutation paragraph ("Elliot," "Dear Mum:")
 * and, within 15 paragraphs, a short sign-off ("Your father", "Love, A.").
 * Marks in[b] for all of it (consistency.c finds the "Dear Sir" ones). */
static void mark_letters(const struct sm_doc *doc, uint8_t *in)
{
	for (uint32_t b = 0; b + 2 < doc->n_blocks; b++) {
		const struct block *bl = &doc->blocks[b];
		char last;
		unsigned char c0 = (unsigned char)doc->text[bl->off];
		if (!short_para(doc, bl, 4, &last) || (last != ',' && last != ':') || c0 < 'A' || c0 > 'Z')
			continue;
		for (uint32_t z = b + 2; z < doc->n_blocks && z < b + 16; z++) {
			const struct block *zb = &doc->blocks[z];
			if (zb->kind != BLK_PARAGRAPH || zb->chapter != bl->chapter || zb->after_break)
				break;
			if (short_para(doc, zb, 6, &last) && last != '.' && last != '?' && last != '!' &&
			    last != '"' && (unsigned char)last != 0x9D && last != ':') {
				for (uint32_t k = b; k <= z; k++)
					in[k] = 1;
				b = z;
				break;
			}
		}
	}
}

/* Quoted documents: letters laid out as such (above), and paragraphs
 * without quote marks between a speech left open at the end of its
 * paragraph and the next paragraph with quote marks (a verse or a note read
 * out in the speech). Returns in[b] = 1 for those (caller frees). */
static bool has_quote(const struct sm_doc *doc, const struct block *bl)
{
	const char *t = doc->text + bl->off;
	for (uint32_t k = 0; k < bl->len; k++)
		if (t[k] == '"' || ((unsigned char)t[k] == 0xE2 && k + 2 < bl->len &&
				    (unsigned char)t[k + 1] == 0x80 &&
				    ((unsigned char)t[k + 2] == 0x9C || (unsigned char)t[k + 2] == 0x9D)))
			return true;
	return false;
}

static uint8_t *speech_blocks(const struct sm_doc *doc)
{
	uint8_t *in = xcalloc(doc->n_blocks ? doc->n_blocks : 1, 1);
	mark_letters(doc, in);
	size_t di = 0;
	bool open = false;
	for (uint32_t b = 0; b < doc->n_blocks; b++) {
		const struct block *bl = &doc->blocks[b];
		bool any = false, unclosed = false;
		while (di < doc->n_dlgs && doc->dlgs[di].block < b)
			di++;
		for (size_t k = di; k < doc->n_dlgs && doc->dlgs[k].block == b; k++) {
			any = true;
			unclosed = doc->dlgs[k].unclosed;
		}
		if (open && !any && bl->kind == BLK_PARAGRAPH && !has_quote(doc, bl) && !in[b]) {
			/* quote-less: inside if quotes come back within 8 paragraphs */
			uint32_t z = b;
			while (z < doc->n_blocks && z < b + 8 && doc->blocks[z].kind == BLK_PARAGRAPH &&
			       doc->blocks[z].chapter == bl->chapter && !has_quote(doc, &doc->blocks[z]))
				z++;
			bool back = z < doc->n_blocks && z < b + 8 && doc->blocks[z].kind == BLK_PARAGRAPH &&
				    doc->blocks[z].chapter == bl->chapter;
			for (uint32_t k = b; back && k < z; k++)
				in[k] = 1;
			b = z - 1;
			open = false;
			continue;
		}
		open = any && unclosed;
	}
	return in;
}

/* ---------------------------------------------------------------- the check */

struct ptrec {
	uint32_t doc, block;
	uint32_t scene;      /* book-wide scene ordinal */
	uint32_t chapter;    /* book-wide chapter ordinal */
	int lean;            /* T_PAST / T_PRES when the paragraph leans to one tense, else T_NONE */
	bool strong;         /* lean, with three verbs in two sentences */
	bool verbs;          /* any finite verb at all */
	struct para_tense pt;
};

static int lean_of(const struct para_tense *pt, bool *strong)
{
	*strong = false;
	if (pt->pres && pt->pres >= 2 * pt->past) {
		*strong = pt->pres >= 3 && pt->pres >= 3 * pt->past && pt->pres_sents >= 2 &&
			  pt->firm[1] >= 2;
		return T_PRES;
	}
	if (pt->past && pt->past >= 2 * pt->pres) {
		*strong = pt->past >= 3 && pt->past >= 3 * pt->pres && pt->past_sents >= 2 &&
			  pt->firm[0] >= 2;
		return T_PAST;
	}
	return T_NONE;
}

static void add_counts(struct para_tense *a, const struct para_tense *b)
{
	a->past += b->past;
	a->pres += b->pres;
	a->past_sents += b->past_sents;
	a->pres_sents += b->pres_sents;
	a->firm[0] += b->firm[0];
	a->firm[1] += b->firm[1];
	a->pperf += b->pperf;
	a->pres_spk += b->pres_spk;
	a->cue |= b->cue;
}

static void collect(struct cbook *cb, const struct tctx *tc, struct ptrec **pp, size_t *np)
{
	struct ptrec *p = NULL;
	size_t n = 0, cap = 0;
	uint8_t *ital = NULL;
	size_t ital_cap = 0;
	uint32_t scene_base = 0;
	for (uint32_t k = 0; k < cb->n_docs; k++) {
		const struct cdoc *d = &cb->d[k];
		const struct sm_doc *doc = d->doc;
		uint8_t *speech = speech_blocks(doc);
		size_t i = 0;
		while (i < d->n) {
			uint32_t b = d->w[i].block;
			size_t e = i;
			while (e < d->n && d->w[e].block == b)
				e++;
			const struct block *bl = &doc->blocks[b];
			if (bl->kind == BLK_PARAGRAPH && !d->letter[b] && !bl->in_table && !speech[b] &&
			    !message_line(doc, bl)) {
				if (e - i > ital_cap) {
					ital_cap = e - i;
					ital = xrealloc(ital, ital_cap);
				}
				if (!md_marks(d, b, i, e, ital)) {
					SM_GROW(p, cap, n + 1);
					struct ptrec *r = &p[n++];
					r->doc = k;
					r->block = b;
					r->scene = scene_base + (doc->n_scenes ? bl->scene : 0);
					r->chapter = d->chap_base + (doc->n_chapters ? bl->chapter : 0);
					struct scan sc = { tc, d, i, e, ital, &r->pt };
					para_scan(&sc);
					r->lean = lean_of(&r->pt, &r->strong);
					r->verbs = r->pt.past + r->pt.pres > 0;
				}
			}
			i = e;
		}
		free(speech);
		scene_base += doc->n_scenes ? (uint32_t)doc->n_scenes : 1;
	}
	free(ital);
	*pp = p;
	*np = n;
}

/* Running counts over the paragraphs, so that a scene's or a chapter's
 * counts without a run cost O(1) however many runs it has. */
enum { K_STRONG_PAST, K_STRONG_PAST_NF, K_STRONG_PRES, K_LEAN_PAST, K_LEAN_PAST_NF, K_LEAN_PRES, N_K };

struct tally {
	const struct ptrec *p;
	uint32_t *pre; /* (np + 1) * N_K: counts of each K_ before paragraph i */
};

static void tally_init(struct tally *ty, const struct ptrec *p, size_t np)
{
	ty->p = p;
	ty->pre = xcalloc((np + 1) * N_K, sizeof(uint32_t));
	for (size_t i = 0; i < np; i++) {
		uint32_t *c = ty->pre + (i + 1) * N_K;
		memcpy(c, c - N_K, N_K * sizeof(uint32_t));
		bool flash = p[i].pt.pperf || p[i].pt.cue;
		if (p[i].lean == T_PAST) {
			c[K_LEAN_PAST]++;
			c[K_LEAN_PAST_NF] += !flash;
			c[K_STRONG_PAST] += p[i].strong;
			c[K_STRONG_PAST_NF] += p[i].strong && !flash;
		} else if (p[i].lean == T_PRES) {
			c[K_LEAN_PRES]++;
			c[K_STRONG_PRES] += p[i].strong;
		}
	}
}

/* Count k over p[s..e) outside the run [rs, re) (which lies inside it). */
static uint32_t tally_of(const struct tally *ty, int k, size_t s, size_t e, size_t rs, size_t re)
{
	const uint32_t *c = ty->pre;
	return c[e * N_K + k] - c[s * N_K + k] - (c[re * N_K + k] - c[rs * N_K + k]);
}

/* Strong paragraphs of tense t; with no_flashback, not counting past ones
 * marked as flashbacks (past perfect, "years ago"). */
static uint32_t count_strong(const struct tally *ty, size_t s, size_t e, size_t rs, size_t re, int t,
			     bool no_flashback)
{
	int k = t == T_PRES ? K_STRONG_PRES : no_flashback ? K_STRONG_PAST_NF : K_STRONG_PAST;
	return tally_of(ty, k, s, e, rs, re);
}

/* The tense that p[s..e) is told in without the run [rs, re), or T_NONE;
 * *thin is set when only short past paragraphs tell it (below). */
static int unit_tense(const struct tally *ty, size_t s, size_t e, size_t rs, size_t re, bool *thin)
{
	*thin = false;
	uint32_t past = count_strong(ty, s, e, rs, re, T_PAST, false);
	uint32_t pres = count_strong(ty, s, e, rs, re, T_PRES, false);
	if (past >= 2 && past >= 3 * pres)
		return T_PAST;
	/* a present scene with backstory told in the past */
	past = count_strong(ty, s, e, rs, re, T_PAST, true);
	if (pres >= 2 && pres >= 3 * past)
		return T_PRES;
	/* a present scene told in short paragraphs between lines of dialogue
	 * ("You nod. 'Fine,' you say.") has few strong paragraphs: many that
	 * lean to the present and none to the past (flashbacks aside) set its
	 * tense too. Not the other way: present narration in a past book is
	 * more often speech without quotes or a general truth. */
	if (!past) {
		uint32_t lq = tally_of(ty, K_LEAN_PRES, s, e, rs, re);
		uint32_t lpn = tally_of(ty, K_LEAN_PAST_NF, s, e, rs, re);
		if (lq >= 4 && lq >= 4 * lpn)
			return T_PRES;
	}
	/* likewise a past scene told in short paragraphs ("He strode the
	 * halls.", "Anna said, ..."): many that lean to the past, at least
	 * one strong past one, no strong present one and few leaning so */
	if (!pres && count_strong(ty, s, e, rs, re, T_PAST, false)) {
		uint32_t lp = tally_of(ty, K_LEAN_PAST, s, e, rs, re);
		uint32_t lq = tally_of(ty, K_LEAN_PRES, s, e, rs, re);
		if (lp >= 5 && lp >= 6 * lq) {
			*thin = true;
			return T_PAST;
		}
	}
	return T_NONE;
}

static void report(struct cbook *cb, struct sm_findings *out, const struct ptrec *p, size_t rs,
		   size_t re, const struct para_tense *sum, int other, size_t est)
{
	/* quote the run's first strong paragraph, else its first with such verbs */
	const struct ptrec *r = &p[rs];
	while (r < p + re && !r->strong)
		r++;
	if (r == p + re)
		for (r = &p[rs]; r < p + re && !(other == T_PRES ? r->pt.pres : r->pt.past);)
			r++;
	const struct para_tense *pt = &r->pt;
	const struct sm_doc *doc = cb->book->docs[r->doc];
	int ti = other - 1;
	uint32_t tot = other == T_PRES ? sum->pres : sum->past;
	uint32_t tot2 = other == T_PRES ? sum->past : sum->pres;
	/* the first four verbs of the run from the quoted paragraph on */
	char verbs[200];
	size_t vn = 0;
	uint32_t nq = 0, nall = 0;
	for (const struct ptrec *q = r; q < p + re; q++) {
		uint32_t n = other == T_PRES ? q->pt.pres : q->pt.past;
		nall += n;
		for (uint32_t k = 0; k < n && k < 4 && nq < 4 && vn < sizeof(verbs) - 1; k++, nq++)
			vn += (size_t)snprintf(verbs + vn, sizeof(verbs) - vn, "%s%.*s", nq ? ", " : "",
					       (int)SM_MIN(q->pt.len[ti][k], 40u), doc->text + q->pt.off[ti][k]);
	}
	const char *tn = other == T_PRES ? "present" : "past";
	const char *sn = other == T_PRES ? "past" : "present";
	char where[160];
	const struct ptrec *ep = &p[est];
	int ei = 2 - other; /* the scene's tense index */
	cons_where(cb, ep->doc, ep->pt.off[ei][0], where, sizeof(where));
	char paras[48] = "";
	if (re - rs > 1)
		snprintf(paras, sizeof(paras), " over %zu paragraphs", re - rs);
	struct sm_finding *x = findings_add(
		out, cb->book, "consistency.tense-shift", SM_SEV_WARNING, r->doc, pt->off[ti][0],
		pt->len[ti][0], NULL,
		"narration in the %s tense (%s%s: %u %s and %u %s verb%s%s) in a scene told in the %s tense, as set in %s",
		tn, verbs, nall > nq ? ", ..." : "", tot, tn, tot2, sn, tot2 == 1 ? "" : "s", paras, sn,
		where);
	findings_relate(out, x, ep->doc, ep->pt.off[ei][0], ep->pt.len[ei][0], cb->book);
}

/* The frame of a past run [rs, re) in a present unit [s, e): the nearest
 * paragraph with verbs on each side, passing over one that is mixed (as
 * many past verbs as present: "Before you know it you've engaged them; he
 * saw you enter"), since a mixed paragraph sets no tense. frame_before
 * returns a with p[a - 1] the frame (a == s: none); frame_after returns z
 * with p[z] the frame (z == e: none). */
static size_t frame_before(const struct ptrec *p, size_t s, size_t rs)
{
	size_t a = rs;
	for (int mixed = 0;; mixed++) {
		while (a > s && !p[a - 1].verbs)
			a--;
		if (a == s || p[a - 1].lean || mixed)
			return a;
		a--;
	}
}

static size_t frame_after(const struct ptrec *p, size_t re, size_t e)
{
	size_t z = re;
	for (int mixed = 0;; mixed++) {
		while (z < e && !p[z].verbs)
			z++;
		if (z == e || p[z].lean || mixed)
			return z;
		z++;
	}
}

/* Look at the runs of other-tense paragraphs in the unit p[s..e). */
static void check_unit(struct cbook *cb, struct sm_findings *out, const struct tally *ty, size_t s,
		       size_t e, size_t cs, size_t ce)
{
	const struct ptrec *p = ty->p;
	size_t i = s;
	while (i < e) {
		if (!p[i].lean || !p[i].verbs) {
			i++;
			continue;
		}
		int other = p[i].lean;
		/* the run: paragraphs leaning to other, with verb-less ones between */
		size_t re = i + 1, last = i;
		while (re < e && (p[re].lean == other || !p[re].verbs)) {
			if (p[re].verbs)
				last = re;
			re++;
		}
		re = last + 1;
		size_t rs = i;
		i = re;
		/* a run that is all the scene's narration is a scene in the other
		 * tense, not a shift inside one */
		if (!tally_of(ty, other == T_PRES ? K_LEAN_PAST : K_LEAN_PRES, s, e, rs, re))
			continue;
		bool thin;
		int dom = unit_tense(ty, s, e, rs, re, &thin);
		size_t us = s, ue = e;
		if (!dom) {
			/* a short or mixed scene follows its chapter unless it
			 * leans the other way */
			dom = unit_tense(ty, cs, ce, rs, re, &thin);
			if (dom && count_strong(ty, s, e, rs, re, dom, true) <
					   count_strong(ty, s, e, rs, re, 3 - dom, true))
				dom = T_NONE;
			us = cs;
			ue = ce;
		}
		if (dom != 3 - other)
			continue;
		struct para_tense sum;
		memset(&sum, 0, sizeof(sum));
		size_t nv = 0;
		for (size_t k = rs; k < re; k++) {
			add_counts(&sum, &p[k].pt);
			nv += p[k].verbs;
		}
		if (other == T_PRES) {
			/* when short paragraphs alone tell the scene's past, the
			 * run must narrate what others do: speech without quotes
			 * and a journal's entries ("I have done what I can") talk
			 * of I, we and you */
			uint32_t told = sum.pres - sum.pres_spk;
			if (sum.pres < 3 || sum.pres_sents < 2 || sum.pres < 3 * sum.past || sum.firm[1] < 2 ||
			    (thin && (told < 3 || 3 * told < 2 * sum.pres)))
				continue;
		} else {
			/* past in a present scene: framed by present narration on
			 * both sides, and no sign of a flashback: one opens with a
			 * past perfect ("She had been nine when ...") or a cue
			 * ("years ago"); a past perfect inside past narration ("The
			 * rain had stopped") is the past tense's own */
			if (sum.past < 3 || sum.past_sents < 2 || sum.past < 3 * sum.pres || sum.firm[0] < 2 ||
			    p[rs].pt.opens_pperf || sum.cue || nv > 2)
				continue;
			size_t a = frame_before(p, s, rs), z = frame_after(p, re, e);
			if (a == s || z == e || p[a - 1].lean != T_PRES || p[z].lean != T_PRES ||
			    p[a - 1].pt.pperf)
				continue;
		}
		/* where the unit's tense was set: its first strong paragraph of it */
		size_t est = us;
		while (est < ue && !(p[est].strong && p[est].lean == dom && (est < rs || est >= re)))
			est++;
		if (est == ue)
			continue;
		report(cb, out, p, rs, re, &sum, other, est);
	}
}

void cons_check_tense(struct cbook *cb, const struct cons_registry *reg, struct sm_findings *out)
{
	(void)reg;
	if (!cb->n_ids)
		return;
	struct tctx tc = { cb,
			   xcalloc(cb->n_ids, sizeof(uint16_t)),
			   xcalloc(cb->n_ids, 1),
			   xcalloc(cb->n_ids, 1),
			   xcalloc(cb->n_ids, 1),
			   cbook_id(cb, "had"),
			   cbook_id(cb, "hadn't"),
			   cbook_id(cb, "been"),
			   cbook_id(cb, "got"),
			   cbook_id(cb, "that"),
			   cbook_id(cb, "when") };
	for (size_t i = 0; i < SM_ARRAY_LEN(auxes); i++) {
		uint32_t id = cbook_id(cb, auxes[i].w);
		if (id != UINT32_MAX)
			tc.ax[id] = auxes[i].ax;
	}
	static const struct {
		const char *w;
		uint8_t sb;
	} pron[] = { { "i", SB_I }, { "you", SB_YOU }, { "we", SB_PL }, { "they", SB_PL },
		     { "he", SB_3 }, { "she", SB_3 }, { "it", SB_IT } };
	for (size_t i = 0; i < SM_ARRAY_LEN(pron); i++) {
		uint32_t id = cbook_id(cb, pron[i].w);
		if (id != UINT32_MAX)
			tc.sb[id] = pron[i].sb;
	}
	for (size_t i = 0; i < SM_ARRAY_LEN(indefinite); i++) {
		uint32_t id = cbook_id(cb, indefinite[i]);
		if (id != UINT32_MAX) {
			tc.sb[id] = SB_3;
			tc.weak[id] = 1;
		}
	}
	if (cbook_id(cb, "you") != UINT32_MAX)
		tc.weak[cbook_id(cb, "you")] = 1;
	/* contractions, with either apostrophe */
	for (uint32_t id = 0; id < cb->n_ids; id++) {
		const char *s = cbook_str(cb, id);
		if (!strchr(s, '\'') && !strstr(s, "\xE2\x80\x99"))
			continue;
		char w[32];
		if (!plain_form(s, w, sizeof(w)))
			continue;
		for (size_t i = 0; i < SM_ARRAY_LEN(contr); i++)
			if (!strcmp(w, contr[i].w)) {
				tc.sb[id] = contr[i].sb;
				tc.ax[id] = contr[i].ax;
				tc.weak[id] = contr[i].sb == SB_YOU;
			}
		for (size_t i = 0; i < SM_ARRAY_LEN(auxes); i++)
			if (!strcmp(w, auxes[i].w))
				tc.ax[id] = auxes[i].ax;
	}
	struct ptrec *p;
	size_t np;
	collect(cb, &tc, &p, &np);
	struct tally ty;
	tally_init(&ty, p, np);
	size_t s = 0;
	while (s < np) {
		size_t ce = s;
		while (ce < np && p[ce].chapter == p[s].chapter)
			ce++;
		size_t u = s;
		while (u < ce) {
			size_t e = u;
			while (e < ce && p[e].scene == p[u].scene)
				e++;
			check_unit(cb, out, &ty, u, e, s, ce);
			u = e;
		}
		s = ce;
	}
	free(ty.pre);
	free(p);
	free(tc.wc);
	free(tc.ax);
	free(tc.sb);
	free(tc.weak);
}
