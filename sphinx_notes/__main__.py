"""``python -m sphinx_notes build SRC OUT``: one Sphinx output per language, linked to each other.

``languages SRC`` lists the languages (a CI matrix), ``index OUT`` writes the chooser page for
outputs built on other machines and gathered into ``OUT``, ``check [SRC]`` reports every note's
problems without building (:mod:`sphinx_notes.check`), ``init [DIR]`` writes a new site
(:mod:`sphinx_notes.init`), ``preview NOTE`` builds one note's group alone
(:mod:`sphinx_notes.preview`).

Each language is an ordinary ``sphinx-build`` of the same project into ``OUT/<lang>/`` with
``notes_languages`` set to that language, ``language`` too (Sphinx's own words and the search
index follow it), and ``notes_url_pattern = "../{lang}/{path}"`` for the other outputs.
``OUT/index.html`` lets the reader choose a language.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from html import escape
from pathlib import Path

from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

from .model.catalog import build_catalog
from .model.config import NotesConfig, read_config
from .model.languages import direction, locale_name, native_name, normalize_tag, url_segment
from .model.scan import scan_notes
from .model.scan_cache import CACHE_FILE
from .sphinx_ext.manifest import MANIFEST

#: Where a language output finds the others: its sibling folders under OUT.
SIBLING_PATTERN = "../{lang}/{path}"


#: The scan cache of ``build`` in OUT, from which every language's build starts.
SCAN_CACHE = ".notes-scan"


def project_languages(src: Path, scan_cache: Path | None = None) -> tuple[dict, NotesConfig, list[str]]:
    """The project's ``conf.py`` values, its notes configuration, and the languages of its notes
    (each language's build reports the configuration's and the notes' problems itself);
    ``scan_cache``: the folder of a scan cache to read and update."""
    values = eval_config_file(src / "conf.py", Tags())
    config = read_config(values, language=values.get("language"), html_baseurl=values.get("html_baseurl") or "",
                         environ=os.environ).config
    catalog = build_catalog(scan_notes(src, config, scan_cache).notes, root=config.output_dir)
    return values, config, catalog.languages


def share_scan_cache(scan_cache: Path, output: Path) -> None:
    """Give a language's output the scan just made, so that its build reads no note file's front
    matter again (10 000 notes: each language's first build parsed every one of them)."""
    shared = scan_cache / CACHE_FILE
    doctrees = output / ".doctrees"  # sphinx-build's default doctree folder
    if shared.is_file():
        doctrees.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shared, doctrees / CACHE_FILE)


def sphinx_command(src: Path, out: Path, lang: str, args: argparse.Namespace, baseurl: str) -> list[str]:
    command = [sys.executable, "-m", "sphinx", "-b", args.builder, "-q",
               "-D", f"notes_languages={lang}", "-D", f"notes_url_pattern={SIBLING_PATTERN}",
               "-D", f"language={locale_name(lang)}"]
    if baseurl:
        command += ["-D", f"html_baseurl={baseurl.rstrip('/')}/{url_segment(lang)}/"]
    if args.warnings_are_errors:
        command += ["-W", "--keep-going"]
    for define in args.define:
        command += ["-D", define]
    return [*command, str(src), str(out / url_segment(lang))]


def build_language(src: Path, out: Path, lang: str, args: argparse.Namespace, baseurl: str) -> tuple[str, int, float, str]:
    started = time.perf_counter()
    done = subprocess.run(sphinx_command(src, out, lang, args, baseurl), capture_output=True, text=True)
    return lang, done.returncode, time.perf_counter() - started, (done.stdout + done.stderr).strip()


def _note_pages(manifest: dict) -> int:
    """How many note pages the output of ``manifest`` holds."""
    return sum(t["in_this_output"] for g in manifest["groups"].values() for t in g["translations"].values())


def _pages_built(folder: Path) -> int:
    try:
        return _note_pages(json.loads((folder / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def chooser_page(title: str, languages: list[tuple[str, int, str]]) -> str:
    """``OUT/index.html``: the languages by native name, each linking to its notes; no script.
    ``languages``: (tag, note pages, URL of its notes relative to OUT)."""
    items = "\n".join(
        f'<li><a href="{escape(href)}" hreflang="{escape(lang)}" lang="{escape(lang)}" dir="{direction(lang)}">'
        f"{escape(native_name(lang))}</a> <span>({count})</span></li>" for lang, count, href in languages)
    return ("<!DOCTYPE html>\n<html lang=\"mul\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n</head>\n<body>\n<main>\n<h1>{escape(title)}</h1>\n"
            f"<nav aria-label=\"Languages\">\n<ul>\n{items}\n</ul>\n</nav>\n</main>\n</body>\n</html>\n")


def outputs_present(out: Path) -> list[tuple[str, int, str]]:
    """(language, note pages, URL of its notes) of every language output in ``out``, earlier
    runs and other machines' included, read from their manifests."""
    found = {}
    for manifest_path in sorted(out.glob(f"*/{MANIFEST}")):
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            built = manifest["languages_in_this_output"]
            pages = _note_pages(manifest)
            for lang in built:
                found[lang] = (lang, pages, f"{manifest_path.parent.name}/{manifest['languages'][lang]['index']}")
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return [found[lang] for lang in sorted(found)]


def write_chooser(out: Path, title: str) -> int:
    """Write ``OUT/index.html`` for the outputs present; how many languages it lists."""
    present = outputs_present(out)
    (out / "index.html").write_text(chooser_page(title, present), encoding="utf-8")
    return len(present)


def build(args: argparse.Namespace) -> int:
    src, out = Path(args.source).resolve(), Path(args.output).resolve()
    if not (src / "conf.py").is_file():
        print(f"error: no conf.py in {src}", file=sys.stderr)
        return 2
    values, config, languages = project_languages(src, out / SCAN_CACHE)
    if args.languages:
        wanted = {normalize_tag(tag.strip()) or tag.strip() for tag in args.languages.split(",") if tag.strip()}
        unknown = sorted(wanted - set(languages))
        if unknown:
            print(f"error: no notes in {', '.join(unknown)}; the notes are in {', '.join(languages)}", file=sys.stderr)
            return 2
        languages = [lang for lang in languages if lang in wanted]
    if not languages:
        print("error: notes_paths finds no notes", file=sys.stderr)
        return 2
    baseurl = str(values.get("html_baseurl") or "")
    out.mkdir(parents=True, exist_ok=True)
    failed = []

    def report(done: tuple[str, int, float, str], number: int) -> None:
        lang, code, seconds, output = done
        status = f"{_pages_built(out / url_segment(lang))} note pages" if code == 0 else f"FAILED (exit {code})"
        print(f"[{number}/{len(languages)}] {lang}: {status} in {seconds:.1f} s -> {out / url_segment(lang)}", flush=True)
        if output:
            print(output, file=sys.stderr, flush=True)
        if code:
            failed.append(lang)

    for lang in languages:
        share_scan_cache(out / SCAN_CACHE, out / url_segment(lang))
    # the first build writes the page sources all outputs share; the others only read them
    report(build_language(src, out, languages[0], args, baseurl), 1)
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(build_language, src, out, lang, args, baseurl) for lang in languages[1:]]
        for number, future in enumerate(as_completed(futures), start=2):
            report(future.result(), number)
    write_chooser(out, str(values.get("project") or "Notes"))
    print(f"{len(languages) - len(failed)} of {len(languages)} languages built; choose at {out / 'index.html'}")
    return 1 if failed else 0


def list_languages(args: argparse.Namespace) -> int:
    """The languages of the notes, for a CI matrix: one per line, or a JSON list."""
    src = Path(args.source).resolve()
    if not (src / "conf.py").is_file():
        print(f"error: no conf.py in {src}", file=sys.stderr)
        return 2
    _values, _config, languages = project_languages(src)
    print(json.dumps(languages) if args.json else "\n".join(languages))
    return 0 if languages else 2


def write_index(args: argparse.Namespace) -> int:
    """``OUT/index.html`` for outputs built elsewhere (CI jobs) and gathered into ``OUT``."""
    out = Path(args.output).resolve()
    count = write_chooser(out, args.title) if out.is_dir() else 0
    if not count:
        print(f"error: no language output (no */{MANIFEST}) in {out}", file=sys.stderr)
        return 2
    print(f"{count} languages; choose at {out / 'index.html'}")
    return 0


def check(args: argparse.Namespace) -> int:
    """Every note's problems, as a build would report them, without building (see :mod:`.check`)."""
    from .check import run_check

    return run_check(args.source, args.output_format)


def init(args: argparse.Namespace) -> int:
    """A new site, or the lines an existing Sphinx project needs (see :mod:`.init`)."""
    from .init import run_init

    return run_init(args.directory)


def preview(args: argparse.Namespace) -> int:
    """One note's group built alone (see :mod:`.preview`)."""
    from .preview import run_preview

    return run_preview(args.note, args.source, args.watch)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sphinx_notes", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("build", help="build one output per language into OUT/<lang>/")
    command.add_argument("source", metavar="SRC", help="the Sphinx project (the folder of conf.py)")
    command.add_argument("output", metavar="OUT", help="the folder to build OUT/<lang>/ and OUT/index.html in")
    command.add_argument("-l", "--languages", help="comma-separated languages to build (default: all)")
    command.add_argument("-j", "--jobs", type=int, default=1, help="languages to build at once (default: 1)")
    command.add_argument("-b", "--builder", default="html", choices=("html", "dirhtml"))
    command.add_argument("-W", dest="warnings_are_errors", action="store_true", help="fail on warnings")
    command.add_argument("-D", dest="define", action="append", default=[], metavar="NAME=VALUE",
                         help="override a conf.py value in every build")
    command.set_defaults(run=build)
    command = commands.add_parser("languages", help="print the languages of the notes (for a CI matrix)")
    command.add_argument("source", metavar="SRC", help="the Sphinx project (the folder of conf.py)")
    command.add_argument("--json", action="store_true", help="as a JSON list")
    command.set_defaults(run=list_languages)
    command = commands.add_parser("index", help="write OUT/index.html for the language outputs in OUT/<lang>/")
    command.add_argument("output", metavar="OUT", help="the folder holding the language outputs")
    command.add_argument("--title", default="Notes", help="the page's title (default: Notes)")
    command.set_defaults(run=write_index)
    command = commands.add_parser("check", help="report every note's problems without building pages (exit 1 if any)")
    command.add_argument("source", metavar="SRC", nargs="?", default=".",
                         help="the Sphinx project (the folder of conf.py; default: the current folder)")
    command.add_argument("--format", dest="output_format", choices=("text", "json"), default="text",
                         help="one 'file:line: subtype: message' line per problem (text), or a JSON list")
    command.set_defaults(run=check)
    command = commands.add_parser("init", help="write a new notes site (conf.py, Makefile, CI...); never overwrites")
    command.add_argument("directory", metavar="DIR", nargs="?", default=".",
                         help="the folder to write it in (default: the current folder)")
    command.set_defaults(run=init)
    command = commands.add_parser("preview", help="build one note's group (every translation) alone, into a temporary folder")
    command.add_argument("note", metavar="NOTE", help="a note file")
    command.add_argument("--source", metavar="SRC", help="the Sphinx project (default: the folder of the conf.py above NOTE)")
    command.add_argument("--watch", action="store_true", help="build again whenever one of the group's files is saved")
    command.set_defaults(run=preview)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
