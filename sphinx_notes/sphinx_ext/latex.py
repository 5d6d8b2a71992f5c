"""The PDF of multilingual notes: XeLaTeX, a polyglossia language per page, a font per script.

* ``config-inited`` (in :func:`~.config.update_sphinx_config`, with every other change to
  Sphinx's configuration): a project with notes and no ``latex_engine`` of its own gets
  ``xelatex`` and ``latex_use_xindy`` off unless set; when the project sets no ``fontpkg``, the
  main fonts come from ``sphinxnotesmain.sty``, written at the end of the build with installed
  fonts (Sphinx's FreeSerif/FreeSans/FreeMono when they are there).
* ``builder-inited``: a LaTeX build of notes gets a :class:`LatexPlan` and loads ``sphinxnotes.sty``.
* :class:`LaTeXScripts` (a LaTeX post-transform on the assembled document): every page
  sphinx_notes made is put in a polyglossia ``otherlanguage`` environment of its language (right to
  left for Arabic, Hebrew, Persian, Urdu); every stretch of text its language's font cannot set
  becomes a :class:`notes_script` node: a language switch (Arabic in a German note, English in an
  Arabic one) or a font switch (Chinese, a symbol, an emoji) to a font chosen from the installed
  ones with fontconfig by what they cover. Characters no installed font has are shown as their
  code point, with one ``notes.latex_font`` warning naming the script and the Debian package.
* ``build-finished``: ``sphinxnotes.sty`` (loaded after hyperref, as bidi must be) declares the
  languages and the font families the document uses; ``notes_latex_fonts`` overrides the choice.
"""

from __future__ import annotations

import shutil
import subprocess
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..model.scripts import (
    COMPLEX_SCRIPTS,
    RTL_SCRIPTS,
    Context,
    Run,
    cjk_variant,
    language_script,
    parse_charset,
    polyglossia_languages,
    polyglossia_name,
    split_runs,
)
from .citations import drop_index_link
from .config import MAIN_FONT_PACKAGE, UNICODE_LATEX_ENGINES, NotesConfig, notes_config
from .domain import notes_domain
from .links import pending_link
from .pages import write_if_changed
from .patches import latex_main_language_lines
from .warnings_ import NotesWarning, warn

PACKAGE = "sphinxnotes"

_NOTO = {"devanagari": "Devanagari", "bengali": "Bengali", "gurmukhi": "Gurmukhi", "gujarati": "Gujarati",
         "oriya": "Oriya", "tamil": "Tamil", "telugu": "Telugu", "kannada": "Kannada", "malayalam": "Malayalam",
         "sinhala": "Sinhala", "thai": "Thai", "lao": "Lao", "tibetan": "Tibetan", "myanmar": "Myanmar",
         "khmer": "Khmer", "georgian": "Georgian", "armenian": "Armenian", "ethiopic": "Ethiopic",
         "hebrew": "Hebrew", "syriac": "Syriac", "thaana": "Thaana"}
_OTF_SCRIPT = {"devanagari": "Devanagari", "bengali": "Bengali", "gurmukhi": "Gurmukhi", "gujarati": "Gujarati",
               "oriya": "Oriya", "tamil": "Tamil", "telugu": "Telugu", "kannada": "Kannada",
               "malayalam": "Malayalam", "sinhala": "Sinhala", "thai": "Thai", "lao": "Lao", "tibetan": "Tibetan",
               "myanmar": "Myanmar", "khmer": "Khmer", "arabic": "Arabic", "hebrew": "Hebrew", "syriac": "Syriac",
               "thaana": "Thaana", "cjk": "CJK", "greek": "Greek", "cyrillic": "Cyrillic"}
_CJK = {"sc": "SC", "tc": "TC", "jp": "JP", "kr": "KR"}
#: fonts for symbols and emoji, tried in order (XeTeX cannot draw colour-bitmap emoji fonts)
SYMBOL_FONTS = ("DejaVu Sans", "Noto Sans Symbols", "Noto Sans Symbols2", "Noto Sans Math", "Symbola",
                "FreeSerif", "Noto Emoji", "DejaVu Sans Mono", "Noto Sans")
#: the Debian package that has fonts for a script
PACKAGES = {"latin": "fonts-freefont-otf", "cjk": "fonts-noto-cjk", "kana": "fonts-noto-cjk",
            "hangul": "fonts-noto-cjk", "common": "fonts-symbola"}


def default_candidates(slot: str) -> tuple[list[str], list[str], list[str]]:
    """Families to try, by preference, for the serif, sans-serif and monospace faces of a slot."""
    if slot == "latin":
        return (["FreeSerif", "TeX Gyre Termes", "DejaVu Serif", "Noto Serif"],
                ["FreeSans", "TeX Gyre Heros", "DejaVu Sans", "Noto Sans"],
                ["FreeMono", "TeX Gyre Cursor", "DejaVu Sans Mono", "Noto Sans Mono"])
    if slot.startswith("cjk"):
        v = _CJK[slot[3:]]
        fallback = ["Noto Sans CJK SC", "Droid Sans Fallback", "WenQuanYi Zen Hei", "AR PL UMing CN"]
        return ([f"Noto Serif CJK {v}", f"Noto Sans CJK {v}", *fallback], [f"Noto Sans CJK {v}", *fallback],
                [f"Noto Sans Mono CJK {v}", f"Noto Sans CJK {v}", *fallback])
    if slot == "arabic":
        return (["Noto Naskh Arabic", "Amiri", "Scheherazade New", "Noto Sans Arabic", "DejaVu Sans"],
                ["Noto Sans Arabic", "Noto Kufi Arabic", "Noto Naskh Arabic", "DejaVu Sans"],
                ["Noto Sans Arabic", "Noto Naskh Arabic", "DejaVu Sans Mono", "DejaVu Sans"])
    if slot.startswith("sym"):
        return [slot[3:]], [slot[3:]], [slot[3:]]
    name = _NOTO.get(slot)
    if name is None:  # Greek, Cyrillic: Latin fonts cover them
        return (["FreeSerif", "DejaVu Serif", "Noto Serif"], ["FreeSans", "DejaVu Sans", "Noto Sans"],
                ["FreeMono", "DejaVu Sans Mono", "Noto Sans Mono"])
    serif, sans = f"Noto Serif {name}", f"Noto Sans {name}"
    extra = ["FreeSerif", "DejaVu Sans"] if slot in ("hebrew", "armenian", "georgian", "ethiopic") else ["FreeSerif"]
    return [serif, sans, *extra], [sans, serif, *extra], [sans, serif, "FreeMono", *extra]


@dataclass
class Face:
    family: str
    charset: frozenset[int]


@dataclass
class Slot:
    """The fonts of one script (or one fallback font) for the three styles the PDF uses."""

    name: str  #: ``latin``, ``arabic``, ``cjksc``, ``symSymbola``…
    faces: dict[str, Face]  #: rm, sf, tt

    @property
    def covered(self) -> frozenset[int]:
        return frozenset.intersection(*(f.charset for f in self.faces.values()))

    @property
    def tex(self) -> str:
        return "".join(c for c in self.name if c.isalpha())


class FontProbe:
    """Installed fonts as fontconfig reports them (one ``fc-match`` a family, remembered)."""

    def __init__(self) -> None:
        self.fc_match = shutil.which("fc-match")
        self._found: dict[str, Face | None] = {}

    def face(self, family: str) -> Face | None:
        if family not in self._found:
            self._found[family] = self._probe(family)
        return self._found[family]

    def _probe(self, family: str) -> Face | None:
        if not self.fc_match:
            return None
        try:
            out = subprocess.run([self.fc_match, "-f", "%{family}\n%{charset}\n", family],
                                 capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        names, _, charset = out.partition("\n")
        if family.lower() not in (n.strip().lower() for n in names.split(",")):
            return None  # fontconfig's nearest font, not the one asked for
        codes = parse_charset(charset.strip())
        return Face(family, codes) if codes else None


@dataclass
class LatexPlan:
    """What the assembled documents need: font slots, polyglossia languages, missing characters."""

    config: NotesConfig
    main_language: str
    probe: FontProbe = field(default_factory=FontProbe)
    slots: dict[str, Slot | None] = field(default_factory=dict)
    languages: set[str] = field(default_factory=set)
    used: dict[str, Slot] = field(default_factory=dict)
    missing: dict[str, set[str]] = field(default_factory=dict)
    glosses: set[str] | None = None
    unicode: bool = True

    def slot(self, name: str) -> Slot | None:
        if name not in self.slots:
            self.slots[name] = self._make_slot(name)
        return self.slots[name]

    def _make_slot(self, name: str) -> Slot | None:
        override = self.config.latex_font(name)
        candidates = default_candidates(name)
        if override:
            given = list(override) + [override[0]] * (3 - len(override))
            candidates = tuple([g, *c] for g, c in zip(given, candidates))
        faces = {}
        for variant, families in zip(("rm", "sf", "tt"), candidates):
            face = next((f for f in map(self.probe.face, families) if f is not None), None)
            if face is None:
                if variant == "rm":
                    return None
                face = faces["rm"]
            faces[variant] = face
        return Slot(name, faces)

    def gloss(self, tag: str) -> str | None:
        """Polyglossia's language for ``tag`` when TeX Live has it."""
        name = polyglossia_name(tag)
        if name is None:
            return None
        if self.glosses is None:
            self.glosses = installed_glosses()
        return name if self.glosses is None or name in self.glosses else None  # no kpsewhich: trust the name

    def use(self, slot: Slot) -> str:
        self.used[slot.name] = slot
        return slot.name


def installed_glosses() -> set[str] | None:
    kpsewhich = shutil.which("kpsewhich")
    if not kpsewhich:
        return None
    names = sorted(polyglossia_languages())
    try:
        out = subprocess.run([kpsewhich, *(f"gloss-{n}.ldf" for n in names)], capture_output=True, text=True,
                             timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return {Path(line).stem.removeprefix("gloss-") for line in out.splitlines() if line.strip()}


#: the plan of each LaTeX build, by environment (never pickled with it)
PLANS: "weakref.WeakKeyDictionary[Any, LatexPlan]" = weakref.WeakKeyDictionary()


# --- the build -------------------------------------------------------------------------------

def start_plan(app: Sphinx) -> None:
    """``builder-inited``: a LaTeX build of notes gets a plan and loads ``sphinxnotes.sty``."""
    notes = notes_config(app)
    if app.builder.format != "latex" or not notes.paths:
        return
    babel = getattr(app.builder, "babel", None)
    main = (babel.get_language() if babel is not None else None) or polyglossia_name(app.config.language or "en") or "english"
    plan = LatexPlan(notes, main, unicode=app.config.latex_engine in UNICODE_LATEX_ENGINES)
    PLANS[app.env] = plan
    if plan.unicode:
        app.add_latex_package(PACKAGE, after_hyperref=True)
    else:
        warn(NotesWarning.LATEX_FONT, f"latex_engine is {app.config.latex_engine!r}: the PDF cannot show "
             "non-Latin scripts; leave latex_engine unset (sphinx_notes then uses xelatex) or set 'xelatex'")


# --- the assembled document ------------------------------------------------------------------

class notes_script(nodes.Inline, nodes.TextElement):  # noqa: N801
    """Text set in another language (``language``) or font (``font``, ``variant``)."""


class notes_language(nodes.General, nodes.Element):  # noqa: N801
    """Start (``start=True``) or end of a polyglossia ``otherlanguage`` environment."""


_SKIPPED = (nodes.raw, nodes.math, nodes.math_block, nodes.comment, nodes.substitution_definition, notes_script,
            nodes.image)


@dataclass
class _Where:
    lang: str
    context: Context
    gloss: str | None
    rtl: bool
    title: bool = False  #: a heading: it is also written in the contents and page headers


class LaTeXScripts(SphinxPostTransform):
    """Language environments per page and language or font switches per run of text."""

    default_priority = 900  # after every transform that makes text (citations, footnotes, URLs)
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        plan = PLANS.get(self.env)
        if plan is None or not plan.unicode:
            return
        self.plan = plan
        self.domain = notes_domain(self.env)
        self.caches: dict[str, dict[str, str | None]] = {}
        self.ascii: dict[tuple, bool] = {}
        for anchor in list(self.document.findall(pending_link)):  # before its separator is split below
            if "notes-source-index" in anchor["classes"]:
                drop_index_link(anchor)
        if plan.slot("latin") is not None:
            plan.use(plan.slots["latin"])
        self.root = self.where(self.config.language or "en")
        self.walk(self.document, self.root)

    # contexts ----------------------------------------------------------------------------------
    def where(self, lang: str) -> _Where:
        plan = self.plan
        script = language_script(lang)
        gloss = plan.gloss(lang)
        main = plan.slot("latin")
        main_covers = main.covered if main else frozenset(range(0x20, 0x180))
        if script in ("latin", "greek", "cyrillic"):
            return _Where(lang, Context(script, False, main_covers.__contains__), gloss, False)
        if gloss is None:  # a language polyglossia does not know: its text is set run by run
            return _Where(lang, Context("latin", False, main_covers.__contains__), None, False)
        slot = plan.slot(self.slot_name(script, lang))
        if slot is None:  # no font for the language's script: its text is set run by run
            self.note_missing(script, "")
            return _Where(lang, Context("latin", False, main_covers.__contains__), None, False)
        plan.use(slot)
        rtl = script in RTL_SCRIPTS
        return _Where(lang, Context(script, rtl, slot.covered.__contains__), gloss, rtl)

    @staticmethod
    def slot_name(script: str, lang: str | None) -> str:
        if script in ("cjk", "kana", "hangul"):
            variant = "kr" if script == "hangul" else "jp" if script == "kana" and not (lang or "").startswith(("zh", "ko")) else cjk_variant(lang)
            return "cjk" + variant
        return script

    def choose(self, where: _Where, char: str, script: str) -> str | None:
        code = ord(char)
        plan = self.plan
        names: list[str] = []
        if script not in ("common", "latin"):
            names.append(self.slot_name(script, where.lang))
        names.append("latin")
        if script in COMPLEX_SCRIPTS:
            names = names[:1]  # shaping needs the script's own font
        else:
            names += [f"sym{family}" for family in SYMBOL_FONTS]
        for name in names:
            slot = plan.slot(name)
            if slot is not None and code in slot.covered:
                return plan.use(slot)
        self.note_missing(script, char)
        return None

    def note_missing(self, script: str, char: str) -> None:
        self.plan.missing.setdefault(script, set()).add(char)

    # the walk ----------------------------------------------------------------------------------
    def walk(self, root: nodes.Element, where: _Where) -> None:
        stack: list[tuple[nodes.Node, _Where, str]] = [(root, where, "rm")]
        while stack:
            node, where, variant = stack.pop()
            if isinstance(node, nodes.Text):
                self.split(node, where, variant)
                continue
            if isinstance(node, _SKIPPED):
                continue
            if isinstance(node, addnodes.start_of_file):
                facts = self.domain.pages.get(node["docname"])
                if facts is not None and facts.lang != where.lang:
                    inner = self.where(facts.lang)
                    if inner.gloss and inner.gloss != where.gloss:
                        self.plan.languages.add(inner.gloss)
                        node.insert(0, notes_language(gloss=inner.gloss, start=True))
                        node.append(notes_language(gloss=inner.gloss, start=False))
                    where = inner
            if isinstance(node, nodes.table) and where.gloss and "longtable" not in node["classes"]:
                node["classes"].append("longtable")  # bidi cannot set tabulary (Sphinx's default), nor polyglossia's CJK
            if isinstance(node, nodes.literal_block):
                if where.gloss and where.gloss != self.plan.main_language and not self.ascii_safe(where):
                    # code is written left to right in the main language's monospace font
                    parent, index = node.parent, node.parent.index(node)
                    parent.insert(index + 1, notes_language(gloss=self.plan.main_language, start=False))
                    parent.insert(index, notes_language(gloss=self.plan.main_language, start=True))
                    where = self.root
                self.literal_block(node, where)
                continue
            if isinstance(node, (nodes.literal, nodes.literal_block)):
                variant = "tt"
            if isinstance(node, (nodes.title, nodes.footnote)):
                variant = "sf" if isinstance(node, nodes.title) else variant
                # every letter switches explicitly: titles go to the contents and page headers, and
                # footnotes are set at the foot of a page that may be in another language
                where = _Where(where.lang, Context("none", True, lambda code: False), None, True, True)
            if where.gloss and where.gloss != self.plan.main_language and (
                    (isinstance(node, nodes.reference) and where.rtl and node.get("refuri")
                     and node.astext() == node["refuri"])
                    or (isinstance(node, nodes.literal) and not self.ascii_safe(where))):
                self.wrap_ltr(node, where)  # URLs and code: left to right, in the main language
                where, variant = self.root, "tt" if isinstance(node, nodes.literal) else variant
            stack.extend((child, where, variant) for child in reversed(node.children))

    def ascii_safe(self, where: _Where) -> bool:
        """Whether ASCII text needs no switch where it is (a Latin page, not a heading)."""
        key = (where.lang, where.title, where.context.script)
        if key not in self.ascii:
            self.ascii[key] = not where.rtl and all(where.context.covers(c) for c in range(0x20, 0x7F))
        return self.ascii[key]

    def runs(self, text: str, where: _Where) -> list[Run]:
        cache = self.caches.setdefault(where.lang + ("/title" if where.title else ""), {})
        return split_runs(text, where.context, lambda c, s: self.choose(where, c, s), cache)

    def split(self, node: nodes.Text, where: _Where, variant: str) -> None:
        text = str(node)
        if text.isascii() and self.ascii_safe(where):
            return
        runs = self.runs(text, where)
        if len(runs) == 1 and runs[0].slot is None:
            return
        node.parent.replace(node, [self.run_node(run, where, variant) for run in runs])

    def run_node(self, run: Run, where: _Where, variant: str) -> nodes.Node:
        if run.slot is None:
            return nodes.Text(run.text)
        if run.slot == "missing":
            shown = " ".join(f"U+{ord(c):04X}" for c in run.text if not c.isspace() and ord(c) > 0x7F)
            return notes_script("", nodes.Text(run.text), missing=shown)
        if run.rtl and (where.title or not where.rtl):
            gloss = self.plan.gloss("ar" if run.slot == "arabic" else "he" if run.slot == "hebrew" else "")
            if gloss:
                self.plan.languages.add(gloss)
                return notes_script("", nodes.Text(run.text), language=gloss)
        if where.rtl and run.slot == "latin" and any(c.isalpha() for c in run.text):
            # words left to right; punctuation only changes font, so that it mirrors in the line
            return notes_script("", nodes.Text(run.text), language=self.plan.main_language)
        slot = self.plan.slots[run.slot]
        return notes_script("", nodes.Text(run.text), font=slot.tex, variant=variant,
                            cjk=run.slot.startswith("cjk"))

    def wrap_ltr(self, node: nodes.Element, where: _Where) -> None:
        """A URL in a right-to-left page is set left to right."""
        wrapper = notes_script("", language=self.plan.main_language)
        node.replace_self(wrapper)
        wrapper += node

    def literal_block(self, node: nodes.literal_block, where: _Where) -> None:
        """Code with characters its font lacks is written as a parsed literal (no highlighting),
        so that those characters can switch fonts."""
        text = node.astext()
        if text.isascii():
            return
        ltr = _Where(where.lang, Context("latin", False, where.context.covers), None, False) if where.rtl else where
        texts = list(node.findall(nodes.Text))
        if all(len(r) == 1 and r[0].slot is None for r in (self.runs(str(t), ltr) for t in texts)):
            return
        node.rawsource = ""  # Sphinx writes a literal block whose source differs from its text as parsed
        for text_node in texts:
            self.split(text_node, ltr, "tt")


# --- LaTeX writing ---------------------------------------------------------------------------

def visit_notes_script(translator: Any, node: notes_script) -> None:
    if node.get("missing"):
        translator.body.append(r"\notesmissing{" + node["missing"] + "}")
        raise nodes.SkipNode
    if node.get("language"):
        translator.body.append(r"\foreignlanguage{" + node["language"] + "}{")
    else:
        translator.body.append(rf"\notesfont{{{node['font']}}}{{{node['variant']}}}{{")


def depart_notes_script(translator: Any, node: notes_script) -> None:
    translator.body.append("}")


def visit_notes_language(translator: Any, node: notes_language) -> None:
    if node["start"]:
        translator.body.append("\n\\begin{otherlanguage}{" + node["gloss"] + "}\n")
    else:
        translator.body.append("\n\\end{otherlanguage}\n")
    raise nodes.SkipNode


def children_only(translator: Any, node: nodes.Node) -> None:
    pass


def skip(translator: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _family(face: Face, script: str | None) -> str:
    options = ["AutoFakeSlant=0.2", "AutoFakeBold=1.5"]
    if script:
        options.insert(0, f"Script={script}")
    return f"[{', '.join(options)}]{{{face.family}}}"


def package_text(plan: LatexPlan) -> str:
    """``sphinxnotes.sty``: the languages and font families the document uses, and the
    ``\\notesfont`` / ``\\notesmissing`` commands its text calls."""
    lines = [r"\NeedsTeXFormat{LaTeX2e}", r"\ProvidesPackage{sphinxnotes}[2025/01/01 sphinx_notes languages and fonts]",
             r"\RequirePackage{fontspec}", r"\@ifpackageloaded{polyglossia}{}{\RequirePackage{polyglossia}}"]
    languages = sorted(plan.languages - {plan.main_language})
    known = polyglossia_languages()
    for gloss in languages:
        lang, script = known.get(gloss, ("", "latin"))
        if script in ("latin", "greek", "cyrillic"):
            continue
        slot = plan.slots.get(LaTeXScripts.slot_name(script, lang))
        if slot is None:
            continue
        otf = _OTF_SCRIPT.get(script)
        for variant, suffix in (("rm", ""), ("sf", "sf"), ("tt", "tt")):
            lines.append(rf"\newfontfamily\{gloss}font{suffix}{_family(slot.faces[variant], otf)}")
    if languages:
        lines.append(r"\setotherlanguages{" + ",".join(languages) + "}")
        lines.append("% some captions redefine \\ (polyglossia 1.59's chinese): keep LaTeX's line break")
        lines += [rf"\ifdefined\captions{g}\appto\captions{g}{{\let\\\@normalcr}}\fi" for g in languages]
    lines.append(r'\newcommand\notes@cjk{\ifdefined\XeTeXlinebreaklocale\XeTeXlinebreaklocale "zh"\relax'
                 r'\XeTeXlinebreakskip=0pt plus .1em\relax\fi}')
    for slot in plan.used.values():
        otf = "CJK" if slot.name.startswith("cjk") else _OTF_SCRIPT.get(slot.name)
        for variant in ("rm", "sf", "tt"):
            lines.append(rf"\newfontfamily\notes@font@{slot.tex}@{variant}{_family(slot.faces[variant], otf)}")
    if "latin" in plan.used:  # what LaTeX itself writes inside a page in another language
        lines += [
            "% the document starts in the main language (reading the .aux selects the last one used);",
            "% page headers and footers, and list bullets, in the main language and font",
            r"\AtBeginDocument{\selectlanguage{%s}}" % plan.main_language,
            *latex_main_language_lines(plan.main_language, r"\notes@font@latin@rm"),
            r"\ifdefined\sphinxsetup\sphinxsetup{verbatimvisiblespace={\textcolor{red}{\notes@font@latin@tt\textvisiblespace}}}\fi",
            r"\AtBeginDocument{\ifdefined\sphinxtablecontinued\let\notes@tablecontinued\sphinxtablecontinued"
            r"\renewcommand*\sphinxtablecontinued[1]{\notes@tablecontinued{\begin{otherlanguage}{%s}#1\end{otherlanguage}}}\fi"
            % plan.main_language,
            r"\ifdefined\literalblockcontinuedname\let\notes@lbcd\literalblockcontinuedname"
            r"\def\literalblockcontinuedname{\foreignlanguage{%s}{\notes@lbcd}}\fi"
            % plan.main_language,
            r"\ifdefined\literalblockcontinuesname\let\notes@lbcs\literalblockcontinuesname"
            r"\def\literalblockcontinuesname{\foreignlanguage{%s}{\notes@lbcs}}\fi}" % plan.main_language,
            r"\renewcommand\labelitemi{{\notes@font@latin@rm\textbullet}}",
            r"\renewcommand\labelitemii{{\notes@font@latin@rm\normalfont\bfseries\textendash}}",
            r"\renewcommand\labelitemiii{{\notes@font@latin@rm\textasteriskcentered}}",
            r"\renewcommand\labelitemiv{{\notes@font@latin@rm\textperiodcentered}}",
        ]
    lines += [
        r"\DeclareRobustCommand\notesfont[3]{{\csname notes@font@#1@#2\endcsname"
        r"\ifcsname notes@cjk@#1\endcsname\notes@cjk\fi #3}}",
        r"\DeclareRobustCommand\notesmissing[1]{{\ttfamily\footnotesize[#1]}}",
    ]
    for slot in plan.used.values():
        if slot.name.startswith("cjk"):
            lines.append(rf"\expandafter\let\csname notes@cjk@{slot.tex}\endcsname\relax")
    lines.append(r"\endinput")
    return "\n".join(lines) + "\n"


def main_package_text(plan: LatexPlan) -> str:
    """``sphinxnotesmain.sty``: the main fonts, from the installed ones."""
    lines = [r"\NeedsTeXFormat{LaTeX2e}", r"\ProvidesPackage{sphinxnotesmain}[2025/01/01 sphinx_notes main fonts]"]
    slot = plan.slot("latin")
    if slot is None:
        lines.append("% no installed main font found: fontspec's default, Latin Modern")
    else:
        for command, variant, extra in (("setmainfont", "rm", ""), ("setsansfont", "sf", ""),
                                         ("setmonofont", "tt", "Scale=0.9, ")):
            lines.append(rf"\{command}{{{slot.faces[variant].family}}}[{extra}AutoFakeSlant=0.2, AutoFakeBold=1.5]")
    return "\n".join(lines) + "\n\\endinput\n"


def write_packages(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the packages the ``.tex`` files load, and one warning per script
    whose characters no installed font has."""
    plan = PLANS.get(app.env)
    if exception is not None or plan is None or not plan.unicode:
        return
    outdir = Path(app.builder.outdir)
    write_if_changed(outdir / f"{PACKAGE}.sty", package_text(plan))
    if (app.config.latex_elements or {}).get("fontpkg") == rf"\usepackage{{{MAIN_FONT_PACKAGE}}}":
        write_if_changed(outdir / f"{MAIN_FONT_PACKAGE}.sty", main_package_text(plan))
    for script, chars in sorted(plan.missing.items()):
        sample = ", ".join(f"U+{ord(c):04X} {c}" for c in sorted(chars)[:3] if c)
        package = PACKAGES.get(script, "fonts-noto-core")
        warn(NotesWarning.LATEX_FONT, f"no installed font has the {script} characters of these notes"
             f"{' (' + sample + ')' if sample else ''}; the PDF shows their code points. Install Debian's "
             f"{package} or name a font in notes_latex_fonts")


def setup_latex(app: Sphinx) -> None:
    app.connect("builder-inited", start_plan)
    app.connect("build-finished", write_packages)
    app.add_post_transform(LaTeXScripts)
    others = {fmt: (children_only, children_only) for fmt in ("html", "text", "man", "texinfo")}
    app.add_node(notes_script, latex=(visit_notes_script, depart_notes_script), **others)
    app.add_node(notes_language, latex=(visit_notes_language, None),
                 **{fmt: (skip, None) for fmt in ("html", "text", "man", "texinfo")})
