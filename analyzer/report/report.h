/* report.h: output of findings (stage 5). out_* render the in-memory
 * findings of `check`; report_write renders the store for `report`. */
#ifndef SM_REPORT_H
#define SM_REPORT_H

#include <stdio.h>

#include "book/book.h"

struct store;

struct report_data;

/** Print findings compiler-style: path:line:col: severity: message [rule],
 * then the quoted text (and suggestion). rd: report_data_from_book.
 * color: use ANSI colors. */
void out_findings_text(FILE *out, const struct report_data *rd, bool color);
/** Print the public JSON contract of `check` (see man/storymaster.1) of the
 * live report data rd (report_data_from_book); report_json.c. */
void out_findings_json(FILE *out, const struct report_data *rd);

/** Write a file name (or a message naming one) for a terminal: control
 * characters (a newline, ESC) as \n, \t, \r or \xNN, so a name cannot forge
 * lines or reach the terminal as an escape sequence. */
void out_path(FILE *out, const char *s);

/** Write a JSON string literal (quotes included) for s[0..n). */
void out_json_str(FILE *out, const char *s, size_t n);
/** Write a NUL-terminated string as a JSON literal, or null when s is NULL. */
void out_json_cstr(FILE *out, const char *s);

enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_MD, REPORT_HTML };

struct report_opts {
	enum report_format format;
	int64_t since_run;   /* compare with this run; 0 = the previous run of each document */
	int64_t book;        /* a library store's book (its id); 0: a one-book store */
};

/** Render the store's current documents and findings (of o->book in a
 * library store). Reads only the store. */
int report_write(struct store *st, const struct report_opts *o, FILE *out, struct sm_err *err);

/** Render the library report of a library store: one row per book
 * (report_library.c). Errors: SM_EDB. */
int report_library(struct store *st, enum report_format format, FILE *out, struct sm_err *err);

#endif
