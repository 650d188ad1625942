/* rule_int.h: the compiled form of a rule, shared by the loader
 * (rule_load.c) and the runner (rule_run.c). Not a public header. */
#ifndef SM_RULE_INT_H
#define SM_RULE_INT_H

#include <pcre2.h>

#include "base/hmap.h"
#include "rules/rules.h"

enum rule_type {
	RT_EXISTENCE,
	RT_SUBSTITUTION,
	RT_OCCURRENCE,
	RT_REPETITION,
	RT_CONSISTENCY,
	RT_CONDITIONAL,
	RT_CAPITALIZATION,
	/* fiction extensions */
	RT_ECHO,    /* same content word again within window words */
	RT_STARTS,  /* runs of sentences opening alike; share of pronoun openings */
	RT_STICKY,  /* glue-word share per sentence and per book */
	RT_RATE,    /* book-wide rate of matches per N words */
	RT_OVERUSE, /* words far above their rate in a reference table */
};

#define RULE_START_MAX 63 /* longest word the phrase prefilter keys on, bytes */

enum rule_unit { U_TEXT, U_SENTENCE, U_PARAGRAPH, U_SCENE, U_CHAPTER, U_HEADING };
enum rule_filter { F_ALL, F_NARRATION, F_DIALOGUE };
enum cap_match { CAP_TITLE, CAP_SENTENCE, CAP_LOWER, CAP_UPPER, CAP_REGEX };

/* A set of lower-case words (open addressing). */
/* A set of words with a value each; the set owns copies of its words. */
struct rule_words {
	struct sm_map map; /* word -> index into vals; map.n words */
	double *vals;
	size_t cap;
};

void rule_words_add(struct rule_words *s, const char *w, size_t n, double val);
/** Pointer to the value of w (lower-cased by the caller), or NULL. */
double *rule_words_get(const struct rule_words *s, const char *w, size_t n);
void rule_words_release(struct rule_words *s);
/** The word numbered i (i < s->map.n, in the order added), NUL-terminated. */
static inline const char *rule_words_key(const struct rule_words *s, uint32_t i) { return s->map.str[i]; }

struct rule {
	char *id, *pack, *file, *type_name, *scope_name;
	enum rule_type type;
	enum sm_sev level;
	enum rule_unit unit;
	enum rule_filter filter;
	int house;                /* enum house_style, HOUSE_NONE = any */
	bool opt_in;              /* default: off: runs only when the configuration or --only asks */
	char *message, *description, *link;
	bool ignorecase, nonword;

	pcre2_code *re;           /* the tokens/swap alternation */
	/* Prefilter of a phrases: alternation (rule_load.c build_starts). Every
	 * match of re begins at a whole ASCII word (a \w run, lower-cased) that
	 * is a key of `starts` (value -1); "first second" (the next word after
	 * only ASCII non-word characters) and "first\x01" (no second word) map
	 * to start_list[v] = count, followed by the indices of the phrases to
	 * try there, in order, each with its anchored pattern phrase_re[i]. */
	struct rule_words starts;    /* empty when the prefilter does not apply */
	uint32_t *start_list; size_t n_start_list;
	pcre2_code **phrase_re; size_t n_phrase_re;
	/* substitution: swap key k matched when group grp[k] is set */
	char **repl; uint32_t *grp; size_t n_swap;
	/* consistency: one pattern per pair with groups 1 and 2 */
	pcre2_code **either; size_t n_either;
	/* conditional */
	pcre2_code *first, *second;
	/* capitalization */
	enum cap_match cap; pcre2_code *cap_re;
	pcre2_code *exc_re;       /* exceptions: a match equal to one is skipped */
	/* occurrence */
	long max, min;
	/* echo / starts / sticky / rate / overuse parameters */
	struct rule_words words;      /* echo: ignored words; sticky: glue words; starts: openers */
	double window;             /* echo: words */
	double min_len;            /* echo/overuse: shortest word, bytes */
	double run;                /* starts: sentences in a row */
	double share;              /* starts/sticky: book share threshold (0..1) */
	double sentence_share;     /* sticky: per-sentence threshold */
	double min_words;          /* sticky: shortest sentence; rate: shortest book */
	double rate, per;          /* rate: threshold per `per` words */
	char **group_names; pcre2_code **groups; double *group_ref; size_t n_groups;
	double factor, min_count, max_report; /* overuse */
	struct rule_words reference;  /* overuse: word -> per million */
	double ref_floor;          /* overuse: rate for words not in the table */

	char **fire, **pass; size_t n_fire, n_pass;
};

struct ruleset {
	struct rule **v; size_t n, cap;
	char **warn; size_t n_warn, cap_warn;
	double budget_ms;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
};

void ruleset_add_warning(struct ruleset *rs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rule_free(struct rule *r);

/** ASCII-lower-case copy of s[0..n) into buf (cap bytes); returns its length. */
size_t rule_lower(char *buf, size_t cap, const char *s, size_t n);

#endif
