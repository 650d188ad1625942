/* report_data.h: the renderers of the report (stage 5). Each reads only the
 * stored book in memory (store/store_read.h), never the store itself. */
#ifndef SM_REPORT_DATA_H
#define SM_REPORT_DATA_H

#include <stdio.h>

#include "store/store_read.h"

/**
 * Build rd from the live findings f of book (check): the documents in book
 * order with their chapters and scenes, every finding located by rd_locate,
 * and the summary counts. Strings are borrowed from book, which must outlive
 * rd. Release rd with report_data_release.
 */
void report_data_from_book(const struct sm_book *book, const struct sm_findings *f,
			   struct report_data *rd);

/* Renderers: each writes one format of rd to out; write errors are the
 * caller's to check (ferror). To add a format, write report_<fmt>.c with
 * one of these and list it in report_write (report_store.c). */
void report_text(FILE *out, const struct report_data *rd);
void report_json(FILE *out, const struct report_data *rd);
void report_md(FILE *out, const struct report_data *rd);

/** Markdown text with its syntax characters escaped, newlines as spaces, at
 * most max code points (0: no limit); report_md.c. */
void report_md_text(FILE *out, const char *s, size_t max);

#endif
