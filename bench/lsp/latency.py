#!/usr/bin/env python3
"""make bench: the language server's latency from didChange to the
diagnostics of the changed chapter, for a chapter of about 5,000 words in a
book folder of about 100,000 (a novel of the corpus cut into chapters of
5,000 words). Prints the median and the slowest of N edits; never fails.

    latency.py STORYMASTER NOVEL.txt [N]
"""
import json, os, re, statistics, subprocess, sys, tempfile, time

sm, novel = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 15
words = open(novel, encoding="utf-8").read().split()
book = tempfile.mkdtemp()
size, total = 5000, min(len(words), 100000)
paths = []
for k in range(0, total, size):
    p = os.path.join(book, "ch%02d.md" % (k // size + 1))
    body = " ".join(words[k:k + size])
    # paragraphs of about 100 words
    ws = body.split()
    paras = [" ".join(ws[i:i + 100]) for i in range(0, len(ws), 100)]
    open(p, "w", encoding="utf-8").write("# Chapter %d\n\n" % (k // size + 1) + "\n\n".join(paras) + "\n")
    paths.append(p)
proc = subprocess.Popen([sm, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def send(m):
    b = json.dumps(m).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b)
    proc.stdin.flush()


def recv():
    h = b""
    while not h.endswith(b"\r\n\r\n"):
        c = proc.stdout.read(1)
        if not c:
            return None
        h += c
    k = int([l for l in h.decode().split("\r\n") if l.lower().startswith("content-length")][0].split(":")[1])
    return json.loads(proc.stdout.read(k))


uri = "file://" + paths[len(paths) // 2]
text = open(paths[len(paths) // 2], encoding="utf-8").read()
send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"rootUri": "file://" + book}})
recv()
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
t0 = time.time()
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "text": text}}})
while True:
    m = recv()
    if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
        break
first = time.time() - t0
lat = []
for i in range(n):
    # a doubled word typed and removed in turn: the chapter's diagnostics change each time
    t = text.replace(" the ", " the the ", 1) if i % 2 == 0 else text
    t0 = time.time()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": i + 2}, "contentChanges": [{"text": t}]}})
    while True:
        m = recv()
        if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
            break
    lat.append(time.time() - t0)
# with the model: its findings of the whole book after didOpen, then after one edit
# (only the changed chapter is scored again)
model = []
for i in range(3):
    t = text.replace(" the ", " the the ", 1) if i % 2 == 0 else text
    t0 = time.time()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": 100 + i}, "contentChanges": [{"text": t}]}})
    while True:
        m = recv()
        if m is None or m.get("method") == "$/storymaster/model":
            break
    if m is None:
        break
    model.append(time.time() - t0)
send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
recv()
send({"jsonrpc": "2.0", "method": "exit"})
proc.wait()
print("lsp: %d chapters, %d words; open to diagnostics %.0f ms; didChange to diagnostics: median %.0f ms, "
      "slowest %.0f ms of %d edits (10 ms of it the debounce)" % (
          len(paths), total, first * 1000, statistics.median(lat) * 1000, max(lat) * 1000, n))
if model:
    print("lsp: the model's findings of the book after an edit: %s s (the first run scores every chapter; "
          "then only the changed one)" % ", ".join("%.1f" % x for x in model))
else:
    print("lsp: no model in this binary: its findings not measured")
