"""``python -m sphinx_notes check [SRC]``: the problems of every note, without building a page.

The notes are scanned (:func:`~sphinx_notes.model.scan.scan_notes`) and grouped
(:func:`~sphinx_notes.model.catalog.build_catalog`) as a build does it, and every body is parsed
by the markdown-it parser of myst-parser (no docutils document, no Sphinx application): the
same typed problems a build reports as ``notes.<subtype>`` warnings, front matter, language,
duplicates, citations, citation parity, unclosed fences, Liquid tags, unsafe links and raw HTML.
What only rendering finds (a file insertion by a directive, an image outside the project) is
left to the build.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import pickle
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

import sphinx_notes

from .model.catalog import Catalog, build_catalog
from .model.citation_tokens import CitationScan, citation_plugin, scan_citations
from .model.citations import parity, parity_message
from .model.config import NotesConfig, read_config
from .model.html_check import active_html
from .model.liquid import scan_liquid
from .model.listing import notes_roots
from .model.markdown import bracket_math_plugin, unclosed_fences
from .model.notefile import NoteFile, load_body, read_text
from .model.problems import NotesWarning, Problem, merge_problems
from .model.scan import scan_notes
from .model.scan_cache import CACHE_FILE
from .model.status import gate_problems, history_message, read_status


@dataclass(frozen=True)
class Finding:
    """One problem of one file, as ``check`` prints it."""

    path: str
    problem: Problem

    def line(self, base: Path) -> str:
        return f"{_shown_path(self.path, base)}:{self.problem.line or ''}: {self.problem.subtype}: {self.problem.message}"

    def as_json(self, base: Path) -> dict:
        return {"file": _shown_path(self.path, base), "line": self.problem.line,
                "type": "notes", "subtype": self.problem.subtype.value, "message": self.problem.message}


def _shown_path(path: str, base: Path) -> str:
    try:
        return os.path.relpath(path, base) if Path(path).is_absolute() else path
    except ValueError:  # another drive on Windows
        return path


def note_parser(conf: dict) -> MarkdownIt:
    """The parser a build uses for note bodies (see ``sphinx_ext/render.py``), without its renderer."""
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer
    from myst_parser.parsers.mdit import create_md_parser

    fields = set(MdParserConfig.__dataclass_fields__)
    values = {name[5:]: value for name, value in conf.items() if name.startswith("myst_") and name[5:] in fields}
    try:
        base = MdParserConfig(**values)
    except (TypeError, ValueError):
        base = MdParserConfig()  # the build reports a bad myst_* value itself
    config = base.copy(enable_extensions=set(base.enable_extensions) | {"dollarmath", "amsmath"},
                       dmath_allow_digits=False, dmath_allow_space=False)
    parser = create_md_parser(config, DocutilsRenderer)
    parser.use(bracket_math_plugin)
    parser.use(citation_plugin)
    parser.options["store_labels"] = True
    return parser


def _html_problems(tokens: list[Token], first_line: int) -> list[Problem]:
    problems = []
    for token in tokens:
        for one in [token, *(token.children or ())]:
            if one.type in ("html_block", "html_inline"):
                reason = active_html(one.content)
                line = token.map[0] + first_line if token.map else None
                if reason:
                    problems.append(Problem(NotesWarning.UNSAFE, f"raw HTML that can run code ({reason}); shown as text", line))
    return problems


def body_problems(parser: MarkdownIt, body: str, first_line: int) -> tuple[list[Problem], CitationScan]:
    """What a build finds in one body before rendering it (see ``render_body``)."""
    liquid = scan_liquid(body, first_line)
    md_env: dict = {}
    tokens = parser.parse(liquid.body + "\n", md_env)
    problems = [*liquid.problems, *(Problem(NotesWarning.UNCLOSED_FENCE, f"the code fence opened on line "
                f"{line + first_line} is never closed; the rest of the note is shown as code", line + first_line)
                for line in unclosed_fences(tokens, liquid.body.split("\n")))]
    for token in tokens:
        if token.map:
            token.map = [token.map[0] + first_line - 1, token.map[1] + first_line - 1]
    citations = scan_citations(tokens, md_env, first_line)
    problems += _html_problems(tokens, 1)
    return problems + citations.problems, citations


def read_project(src: Path) -> tuple[dict, NotesConfig, list[Finding]]:
    """``conf.py``'s values and the notes configuration, with the configuration's problems."""
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    values = eval_config_file(src / "conf.py", Tags())
    reading = read_config(values, language=values.get("language"), html_baseurl=values.get("html_baseurl") or "",
                          environ=os.environ)
    conf_py = str(src / "conf.py")
    return values, reading.config, [Finding(conf_py, problem) for problem in reading.problems]


def work_folder(src: Path) -> Path:
    """A temporary folder of this project's own, kept between runs of ``check`` and ``preview``
    (their scan cache, what ``check`` found in unchanged bodies, ``preview``'s output)."""
    digest = hashlib.sha1(str(src).encode("utf-8")).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"sphinx-notes-preview-{digest}"


#: where ``make html`` (sphinx-quickstart's Makefile) and ``sphinx-build SRC SRC/_build/html`` keep doctrees
BUILD_DOCTREES = ("_build/doctrees", "_build/html/.doctrees")


def scan_cache_folder(src: Path, work: Path) -> Path:
    """The scan cache of ``check`` and ``preview``: their own, started from a build's when
    there is one (the same format and key), so that the first run after ``make html`` reads
    only the files changed since. The build's own cache is never written to."""
    folder = work / "scan"
    if not (folder / CACHE_FILE).exists():
        for doctrees in BUILD_DOCTREES:
            built = src / doctrees / CACHE_FILE
            if built.is_file():
                folder.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(built, folder / CACHE_FILE)
                break
    return folder


#: body problems and citations of a note, by path: (stamp, body_line, problems, [(url, line)])
Bodies = dict[str, tuple[object, int, list[Problem], list[tuple[str, int | None]]]]
_PARSER: list[MarkdownIt] = []


def _body(note: NoteFile) -> tuple[str, object, int, list[Problem], list[tuple[str, int | None]]]:
    body = load_body(note)
    if body is None:
        body = read_text(Path(note.path))[0][note.body_offset:]
    found, citations = body_problems(_PARSER[0], body, note.body_line)
    return (note.path, note.stamp, note.body_line, found,
            list(zip((source.url for source in citations.sources), citations.lines, strict=True)))


def parse_bodies(notes: list[NoteFile], values: dict, cache: Path | None) -> Bodies:
    """What every body holds, from ``cache`` where the file is unchanged; the others parsed in
    a process per CPU when there are many (the parse is nearly all of ``check``'s time)."""
    key = (sphinx_notes.__version__, repr(sorted((k, repr(v)) for k, v in values.items() if k.startswith("myst_"))))
    stored: Bodies = {}
    if cache is not None:
        try:
            with open(cache, "rb") as stream:
                stored_key, stored = pickle.load(stream)
            if stored_key != key:
                stored = {}
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
            stored = {}
    bodies: Bodies = {}
    todo = []
    for note in notes:
        known = stored.get(note.path)
        if known is not None and note.stamp is not None and known[0] == note.stamp and known[1] == note.body_line:
            bodies[note.path] = known
        else:
            todo.append(note)
    _PARSER[:] = [note_parser(values)]
    workers = min(os.cpu_count() or 1, 8)
    if len(todo) >= 200 and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(_body, todo, chunksize=max(1, len(todo) // (workers * 4))))
    else:
        results = [_body(note) for note in todo]
    for path, *rest in results:
        bodies[path] = tuple(rest)  # type: ignore[assignment]
    if cache is not None and todo:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            with open(cache.with_suffix(".tmp"), "wb") as stream:
                pickle.dump((key, bodies), stream, pickle.HIGHEST_PROTOCOL)
            os.replace(cache.with_suffix(".tmp"), cache)
        except OSError:
            pass  # no cache: the next check parses again
    return bodies


def translation_gate(src: Path, config: NotesConfig, catalog: Catalog, cache: Path | None) -> list[tuple[str, Problem]]:
    """Outdated translations (``notes_warn_outdated``) and missing ones
    (``notes_required_languages``), as a build warns of them; git is read only when the gate
    is on, its history kept in ``cache`` between runs."""
    if not (config.warn_outdated or config.required_languages):
        return []
    status, broken = read_status(catalog, notes_roots(src, list(config.paths)), cache)
    problems = gate_problems(catalog, status, warn_outdated=config.warn_outdated,
                             required_languages=config.required_languages)
    reason = f"git history unusable ({broken})" if broken else status.history_reason
    if reason and config.warn_outdated:
        problems.insert(0, (str(src / "conf.py"), Problem(NotesWarning.HISTORY, history_message(reason))))
    return problems


def check_project(src: Path, cache: Path | None = None) -> list[Finding]:
    """Every problem of the project's notes, file by file (a file's own problems by line);
    ``cache``: a folder of this project's to keep what unchanged files gave between runs."""
    from sphinx.util.logging import is_suppressed_warning

    values, config, findings = read_project(src)
    scan = scan_notes(src, config, scan_cache_folder(src, cache) if cache else None)
    findings += [Finding(path, problem) for path, problem in scan.problems]
    catalog = build_catalog(scan.notes, root=config.output_dir)
    duplicates: dict[str, list[Problem]] = {}
    for path, problem in catalog.problems:
        duplicates.setdefault(path, []).append(problem)
    bodies = parse_bodies(scan.notes, values, cache / "check-bodies.pickle" if cache else None)
    cited: dict[str, list[tuple[str, int | None]]] = {}
    own: dict[str, list[Problem]] = {}
    for note in sorted(scan.notes, key=lambda n: n.path):
        problems = list(note.problems) + duplicates.pop(note.path, [])
        _stamp, _line, found, cited[note.path] = bodies[note.path]
        problems += found
        if problems:
            own[note.path] = problems
    for path, problems in duplicates.items():
        own.setdefault(path, []).extend(problems)
    for group in catalog.groups.values():
        original = group.original or group.docnames[0]
        original_path = catalog.pages[original].note.path
        for docname in group.docnames:
            path = catalog.pages[docname].note.path
            if docname == original or path not in cited or original_path not in cited:
                continue
            missing, extra = parity([url for url, _ in cited[original_path]], [url for url, _ in cited[path]])
            if missing or extra:
                lines = dict(cited[path])
                line = lines.get(extra[0]) if extra else next((line for _, line in cited[path] if line), None)
                findings.append(Finding(path, Problem(NotesWarning.CITATION_PARITY,
                                                      parity_message(original_path, missing, extra), line)))
    findings += [Finding(path, problem) for path, problem in translation_gate(src, config, catalog, cache)]
    # as a build reports them: one line per file, what suppress_warnings silences left out
    suppressed = list(values.get("suppress_warnings") or [])
    findings = [f for f in findings if not is_suppressed_warning("notes", f.problem.subtype.value, suppressed)]
    for path, problems in own.items():
        merged = merge_problems(p for p in problems if not is_suppressed_warning("notes", p.subtype.value, suppressed))
        if merged is not None:
            findings.append(Finding(path, merged))
    return sorted(findings, key=lambda f: (f.path, f.problem.line or 0))


def run_check(source: str, output_format: str) -> int:
    src = Path(source).resolve()
    if not (src / "conf.py").is_file():
        print(f"error: no conf.py in {src}", file=sys.stderr)
        return 2
    findings = check_project(src, work_folder(src))
    if output_format == "json":
        print(json.dumps([f.as_json(Path.cwd()) for f in findings], ensure_ascii=False, indent=1))
    else:
        for finding in findings:
            print(finding.line(Path.cwd()))
    return 1 if findings else 0
