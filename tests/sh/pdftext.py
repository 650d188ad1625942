#!/usr/bin/env python3
"""Print the text of a PDF that Chromium printed (python3 stdlib only), one
line per text object (BT ... ET), page by page ("-- page N" lines
between pages). Enough for the PDFs Skia writes: Flate-compressed content
streams, fonts with ToUnicode CMaps, strings in hex or literal form. Used by
tests/sh/7300-report-61-chapters.sh, where poppler's pdftotext may be missing.

    python3 tests/sh/pdftext.py FILE.pdf
"""
import re
import sys
import zlib

OBJ = re.compile(rb"(\d+)\s+0\s+obj(.*?)endobj", re.S)


def objects(data):
    out = {}
    for m in OBJ.finditer(data):
        out[int(m.group(1))] = m.group(2)
    return out


def stream(body):
    m = re.search(rb"stream\r?\n", body)
    if not m:
        return b""
    raw = body[m.end():body.rfind(b"endstream")]
    if b"/FlateDecode" in body[:m.start()]:
        try:
            return zlib.decompress(raw)
        except zlib.error:
            return zlib.decompressobj().decompress(raw)
    return raw


def cmap(text):
    """A ToUnicode CMap: code (int) -> str, and the code width in bytes."""
    m, width = {}, 1
    cs = re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", text)
    if cs:
        width = len(cs.group(1)) // 2
    for blk in re.finditer(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", blk.group(1)):
            m[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
    for blk in re.finditer(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>",
                                      blk.group(1)):
            base = int(dst, 16)
            for k, c in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                m[c] = chr(base + k)
    return m, width


def ref(body, key):
    m = re.search(rb"/" + key + rb"\s+(\d+)\s+0\s+R", body)
    return int(m.group(1)) if m else None


def fonts_of(objs, page):
    """Font resource name -> (cmap, width) for a page object."""
    res = page
    r = ref(page, rb"Resources")
    if r is not None:
        res = objs.get(r, b"")
    fm = re.search(rb"/Font\s*(<<.*?>>|\d+\s+0\s+R)", res, re.S)
    out = {}
    if not fm:
        return out
    fd = fm.group(1)
    if fd.endswith(b"R"):
        fd = objs.get(int(fd.split()[0]), b"")
    for name, num in re.findall(rb"/(\w+)\s+(\d+)\s+0\s+R", fd):
        font = objs.get(int(num), b"")
        tu = ref(font, rb"ToUnicode")
        if tu is None:
            continue
        out[name] = cmap(stream(objs.get(tu, b"")))
    return out


def decode(s, font):
    m, width = font
    if not m:
        return s.decode("latin-1")
    return "".join(m.get(int.from_bytes(s[i:i + width], "big"), "")
                   for i in range(0, len(s) - width + 1, width))


def literal(s):
    out, i = bytearray(), 0
    while i < len(s):
        c = s[i]
        if c == 0x5C and i + 1 < len(s):  # backslash
            i += 1
            e = s[i]
            if 0x30 <= e <= 0x37:
                j = i
                while j < len(s) and j < i + 3 and 0x30 <= s[j] <= 0x37:
                    j += 1
                out.append(int(s[i:j], 8) & 0xFF)
                i = j
                continue
            out.append({0x6E: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12}.get(e, e))
        else:
            out.append(c)
        i += 1
    return bytes(out)


TOKEN = re.compile(rb"/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f\s]*)>|\(((?:\\.|[^\\)])*)\)|(\[)|(\])|"
                   rb"\b(TJ|Tj)\b|\b(ET)\b")


def page_text(content, fonts):
    lines, line, cur, arr, font = [], [], None, None, ({}, 1)
    for m in TOKEN.finditer(content):
        if m.group(1) is not None:
            font = fonts.get(m.group(1), ({}, 1))
        elif m.group(2) is not None or m.group(3) is not None:
            raw = bytes.fromhex(re.sub(rb"\s", b"", m.group(2)).decode()) if m.group(2) is not None \
                else literal(m.group(3))
            s = decode(raw, font)
            if arr is not None:
                arr.append(s)
            else:
                cur = s
        elif m.group(4):
            arr = []
        elif m.group(5):
            cur, arr = "".join(arr or []), None
        elif m.group(6):
            if cur is not None:
                line.append(cur)
            cur = None
        elif m.group(7):
            if line:
                lines.append("".join(line))
            line = []
    return lines


def main():
    data = open(sys.argv[1], "rb").read()
    objs = objects(data)
    pages = [n for n, b in sorted(objs.items()) if re.search(rb"/Type\s*/Page\b", b)]
    for k, n in enumerate(pages):
        page = objs[n]
        fonts = fonts_of(objs, page)
        cm = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+\s+0\s+R)", page)
        nums = [int(x) for x in re.findall(rb"(\d+)\s+0\s+R", cm.group(1))] if cm else []
        content = b"".join(stream(objs.get(x, b"")) for x in nums)
        print("-- page %d" % (k + 1))
        for line in page_text(content, fonts):
            print(line)


if __name__ == "__main__":
    main()
