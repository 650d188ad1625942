#!/bin/sh
# corpus/modern/extract.sh: rebuild the corpus/modern/*.md.xz evaluation texts from
# Debian 12 (bookworm) packages.  Usage:
#
#   mkdir debs && cd debs && apt-get update && apt-get download \
#     endless-sky-data=0.9.8-1.2 freedroidrpg-data=1.0-1 naev-data=0.8.2-1 \
#     wesnoth-1.16-dw=1:1.16.9-1 wesnoth-1.16-dm=1:1.16.9-1 wesnoth-1.16-did=1:1.16.9-1 \
#     wesnoth-1.16-ei=1:1.16.9-1 wesnoth-1.16-httt=1:1.16.9-1 wesnoth-1.16-low=1:1.16.9-1 \
#     wesnoth-1.16-l=1:1.16.9-1 wesnoth-1.16-nr=1:1.16.9-1 wesnoth-1.16-sof=1:1.16.9-1 \
#     wesnoth-1.16-sota=1:1.16.9-1 wesnoth-1.16-sotbe=1:1.16.9-1 wesnoth-1.16-thot=1:1.16.9-1 \
#     wesnoth-1.16-trow=1:1.16.9-1 wesnoth-1.16-tsg=1:1.16.9-1 wesnoth-1.16-ttb=1:1.16.9-1 \
#     wesnoth-1.16-utbs=1:1.16.9-1
#   sh corpus/modern/extract.sh debs [OUTDIR]      (OUTDIR defaults to corpus/modern)
#
# The packages are only unpacked (dpkg-deb -x into a temporary folder), never installed.
# Needs python3, dpkg-deb and xz.  Output: OUTDIR/{endless-sky,wesnoth-1,wesnoth-2,
# freedroidrpg,naev}.md.xz; provenance and licences are in corpus/README.md.
set -eu

[ $# -ge 1 ] || { echo "usage: extract.sh DEBDIR [OUTDIR]" >&2; exit 2; }
DEBS=$1
OUT=${2:-$(dirname "$0")}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

# unpack PKG VERSION: unpack DEBS/PKG_*.deb into $TMP/root, warning on another version
unpack() {
	deb=$(ls "$DEBS"/"$1"_*.deb 2>/dev/null | head -n 1)
	[ -n "$deb" ] || { echo "extract.sh: no $1_*.deb in '$DEBS'" >&2; exit 2; }
	v=$(dpkg-deb -f "$deb" Version)
	[ "$v" = "$2" ] || echo "extract.sh: warning: $1 is $v, not $2: the text may differ" >&2
	dpkg-deb -x "$deb" "$TMP/root"
}

# emit NAME: compress $TMP/NAME.md to OUT/NAME.md.xz and report its word count
emit() {
	xz -9 -c "$TMP/$1.md" > "$OUT/$1.md.xz"
	echo "$1.md.xz: $(wc -w < "$TMP/$1.md") words, $(grep -c '^# ' "$TMP/$1.md") chapters"
}

cat > "$TMP/es.py" <<'PY'
# Endless Sky data/*.txt -> Markdown: one "# heading" per mission/conversation.
import sys, os, re, glob
src, = sys.argv[1:]
SUBS = [("<first> <last>", "Alex Carver"), ("<first>", "Alex"), ("<last>", "Carver"),
        ("<ship>", "Aurora"), ("<destination>", "New Boston in the Rigel system"),
        ("the <planet>", "New Boston"), ("<planet>", "New Boston"), ("<system>", "Rigel"), ("<origin>", "Earth"),
        ("<stopovers>", "Hope"), ("<waypoints>", "Sirius"), ("<npc>", "Starling"),
        ("<cargo>", "twelve tons of medical supplies"), ("<commodity>", "medical supplies"),
        ("<tons>", "twelve tons"), ("<bunks>", "six"), ("<passengers>", "six passengers"),
        ("<payment>", "45,000 credits"), ("<fare>", "8,000 credits"),
        ("<date>", "March 9"), ("<day>", "March 9"), ("<capacity>", "two more bunks")]

def tokens(line):
    out, i, n = [], 0, len(line)
    while i < n:
        c = line[i]
        if c in ' \t': i += 1; continue
        if c == '#': break
        if c in '"`':
            j = line.find(c, i + 1)
            if j < 0: j = n
            out.append(line[i + 1:j]); i = j + 1
        else:
            j = i
            while j < n and line[j] not in ' \t': j += 1
            out.append(line[i:j]); i = j
    return out

def parse(path):
    root = {'tok': [], 'kids': []}
    stack = [(-1, root)]
    for raw in open(path, encoding='utf-8'):
        raw = raw.rstrip('\n')
        body = raw.lstrip('\t ')
        if not body or body.startswith('#'): continue
        ind = len(raw) - len(body)
        t = tokens(body)
        if not t: continue
        node = {'tok': t, 'kids': []}
        while stack[-1][0] >= ind: stack.pop()
        stack[-1][1]['kids'].append(node)
        stack.append((ind, node))
    return root

KEYW = {'choice', 'label', 'branch', 'apply', 'action', 'scene', 'name', 'accept', 'decline',
        'defer', 'launch', 'flee', 'depart', 'die', 'goto', 'to', 'has', 'not', 'set', 'clear'}

def text_of(conv, out):
    for k in conv['kids']:
        t = k['tok']
        if t[0] == 'choice':
            opts = [o for o in k['kids'] if o['tok'][0] not in KEYW]
            if opts: out.append(opts[0]['tok'][0])
        elif t[0] in KEYW or len(t) > 1:
            continue
        else:
            out.append(t[0])

def clean(p):
    p = p.replace('\t', ' ').strip()
    for a, b in SUBS: p = p.replace(a, b)
    p = re.sub(r'\s+', ' ', p)
    return p

def keep(p):
    if not p or re.search(r'<[a-z ]+>', p): return False
    if p[:1] in '([' and p[-1:] in ')]': return False   # out-of-character game hints
    if re.search(r'autosave|snapshot|\bclick\b|\bbutton\b|\bmission\b(?! of)', p, re.I) and len(p) < 200: return False
    return len(p.split()) >= 2

seen = set()
def walk(node, title, chunks):
    for k in node['kids']:
        t = k['tok']
        if t[0] == 'conversation':
            paras = []; text_of(k, paras); chunks.append(paras)
        elif t[0] == 'dialog':
            paras = [t[1]] if len(t) > 1 else []
            paras += [c['tok'][0] for c in k['kids']]
            chunks.append(paras)
        elif t[0] in ('on', 'npc'):
            walk(k, title, chunks)

files = sorted(glob.glob(os.path.join(src, '*.txt')))
for f in files:
    base = os.path.basename(f)
    if 'jobs' in base: continue   # generic procedurally-offered jobs: repetitive boilerplate
    root = parse(f)
    for top in root['kids']:
        t = top['tok']
        if t[0] not in ('mission', 'conversation') or len(t) < 2: continue
        chunks = []
        if t[0] == 'conversation':
            paras = []; text_of(top, paras); chunks.append(paras)
        else:
            walk(top, t[1], chunks)
        paras = []
        for ch in chunks:
            for p in ch:
                p = clean(p)
                if keep(p) and p not in seen:
                    seen.add(p); paras.append(p)
        if sum(len(p.split()) for p in paras) < 40: continue
        disp = [k['tok'][1] for k in top['kids'] if k['tok'][0] == 'name' and len(k['tok']) > 1]
        head = clean(disp[0]) if disp else t[1].strip()
        print('# ' + head + '\n')
        for p in paras: print(p + '\n')
PY

cat > "$TMP/wml.py" <<'PY'
# Wesnoth campaign WML -> Markdown: one "# heading" per scenario; [story] parts as
# narration, [message]s as quoted dialogue with a "said" attribution.
import sys, os, re, glob

DIRECTIVE = re.compile(r'#(define|enddef|ifdef|ifndef|ifhave|ifnhave|ifver|ifnver|else|endif|undef|textdomain|arg|endarg|warning|error|deprecated|po)\b(.*)')

def preprocess(text, defs):
    """Drop comments, keep the first branch of #if*/#else, move #define bodies into defs."""
    out, i, n = [], 0, len(text)
    inq = False; conds = []; cur_def = None; defbuf = []
    line_start = True
    def active(): return all(conds)
    while i < n:
        c = text[i]
        if not inq and c == '#':
            j = text.find('\n', i); j = n if j < 0 else j
            m = DIRECTIVE.match(text, i, j)
            if m:
                kw, rest = m.group(1), m.group(2).split()
                if kw == 'define' and rest:
                    cur_def = (rest[0], rest[1:]); defbuf = []
                elif kw == 'enddef' and cur_def:
                    defs[cur_def[0]] = (cur_def[1], ''.join(defbuf)); cur_def = None
                elif kw in ('ifdef', 'ifndef', 'ifhave', 'ifnhave', 'ifver', 'ifnver'):
                    conds.append(True)
                elif kw == 'else' and conds:
                    conds[-1] = False
                elif kw == 'endif' and conds:
                    conds.pop()
            i = j; continue
        if c == '"': inq = not inq
        if active():
            (defbuf if cur_def else out).append(c)
        i += 1
    return ''.join(out)

def split_args(s):
    args, i, n = [], 0, len(s)
    while i < n:
        while i < n and s[i].isspace(): i += 1
        if i >= n: break
        j = i
        if s[i] == '(':
            d = 0; q = False
            while j < n:
                if s[j] == '"': q = not q
                elif not q and s[j] == '(': d += 1
                elif not q and s[j] == ')':
                    d -= 1
                    if d == 0: break
                j += 1
            args.append(s[i + 1:j]); i = j + 1; continue
        if s[i] == '_' and re.match(r'_\s*"', s[i:]):
            j = s.index('"', i)
        q = False
        while j < n and (q or not s[j].isspace()):
            if s[j] == '"': q = not q
            elif s[j] == '{':
                d = 1; j += 1
                while j < n and d:
                    d += {'{': 1, '}': -1}.get(s[j], 0); j += 1
                continue
            j += 1
        args.append(s[i:j]); i = j
    return args

def expand(text, defs, depth=0):
    if depth > 6: return text
    out, i, n = [], 0, len(text)
    inq = False
    while i < n:
        c = text[i]
        if c == '"': inq = not inq
        if c == '{':
            d, j, q = 1, i + 1, False
            while j < n and d:
                if text[j] == '"': q = not q
                elif text[j] == '{': d += 1
                elif text[j] == '}': d -= 1
                j += 1
            inner = text[i + 1:j - 1]
            name = inner.split(None, 1)[0] if inner.split() else ''
            if name in defs:
                params, body = defs[name]
                args = split_args(inner[len(name):])
                for p, a in zip(params, args):
                    body = body.replace('{' + p + '}', a)
                out.append(expand(body, defs, depth + 1)); i = j; continue
            # unknown macro (core library or a parameter): keep for the tokenizer to drop
            out.append(text[i:j]); i = j; continue
        out.append(c); i += 1
    return ''.join(out)

def parse_value(text, i):
    """Read a WML attribute value starting at i; return (string, translatable, next_i)."""
    n = len(text); parts = []; tr = False
    while True:
        while i < n and text[i] in ' \t': i += 1
        if i < n and text[i] == '_' and re.match(r'_\s*"', text[i:i + 8]):
            tr = True; i = text.index('"', i)
        if i < n and text[i] == '"':
            j = i + 1; buf = []
            while j < n:
                if text[j] == '"':
                    if j + 1 < n and text[j + 1] == '"': buf.append('"'); j += 2; continue
                    break
                buf.append(text[j]); j += 1
            parts.append(''.join(buf)); i = j + 1
        elif text.startswith('<<', i):
            j = text.find('>>', i); i = n if j < 0 else j + 2
        elif i < n and text[i] == '{':
            d = 0
            while i < n:
                d += {'{': 1, '}': -1}.get(text[i], 0); i += 1
                if d == 0: break
        else:
            j = i
            while j < n and text[j] not in '\n+': j += 1
            parts.append(text[i:j].strip()); i = j
        while i < n and text[i] in ' \t': i += 1
        if i < n and text[i] == '+':
            i += 1
            while i < n and text[i] in ' \t\n': i += 1
            continue
        return ''.join(parts), tr, i

TAG = re.compile(r'\[(\+?)(/?)([A-Za-z_0-9]+)\]')
KEY = re.compile(r'([A-Za-z_0-9,]+)[ \t]*=')

def events(text):
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace(): i += 1; continue
        m = TAG.match(text, i)
        if m:
            yield ('close' if m.group(2) else 'open', m.group(3)); i = m.end(); continue
        m = KEY.match(text, i)
        if m:
            v, tr, i = parse_value(text, m.end())
            yield ('attr', m.group(1), v); continue
        if c == '{':
            d = 0
            while i < n:
                d += {'{': 1, '}': -1}.get(text[i], 0); i += 1
                if d == 0: break
            continue
        j = text.find('\n', i); i = n if j < 0 else j + 1

MECH = re.compile(r'\b(hex(es)?|hitpoints?|hit points|XP|experience points|recruit|recall|upkeep|objectives?|'
                  r'turns? (limit|counter)|right[- ]click|left[- ]click|difficulty|save your game|ZoC|zone of control|'
                  r'unit|units|campaign|scenario|gold|level[- ]?up|advance|tooltip|village)\b', re.I)

def unmark(s):
    s = re.sub(r'<[^>]*>', '', s)                       # pango markup
    s = s.replace('&amp;', '&').replace('&lt;', '<').replace('&gt;', '>')
    s = re.sub(r'^[^^\s]*\^', '', s)                    # "context^text" msgctxt prefix
    return s

def paras_of(s):
    s = unmark(s)
    ps = [re.sub(r'\s+', ' ', p).strip() for p in re.split(r'\n\s*\n', s)]
    return [p for p in ps if p]

def quote_inner(s):
    s = s.replace('“', '‘').replace('”', '’')
    s = re.sub(r'"(?=\w)', '‘', s); s = s.replace('"', '’')
    return s

def said(name, text):
    text = quote_inner(text)
    verb = 'asked' if text.rstrip('”’ ').endswith('?') else 'said'
    return '%s %s, “%s”' % (name, verb, text)

GENERIC = {'unit': 'The soldier', 'second_unit': 'The other soldier', 'student': 'The student'}

def campaign(cdir):
    defs = {}
    for f in sorted(glob.glob(os.path.join(cdir, 'utils', '**', '*.cfg'), recursive=True)) + \
             [os.path.join(cdir, '_main.cfg')]:
        if os.path.exists(f): preprocess(open(f, encoding='utf-8').read(), defs)
    title = None; stack = []
    main = preprocess(open(os.path.join(cdir, '_main.cfg'), encoding='utf-8').read(), {})
    for ev in events(main):
        if ev[0] == 'open': stack.append(ev[1])
        elif ev[0] == 'close' and stack: stack.pop()
        elif ev[0] == 'attr' and ev[1] == 'name' and stack[-1:] == ['campaign'] and title is None:
            title = unmark(ev[2])
    scen = sorted(glob.glob(os.path.join(cdir, 'scenarios', '**', '*.cfg'), recursive=True))
    texts = []
    for f in scen:
        local = dict(defs)
        t = preprocess(open(f, encoding='utf-8').read(), local)
        texts.append((f, expand(t, local)))
    names = {}
    for f, t in texts:
        stack = []
        for ev in events(t):
            if ev[0] == 'open': stack.append((ev[1], {}))
            elif ev[0] == 'attr' and stack: stack[-1][1][ev[1]] = ev[2]
            elif ev[0] == 'close' and stack:
                tag, a = stack.pop()
                if tag in ('side', 'unit') and a.get('id') and a.get('name'):
                    names.setdefault(a['id'], unmark(a['name']))
    out = []
    for f, t in texts:
        stack = []; paras = []; sname = None
        for ev in events(t):
            if ev[0] == 'open':
                stack.append((ev[1], {}, len(paras)))
            elif ev[0] == 'attr' and stack:
                stack[-1][1][ev[1]] = ev[2]
                if stack[-1][0] == 'scenario' and ev[1] == 'name' and sname is None: sname = unmark(ev[2])
            elif ev[0] == 'close' and stack:
                tag, a, pos = stack.pop()
                new = []
                if tag == 'part' and a.get('story'):
                    new = [p for p in paras_of(a['story']) if not p.lower().startswith(('note:', 'hint:', 'tip:'))]
                elif tag == 'message' and a.get('message'):
                    who = a.get('speaker') or a.get('id') or ''
                    ps = paras_of(a['message'])
                    if who == 'narrator' or not who and not a.get('type'):
                        new = [p for p in ps if not MECH.search(p)]
                    else:
                        if who in names: nm = names[who]
                        elif who in GENERIC: nm = GENERIC[who]
                        elif who and who[0].isupper() and '$' not in who:
                            nm = re.sub(r'^[A-Z]?\d+_', '', who).replace('_', ' ')
                        elif who: nm = 'The soldier'
                        else: nm = 'The ' + a['type'].split(',')[0].lower()
                        if ps: new = [said(nm, ' '.join(ps))]
                new = [p for p in new if '$' not in p and not p.lower().startswith(('note:', 'hint:', 'tip:'))]
                paras[pos:pos] = new
        if sname: out.append((sname, paras))
    return title, out

def main():
    root, names = sys.argv[1], sys.argv[2:]
    seen = set()
    for c in names:
        title, scs = campaign(os.path.join(root, c))
        for sname, paras in scs:
            ps = []
            for p in paras:
                if p in seen or len(p.split()) < 2: continue
                seen.add(p); ps.append(p)
            if sum(len(p.split()) for p in ps) < 30: continue
            print('# %s: %s\n' % (title, sname))
            for p in ps: print(p + '\n')

main()
PY

cat > "$TMP/fd.py" <<'PY'
# FreedroidRPG dialog Lua -> Markdown: one "# heading" per character's dialog file;
# node texts are Tux's lines, :says() calls are spoken lines, in file order.
import sys, os, re, glob
root = sys.argv[1]
SKIP = re.compile(r'Terminal|Vending|c-net|Control|Server|^614_|Cryo|^DSB|^MS-|^MO-HF|^24-|Tutorial|TestDroid|Maintenance|Prologue|TerminalDenied|Town-614')
STR = r'_?"((?:[^"\\\n]|\\.)*)"'
TOK = re.compile(r'(?P<who>\w+):says(?:_random)?\(\s*' + STR + r'(?P<rest>[^\n]*)'
                 r'|\btext\s*=\s*' + STR.replace('(?:', '(?:', 1).replace('((', '(?P<node>(', 1) + r'|set_name\("(?P<nm>[^"]*)"')
def unesc(s): return s.replace('\\"', '"').replace("\\'", "'").replace('\\n', ' ')
NAMES = {'Cult-Member': 'The cult member', 'MO-RGGateGuard': 'The Red Guard gatekeeper',
         'MO-RGGateGuardLeader': 'The gatekeepers\' leader', 'Ewalds_296': 'The 296 bot',
         'MrSaves': 'Mr. Saves', 'Kevin-Lawnmower': 'The lawnmower bot'}
def label(fname):
    base = re.sub(r'\.lua$', '', fname)
    if base in NAMES: return NAMES[base]
    base = base.split('-')[-1]
    words = re.sub(r'(?<=[a-z])(?=[A-Z])', ' ', base).replace('_', ' ').strip()
    return words if ' ' not in words else 'The ' + words.lower()
seen = set()
for act in ('act1', 'act2'):
    for f in sorted(glob.glob(os.path.join(root, act, 'dialogs', '*.lua'))):
        fn = os.path.basename(f)
        if SKIP.search(fn): continue
        src = open(f, encoding='utf-8').read()
        src = re.sub(r'--\[\[.*?\]\]--', '', src, flags=re.S)
        src = re.sub(r'(?m)--[^\n]*$', '', src)
        npc = None
        m = re.search(r'Npc:set_name\("([^"]*)"', src)
        npc = (m.group(1).split(' - ')[0].strip() if m else label(fn))
        turns = []; prev_end = 0; said_here = set()
        for m in TOK.finditer(src):
            if m.group('nm') is not None: continue
            brk = bool(re.search(r'\b(if|else|elseif|end|function)\b', src[prev_end:m.start()]))
            prev_end = m.end()
            if m.group('node') is not None:
                who, txt, rest = 'Tux*', m.group('node'), ''
            else:
                who, txt, rest = m.group('who'), m.group(2), m.group('rest')
            txt = unesc(txt).strip()
            if '%' in txt:
                if 'get_player_name' in rest and txt.count('%') == 1: txt = txt.replace('%s', 'Tux')
                else: continue
            if 'REPORT ME' in txt or re.fullmatch(r'[\W_]*', txt) or re.search(r'[\[\]<>{}]|\\', txt): continue
            name = who if who.startswith('Tux') else npc if who == 'Npc' else who
            if txt in said_here: continue
            said_here.add(txt)
            turns.append((name, txt, brk))
        paras, last = [], None
        for name, txt, brk in turns:
            txt = txt.replace('"', "'")
            if name == last and paras and name != 'Tux*' and not brk:
                paras[-1][1].append(txt)
            else:
                paras.append((name.rstrip('*'), [txt]))
            last = 'Tux' if name == 'Tux*' else name
        out = []
        for name, ts in paras:
            body = ' '.join(ts)
            verb = 'asked' if body.rstrip("' ").endswith('?') else 'said'
            p = '%s %s, "%s"' % (name, verb, body)
            if p in seen or len(body.split()) < 3: continue
            seen.add(p); out.append(p)
        if sum(len(p.split()) for p in out) < 60: continue
        print('# %s\n' % npc)
        for p in out: print(p + '\n')
PY

cat > "$TMP/naev.py" <<'PY'
# Naev dat/missions and dat/events Lua -> Markdown: one "# heading" per mission/event;
# the long-bracket dialog texts _([[...]]) in file order, one paragraph per line.
import sys, os, re, glob
dat = sys.argv[1]
SKIPVAR = re.compile(r'osd|desc|log|title|reward|npc|bar|misn_|hint|tut', re.I)
STR = re.compile(r'(?:(?P<var>[\w.\[\]"\']+)\s*=\s*)?_\(\s*\[(?P<eq>=*)\[(?P<s>.*?)\](?P=eq)\]\s*\)', re.S)
def subst(p):
    p = re.sub(r'%s in the %s system', 'Darkshed in the Alteris system', p)
    p = re.sub(r'%s system', 'Alteris system', p)
    p = re.sub(r'%s credits', '50,000 credits', p)
    p = re.sub(r'\b(on|at|to|in|from|for|of|near|around|reach|visit) %s\b', r'\1 Darkshed', p)
    return p
def clean(p):
    p = re.sub(r'\\a.|\x07.|#[0-9a-zA-Z]', '', p)
    p = re.sub(r'\s+', ' ', p).strip()
    p = re.sub(r'^([A-Z][\w\']*)> ', r'\1 says, ', p)      # chat-log speaker prefix
    return p
seen = set()
def emit(title, paras):
    out = []
    for p in paras:
        p = clean(subst(p))
        if not p or '%' in p or '\\' in p or len(p.split()) < 3 or p in seen: continue
        if re.search(r'\bmission\b|\bMISSION\b|press|keyboard|\bkey\b|\bclick', p, re.I) and len(p) < 160: continue
        seen.add(p); out.append(p)
    if sum(len(p.split()) for p in out) < 40: return
    print('# %s\n' % title)
    for p in out: print(p + '\n')
intro = open(os.path.join(dat, 'intro'), encoding='utf-8').read()
emit('Prologue', [l for l in re.split(r'\n\s*\n', re.sub(r'(?m)^\[[^\]]*\]\s*$', '', intro))])
files = sorted(glob.glob(os.path.join(dat, 'missions', '**', '*.lua'), recursive=True)) + \
        sorted(glob.glob(os.path.join(dat, 'events', '**', '*.lua'), recursive=True))
for f in files:
    s = open(f, encoding='utf-8').read()
    m = re.search(r'<(?:mission|event) name="([^"]+)"', s)
    if not m: continue
    title = m.group(1).replace('&apos;', "'").replace('&amp;', '&')
    body = re.sub(r'--\[(=*)\[.*?\]\1\]', '', s, flags=re.S)
    paras = []
    for mm in STR.finditer(body):
        if mm.group('var') and SKIPVAR.search(mm.group('var')): continue
        paras += mm.group('s').split('\n')
    emit(title, paras)
PY

mkdir -p "$OUT" "$TMP/root"

unpack endless-sky-data 0.9.8-1.2
python3 "$TMP/es.py" "$TMP/root/usr/share/games/endless-sky/data" > "$TMP/endless-sky.md"
emit endless-sky

for p in dw dm did ei httt low l nr sof sota sotbe thot trow tsg ttb utbs; do
	unpack wesnoth-1.16-$p 1:1.16.9-1
done
C=$TMP/root/usr/share/games/wesnoth/1.16/data/campaigns
python3 "$TMP/wml.py" "$C" Dead_Water Delfadors_Memoirs Descent_Into_Darkness \
	Eastern_Invasion Heir_To_The_Throne Legend_of_Wesmere Liberty Northern_Rebirth \
	> "$TMP/wesnoth-1.md"
emit wesnoth-1
python3 "$TMP/wml.py" "$C" Sceptre_of_Fire Secrets_of_the_Ancients Son_Of_The_Black_Eye \
	The_Hammer_of_Thursagan The_Rise_Of_Wesnoth The_South_Guard Two_Brothers \
	Under_the_Burning_Suns > "$TMP/wesnoth-2.md"
emit wesnoth-2

unpack freedroidrpg-data 1.0-1
python3 "$TMP/fd.py" "$TMP/root/usr/share/freedroidrpg/data/storyline" > "$TMP/freedroidrpg.md"
emit freedroidrpg

unpack naev-data 0.8.2-1
python3 "$TMP/naev.py" "$TMP/root/usr/share/naev/dat" > "$TMP/naev.md"
emit naev
