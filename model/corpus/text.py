"""Text helpers of the corpus build: HTML, Mallard and Markdown to the corpus's markdown-ish text,
paragraph unwrapping, and the per-source document writer (JSONL).

The corpus text format (MANIFEST.md): paragraphs separated by a blank line and unwrapped, `#`
headings and `- ` list items where the source had them, code blocks of at most 3 lines kept as
``` fences and longer ones dropped, tables dropped. From corpus v1's build/common.py.
"""
import html, json, os, re, sys, unicodedata
from html.parser import HTMLParser

CTRL = re.compile(r'[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff\u00ad]')

def clean_text(t):
    t = t.replace('\r\n', '\n').replace('\r', '\n')
    t = CTRL.sub('', t)
    t = unicodedata.normalize('NFC', t)
    t = t.replace('\u00a0', ' ').replace('\u2009', ' ').replace('\u202f', ' ')
    # collapse trailing spaces / >2 blank lines
    t = '\n'.join(l.rstrip() for l in t.split('\n'))
    t = re.sub(r'\n{3,}', '\n\n', t)
    return t.strip()

class DocOut:
    """Writes JSONL docs: {"src":..., "id":..., "text":...} to PATH.tmp, renamed to PATH on close."""
    def __init__(self, path, src):
        self.path = path
        self.f = open(path + '.tmp', 'w', encoding='utf-8'); self.src = src; self.n = 0; self.bytes = 0
    def add(self, text, did):
        text = clean_text(text)
        if len(text) < 300: return
        self.f.write(json.dumps({'src': self.src, 'id': did, 'text': text}, ensure_ascii=False) + '\n')
        self.n += 1; self.bytes += len(text.encode('utf-8'))
    def close(self):
        self.f.close(); os.replace(self.path + '.tmp', self.path)
        print(f'{self.src}: {self.n} docs, {self.bytes/1e6:.2f} MB', file=sys.stderr)

BLOCK = {'p','div','h1','h2','h3','h4','h5','h6','li','dt','dd','blockquote','br','tr','section',
         'table','pre','ul','ol','dl','article','main','header','footer','aside','figure','figcaption',
         'caption','hr','body','html','title','td','th','form','center','address'}
SKIP_TAGS = {'script','style','head','nav','table','form','noscript','svg','button','select','math'}

class H2T(HTMLParser):
    """HTML -> text with '#' headings, '- ' list items, short <pre> kept fenced, long ones dropped."""
    def __init__(self, skip_classes=(), skip_ids=(), max_pre_lines=3):
        super().__init__(convert_charrefs=True)
        self.skip_classes = set(skip_classes); self.skip_ids = set(skip_ids)
        self.max_pre = max_pre_lines
        self.out = []; self.cur = []; self.skip = None; self.skipdepth = 0
        self.pre = None; self.prefix = ''; self.lists = []; self.in_code = 0; self.in_dt=False
    def flush(self):
        s = ''.join(self.cur); self.cur = []
        s = re.sub(r'\s+', ' ', s).strip()
        if s:
            self.out.append(self.prefix + s)
        self.prefix = ''
    def handle_starttag(self, tag, attrs):
        if self.skip is not None:
            if tag == self.skip: self.skipdepth += 1
            return
        a = dict(attrs)
        cls = set((a.get('class') or '').split())
        if tag in SKIP_TAGS or (cls & self.skip_classes) or (a.get('id') in self.skip_ids) \
           or a.get('role') == 'navigation' or (tag == 'a' and 'headerlink' in cls):
            if tag in ('br','hr','img','meta','link','input'): return
            self.skip = tag; self.skipdepth = 1; return
        if self.pre is not None:
            return
        if tag == 'pre':
            self.flush(); self.pre = []; return
        if tag in BLOCK:
            self.flush()
            if tag in ('ul','ol'): self.lists.append([tag, 0])
            if tag == 'li':
                if self.lists and self.lists[-1][0] == 'ol':
                    self.lists[-1][1] += 1; self.prefix = f'{self.lists[-1][1]}. '
                else: self.prefix = '- '
            if tag in ('h1','h2','h3','h4','h5','h6'):
                self.prefix = '#' * int(tag[1]) + ' '
        if tag in ('code','tt','kbd') and not self.in_code:
            self.cur.append('`'); self.in_code += 1
        elif tag in ('code','tt','kbd'):
            self.in_code += 1
    def handle_endtag(self, tag):
        if self.skip is not None:
            if tag == self.skip:
                self.skipdepth -= 1
                if self.skipdepth == 0: self.skip = None
            return
        if self.pre is not None:
            if tag == 'pre':
                txt = ''.join(self.pre).strip('\n'); self.pre = None
                lines = [l.rstrip() for l in txt.split('\n') if l.strip()]
                if 0 < len(lines) <= self.max_pre:
                    self.out.append('```\n' + '\n'.join(lines) + '\n```')
            return
        if tag in ('code','tt','kbd') and self.in_code:
            self.in_code -= 1
            if not self.in_code: self.cur.append('`')
        if tag in BLOCK:
            self.flush()
            if tag in ('ul','ol') and self.lists: self.lists.pop()
    def handle_data(self, data):
        if self.skip is not None: return
        if self.pre is not None: self.pre.append(data); return
        self.cur.append(data)
    def text(self):
        self.flush()
        paras = []
        for p in self.out:
            p = p.replace('``', '').replace('` `', ' ') if p.count('`')%2==0 and '```' not in p else p
            p = p.replace('¶', '').strip()
            if p: paras.append(p)
        return '\n\n'.join(paras)

def html_to_text(src, **kw):
    p = H2T(**kw)
    p.feed(src); p.close()
    return p.text()

def unwrap(text):
    """Join hard-wrapped lines inside paragraphs. Keeps list items, headings, fenced code."""
    out = []
    for block in re.split(r'\n\s*\n', text):
        lines = [l.rstrip() for l in block.split('\n') if l.strip()]
        if not lines: continue
        if lines[0].startswith('```'):
            out.append('\n'.join(lines)); continue
        items = []
        for l in lines:
            s = l.strip()
            if re.match(r'^([-*+•]|\d{1,3}[.)])\s+\S', s) or s.startswith('#') or not items:
                items.append(s)
            else:
                if items[-1].endswith('-') and not items[-1].endswith(' -') and re.match(r'[a-z]', s):
                    items[-1] = items[-1][:-1] + s   # de-hyphenate
                else:
                    items[-1] += ' ' + s
        out.append('\n'.join(items))
    return '\n\n'.join(out)


# Mallard (GNOME/MATE help pages) -> HTML the H2T parser understands.
MALLARD = [(r'<info>.*?</info>', ''), (r'<(media|links|include|comment)\b.*?(/>|</\1>)', ''),
           (r'<title\b[^>]*>', '<h2>'), (r'</title>', '</h2>'), (r'<item\b[^>]*>', '<li>'), (r'</item>', '</li>'),
           (r'<(list|terms|tree)\b[^>]*>', '<ul>'), (r'</(list|terms|tree)>', '</ul>'),
           (r'<steps\b[^>]*>', '<ol>'), (r'</steps>', '</ol>'), (r'<(screen|code)\b[^>]*mime[^>]*>', '<pre>'),
           (r'<screen\b[^>]*>', '<pre>'), (r'</screen>', '</pre>'), (r'<(note|synopsis|example|quote)\b[^>]*>', '<div>'),
           (r'</(note|synopsis|example|quote)>', '</div>'), (r'<desc\b[^>]*>.*?</desc>', '')]

def mallard_to_text(src):
    src = re.sub(r'<page\b[^>]*>', '<div>', src)
    # the page title is the document's first heading
    src = re.sub(r'<title\b[^>]*>', '<h1>', src, count=1).replace('</title>', '</h1>', 1)
    for a, b in MALLARD:
        src = re.sub(a, b, src, flags=re.S)
    return html_to_text(src)

# Markdown (READMEs, guides) -> corpus text.
MD_DROP_LINE = re.compile(r'^\s*(\|.*\||\[[^\]]+\]:\s*\S+.*|<!--.*-->|\[!\[.*|!\[.*\]\(.*\)\s*|[-=*_]{3,}\s*)$')
HTML_TAG = re.compile(r'</?[a-zA-Z][^>]*>')

def md_inline(s):
    s = re.sub(r'\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)', '', s)          # linked badges
    s = re.sub(r'!\[[^\]]*\]\([^)]*\)', '', s)                        # images
    s = re.sub(r'\[([^\]]+)\]\([^)]*\)', r'\1', s)                    # links -> text
    s = re.sub(r'\[([^\]]+)\]\[[^\]]*\]', r'\1', s)                   # reference links
    s = re.sub(r'<img\b[^>]*>', '', s)
    s = HTML_TAG.sub('', s)
    s = html.unescape(s)
    s = re.sub(r'(\*\*|__)(\S.*?\S|\S)\1', r'\2', s)                 # bold
    s = re.sub(r'(?<![\w*])\*(\S.*?\S|\S)\*(?![\w*])', r'\1', s)      # italics
    return s

def md_to_text(src, max_code=3):
    src = src.replace('\r\n', '\n')
    src = re.sub(r'\A---\n.*?\n---\n', '', src, flags=re.S)          # front matter
    src = re.sub(r'<!--.*?-->', '', src, flags=re.S)
    src = re.sub(r'<(details|summary|table|picture|svg|script|style)\b.*?</\1>', '', src, flags=re.S | re.I)
    out = []; code = None; fence = ''
    lines = src.split('\n')
    for i, line in enumerate(lines):
        s = line.rstrip()
        if code is not None:
            if s.strip().startswith(fence):
                if 0 < len(code) <= max_code:
                    out += ['', '```'] + code + ['```', '']
                code = None
            elif s.strip():
                code.append(s)
            continue
        m = re.match(r'^\s*(```+|~~~+)', s)
        if m:
            code = []; fence = m.group(1); continue
        if MD_DROP_LINE.match(s):
            out.append(''); continue
        if i + 1 < len(lines) and re.match(r'^\s*(=+|-+)\s*$', lines[i + 1]) and s.strip() and not s.startswith(('-', '*', '#')):
            s = ('# ' if lines[i + 1].strip()[0] == '=' else '## ') + s.strip()   # setext heading
        if re.match(r'^\s*(=+|-+)\s*$', s) and out and out[-1].startswith('#'):
            continue
        if s.startswith('    ') and (not out or out[-1] == '' or out[-1].startswith('    ')) and not re.match(r'^\s*([-*+]|\d+[.)])\s', s):
            out.append('    ')                                      # indented code: dropped
            continue
        s = re.sub(r'^(\s*)[*+]\s+', r'\1- ', s)
        s = re.sub(r'^(#{1,6})\s*(.*?)\s*#*\s*$', r'\1 \2', s)
        s = re.sub(r'^\s*>\s?', '', s)                                # block quotes
        out.append(md_inline(s))
    text = '\n'.join(l if l.strip() else '' for l in out)
    paras = []
    for p in unwrap(text).split('\n\n'):
        p = p.strip()
        if not p or re.fullmatch(r'#+\s*', p): continue
        paras.append(p)
    return '\n\n'.join(paras)


# DocBook XML (KDE handbooks, MATE guide) -> HTML the H2T parser understands.
DOCBOOK = [(r'<(articleinfo|bookinfo|info|indexterm|screenshot|mediaobject|inlinemediaobject|authorgroup|legalnotice|revhistory|keywordset)\b.*?</\1>', ''),
           (r'<title\b[^>]*>', '<h2>'), (r'</title>', '</h2>'), (r'<listitem\b[^>]*>', '<li>'), (r'</listitem>', '</li>'),
           (r'<(itemizedlist|variablelist|simplelist)\b[^>]*>', '<ul>'), (r'</(itemizedlist|variablelist|simplelist)>', '</ul>'),
           (r'<orderedlist\b[^>]*>', '<ol>'), (r'</orderedlist>', '</ol>'), (r'<(para|simpara|term)\b[^>]*>', '<p>'),
           (r'</(para|simpara|term)>', '</p>'), (r'<(screen|programlisting|literallayout|synopsis)\b[^>]*>', '<pre>'),
           (r'</(screen|programlisting|literallayout|synopsis)>', '</pre>'), (r'<(informaltable|table)\b.*?</\1>', '')]
STD_ENTITIES = {'amp', 'lt', 'gt', 'quot', 'apos', 'nbsp'}


def docbook_entities(src):
    """The entities a DocBook file defines in its DOCTYPE: name -> replacement text."""
    return dict(re.findall(r'<!ENTITY\s+([\w.-]+)\s+"([^"]*)"\s*>', src))


def docbook_to_text(src, entities=None):
    src = re.sub(r'<!--.*?-->', '', src, flags=re.S)
    # entities the document defines (<!ENTITY gnum "Gnumeric">) are expanded; the KDE-wide ones
    # (&kstars;, &Ctrl;, &kde;), defined in a DTD that is not here, become their names
    defs = {**(entities or {}), **docbook_entities(src)}
    src = re.sub(r'<!DOCTYPE.*?\]>', '', src, flags=re.S)
    for _ in range(2):
        src = re.sub(r'&([A-Za-z][\w.-]*);', lambda m: m.group(0) if m.group(1) in STD_ENTITIES
                     else defs.get(m.group(1), m.group(1).split('-')[0]), src)
    for a, b in DOCBOOK:
        src = re.sub(a, b, src, flags=re.S)
    return html_to_text(src)
