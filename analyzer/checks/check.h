/* check.h: findings, the book being checked, and the analyzer registry.
 * An analyzer reads a whole book (all files of one check or scan, in
 * natural name order) and appends findings; it never prints. */
#ifndef SM_CHECK_H
#define SM_CHECK_H

#include "base/arena.h"
#include "base/sm.h"
#include "checks/config.h"
#include "doc/doc.h"

#include "checks/severity.h"

/* Another place a finding refers to (the first spelling of a name, ...). */
struct sm_related {
	uint32_t doc;      /* index into book->docs */
	uint32_t block;    /* index into that doc's blocks */
	uint32_t off, len; /* bytes into that doc's text */
};

struct sm_finding {
	const char *rule;       /* "category.name", e.g. "style.doubled-word" */
	enum sm_sev sev;
	uint32_t doc;           /* index into book->docs */
	uint32_t block;         /* index into doc->blocks */
	uint32_t off, len;      /* bytes into doc->text (the quoted text) */
	const char *message;    /* says what is wrong, with numbers where useful */
	const char *suggestion; /* NULL when none */
	struct sm_related *rel; /* n_rel entries, NULL when none */
	uint32_t n_rel;
};

/* Growable list of findings; strings are copied into its arena. */
struct sm_findings {
	struct sm_finding *v;
	size_t n, cap;
	struct arena arena;
};

struct lm; /* model/lm.h, optional */
struct lm_scored; /* model/lm.h */
struct ruleset; /* rules/rules.h */
struct book_scores; /* the model's scores of the documents (checks/book_scores.c) */

struct sm_book {
	struct sm_doc **docs;          /* borrowed */
	size_t n_docs;
	const struct sm_config *cfg;   /* borrowed, never NULL */
	struct lm *lm;                 /* NULL with --no-model */
	void *registry;                /* consistency registry (checks/consistency), NULL until built */
	struct ruleset *rules;         /* borrowed (rules/rules.h); NULL: the rules analyzer loads the embedded packs */
	const char *warn_prefix;       /* unused by analyzers */
	/* Progress of long work, or NULL: what is being done, done of total steps.
	 * The CLI sets it when stderr is a terminal; analyzers only call it. */
	void (*progress)(void *ctx, const char *what, size_t done, size_t total);
	void *progress_ctx;
	/* Non-fatal warnings of analyzers (a rule stopped by its time budget, ...):
	 * collected here, printed by the CLI. */
	char **warnings;
	size_t n_warnings, cap_warnings;
	/* The language model's scores of each document, shared by the analyzers
	 * that need them (pacing, language) so a text is scored once: NULL until
	 * book_doc_scores first scores a document; freed by book_release_scores. */
	struct book_scores *scores;
};

/** Record a warning for the CLI to print (copied). */
void book_warn(struct sm_book *book, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Free the warnings list. */
void book_release_warnings(struct sm_book *book);

/**
 * The language model's scoring of book->docs[doc] (lm_score with a unigram
 * cache of the document's own tokens, weight 0.03, on 2 threads), computed on
 * the first call for that document and kept on the book. *out is borrowed:
 * valid until book_release_scores(book). *out is NULL (and SM_OK returned)
 * when there is no model (book->lm NULL or cfg->no_model). A failed scoring
 * is not cached. Errors: those of lm_score (SM_ELIMIT).
 */
int book_doc_scores(struct sm_book *book, size_t doc, const struct lm_scored **out,
		    struct sm_err *err);
/** How many times book_doc_scores has run the model for this book (one per
 * document at most, unless the documents changed); for tests. */
size_t book_n_scorings(const struct sm_book *book);
/** Free the cached scores; a no-op when there are none. */
void book_release_scores(struct sm_book *book);

void findings_init(struct sm_findings *f);
void findings_release(struct sm_findings *f);

/**
 * Append a finding; message, suggestion (may be NULL) and rule are copied.
 * Returns the new finding (valid until the next add) so related places can be
 * attached with findings_relate. The finding is dropped (NULL returned) when
 * the rule is disabled in the config or suppressed at that place.
 */
struct sm_finding *findings_add(struct sm_findings *f, const struct sm_book *book,
				const char *rule, enum sm_sev sev, uint32_t doc, uint32_t off,
				uint32_t len, const char *suggestion, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));

/** Attach a related place to finding x (which may be NULL: then a no-op). */
void findings_relate(struct sm_findings *f, struct sm_finding *x, uint32_t doc, uint32_t off,
		     uint32_t len, const struct sm_book *book);

/** Sort into the stable output order: doc, block, offset, rule, message. */
void findings_sort(struct sm_findings *f);

/** Count findings with severity >= sev. */
size_t findings_count_at(const struct sm_findings *f, enum sm_sev sev);
/** Keep only the findings at sev or above (in order). */
void findings_keep_at(struct sm_findings *f, enum sm_sev sev);

/* An analyzer family. run() reads the book and appends findings; it returns
 * SM_OK or an error (which the CLI reports and which stops nothing else). */
struct analyzer {
	const char *name;     /* "structure", "rules", "consistency", "pacing", "language" */
	int (*run)(struct sm_book *book, struct sm_findings *out, struct sm_err *err);
};

/** NULL-terminated list of analyzers, in the order they run. */
extern const struct analyzer *const analyzers[];

/** Run every enabled analyzer over the book, then sort. */
int checks_run(struct sm_book *book, struct sm_findings *out, struct sm_err *err);

#endif
