/* segment.h: from blocks to chapters, scenes, sentences, dialogue and tokens.
 * Stage 2 of the pipeline; reads and fills a struct sm_doc (doc.h). */
#ifndef SM_SEGMENT_H
#define SM_SEGMENT_H

#include "segment/doc.h"

/**
 * Segment doc in place: turn glyph-only paragraphs into scene breaks and
 * chapter-like paragraphs into headings; give every heading its role; build
 * chapters and scenes; split sentences; find dialogue spans; tokenize; count
 * words. Arrays go into doc's arena. Returns SM_OK (it cannot fail on valid docs).
 */
int seg_document(struct sm_doc *doc, struct sm_err *err);

/**
 * Parse a chapter number written in digits ("12"), words ("Twelve",
 * "Twenty-One", "Twenty First") or roman numerals ("XIV"). Returns the number
 * or -1.
 */
int32_t seg_parse_number(const char *s, size_t n);

/**
 * Classify a short paragraph or heading text: ROLE_CHAPTER for "Chapter One",
 * "CHAPTER 12", "Chapter XIV: The Ball", "Prologue", "Epilogue", a bare
 * number or roman numeral; ROLE_PART for "Part Two", "Volume I", "Book 3";
 * ROLE_NONE otherwise. *num receives the declared number or -1.
 */
enum blk_role seg_heading_role(const char *s, size_t n, int32_t *num);

/** True when the text is made only of scene-break glyphs (#, *, * * *, ~, §, …). */
bool seg_is_break(const char *s, size_t n);

#endif
