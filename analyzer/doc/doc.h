/* doc.h: the segmented document every analyzer reads.
 * Ingest (analyzer/ingest/) fills the block layer through the builder calls
 * below; seg_document() (analyzer/segment/segment.h) then finds chapters,
 * scenes, sentences, dialogue and tokens. All text lives in one NFC UTF-8
 * buffer, doc->text; every span is {off, len} in bytes into it. One arena
 * per document owns everything; doc_free() releases it at once. */
#ifndef SM_DOC_H
#define SM_DOC_H

#include "base/arena.h"
#include "base/sbuf.h"
#include "base/sm.h"


enum blk_kind {
	BLK_PARAGRAPH,
	BLK_HEADING,
	BLK_BREAK, /* scene-break marker: only during ingest; seg_document removes it */
};

/* Chapter-level role of a heading, decided by seg_document. */
enum blk_role {
	ROLE_NONE,    /* ordinary paragraph or sub-heading */
	ROLE_TITLE,   /* book title / front matter heading */
	ROLE_PART,    /* "Part Two", "Volume I", "Book 3" */
	ROLE_CHAPTER, /* starts a chapter */
};

/* One piece of the source map: text bytes from text_off on came from the
 * source bytes from src_off on (until the next piece). */
struct srcmap {
	uint32_t text_off; /* bytes into doc->text */
	uint32_t src_off;  /* bytes into doc->src */
};

struct block {
	enum blk_kind kind;
	enum blk_role role;
	uint8_t level;        /* heading level 1..9; 0 for paragraphs */
	bool page_break;      /* a page break came before this block (DOCX) */
	bool after_break;     /* a scene break came before this block */
	bool style_title;     /* DOCX Title style or Markdown front-matter title */
	bool in_table;        /* a paragraph of a table cell (DOCX) */
	uint32_t off, len;    /* bytes into doc->text, trimmed, never empty */
	uint32_t map_first;   /* first doc->map piece of this block */
	uint32_t n_map;       /* number of map pieces (0: no source positions) */
	uint32_t line, col;   /* 1-based source position of the block start; 0 when unknown (DOCX) */
	/* filled by seg_document: */
	uint32_t chapter;     /* index into doc->chapters */
	uint32_t scene;       /* index into doc->scenes */
	uint32_t sent_first, n_sent; /* doc->sents */
	uint32_t tok_first, n_tok;   /* doc->toks */
	uint32_t n_words;
	int32_t declared_num; /* number parsed from a chapter heading, -1 when none */
};

enum tok_kind { TOK_WORD, TOK_NUMBER, TOK_PUNCT, TOK_SYMBOL };

enum tok_flag {
	TOKF_DIALOGUE = 1 << 0, /* inside a dialogue span */
	TOKF_CAP      = 1 << 1, /* word starts with an upper-case letter */
	TOKF_UPPER    = 1 << 2, /* word is all upper case */
	TOKF_SSTART   = 1 << 3, /* first word of its sentence */
	TOKF_NEWLINE  = 1 << 4, /* a line break (w:br or hard wrap) precedes the token */
};

struct token {
	uint32_t off, len; /* bytes into doc->text */
	uint8_t kind;      /* enum tok_kind */
	uint8_t flags;     /* enum tok_flag bits */
	uint32_t block;    /* index into doc->blocks */
	uint32_t sent;     /* index into doc->sents */
};

struct sentence {
	uint32_t off, len;  /* bytes into doc->text */
	uint32_t block;     /* index into doc->blocks */
	uint32_t tok_first, n_tok;
	uint32_t n_words;
	bool dialogue_only; /* every word is inside dialogue */
};

struct dialogue {
	uint32_t off, len;  /* bytes into doc->text, quote marks included */
	uint32_t block;
	bool unclosed;      /* ran to the end of the paragraph with no closing mark */
};

struct scene {
	uint32_t number;            /* 1-based within its chapter */
	uint32_t chapter;           /* index into doc->chapters */
	uint32_t block_first, block_last; /* inclusive block indexes */
	uint32_t n_words;
};

struct chapter {
	uint32_t number;            /* 1-based ordinal in the document; 0 = front matter */
	int32_t declared_num;       /* number in its heading ("Chapter XIV" = 14), -1 when none */
	int32_t heading;            /* block index of its heading, -1 when none */
	const char *title;          /* heading text, or "" (arena) */
	uint32_t part;              /* 0 before any part heading, then 1, 2, ... */
	uint32_t block_first, block_last; /* inclusive; block_last < block_first when empty */
	uint32_t scene_first, n_scene;
	uint32_t n_words;
};

/* A problem found while reading the input that is not fatal (invalid UTF-8). */
struct doc_diag {
	uint32_t src_off;  /* bytes into the source file */
	uint32_t line, col;/* 1-based, 0 when unknown */
	const char *msg;   /* arena */
};

/* A suppression range from the manuscript itself (Markdown comment, Word comment). */
struct suppress {
	uint32_t off, len; /* bytes into doc->text */
	const char *rule;  /* rule id or "*" for all (arena) */
	uint32_t max_end;  /* largest off + len of this and the earlier ranges (doc_finish sorts by off) */
};

struct sm_doc {
	struct arena arena;       /* owns everything below */
	const char *path;         /* as given by the user */
	const char *format;       /* the reader's name: "text", "markdown", "docx" (static) */
	const char *meta_title, *meta_author; /* front matter or docProps; NULL when absent */
	uint64_t hash;            /* sm_hash of the source bytes */
	uint64_t src_size;        /* bytes of the source file */

	struct sbuf textbuf;      /* building buffer; text/len point into it after doc_finish */
	const char *text;         /* all block texts, NFC UTF-8, blocks separated by "\n\n" */
	uint32_t len;

	const char *src;          /* source bytes for Markdown and text (line/col mapping), else NULL */
	uint32_t src_len;
	uint32_t *line_starts;    /* byte offset of each source line, n_lines entries */
	uint32_t n_lines;
	/* Code points before every 256th byte of text and of src, so position
	 * queries stay fast in a huge paragraph or line (doc_finish; arena). */
	uint32_t *cp_marks, *src_cp_marks;

	struct block *blocks; size_t n_blocks, cap_blocks;
	struct srcmap *map; size_t n_map, cap_map;
	struct doc_diag *diags; size_t n_diags, cap_diags;
	struct suppress *supp; size_t n_supp, cap_supp;

	/* filled by seg_document (arrays in the arena) */
	struct chapter *chapters; size_t n_chapters;
	struct scene *scenes; size_t n_scenes;
	struct sentence *sents; size_t n_sents;
	struct token *toks; size_t n_toks;
	struct dialogue *dlgs; size_t n_dlgs;
	uint32_t n_words;

	/* private build state */
	int open_block;           /* index of the block being built, -1 when none */
	bool too_many_blocks;   /* more than DOC_MAX_BLOCKS were begun; the rest were dropped */
	int pending_break;        /* a scene break is pending for the next block */
	int pending_page;         /* a page break is pending for the next block */
	uint32_t bad_utf8;        /* invalid sequences replaced so far */
};

/** New empty document. path is copied; format (a reader's name) is borrowed and
 * must outlive the document (a string literal). Caller frees with doc_free. */
struct sm_doc *doc_new(const char *path, const char *format);
/** Free the document and everything it owns; doc_free(NULL) is a no-op. */
void doc_free(struct sm_doc *doc);

/** Take a copy of the source bytes (Markdown and text) so positions map to lines. */
void doc_set_source(struct sm_doc *doc, const char *src, size_t len);

/* ---- builder, used by ingest ---- */

/** Begin a block. level: heading outline level 1..9 (0 for paragraphs).
 * src_off: source byte offset of its start, or UINT32_MAX when unknown. */
void doc_block_begin(struct sm_doc *doc, enum blk_kind kind, int level, uint32_t src_off);
/* Bytes of normalized text one document may hold: about 1.4 million words,
 * two and a half times War and Peace. Every later stage takes memory in
 * proportion (up to ~40 bytes per byte of text for a pathological one), so
 * the cap bounds a check's memory to a few hundred MiB. */
#define DOC_MAX_TEXT (8u << 20)
/* Blocks one document may have; past it the builder drops them and sets
 * too_many_blocks, which segmentation refuses (SM_ELIMIT). */
#define DOC_MAX_BLOCKS 600000u
/* The reason given when a document passes DOC_MAX_TEXT. */
#define DOC_MAX_TEXT_MSG "refused: more than 8 MiB of text (about 1.4 million words); split it into chapter files"

/** Append UTF-8 text to the open block. Invalid sequences become U+FFFD and are
 * recorded as diagnostics; text is NFC-normalized. src_off: the source offset of
 * s[0] (UINT32_MAX when unknown). Returns SM_OK or SM_ELIMIT when the document
 * passes its size cap. */
int doc_block_text(struct sm_doc *doc, const char *s, size_t n, uint32_t src_off);
/** Append one code point (tabs, breaks, symbols) to the open block. */
int doc_block_cp(struct sm_doc *doc, unsigned cp);
/** End the open block: trims white space, collapses nothing else; an empty
 * paragraph or heading is dropped. */
void doc_block_end(struct sm_doc *doc);
/** Mark a scene break (thematic break, glyph paragraph, drawn rule) before the next block. */
void doc_mark_break(struct sm_doc *doc);
/** Mark a page break before the next block. */
void doc_mark_page_break(struct sm_doc *doc);
/** Record a suppression range (text offsets) for rule (or "*"). */
void doc_add_suppress(struct sm_doc *doc, uint32_t off, uint32_t len, const char *rule);
/** Record a non-fatal diagnostic at a source offset. */
void doc_add_diag(struct sm_doc *doc, uint32_t src_off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/** Finish building: closes any open block, fixes doc->text/len, computes lines. */
void doc_finish(struct sm_doc *doc);

/* ---- queries ---- */

/** Number of code points in text[off .. off+len). */
uint32_t doc_cp_count(const struct sm_doc *doc, uint32_t off, uint32_t len);
/** 0-based code-point offset of byte offset off within block b's text. */
uint32_t doc_cp_in_block(const struct sm_doc *doc, uint32_t b, uint32_t off);
/** Source line and column (1-based, code points) of text byte offset off in
 * block b; for DOCX *line = 0 and *col is the code-point column within the block. */
void doc_locate(const struct sm_doc *doc, uint32_t b, uint32_t off, uint32_t *line, uint32_t *col);
/* Where a span is, in every unit a writer needs: the one located form of a
 * finding that check's output, the store and the reports share. */
struct doc_place {
	uint32_t paragraph;         /* 1-based block number, as extract numbers it */
	uint32_t chapter_paragraph; /* within its chapter: 1 for the first paragraph after
				     * the heading, 0 for the heading itself */
	uint32_t start, end;        /* 0-based code points within the block */
	uint32_t line;              /* 1-based source line; 0 when none (DOCX) */
	uint32_t column;            /* 1-based, code points */
	const struct chapter *chapter; /* NULL outside any */
	int32_t scene;              /* scene number; -1 outside any */
};
/** Fill p for the span text[off .. off+len) of block b (b < doc->n_blocks). */
void doc_place(const struct sm_doc *doc, uint32_t b, uint32_t off, uint32_t len,
	       struct doc_place *p);
/** Index of the block containing text offset off (binary search); -1 when none. */
int doc_block_at(const struct sm_doc *doc, uint32_t off);

#endif
