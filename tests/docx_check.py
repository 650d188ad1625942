#!/usr/bin/env python3
"""Check a DOCX that `storymaster annotate` wrote (tests/sh/7400).

    docx_check.py OUT.docx FINDINGS.json [IN.docx]

Prints one line of counts, then one line per problem, and exits 1 when there
is a problem. What is checked, the OOXML rules the writer relies on (ECMA-376
Part 1, 17.13.4 comments; Part 2, the package):
  - every part parses as XML; every relationship target of the main part
    exists; every part has a content type (Default by extension or Override),
    and the comments part the one of WordprocessingML comments;
  - each comment id of document.xml has one commentReference and either one
    commentRangeStart with one commentRangeEnd after it or (a comment on a
    point) neither, and one w:comment in the comments part; no two comments
    share an id;
  - range marks are never children of w:r, and every w:r starts with its
    w:rPr when it has one;
  - storymaster's comments are one per finding and each range covers exactly
    the finding's quoted text (a finding with no quote: its paragraph);
  - storymaster's own tracked changes (--track-changes) replace the quoted
    text: the range covers the deleted text;
  - with IN.docx: every comment of IN is still in OUT, with its text, and
    the document's own tracked changes (w:ins, w:del) are as many as before.
"""
import json, posixpath, re, sys, zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
R = "{http://schemas.openxmlformats.org/package/2006/relationships}"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
problems = []


def main_part(z):
    rels = ET.fromstring(z.read("_rels/.rels"))
    for r in rels.iter(R + "Relationship"):
        if r.get("Type", "").endswith("/officeDocument"):
            return r.get("Target").lstrip("/")
    return "word/document.xml"


def rels_of(z, part):
    d, b = posixpath.split(part)
    name = posixpath.join(d, "_rels", b + ".rels")
    if name not in z.namelist():
        return []
    return [(r.get("Type"), posixpath.normpath(posixpath.join(d, r.get("Target"))), r.get("TargetMode"))
            for r in ET.fromstring(z.read(name)).iter(R + "Relationship")]


def comments(z, main):
    for t, target, mode in rels_of(z, main):
        if t.endswith("/comments"):
            return target, ET.fromstring(z.read(target))
    return None, None


def para_texts(c):
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in c.iter(W + "p")]


def tracked(root):
    """The document's own tracked changes (not storymaster's)."""
    return sum(1 for e in root.iter() if e.tag in (W + "ins", W + "del") and e.get(W + "author") != "storymaster")


out, fj = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(out)
names = z.namelist()
for n in names:
    if n.endswith(".xml") or n.endswith(".rels"):
        try:
            ET.fromstring(z.read(n))
        except ET.ParseError as e:
            problems.append("%s does not parse: %s" % (n, e))
ct = ET.fromstring(z.read("[Content_Types].xml"))
defaults = {d.get("Extension").lower(): d.get("ContentType") for d in ct.iter(CT + "Default")}
overrides = {o.get("PartName").lstrip("/").lower(): o.get("ContentType") for o in ct.iter(CT + "Override")}
for n in names:
    if n.endswith("/") or n == "[Content_Types].xml":
        continue
    if n.lower() not in overrides and n.rsplit(".", 1)[-1].lower() not in defaults:
        problems.append("%s has no content type" % n)
main = main_part(z)
for t, target, mode in rels_of(z, main):
    if mode != "External" and target not in names:
        problems.append("relationship target %s is not in the package" % target)
cpart, croot = comments(z, main)
doc = ET.fromstring(z.read(main))
starts, ends, refs, order = {}, {}, {}, []
parent = {c: p for p in doc.iter() for c in p}
for e in doc.iter():
    i = e.get(W + "id")
    if e.tag == W + "commentRangeStart":
        starts[i] = starts.get(i, 0) + 1
        order.append(("s", i))
    elif e.tag == W + "commentRangeEnd":
        ends[i] = ends.get(i, 0) + 1
        order.append(("e", i))
    elif e.tag == W + "commentReference":
        refs[i] = refs.get(i, 0) + 1
    if e.tag in (W + "commentRangeStart", W + "commentRangeEnd") and parent[e].tag == W + "r":
        problems.append("comment %s: a range mark inside a run" % i)
    if e.tag == W + "r":
        kids = list(e)
        if any(k.tag == W + "rPr" for k in kids[1:]):
            problems.append("a run whose w:rPr is not first")
cids = [c.get(W + "id") for c in (croot if croot is not None else [])]
if len(cids) != len(set(cids)):
    problems.append("two comments share an id")
if cpart and overrides.get(cpart.lower()) != COMMENTS_CT:
    problems.append("%s has not the comments content type" % cpart)
for i in set(starts) | set(ends) | set(refs):
    # a comment on a point (Word's, from the original) has a reference and no range
    if starts.get(i, 0) != ends.get(i, 0) or starts.get(i, 0) > 1 or refs.get(i, 0) != 1:
        problems.append("comment %s: %s starts, %s ends, %s references" % (i, starts.get(i), ends.get(i), refs.get(i)))
    if i not in cids:
        problems.append("comment %s is marked in the document but not in the comments part" % i)
seen = set()
for k, i in order:
    if k == "s":
        seen.add(i)
    elif i not in seen:
        problems.append("comment %s ends before it starts" % i)
# the text each range covers
covered, open_ids = {}, set()


def walk(e):
    # storymaster's tracked changes: the range is the text it replaces
    ours_rev = e.get(W + "author") == "storymaster"
    if e.tag == W + "ins" and ours_rev:
        return
    if e.tag in (W + "moveFrom", W + "instrText", W + "txbxContent") or (e.tag == W + "del" and not ours_rev):
        return
    if e.tag == W + "delText":
        for j in open_ids:
            covered[j] += e.text or ""
    i = e.get(W + "id")
    if e.tag == W + "commentRangeStart":
        open_ids.add(i)
        covered.setdefault(i, "")
    elif e.tag == W + "commentRangeEnd":
        open_ids.discard(i)
    elif e.tag == W + "t":
        for j in open_ids:
            covered[j] += e.text or ""
    elif e.tag == W + "tab":
        for j in open_ids:
            covered[j] += "\t"
    elif e.tag == W + "noBreakHyphen":
        for j in open_ids:
            covered[j] += "\u2011"
    for c in e:
        walk(c)


walk(doc)
ours = [c for c in (croot if croot is not None else []) if c.get(W + "author") == "storymaster"]
findings = json.load(open(fj))["findings"]
want = sorted((f["text"], f["rule"]) for f in findings)
have = []
for c in ours:
    rule = re.match(r"\[(\S+)\]", para_texts(c)[-1]).group(1)
    have.append((covered.get(c.get(W + "id"), "<no range>"), rule))
have.sort()
anchored = sum(1 for a, b in zip(have, want) if a == b or (b[0] == "" and a[1] == b[1]))
if len(have) != len(want):
    problems.append("%d storymaster comments for %d findings" % (len(have), len(want)))
for a, b in zip(have, want):
    if a != b and not (b[0] == "" and a[1] == b[1]):
        problems.append("a range covers %r, the finding quotes %r" % (a, b))
kept = 0
if len(sys.argv) > 3:
    zi = zipfile.ZipFile(sys.argv[3])
    _, ci = comments(zi, main_part(zi))
    before = {c.get(W + "id"): para_texts(c) for c in (ci if ci is not None else [])}
    after = {c.get(W + "id"): para_texts(c) for c in (croot if croot is not None else [])}
    for i, t in before.items():
        if after.get(i) == t:
            kept += 1
        else:
            problems.append("comment %s of the original is lost or changed" % i)
    if tracked(ET.fromstring(zi.read(main_part(zi)))) != tracked(doc):
        problems.append("tracked changes: %d before, %d after" % (tracked(ET.fromstring(zi.read(main_part(zi)))), tracked(doc)))
print("comments %d, ours %d, findings %d, anchored %d, kept %d, problems %d" % (
    len(cids), len(ours), len(want), anchored, kept, len(problems)))
for p in problems[:20]:
    print("problem: " + p)
sys.exit(1 if problems else 0)
