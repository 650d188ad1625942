#!/usr/bin/env python3
"""A small LSP client for the protocol's corners of `storymaster lsp`
(tests/sh/7500; Neovim drives the main path there).

    lsp_client.py STORYMASTER BOOK_DIR [MODEL_BOOK_DIR]

BOOK_DIR holds ch1.md (a doubled word) and ch2.md (a name variant of
ch1's Martha). MODEL_BOOK_DIR, when given, holds ch5.md (a chapter with a
typo only the language model reports: language.typo is off there) and
ch6.md (a doubled word). Prints "ok - ..." or "not ok - ..." per check;
exits 1 when one fails.
"""
import json, os, subprocess, sys, time

sm, book = sys.argv[1], os.path.abspath(sys.argv[2])
failed = 0


def check(what, cond, got=None):
    global failed
    print(("ok - " if cond else "not ok - ") + what + ("" if cond or got is None else "  (got %r)" % (got,)))
    if not cond:
        failed += 1


class Server:
    def __init__(self):
        self.p = subprocess.Popen([sm, "lsp", "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)
        self.diags = {}
        self.pending = []

    def raw(self, b):
        self.p.stdin.write(b)
        self.p.stdin.flush()

    def frame(self, m):
        b = json.dumps(m).encode()
        return b"Content-Length: %d\r\n\r\n" % len(b) + b

    def send(self, m):
        self.raw(self.frame(m))

    def recv(self):
        h = b""
        while not h.endswith(b"\r\n\r\n"):
            c = self.p.stdout.read(1)
            if not c:
                return None
            h += c
        n = int([l for l in h.decode().split("\r\n") if l.lower().startswith("content-length")][0].split(":")[1])
        m = json.loads(self.p.stdout.read(n))
        if m.get("method") == "textDocument/publishDiagnostics":
            self.diags[m["params"]["uri"]] = m["params"]["diagnostics"]
        return m

    def response(self, rid):
        while True:
            m = self.recv()
            if m is None or ("id" in m and m["id"] == rid and "method" not in m):
                return m

    def until(self, pred, limit=10.0):
        """Read until pred() holds (diagnostics arrive as notifications)."""
        t = time.time()
        while not pred():
            if time.time() - t > limit:
                return False
            m = self.recv()
            if m is None:
                return False
        return True


uri1 = "file://" + book + "/ch1.md"
uri2 = "file://" + book + "/ch2.md"
text1 = open(os.path.join(book, "ch1.md")).read()

s = Server()
s.send({"jsonrpc": "2.0", "id": 0, "method": "textDocument/codeAction", "params": {}})
m = s.response(0)
check("a request before initialize: ServerNotInitialized", m and m.get("error", {}).get("code") == -32002, m)
s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"rootUri": "file://" + book, "capabilities": {}}})
m = s.response(1)
caps = m["result"]["capabilities"]
check("initialize: full text sync, code actions, the accept command",
      caps["textDocumentSync"]["change"] == 1 and "codeActionProvider" in caps and
      caps["executeCommandProvider"]["commands"] == ["storymaster.acceptWord"], caps)
check("initialize: serverInfo names storymaster", m["result"]["serverInfo"]["name"] == "storymaster")
s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri1, "languageId": "markdown", "version": 1, "text": text1}}})
check("didOpen: diagnostics for the open chapter and the other one",
      s.until(lambda: s.diags.get(uri1) and s.diags.get(uri2)), s.diags)
d1 = s.diags[uri1][0]
check("the doubled word: code, severity error, source, range",
      d1["code"] == "style.doubled-word" and d1["severity"] == 1 and d1["source"] == "storymaster" and
      d1["range"] == {"start": {"line": 2, "character": 29}, "end": {"line": 2, "character": 36}}, d1)

# UTF-16: a character outside the BMP counts two units, an accented letter one
t0 = time.time()
text1b = text1.replace("Martha walked in. She", "\U0001F600 Mart\u00e9 walked in. She")
s.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": {"textDocument": {"uri": uri1, "version": 2}, "contentChanges": [{"text": text1b}]}})
check("didChange: new diagnostics", s.until(lambda: s.diags[uri1] and s.diags[uri1][0]["range"]["start"]["character"] != 29))
print("# didChange to diagnostics: %.0f ms (a two-chapter book)" % ((time.time() - t0) * 1000))
c = s.diags[uri1][0]["range"]["start"]["character"]
check("positions in UTF-16 code units (an emoji is two)", c == 3 + "Marté walked in. She opened ".__len__(), c)

# cancellation: a request cancelled in the same batch is answered RequestCancelled
req = {"jsonrpc": "2.0", "id": 7, "method": "textDocument/codeAction",
       "params": {"textDocument": {"uri": uri1}, "range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}},
                  "context": {"diagnostics": []}}}
s.raw(s.frame(req) + s.frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 7}}))
m = s.response(7)
check("$/cancelRequest: RequestCancelled", m and m.get("error", {}).get("code") == -32800, m)

# a frame that is not LSP's: a parse error, and the server goes on
s.raw(b"garbage without a header\r\n\r\n")
s.send({"jsonrpc": "2.0", "id": 8, "method": "no/suchMethod", "params": {}})
m = s.response(8)
check("after a bad frame the server answers; an unknown method: MethodNotFound",
      m and m.get("error", {}).get("code") == -32601, m)

# the ignore comment for the paragraph, applied by the client, clears it
rng = s.diags[uri1][0]["range"]
s.send({"jsonrpc": "2.0", "id": 9, "method": "textDocument/codeAction",
        "params": {"textDocument": {"uri": uri1}, "range": rng, "context": {"diagnostics": [s.diags[uri1][0]]}}})
acts = s.response(9)["result"]
ign = [a for a in acts if a["title"].startswith("Ignore style.doubled-word")]
check("code action: ignore the rule for the paragraph", len(ign) == 1, [a["title"] for a in acts])
e = ign[0]["edit"]["changes"][uri1][0]
check("... inserts the comment above the paragraph", e["range"]["start"] == {"line": 2, "character": 0} and
      e["newText"] == "<!-- storymaster-disable-next-line style.doubled-word -->\n", e)
lines = text1b.split("\n")
lines.insert(2, e["newText"].rstrip("\n"))
s.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": {"textDocument": {"uri": uri1, "version": 3}, "contentChanges": [{"text": "\n".join(lines)}]}})
check("... and the doubled word is silenced", s.until(lambda: s.diags[uri1] == []), s.diags[uri1])

# the name variant: add the word to the book's accepted words
d2 = s.diags[uri2][0]
s.send({"jsonrpc": "2.0", "id": 10, "method": "textDocument/codeAction",
        "params": {"textDocument": {"uri": uri2}, "range": d2["range"], "context": {"diagnostics": [d2]}}})
acts = s.response(10)["result"]
acc = [a for a in acts if "accepted words" in a["title"]]
check("code action: add the word to the accepted words", len(acc) == 1 and
      acc[0]["command"] == {"title": 'Add "Marhta" to the book\'s accepted words', "command": "storymaster.acceptWord",
                            "arguments": ["Marhta"]}, acts)
s.send({"jsonrpc": "2.0", "id": 11, "method": "workspace/executeCommand", "params": acc[0]["command"]})
m = s.response(11)
check("workspace/executeCommand: done", m and "error" not in m, m)
yml = open(os.path.join(book, ".storymaster.yml")).read()
check(".storymaster.yml now accepts it", yml == "accept:\n  - Marhta\n", yml)
check("... and the name variant is gone from the other chapter", s.until(lambda: s.diags[uri2] == []), s.diags[uri2])
s.send({"jsonrpc": "2.0", "id": 12, "method": "workspace/executeCommand",
        "params": {"command": "storymaster.acceptWord", "arguments": ["Jonah"]}})
s.response(12)
yml = open(os.path.join(book, ".storymaster.yml")).read()
check("a second word goes under the same key", yml == "accept:\n  - Marhta\n  - Jonah\n", yml)

s.send({"jsonrpc": "2.0", "id": 13, "method": "shutdown"})
m = s.response(13)
check("shutdown: null result", m and m.get("result", 1) is None, m)
s.send({"jsonrpc": "2.0", "method": "exit"})
check("exit after shutdown: status 0", s.p.wait(timeout=10) == 0)

# the accepted word goes into the configuration as it is written, or not at all
import shutil
for shape, before, after in [
        ("a block list at column 0", "accept:\n- Jonah\n", "accept:\n- Jonah\n- Marhta\n"),
        ("a flow list", "accept: [Jonah]\nhouse: us\n", "accept: [Jonah, Marhta]\nhouse: us\n"),
        ("a key with no items before another", "accept:\nhouse: us\n", "accept:\n  - Marhta\nhouse: us\n"),
        ("a scalar (refused, left alone)", "accept: Jonah\n", "accept: Jonah\n"),
        ("a flow list over two lines (refused, left alone)", "accept: [a,\n  b]\n", "accept: [a,\n  b]\n")]:
    d = book + "-yml"
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    open(os.path.join(d, "ch.md"), "w").write("# One\n\nText.\n")
    open(os.path.join(d, ".storymaster.yml"), "w").write(before)
    y = Server()
    y.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"rootUri": "file://" + d}})
    y.response(1)
    y.send({"jsonrpc": "2.0", "id": 2, "method": "workspace/executeCommand",
            "params": {"command": "storymaster.acceptWord", "arguments": ["Marhta"]}})
    m = y.response(2)
    got = open(os.path.join(d, ".storymaster.yml")).read()
    check("accepting a word into %s" % shape, got == after and (("error" in m) == (before == after)), (got, m))
    y.send({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
    y.response(3)
    y.send({"jsonrpc": "2.0", "method": "exit"})
    y.p.wait(timeout=10)
    shutil.rmtree(d, ignore_errors=True)

# the language model on its own thread: fast findings first, the model's when ready
if len(sys.argv) > 3:
    mb = os.path.abspath(sys.argv[3])
    u5, u6 = "file://" + mb + "/ch5.md", "file://" + mb + "/ch6.md"
    s = Server()
    s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"rootUri": "file://" + mb}})
    s.response(1)
    first = []

    def seen():
        if u5 in s.diags and not first:
            first.append([d["code"] for d in s.diags[u5]])
        return any(d["code"] == "language.anomaly" for d in s.diags.get(u5, []))

    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": u5, "text": open(os.path.join(mb, "ch5.md")).read()}}})
    check("the model's finding arrives after the others", s.until(seen, 60.0), s.diags.get(u5))
    check("... the first diagnostics came without waiting for it", first and "language.anomaly" not in first[0], first)
    anom = [d for d in s.diags[u5] if d["code"] == "language.anomaly"]
    check("... on the planted typo", len(anom) == 1 and "sbuject" in anom[0]["message"], anom)
    before = len(s.diags[u5])
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": u6, "text": "# Chapter 6\n\nShe opened the door.\n"}}})
    check("an edit in another chapter: its diagnostics", s.until(lambda: s.diags.get(u6) == []), s.diags.get(u6))
    check("... and the unchanged chapter keeps the model's finding",
          any(d["code"] == "language.anomaly" for d in s.diags[u5]) and len(s.diags[u5]) == before, s.diags[u5])
    s.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    s.response(2)
    s.send({"jsonrpc": "2.0", "method": "exit"})
    check("exit with the model's thread: status 0", s.p.wait(timeout=30) == 0)
sys.exit(1 if failed else 0)
