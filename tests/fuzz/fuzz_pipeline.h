/* fuzz_pipeline.h: the pipeline every fuzz harness drives, shared with the
 * regression replay test (tests/unit/test_regress.c) so a saved crash input
 * goes through exactly the same code under plain ASan.
 *
 *   ingest_buffer -> seg_document -> checks_run (one-doc book, default
 *   config, no model) -> findings_release / doc_free
 *
 * fuzz_run() also checks invariants of the result (every span inside
 * doc->text, every index in range): a violation is a bug the sanitizers
 * might not see, and it is reported as a failure (the harness aborts).
 *
 * DOCX inputs: the first byte picks the mode. Even: the rest is a zip file
 * as is. Odd: the rest is the XML of word/document.xml, optionally followed
 * by FUZZ_SEP and the XML of word/styles.xml, FUZZ_SEP and
 * word/comments.xml, FUZZ_SEP and docProps/core.xml; they are packed into a
 * stored (uncompressed) zip with the usual relationships, so mutations reach
 * the XML reader instead of dying on zip checksums.
 *
 * EPUB and ODT inputs likewise: even, a zip as is; odd, the parts split by
 * FUZZ_SEP (EPUB: a content document, then the package document; ODT:
 * content.xml, styles.xml, meta.xml) in a stored zip with the rest of a
 * minimal package around them (the default package document when the
 * input gives none).
 *
 * Header-only (static inline functions): include it in one file. */
#ifndef SM_FUZZ_PIPELINE_H
#define SM_FUZZ_PIPELINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "config/config.h"
#include "checks/consistency/consistency.h"
#include "rules/rules.h"
#include "ingest/ingest.h"
#include "doc/doc.h"
#include "segment/segment.h"

#define FUZZ_SEP "\n@@PART@@\n"

/* ---------------------------------------------------------------- stored zip */

struct fuzz_buf {
	unsigned char *p;
	size_t n, cap;
};

static inline void fuzz_put(struct fuzz_buf *b, const void *s, size_t n)
{
	if (b->n + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->n + n)
			cap *= 2;
		unsigned char *p = realloc(b->p, cap);
		if (!p)
			abort();
		b->p = p;
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->n, s, n);
	b->n += n;
}

static inline void fuzz_u16(struct fuzz_buf *b, unsigned v)
{
	unsigned char c[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
	fuzz_put(b, c, 2);
}

static inline void fuzz_u32(struct fuzz_buf *b, uint32_t v)
{
	unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 24)};
	fuzz_put(b, c, 4);
}

static inline uint32_t fuzz_crc32(const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
	}
	return c ^ 0xFFFFFFFFu;
}

struct fuzz_part {
	const char *name;
	const unsigned char *data;
	size_t len;
};

/* A zip archive of the parts, every entry stored; caller frees *out. */
static inline void fuzz_zip_stored(const struct fuzz_part *parts, size_t n, unsigned char **out,
				   size_t *out_len)
{
	struct fuzz_buf z = {0}, cd = {0};
	for (size_t i = 0; i < n; i++) {
		uint32_t off = (uint32_t)z.n, crc = fuzz_crc32(parts[i].data, parts[i].len);
		size_t nl = strlen(parts[i].name);
		fuzz_u32(&z, 0x04034b50u);
		fuzz_u16(&z, 20); /* version needed */
		fuzz_u16(&z, 0);  /* flags */
		fuzz_u16(&z, 0);  /* method: stored */
		fuzz_u16(&z, 0);  /* time */
		fuzz_u16(&z, 0x21); /* date: 1980-01-01 */
		fuzz_u32(&z, crc);
		fuzz_u32(&z, (uint32_t)parts[i].len);
		fuzz_u32(&z, (uint32_t)parts[i].len);
		fuzz_u16(&z, (unsigned)nl);
		fuzz_u16(&z, 0);
		fuzz_put(&z, parts[i].name, nl);
		fuzz_put(&z, parts[i].data, parts[i].len);

		fuzz_u32(&cd, 0x02014b50u);
		fuzz_u16(&cd, 20);
		fuzz_u16(&cd, 20);
		fuzz_u16(&cd, 0);
		fuzz_u16(&cd, 0);
		fuzz_u16(&cd, 0);
		fuzz_u16(&cd, 0x21);
		fuzz_u32(&cd, crc);
		fuzz_u32(&cd, (uint32_t)parts[i].len);
		fuzz_u32(&cd, (uint32_t)parts[i].len);
		fuzz_u16(&cd, (unsigned)nl);
		fuzz_u16(&cd, 0); /* extra */
		fuzz_u16(&cd, 0); /* comment */
		fuzz_u16(&cd, 0); /* disk */
		fuzz_u16(&cd, 0); /* internal attributes */
		fuzz_u32(&cd, 0); /* external attributes */
		fuzz_u32(&cd, off);
		fuzz_put(&cd, parts[i].name, nl);
	}
	uint32_t cd_off = (uint32_t)z.n;
	fuzz_put(&z, cd.p, cd.n);
	fuzz_u32(&z, 0x06054b50u);
	fuzz_u16(&z, 0);
	fuzz_u16(&z, 0);
	fuzz_u16(&z, (unsigned)n);
	fuzz_u16(&z, (unsigned)n);
	fuzz_u32(&z, (uint32_t)cd.n);
	fuzz_u32(&z, cd_off);
	fuzz_u16(&z, 0);
	free(cd.p);
	*out = z.p;
	*out_len = z.n;
}

#define FUZZ_S(s) (const unsigned char *)(s), sizeof(s) - 1

/* Split data at FUZZ_SEP into up to n parts named names[0..n); after the
 * fixed parts fixed[0..nf) they are packed into a stored zip. */
static inline void fuzz_pack_parts(const struct fuzz_part *fixed, size_t nf, const char *const *names,
				   size_t n, const unsigned char *data, size_t len, unsigned char **out,
				   size_t *out_len)
{
	struct fuzz_part parts[8];
	size_t np = 0, sep = sizeof(FUZZ_SEP) - 1;
	for (size_t i = 0; i < nf && np < 8; i++)
		parts[np++] = fixed[i];
	const unsigned char *p = data, *end = data + len;
	for (size_t k = 0; k < n && np < 8; k++) {
		const unsigned char *q = p;
		while (q + sep <= end && memcmp(q, FUZZ_SEP, sep) != 0)
			q++;
		if (q + sep > end)
			q = end;
		parts[np].name = names[k];
		parts[np].data = p;
		parts[np].len = (size_t)(q - p);
		np++;
		if (q == end)
			break;
		p = q + sep;
	}
	fuzz_zip_stored(parts, np, out, out_len);
}

/* Turn a structured DOCX fuzz input (see the top of the file) into a zip. */
static inline void fuzz_docx_pack(const unsigned char *data, size_t len, unsigned char **out,
				  size_t *out_len)
{
	static const char ct[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
		"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
		"<Override PartName=\"/word/document.xml\" ContentType=\"application/"
		"vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
	static const char rels[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
		"relationships/officeDocument\" Target=\"word/document.xml\"/>"
		"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/"
		"relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/></Relationships>";
	static const char drels[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
		"relationships/styles\" Target=\"styles.xml\"/>"
		"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
		"relationships/comments\" Target=\"comments.xml\"/></Relationships>";
	static const char *const names[] = {"word/document.xml", "word/styles.xml", "word/comments.xml",
					    "docProps/core.xml"};
	struct fuzz_part fixed[3] = {
		{"[Content_Types].xml", FUZZ_S(ct)},
		{"_rels/.rels", FUZZ_S(rels)},
		{"word/_rels/document.xml.rels", FUZZ_S(drels)},
	};
	fuzz_pack_parts(fixed, 3, names, 4, data, len, out, out_len);
}

static inline void fuzz_epub_pack(const unsigned char *data, size_t len, unsigned char **out,
				  size_t *out_len)
{
	static const char mt[] = "application/epub+zip";
	static const char cont[] =
		"<?xml version=\"1.0\"?><container version=\"1.0\" "
		"xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>"
		"<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>"
		"</rootfiles></container>";
	static const char opf[] =
		"<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\">"
		"<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>T</dc:title></metadata>"
		"<manifest><item id=\"c\" href=\"ch.xhtml\" media-type=\"application/xhtml+xml\"/>"
		"<item id=\"d\" href=\"ch.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>"
		"<spine><itemref idref=\"c\"/><itemref idref=\"d\"/></spine></package>";
	static const char *const names[] = { "OEBPS/ch.xhtml", "OEBPS/content.opf" };
	const unsigned char *sepat = NULL;
	for (size_t i = 0; i + sizeof(FUZZ_SEP) - 1 <= len && !sepat; i++)
		if (!memcmp(data + i, FUZZ_SEP, sizeof(FUZZ_SEP) - 1))
			sepat = data + i;
	struct fuzz_part fixed[3] = { { "mimetype", FUZZ_S(mt) }, { "META-INF/container.xml", FUZZ_S(cont) },
				      { "OEBPS/content.opf", FUZZ_S(opf) } };
	fuzz_pack_parts(fixed, sepat ? 2 : 3, names, 2, data, len, out, out_len);
}

static inline void fuzz_odt_pack(const unsigned char *data, size_t len, unsigned char **out,
				 size_t *out_len)
{
	static const char mt[] = "application/vnd.oasis.opendocument.text";
	static const char *const names[] = { "content.xml", "styles.xml", "meta.xml" };
	struct fuzz_part fixed[1] = { { "mimetype", FUZZ_S(mt) } };
	fuzz_pack_parts(fixed, 1, names, 3, data, len, out, out_len);
}

/* ---------------------------------------------------------------- invariants */

static inline bool fuzz_span_ok(const struct sm_doc *doc, uint32_t off, uint32_t len)
{
	return off <= doc->len && len <= doc->len - off;
}

/* NULL when the segmented document and its findings are consistent, else
 * what is wrong. */
static inline const char *fuzz_check_doc(const struct sm_doc *doc, const struct sm_findings *f)
{
	for (size_t i = 0; i < doc->n_blocks; i++) {
		const struct block *b = &doc->blocks[i];
		if (!fuzz_span_ok(doc, b->off, b->len))
			return "block span outside the text";
		if (b->sent_first + (uint64_t)b->n_sent > doc->n_sents)
			return "block sentences out of range";
		if (b->tok_first + (uint64_t)b->n_tok > doc->n_toks)
			return "block tokens out of range";
		if (doc->n_chapters && b->chapter >= doc->n_chapters)
			return "block chapter out of range";
		if (doc->n_scenes && b->scene >= doc->n_scenes)
			return "block scene out of range";
	}
	for (size_t i = 0; i < doc->n_toks; i++) {
		const struct token *t = &doc->toks[i];
		if (!fuzz_span_ok(doc, t->off, t->len) || t->len == 0)
			return "token span outside the text or empty";
		if (t->block >= doc->n_blocks)
			return "token block out of range";
	}
	for (size_t i = 0; i < doc->n_sents; i++) {
		const struct sentence *s = &doc->sents[i];
		if (!fuzz_span_ok(doc, s->off, s->len))
			return "sentence span outside the text";
		if (s->block >= doc->n_blocks)
			return "sentence block out of range";
		if (s->tok_first + (uint64_t)s->n_tok > doc->n_toks)
			return "sentence tokens out of range";
	}
	for (size_t i = 0; i < doc->n_dlgs; i++) {
		const struct dialogue *d = &doc->dlgs[i];
		if (!fuzz_span_ok(doc, d->off, d->len))
			return "dialogue span outside the text";
		if (d->block >= doc->n_blocks)
			return "dialogue block out of range";
	}
	for (size_t i = 0; i < doc->n_scenes; i++) {
		const struct scene *s = &doc->scenes[i];
		if (s->chapter >= doc->n_chapters)
			return "scene chapter out of range";
		if (s->block_first < doc->n_blocks && s->block_last >= doc->n_blocks)
			return "scene block range out of range";
	}
	for (size_t i = 0; i < doc->n_chapters; i++) {
		const struct chapter *c = &doc->chapters[i];
		if (c->heading >= 0 && (size_t)c->heading >= doc->n_blocks)
			return "chapter heading out of range";
		if (c->block_first <= c->block_last && c->block_last >= doc->n_blocks)
			return "chapter block range out of range";
		if (c->scene_first + (uint64_t)c->n_scene > doc->n_scenes)
			return "chapter scenes out of range";
	}
	for (size_t i = 0; i < f->n; i++) {
		const struct sm_finding *x = &f->v[i];
		if (x->doc != 0)
			return "finding in a document that does not exist";
		if (!fuzz_span_ok(doc, x->off, x->len))
			return "finding span outside the text";
		if (doc->n_blocks && x->block >= doc->n_blocks)
			return "finding block out of range";
		if (!x->rule || !x->message)
			return "finding without rule or message";
		for (uint32_t k = 0; k < x->n_rel; k++)
			if (x->rel[k].doc != 0 || !fuzz_span_ok(doc, x->rel[k].off, x->rel[k].len))
				return "related place outside the text";
	}
	return NULL;
}

/* ---------------------------------------------------------------- pipeline */

struct fuzz_result {
	int ingest_rc;          /* SM_OK or the ingest error */
	size_t n_blocks, n_words, n_findings;
	const char *bad;        /* invariant violated, NULL when none (static string) */
};

/** Run one input through the whole pipeline; fmt picks the reader. For DOCX
 * (and EPUB, ODT) the input is a fuzz input (mode byte first, see above). checks = false
 * stops after seg_document (the harnesses do so when FUZZ_NO_CHECKS is set). */
static inline struct fuzz_result fuzz_run(const char *fmt, const uint8_t *data, size_t size,
					  bool checks)
{
	struct fuzz_result r = {0};
	unsigned char *packed = NULL;
	const char *buf = (const char *)data;
	size_t len = size;
	bool docx = !strcmp(fmt, "docx"), epub = !strcmp(fmt, "epub"), odt = !strcmp(fmt, "odt");
	const char *name = docx ? "fuzz.docx" : epub ? "fuzz.epub" : odt ? "fuzz.odt" :
		!strcmp(fmt, "markdown") ? "fuzz.md" : "fuzz.txt";
	if (docx || epub || odt) {
		if (size == 0)
			return r;
		if (data[0] & 1) {
			(docx ? fuzz_docx_pack : epub ? fuzz_epub_pack : fuzz_odt_pack)(data + 1, size - 1,
										     &packed, &len);
			buf = (const char *)packed;
		} else {
			buf = (const char *)data + 1;
			len = size - 1;
		}
	}
	struct sm_err err;
	sm_err_clear(&err);
	struct sm_doc *doc = NULL;
	r.ingest_rc = ingest_buffer(name, fmt, buf, len, &doc, &err);
	if (r.ingest_rc == SM_OK) {
		int seg_rc = seg_document(doc, &err);
		if (seg_rc == SM_OK && !checks) {
			struct sm_findings none;
			findings_init(&none);
			r.n_blocks = doc->n_blocks;
			r.n_words = doc->n_words;
			r.bad = fuzz_check_doc(doc, &none);
			findings_release(&none);
		} else if (seg_rc == SM_OK) {
			struct sm_config cfg;
			config_init(&cfg);
			cfg.no_model = true;
			struct sm_book book;
			memset(&book, 0, sizeof(book));
			book.docs = &doc;
			book.n_docs = 1;
			book.cfg = &cfg;
			/* the embedded rule packs, compiled once for the whole
			 * run (as the CLI does once per book): compiling them
			 * for each input was most of an iteration */
			static struct ruleset *rules;
			if (!rules) {
				struct sm_err re;
				if (ruleset_load_embedded(&rules, &re) != SM_OK) {
					fprintf(stderr, "fuzz: embedded rules: %s\n", re.msg);
					abort();
				}
			}
			book.rules = rules;
			struct sm_findings f;
			findings_init(&f);
			sm_err_clear(&err);
			checks_run(&book, &f, &err);
			r.n_blocks = doc->n_blocks;
			r.n_words = doc->n_words;
			r.n_findings = f.n;
			r.bad = fuzz_check_doc(doc, &f);
			findings_release(&f);
			cons_book_release(&book);
			book_release_warnings(&book);
			config_release(&cfg);
		}
		doc_free(doc);
	} else if (doc) {
		r.bad = "ingest failed but returned a document";
		doc_free(doc);
	} else if (!err.msg[0]) {
		r.bad = "ingest failed without a message";
	}
	free(packed);
	return r;
}

#endif
