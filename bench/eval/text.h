/* bench/eval/text.h: the evaluation's view of a clean text: paragraphs as
 * strings (the source's own lines inside them), what kind each is, and the
 * facts the planter needs (names, tense, person, vocabulary). Independent of
 * the analyzers on purpose: the planter must not see the text the way the
 * checks do. */
#ifndef SM_EVAL_TEXT_H
#define SM_EVAL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pkind { PK_OTHER, PK_HEAD, PK_BREAK, PK_DIALOGUE, PK_NARR };

struct para {
	char *s;        /* malloc'd, NUL-terminated, the source's bytes */
	int kind;       /* enum pkind */
	int planted;    /* defect index + 1 when a defect lives here, 0 otherwise */
	int tracked;    /* DOCX: write the paragraph as a tracked insertion */
};

struct name {
	char w[48];
	int n;          /* capitalized occurrences not at a sentence start */
	int gender;     /* 1 she, 2 he, 0 unknown */
	int n_say;      /* times it speaks or acts: "NAME said", "said NAME", "NAME nodded" */
};

struct text {
	char *path;     /* as given */
	char *label;    /* file name without folders and extensions */
	char *family;   /* "austen", "modern", ... */
	bool md;        /* Markdown (else plain text) */
	struct para *p;
	size_t n, cap;
	size_t words;
	/* facts, from text_analyze */
	struct name names[16];
	int n_names;
	bool present;   /* narration mostly in the present tense */
	bool first;     /* narration in the first person */
	bool curly;     /* curly double quotes dominate */
	bool single_dq; /* dialogue in single quotes */
	char **vocab;   /* sorted distinct words, lower case */
	size_t n_vocab;
};

/** Read a text (.md, .txt, optionally .xz-compressed); NULL on failure with a
 * message on stderr. */
struct text *text_load(const char *path, const char *family);
/** A deep copy (paragraphs duplicated). */
struct text *text_copy(const struct text *t);
void text_free(struct text *t);
/** Names, tense, person, quotes, vocabulary. */
void text_analyze(struct text *t);
/** Whether the lower-case word w occurs in t's vocabulary. */
bool text_has_word(const struct text *t, const char *w);
/** Insert a new paragraph (s copied) before index i. */
void text_insert(struct text *t, size_t i, const char *s, int kind);

/* Narration of one paragraph, outside double quotes: counts of past and
 * present forms of be/have/do, and of first- and third-person pronouns. */
struct voice {
	int past, present, first, third;
};
void text_para_voice(const char *s, struct voice *v);
/** Replace paragraph i's string (s copied). */
void text_set(struct text *t, size_t i, const char *s);
/** Write the text as Markdown or plain text (its own format). 0 on success. */
int text_write(const struct text *t, const char *path);
/** Write the text as a DOCX file. tracked: paragraphs marked tracked become
 * insertions and decoys (deleted text, comments) that must never be reported
 * are added. 0 on success. */
int text_write_docx(const struct text *t, const char *path, bool tracked);
/** Words (white-space separated) of s. */
size_t count_words(const char *s);

/* A growable string (abort on no memory); b is NUL-terminated, caller frees. */
struct xb {
	char *b;
	size_t n, cap;
};
void xput(struct xb *x, const char *s, size_t n);
void xs(struct xb *x, const char *s);

/* Decoy strings put only into deleted text and comments of the tracked DOCX. */
extern const char *const decoys[];
#define N_DECOYS 4

#endif
