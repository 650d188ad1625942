#!/usr/bin/env python3
"""Make the sample book in corpus/samples/ from Northanger Abbey (public
domain; ../shared/corpus/austen/northanger-abbey.txt): chapters 1-6 as one
Markdown file per chapter (md/), and the same chapters as DOCX written by
pandoc (docx/). A few defects are planted so that the demo shows findings;
they are listed in corpus/samples/README.md. Run at fixture-making time only:
    python3 corpus/samples/make-samples.py ../shared/corpus/austen/northanger-abbey.txt
"""
import os, re, subprocess, sys

src = open(sys.argv[1], encoding="utf-8").read()
parts = re.split(r"\n\s*\nCHAPTER (\d+)\n", src)
# parts: [front, "1", text1, "2", text2, ...]
chapters = {int(parts[i]): parts[i + 1] for i in range(1, len(parts) - 1, 2)}

PLANTS = {
    # chapter: list of (old, new) replacements, each applied once
    2: [("in tears for the last day", "in tears for the the last day")],
    4: [("Catherine was delighted with this", "Catharine was delighted with this")],
}

here = os.path.dirname(os.path.abspath(__file__))
os.makedirs(os.path.join(here, "md"), exist_ok=True)
os.makedirs(os.path.join(here, "docx"), exist_ok=True)
for n in range(1, 7):
    text = chapters[n].strip("\n")
    for old, new in PLANTS.get(n, []):
        assert old in text, (n, old)
        text = text.replace(old, new, 1)
    paras = [" ".join(l.strip() for l in p.split("\n")) for p in re.split(r"\n\s*\n", text) if p.strip()]
    # Markdown: a chapter heading, then paragraphs wrapped as in the source.
    body = "\n\n".join(re.sub(r"(.{1,72})(?:\s+|$)", "\\1\n", p).strip() for p in paras)
    md = "# Chapter %d\n\n%s\n" % (n, body)
    stem = "chapter-%02d" % n
    mdpath = os.path.join(here, "md", stem + ".md")
    open(mdpath, "w", encoding="utf-8").write(md)
    # DOCX from the same Markdown; -smart keeps straight quotes and "--" as written.
    subprocess.run(["pandoc", "-f", "markdown-smart", "-o",
                    os.path.join(here, "docx", stem + ".docx"), mdpath], check=True)
print("wrote corpus/samples/md and corpus/samples/docx")
