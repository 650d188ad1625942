/* segment.h: from blocks to chapters, scenes, sentences, dialogue and tokens.
 * Stage 2 of the pipeline; reads and fills a struct sm_doc (doc.h). */
#ifndef SM_SEGMENT_H
#define SM_SEGMENT_H

#include "doc/doc.h"

/**
 * Segment doc in place: turn glyph-only paragraphs into scene breaks and
 * chapter-like paragraphs into headings; give every heading its role; build
 * chapters and scenes; split sentences; find dialogue spans; tokenize; count
 * words. Arrays go into doc's arena. Returns SM_OK, or SM_ELIMIT past DOC_MAX_BLOCKS or SEG_MAX_WORDS.
 *
 * Decisions callers can rely on:
 * - Glyph paragraphs (seg_is_break) are removed from doc->blocks (their text
 *   stays in doc->text, outside any block); the next block gets after_break.
 * - A plain one-line paragraph of at most 60 code points matching
 *   seg_heading_role becomes a BLK_HEADING; a bare number ("12", "XIV.")
 *   only when at least 3 such paragraphs exist or it follows a page break.
 * - Roles: part/volume/book patterns are ROLE_PART, chapter patterns
 *   ROLE_CHAPTER. Other headings: the chapter level is the shallowest level of
 *   styled chapter-pattern headings, else the most frequent level of the
 *   other headings (tie: shallowest); at that level ROLE_CHAPTER, above it
 *   ROLE_TITLE (style_title set), below it ROLE_NONE. When chapters come only
 *   from plain paragraphs, other headings before the first chapter are titles
 *   and later ones ROLE_NONE.
 * - Chapters: each ROLE_CHAPTER heading starts one; part headings directly
 *   before it (nothing else between) belong to it. Blocks before the first
 *   chapter form chapter number 0 (front matter, heading -1, title ""); a
 *   document without chapter headings is one chapter number 1. No blocks: no
 *   chapters and no scenes. chapter.part counts part headings before its
 *   chapter heading.
 * - Scenes: each chapter starts scene 1; a block with after_break starts the
 *   next scene unless the current one has no paragraph yet.
 * - Words: TOK_WORD and TOK_NUMBER tokens. block.n_words counts every block;
 *   scene and chapter n_words count non-heading blocks only; doc->n_words
 *   counts all blocks (headings too, as wc -w would). "came--a" is two words.
 * - Tokens: TOKF_CAP when the first character is an upper-case letter;
 *   TOKF_UPPER when there are two or more upper-case letters and no
 *   lower-case one ("I" is CAP only). Symbols (S*: £ + ~) are TOK_SYMBOL,
 *   other marks TOK_PUNCT; runs of '.' and of '-' are one token.
 * - Sentences: headings are one sentence; a block without tokens gets one
 *   empty sentence (n_tok 0). Dialogue spans are found in paragraphs only.
 */
int seg_document(struct sm_doc *doc, struct sm_err *err);

/* Words one document may have (a long novel has 500,000): memory grows with
 * them whatever the bytes, so past them, or past DOC_MAX_BLOCKS paragraphs,
 * the document is refused (SM_ELIMIT) and a check stays in bounded memory. */
#define SEG_MAX_WORDS 2000000u

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
