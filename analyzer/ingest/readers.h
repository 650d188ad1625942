/* readers.h: the table of readers, one line each (included by ingest.h for
 * the readers' prototypes and by ingest.c for the table; nowhere else).
 *
 *   SM_READER(fn, format, title, extensions, sniff)
 *
 * fn: the reader is ingest_<fn>() in ingest/<fn>.c, an ingest_read_fn;
 * format: the document's format name (doc->format, extract's JSON "format",
 * the store's documents.format, accepted by --stdin-format); title: the
 * format in messages ("not a DOCX file"); extensions: the file names the
 * reader takes, lower case, with the dot, separated by spaces (matched
 * without regard to case; each also names the format for --stdin-format);
 * sniff: the check of the bytes before the reader sees them,
 * ingest_sniff_zip or ingest_sniff_text (ingest.h).
 *
 * To read a new format: write ingest/<fn>.c and add its line here. The order
 * is the order of ingest_extensions() in messages. */
SM_READER(docx, "docx", "DOCX", ".docx", ingest_sniff_zip)
SM_READER(epub, "epub", "EPUB", ".epub", ingest_sniff_zip)
SM_READER(odt, "odt", "ODT", ".odt", ingest_sniff_zip)
SM_READER(markdown, "markdown", "Markdown", ".md .markdown", ingest_sniff_text)
SM_READER(text, "text", "plain text", ".txt .text", ingest_sniff_text)
