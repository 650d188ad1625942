/* report_live.c: the report data of `check` (stage 5), built from the live
 * book and its findings instead of the store, so that check's text and JSON
 * come from the same data, and the same writers, as `report`. */
#include <stdlib.h>
#include <string.h>

#include "report/report_data.h"

void report_data_from_book(const struct sm_book *book, const struct sm_findings *f,
			   struct report_data *rd)
{
	memset(rd, 0, sizeof(*rd));
	arena_init(&rd->arena);
	rd->live = true;
	size_t n_ch = 0, n_sc = 0;
	for (size_t i = 0; i < book->n_docs; i++) {
		n_ch += book->docs[i]->n_chapters;
		n_sc += book->docs[i]->n_scenes;
	}
	rd->docs = xcalloc(book->n_docs ? book->n_docs : 1, sizeof(*rd->docs));
	rd->chapters = xcalloc(n_ch ? n_ch : 1, sizeof(*rd->chapters));
	rd->scenes = xcalloc(n_sc ? n_sc : 1, sizeof(*rd->scenes));
	rd->findings = xcalloc(f->n ? f->n : 1, sizeof(*rd->findings));
	for (size_t i = 0; i < book->n_docs; i++) {
		const struct sm_doc *d = book->docs[i];
		struct rd_document *o = &rd->docs[rd->n_docs++];
		o->path = d->path;
		o->format = d->format;
		o->size = (int64_t)d->src_size;
		o->words = d->n_words;
		o->n_blocks = (int64_t)d->n_blocks;
		o->title = d->meta_title;
		o->author = d->meta_author;
		o->chapter_first = rd->n_chapters;
		rd->words += d->n_words;
		for (size_t c = 0; c < d->n_chapters; c++) {
			const struct chapter *ch = &d->chapters[c];
			struct rd_chapter *oc = &rd->chapters[rd->n_chapters++];
			oc->number = ch->number;
			oc->declared_num = ch->declared_num;
			oc->title = ch->title ? ch->title : "";
			oc->part = ch->part;
			oc->first_paragraph = (int64_t)ch->block_first + 1;
			oc->last_paragraph = (int64_t)ch->block_last + 1;
			oc->words = ch->n_words;
			oc->scene_first = rd->n_scenes;
			oc->n_scenes = ch->n_scene;
			for (uint32_t s = 0; s < ch->n_scene; s++) {
				const struct scene *sc = &d->scenes[ch->scene_first + s];
				struct rd_scene *os = &rd->scenes[rd->n_scenes++];
				os->chapter = ch->number;
				os->number = sc->number;
				os->first_paragraph = (int64_t)sc->block_first + 1;
				os->last_paragraph = (int64_t)sc->block_last + 1;
				os->words = sc->n_words;
			}
			o->n_chapters++;
			if (ch->number > 0) {
				o->n_story++;
				rd->n_story++;
			}
		}
	}
	/* check sorts its findings by document, so each document's run is contiguous */
	for (size_t i = 0; i < f->n; i++) {
		struct rd_finding *x = &rd->findings[rd->n_findings];
		if (!rd_locate(book, &f->v[i], &rd->arena, x))
			continue;
		struct rd_document *d = &rd->docs[x->doc];
		if (!d->n_findings)
			d->finding_first = rd->n_findings;
		d->n_findings++;
		rd->n_findings++;
	}
	report_data_count(rd);
}
