/* annotate.h: a copy of a DOCX manuscript with the findings as Word
 * comments (report stage; the one writer of DOCX).
 *
 * Each finding becomes a comment by "storymaster" anchored on its quoted
 * text (commentRangeStart/End around it, split out of its runs), saying
 * what is wrong, the suggestion and the rule id. Everything else in the
 * package is copied as it is: styles, images, footnotes, comments and
 * tracked changes already there (new comments take ids above theirs). The
 * original file is never written; OUT is written to a temporary file
 * beside it and renamed, so it is whole or absent.
 *
 * A finding is placed when its paragraph is found: the paragraphs of
 * document.xml are matched to the reader's blocks by their text, and a
 * paragraph whose text the reader changed (a field's instructions, a text
 * box, a page break inside it) is not guessed at: its findings are counted
 * as not placed. Errors are returned with a reason, never printed. */
#ifndef SM_REPORT_ANNOTATE_H
#define SM_REPORT_ANNOTATE_H

#include "book/book.h"

struct annotate_result {
	size_t placed;     /* comments written */
	size_t not_placed; /* findings whose paragraph was not found */
	size_t existing;   /* comments the document had already (kept) */
	size_t tracked;    /* of the comments, those on a tracked change (track) */
};

/**
 * Write to out_path a copy of the DOCX buf[0..len) (document di of book,
 * as the DOCX reader read it) with the findings of f that belong to di as
 * comments. track: a finding whose suggestion can replace its text (a
 * doubled word, a spelling variant to the house form) becomes a tracked
 * deletion and insertion by "storymaster", the comment on it. Errors: SM_EFORMAT (not a DOCX this writer can change: ISO
 * strict, a part missing or malformed), SM_ELIMIT (a part past the caps),
 * SM_EIO (OUT cannot be written; nothing is left behind).
 */
int annotate_docx(const char *buf, size_t len, const struct sm_book *book, uint32_t di,
		  const struct sm_findings *f, bool track, const char *out_path,
		  struct annotate_result *res, struct sm_err *err);

#endif
