#!/usr/bin/env python3
"""A test library for scale runs (issue 15): N books built from corpus/, so
that a library scan needs nothing outside the repository.

    python3 bench/library/make-library.py N OUT_DIR [SEED]

Each book is a folder OUT_DIR/book-NNNN holding 8 to 30 chapters: runs of
consecutive chapters cut from one source text of corpus/ (the five Austen
novels, the modern game texts, the manuscripts written for the project),
starting at a random chapter, renamed ch01.md, ch02.md, ... and given a
front-matter title and author. One book in five has its chapters as DOCX
(written by tests/fixtures/text_to_docx.py), one in ten is a single file
(the whole book in one Markdown file). Deterministic for a seed. Prints one
line: books, chapters, words.

Only corpus/ is read: nothing reserved for independent evaluation is in it.
"""
import lzma, os, random, re, subprocess, sys

n_books = int(sys.argv[1])
out = sys.argv[2]
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
corpus = os.path.join(root, "corpus")
CHAPTER = re.compile(r"^(#+ .*|CHAPTER [IVXLC0-9]+\.?|Chapter [0-9IVXLC]+.*)$", re.M)


def read(path):
    if path.endswith(".xz"):
        return lzma.open(path, "rt", encoding="utf-8").read()
    return open(path, encoding="utf-8").read()


# the source texts, each cut into chapters at its headings (or 3,000-word parts)
sources = []
for sub in ("austen", "modern", "manuscripts"):
    d = os.path.join(corpus, sub)
    for name in sorted(os.listdir(d)):
        if not (name.endswith(".txt.xz") or name.endswith(".md.xz") or name.endswith(".md")) or name == "README.md":
            continue
        text = read(os.path.join(d, name))
        starts = [m.start() for m in CHAPTER.finditer(text)]
        parts = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])] if len(starts) >= 4 else []
        if not parts:
            words = text.split()
            parts = [" ".join(words[i:i + 3000]) for i in range(0, len(words), 3000)]
        parts = [re.sub(r"^(#+ .*|CHAPTER [IVXLC0-9]+\.?|Chapter [0-9IVXLC]+.*)\n", "", p.strip()) for p in parts]
        parts = [p for p in parts if len(p.split()) >= 200]
        if len(parts) >= 4:
            sources.append((name.split(".")[0], parts))

os.makedirs(out, exist_ok=True)
docx = os.path.join(root, "tests", "fixtures", "text_to_docx.py")
total_ch = total_w = 0
for b in range(n_books):
    name, parts = rng.choice(sources)
    k = rng.randint(8, 30)
    k = min(k, len(parts))
    first = rng.randint(0, len(parts) - k)
    chapters = parts[first:first + k]
    title = "Book %d (%s, from chapter %d)" % (b + 1, name, first + 1)
    book = os.path.join(out, "book-%04d" % (b + 1))
    os.makedirs(book, exist_ok=True)
    kind = rng.random()
    front = "---\ntitle: %s\nauthor: Writer %d\n---\n\n" % (title, b % 37 + 1)
    if kind < 0.1:  # one file
        body = "".join("# Chapter %d\n\n%s\n\n" % (i + 1, c) for i, c in enumerate(chapters))
        open(os.path.join(book, "book.md"), "w", encoding="utf-8").write(front + body)
    else:
        for i, c in enumerate(chapters):
            if kind < 0.3:  # as Word files
                txt = os.path.join(book, "ch%02d.txt" % (i + 1))
                open(txt, "w", encoding="utf-8").write("Chapter %d\n\n%s\n" % (i + 1, c))
                subprocess.run([sys.executable, docx, txt, txt[:-4] + ".docx"], check=True)
                os.remove(txt)
            else:
                head = front if i == 0 else ""
                open(os.path.join(book, "ch%02d.md" % (i + 1)), "w", encoding="utf-8").write(
                    head + "# Chapter %d\n\n%s\n" % (i + 1, c))
    total_ch += len(chapters)
    total_w += sum(len(c.split()) for c in chapters)
print("library: %d books, %d chapters, %d words in %s" % (n_books, total_ch, total_w, out))
