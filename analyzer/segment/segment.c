/* segment.c: stage 2 of the pipeline, driving the segmentation files:
 * break glyphs and heading roles (chapters.c), then per block tokens
 * (tokens.c), dialogue (dialogue.c) and sentences (sentences.c), then the
 * chapter and scene tree (chapters.c). Everything is linear in the text. */
#include "segment/seg_internal.h"

#include <stdlib.h>
#include <string.h>

/* Copy n elements of size sz from a malloc'd buffer into the arena. */
static void *to_arena(struct arena *a, const void *p, size_t n, size_t sz)
{
	void *q = arena_alloc(a, n ? n * sz : 1);
	if (n)
		memcpy(q, p, n * sz);
	return q;
}

int seg_document(struct sm_doc *doc, struct sm_err *err)
{
	/* Memory grows with paragraphs and words, whatever the bytes: a
	 * document of one-word paragraphs needs ten times what prose does. */
	if (doc->too_many_blocks)
		return sm_fail(err, SM_ELIMIT, "refused: more than %u paragraphs in one document; "
			       "split it into chapter files", DOC_MAX_BLOCKS);
	seg_remove_breaks(doc);
	seg_assign_roles(doc);
	bool single = seg_single_quote_style(doc);
	struct seg_state st;
	memset(&st, 0, sizeof(st));
	doc->n_words = 0;
	for (size_t b = 0; b < doc->n_blocks; b++) {
		struct block *bl = &doc->blocks[b];
		size_t tf = st.n_toks, sf = st.n_sents;
		seg_tokenize(doc, (uint32_t)b, &st);
		if (bl->kind == BLK_PARAGRAPH)
			seg_dialogue_block(doc, (uint32_t)b, single, tf, &st);
		seg_split_sentences(doc, (uint32_t)b, tf, &st);
		bl->tok_first = (uint32_t)tf;
		bl->n_tok = (uint32_t)(st.n_toks - tf);
		bl->sent_first = (uint32_t)sf;
		bl->n_sent = (uint32_t)(st.n_sents - sf);
		bl->n_words = 0;
		for (size_t k = tf; k < st.n_toks; k++)
			if (st.toks[k].kind == TOK_WORD || st.toks[k].kind == TOK_NUMBER)
				bl->n_words++;
		doc->n_words += bl->n_words;
		if (doc->n_words > SEG_MAX_WORDS) {
			free(st.toks);
			free(st.sents);
			free(st.dlgs);
			return sm_fail(err, SM_ELIMIT, "refused: more than %u words in one document; "
				       "split it into chapter files", SEG_MAX_WORDS);
		}
	}
	doc->toks = to_arena(&doc->arena, st.toks, st.n_toks, sizeof(*st.toks));
	doc->n_toks = st.n_toks;
	doc->sents = to_arena(&doc->arena, st.sents, st.n_sents, sizeof(*st.sents));
	doc->n_sents = st.n_sents;
	doc->dlgs = to_arena(&doc->arena, st.dlgs, st.n_dlgs, sizeof(*st.dlgs));
	doc->n_dlgs = st.n_dlgs;
	free(st.toks);
	free(st.sents);
	free(st.dlgs);
	seg_build_chapters(doc);
	return SM_OK;
}
