/* book.h: the book being checked (its documents, configuration, model and
 * warnings) and the findings every analyzer appends to it: one rule, one
 * span of one document, a message, a suggestion and related places. The
 * list copies its strings into its own arena; findings_add applies the
 * configuration (disabled rules, levels) and the manuscript's own
 * suppressions, so an analyzer never has to (checks_run drops the opt-in
 * checks nobody asked for). */
#ifndef SM_BOOK_H
#define SM_BOOK_H

#include <stdatomic.h>

#include "base/arena.h"
#include "base/sm.h"
#include "config/config.h"
#include "config/severity.h"
#include "doc/doc.h"

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
	/* Seconds the model may spend scoring one document (0: no limit); past
	 * it the model's checks skip that document with a warning. */
	double time_limit;
	size_t n_model_skipped;        /* times the model skipped a document or the run: the time or the memory limit */
	/* Set by another thread to stop the model's scoring at its next batch
	 * (the language server, when the text changed); NULL: never. The run
	 * then ends with an error and its findings are to be dropped. */
	const atomic_int *cancel;
	/* Threads the model may score on; 0: its default (2). A library scan
	 * running books in parallel gives each a share of the cores. */
	int lm_threads;
};

/** Record a warning for the CLI to print (copied). */
void book_warn(struct sm_book *book, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Free the warnings list. */
void book_release_warnings(struct sm_book *book);

/** A suggestion as it replaces text: its first letter capitalized when the
 * text's is and its own is not ("The the" -> "The"). Caller frees. */
char *finding_fit_case(const char *suggestion, const char *text);

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

#endif
