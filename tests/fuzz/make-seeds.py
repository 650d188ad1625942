#!/usr/bin/env python3
"""Write the small seed corpora of the fuzz harnesses (tests/fuzz/corpus/).

Seeds come from tests/fixtures/md, corpus/samples and a few hand-written
inputs covering each reader's features. Run from the repository root:
    python3 tests/fuzz/make-seeds.py
The result is committed; keep it small (well under 1 MB in total)."""
import glob
import os
import zipfile

ROOT = "tests/fuzz/corpus"
SEP = b"\n@@PART@@\n"  # FUZZ_SEP in fuzz_pipeline.h


def put(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


# ---------------------------------------------------------------- Markdown
for p in sorted(glob.glob("tests/fixtures/md/*.md")):
    put("fuzz_ingest_md", "fixture-" + os.path.basename(p), read(p))
for p in sorted(glob.glob("corpus/samples/md/*.md"))[:2]:
    put("fuzz_ingest_md", "sample-" + os.path.basename(p), read(p)[:6000])
put("fuzz_ingest_md", "hand-mixed.md", """---
title: "A Test"
author: Someone
---

# Chapter One

> "Quoted," she said, *very* **boldly** and _softly_.
>> Nested quote with `code` and [a link](http://x) and ![img](y.png).

1. First item
   - nested item with "dialogue
2. Second

* * *

## CHAPTER II

<!-- storymaster: ignore style.echo -->
Text with a footnote[^1] and <span>html</span> &amp; entities &#x201C;.

[^1]: The note.

    indented code

```
fenced code
```

| a | b |
|---|---|
| 1 | 2 |

Setext heading
==============

Chapter XIV: The Ball
---------------------

\u201cCurly,\u201d he said. \u2018Single,\u2019 she said -- and --- dashes\u2026
""".encode("utf-8"))
put("fuzz_ingest_md", "hand-breaks.md", b"Prologue\n\n***\n\n#\n\n~\n\n\xc2\xa7\n\nEpilogue\n\n- - -\n")
put("fuzz_ingest_md", "hand-badutf8.md", b"# T\xff\xfe\n\nbad \xc3\x28 utf8 \xed\xa0\x80 \xf4\x90\x80\x80\n")

# ---------------------------------------------------------------- plain text
AUSTEN = "/work/shared/corpus/austen"
for p in sorted(glob.glob(AUSTEN + "/*.txt"))[:2]:
    data = read(p)
    i = data.find(b"CHAPTER")
    put("fuzz_ingest_text", "austen-" + os.path.basename(p), data[max(i, 0):max(i, 0) + 8000])
for p in sorted(glob.glob("corpus/samples/md/*.md"))[2:3]:
    put("fuzz_ingest_text", "sample-" + os.path.basename(p) + ".txt", read(p)[:5000])
put("fuzz_ingest_text", "hand-mixed.txt", """\ufeffCHAPTER I\r
\r
"Well," said Mr. Bennet, "you are _quite_ right--and yet\r
I cannot see it." She laughed.\r
\f
Chapter Two\r
\r
\u201cCurly quotes,\u201d she said. \u2018And single.\u2019 Mrs. Smith\u2019s dog.\r
\r
* * *\r
\r
    Indented paragraph with\ttab.\r
\r
Part II\r
\r
XIV\r
\r
The end...\r
""".encode("utf-8"))
put("fuzz_ingest_text", "hand-badutf8.txt", b"Chapter 1\n\nbad \xc3\x28 utf8 \xe2\x80 \xff end.\n")
put("fuzz_ingest_text", "hand-unclosed.txt", b"\"Open quote never closed\n\n'Single open\n\n\xe2\x80\x9cCurly open\n")

# ---------------------------------------------------------------- DOCX
# Raw zips (mode byte 0x00): the smallest sample chapters.
for p in sorted(glob.glob("corpus/samples/docx/*.docx"))[:2]:
    put("fuzz_ingest_docx", "raw-" + os.path.basename(p), b"\x00" + read(p))

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' \
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
DOC = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>The Book</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Chapter One</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">"Hello," she </w:t></w:r><w:del w:id="1"><w:r><w:delText>deleted</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>said</w:t></w:r></w:ins><w:r><w:t>. Co</w:t><w:softHyphen/><w:t>operate</w:t><w:noBreakHyphen/><w:t>now.</w:t></w:r></w:p>
<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Echo echo text.</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:hyperlink r:id="rId9"><w:r><w:t>link</w:t></w:r></w:hyperlink><w:r><w:tab/><w:t>tab</w:t><w:br/><w:t>line</w:t><w:sym w:char="F0E0"/></w:r></w:p>
<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>In a content control.</w:t></w:r></w:p></w:sdtContent></w:sdt>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>choice</w:t></mc:Choice><mc:Fallback><w:t>fallback</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:p><w:r><w:t>* * *</w:t></w:r></w:p>
<w:p><w:r><w:br w:type="page"/></w:r></w:p>
<w:p><w:pPr><w:pageBreakBefore/><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>CHAPTER II</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:moveFrom><w:r><w:t>moved</w:t></w:r></w:moveFrom><w:r><w:t>\u201cCurly,\u201d he said\u2026</w:t></w:r></w:p>
<w:sectPr/></w:body></w:document>"""
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Loop"><w:name w:val="Loop"/><w:basedOn w:val="Loop"/></w:style>
</w:styles>"""
COMMENTS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments {W}><w:comment w:id="0"><w:p><w:r><w:t>storymaster: ignore style.echo, *</w:t></w:r></w:p></w:comment></w:comments>"""
CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title><dc:creator>A</dc:creator></cp:coreProperties>"""
put("fuzz_ingest_docx", "xml-features", b"\x01" + SEP.join(x.encode("utf-8") for x in (DOC, STYLES, COMMENTS, CORE)))
put("fuzz_ingest_docx", "xml-doc-only", b"\x01" + DOC.encode("utf-8"))
with zipfile.ZipFile(sorted(glob.glob("corpus/samples/docx/*.docx"))[0]) as z:
    put("fuzz_ingest_docx", "xml-sample", b"\x01" + z.read("word/document.xml"))
put("fuzz_ingest_docx", "xml-dtd", b"\x01<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e \"x\">]><w:document " + W.encode() + b"><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>")

# ---------------------------------------------------------------- EPUB and ODT
# Raw zips (mode byte 0x00): the hand-built and converted fixtures; parts
# (mode byte 0x01): their XML, split at SEP.
for fmt in ("epub", "odt"):
    for p in sorted(glob.glob("tests/fixtures/%s/*.%s" % (fmt, fmt))):
        if os.path.basename(p).startswith("bad-") and "zip-bomb" in p:
            continue
        put("fuzz_ingest_" + fmt, "raw-" + os.path.basename(p), b"\x00" + read(p))
with zipfile.ZipFile("tests/fixtures/epub/features.epub") as z:
    put("fuzz_ingest_epub", "xml-chapter", b"\x01" + z.read("OEBPS/ch1.xhtml"))
    put("fuzz_ingest_epub", "xml-chapter-opf", b"\x01" + z.read("OEBPS/ch1.xhtml") + SEP + z.read("OEBPS/content.opf"))
with zipfile.ZipFile("tests/fixtures/epub/epub2.epub") as z:
    put("fuzz_ingest_epub", "xml-epub2", b"\x01" + z.read("OPS/c2.html"))
with zipfile.ZipFile("tests/fixtures/odt/features.odt") as z:
    put("fuzz_ingest_odt", "xml-features", b"\x01" + SEP.join(z.read(n) for n in ("content.xml", "styles.xml", "meta.xml")))
    put("fuzz_ingest_odt", "xml-content-only", b"\x01" + z.read("content.xml"))
