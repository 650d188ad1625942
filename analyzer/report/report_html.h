/* report_html.h: the editorial HTML report (stage 5): one self-contained
 * page with inline CSS and SVG charts, no JavaScript, nothing fetched, that
 * prints cleanly to PDF. Every chart has a title, axis labels and a table
 * with the same numbers for screen readers. */
#ifndef SM_REPORT_HTML_H
#define SM_REPORT_HTML_H

#include <stdio.h>

#include "report/report_data.h"

/**
 * Write the HTML report of rd to out. st (may be NULL) supplies the pacing
 * metrics (store_metrics.h) of each document's current and compared runs;
 * the character heatmap and the consistency appendix come from rd->chars
 * (the registry a scan stored) and rd's consistency findings. Sections whose
 * data is absent are replaced by a short note. All text is HTML-escaped.
 * Returns SM_OK or SM_EDB; write errors are the caller's to check (ferror).
 */
int report_html(FILE *out, const struct report_data *rd, struct store *st, struct sm_err *err);

/** Write s HTML-escaped (text and attribute values alike); NULL writes nothing. */
void html_esc(FILE *out, const char *s);
/** The same, at most max code points, then an ellipsis. */
void html_esc_clip(FILE *out, const char *s, size_t max);

#endif
