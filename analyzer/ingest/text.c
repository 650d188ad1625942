/* text.c: plain-text reader (ingest stage). Paragraphs are separated by
 * blank lines; hard-wrapped lines are re-flowed, each line break becoming
 * one space, and every line keeps its own source offset. A form feed ends
 * the paragraph and marks a page break. Headings and scene-break glyphs are
 * left to the segmenter; markup such as _italics_ stays literal. */
#include "ingest/ingest.h"

#include <string.h>

static bool is_blank_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v';
}

int ingest_text(struct sm_doc *doc, const char *buf, size_t len, struct sm_err *err)
{
	(void)err; /* ingest_buffer took off the BOM and checked the size */
	doc_set_source(doc, buf, len);

	bool open = false;
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && buf[j] != '\n' && buf[j] != '\f')
			j++;
		size_t s = i, e = j;
		while (s < e && is_blank_byte(buf[s]))
			s++;
		while (e > s && is_blank_byte(buf[e - 1]))
			e--;
		if (s == e) {
			if (open)
				doc_block_end(doc);
			open = false;
		} else {
			int rc = SM_OK;
			if (!open) {
				doc_block_begin(doc, BLK_PARAGRAPH, 0, (uint32_t)s);
				open = true;
			} else {
				/* the line break: maps to the end of the previous line */
				rc = doc_block_cp(doc, ' ');
			}
			if (rc == SM_OK)
				rc = doc_block_text(doc, buf + s, e - s, (uint32_t)s);
			if (rc != SM_OK)
				return sm_fail(err, rc, "%s", DOC_MAX_TEXT_MSG);
		}
		if (j < len && buf[j] == '\f') {
			if (open)
				doc_block_end(doc);
			open = false;
			doc_mark_page_break(doc);
		}
		i = j + 1;
	}
	if (open)
		doc_block_end(doc);
	return SM_OK;
}
