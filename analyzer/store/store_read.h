/* store_read.h: the store read back into memory, for the report renderers
 * (stage 5; the SQL stays in store/). report_data_load reads every current document with its
 * chapters, scenes and findings, the runs, and, when an earlier version of a
 * document is stored, which findings are new, fixed or persisting (by
 * fingerprint). Each renderer (text, json, md, html) reads only this. */
#ifndef SM_STORE_READ_H
#define SM_STORE_READ_H

#include <stdio.h>

#include "base/arena.h"
#include "book/book.h"

struct store;
struct cons_registry;
struct pm_rows; /* store/store_metrics.h */
struct pm_row;

/* How a finding compares with the document's earlier version. */
enum rd_change {
	RD_UNCOMPARED, /* no earlier version of the document is stored */
	RD_NEW,        /* not in the earlier version */
	RD_PERSISTING, /* same fingerprint in the earlier version */
	RD_FIXED,      /* in the earlier version only (report_data.fixed) */
};

struct rd_run {
	int64_t id;
	const char *started;      /* ISO 8601 UTC */
	const char *ended;        /* NULL while running or when the scan was killed */
	const char *tool_version;
	const char *status;       /* "ok", "errors", "running", "interrupted" */
	int64_t n_documents;      /* documents stored by the run */
};

struct rd_scene {
	int64_t chapter;          /* chapter number */
	int64_t number;           /* 1-based within the chapter */
	int64_t first_paragraph, last_paragraph; /* 1-based, inclusive */
	int64_t words;
};

struct rd_chapter {
	int64_t number;           /* 1-based ordinal; 0 = front matter */
	int64_t declared_num;     /* number in the heading, -1 when none */
	const char *title;        /* "" when none */
	int64_t part;
	int64_t first_paragraph, last_paragraph;
	int64_t words;
	size_t scene_first, n_scenes; /* into report_data.scenes */
	size_t n_findings;        /* current findings in this chapter */
};

struct rd_related {
	const char *path;
	int64_t paragraph, start, end; /* 1-based paragraph; code points in it */
	int64_t chapter_paragraph; /* within its chapter (0 = the heading); -1 when
				    * not known (stored findings) */
	const char *text;
	const char *where;         /* a place a reader finds (rd_locate), NULL when stored */
};

struct rd_finding {
	int64_t id, run_id;
	size_t doc;               /* index into report_data.docs */
	const char *path, *rule, *category;
	enum sm_sev sev;
	int64_t paragraph;        /* 1-based */
	int64_t chapter_paragraph;/* within its chapter (0 = the heading); -1 when not
				   * known (stored findings) */
	int64_t start, end;       /* 0-based code points in the paragraph */
	int64_t line;             /* 1-based source line; 0 when none (DOCX) */
	int64_t column;           /* 1-based */
	int64_t chapter, scene;   /* numbers; -1 when none */
	const char *message, *text;
	const char *suggestion;   /* NULL when none */
	const char *fingerprint;  /* 16 hex digits; NULL for live findings (check) */
	const char *where;        /* where a reader finds it: "ch1.md:3:5", or for DOCX the
				   * chapter, paragraph and its first words; NULL when stored */
	struct rd_related *rel;   /* n_rel entries (arena) */
	size_t n_rel;
	enum rd_change change;
};

struct rd_document {
	int64_t id;
	const char *path, *format, *hash;
	int64_t size, words, n_blocks;
	const char *title, *author; /* NULL when absent */
	int64_t run_id;           /* the scan that stored this version */
	const char *scanned_at;
	size_t chapter_first, n_chapters; /* into report_data.chapters */
	size_t n_story;           /* of them, the chapters that are not front matter */
	size_t finding_first, n_findings; /* into report_data.findings */
	int64_t prev_run;         /* run of the version compared with; 0 when none */
	size_t fixed_first, n_fixed;      /* into report_data.fixed */
};

struct rd_category {
	const char *name;         /* "structure", "style", ... */
	size_t n[3];              /* by enum sm_sev */
};

struct report_data {
	struct arena arena;       /* owns every string (live data borrows the book's too) */
	bool live;                /* built by report_data_from_book from `check`'s findings
				   * (no runs, hashes, metrics or fingerprints) */
	struct rd_run *runs; size_t n_runs;            /* by id */
	struct rd_document *docs; size_t n_docs;       /* natural order of path */
	struct rd_chapter *chapters; size_t n_chapters;
	struct rd_scene *scenes; size_t n_scenes;
	struct rd_finding *findings; size_t n_findings; /* current; doc, paragraph, start order */
	struct rd_finding *fixed; size_t n_fixed;      /* earlier findings gone now */
	struct rd_category *cats; size_t n_cats;       /* sorted by name */
	int64_t words;            /* all documents */
	size_t n_story;           /* chapters that are not front matter (number > 0) */
	size_t by_sev[3];         /* current findings by enum sm_sev */
	size_t n_new, n_persisting; /* when compared */
	bool compared;            /* some document has an earlier version */
	int64_t since_run;        /* the run asked for, 0 = each document's previous one */
	struct cons_registry *chars; /* character registry a scan stored for the book
				      * (store_characters.h), NULL when none */
	const char *chars_book;   /* the book name it is stored under, NULL when none */
	struct pm_rows *metrics;  /* n_docs entries: the pacing metrics (chapter and scene
				   * rows) each document's run stored; empty when none */
};

/**
 * Load the store into rd (which need not be initialized): of a library
 * store, the book with id book (its documents and runs only); 0 loads every
 * document and run (a one-book store). since_run picks
 * the version to compare with (0: each document's previous version).
 * On success the caller releases rd with report_data_release; on failure rd
 * is released already. Errors: SM_EDB.
 */
int report_data_load(struct store *st, int64_t book, int64_t since_run, struct report_data *rd,
		     struct sm_err *err);
/**
 * The located form of finding x of book, the one used by every output (check
 * and the store): path, paragraph and its number within the chapter, code
 * point span, line and column, chapter and scene numbers, category,
 * severity, text, the place as a reader finds it (where), and the related
 * places (invalid ones left out). id, run_id, fingerprint and change are
 * left 0/NULL and doc is set to x->doc. Strings are borrowed from book or
 * allocated in a. Returns false when x lies outside its document.
 */
bool rd_locate(const struct sm_book *book, const struct sm_finding *x, struct arena *a,
	       struct rd_finding *out);

/** Chapter `number` of document d (an index into rd->docs), or NULL: a
 * binary search, since a document's chapters come in order of number. */
const struct rd_chapter *rd_chapter(const struct report_data *rd, size_t d, int64_t number);

/** Recount rd's summary from its findings: by_sev, cats (sorted by name) and
 * each chapter's n_findings. */
void report_data_count(struct report_data *rd);

/** Free everything rd holds. */
void report_data_release(struct report_data *rd);

/** The run with id, or NULL. */
const struct rd_run *report_data_run(const struct report_data *rd, int64_t id);

/** The stored pacing metrics of chapter number `chapter` (scene 0) or of its
 * scene `scene` in document doc (index into rd->docs); NULL when none.
 * Borrowed: valid until report_data_release. */
const struct pm_row *report_data_metrics(const struct report_data *rd, size_t doc,
					 int64_t chapter, int64_t scene);

#endif
