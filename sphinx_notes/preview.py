"""``python -m sphinx_notes preview NOTE``: one note's whole group, built alone, in seconds.

The notes are scanned and grouped as a build does it (with the scan cache, so a second preview
reads only the files that changed), then the files of NOTE's group alone are copied, at the
same paths under their ``notes_paths`` entry, into a temporary project that uses the real
``conf.py`` (``-c``) with ``notes_paths`` pointing at the copies, and built with Sphinx's HTML
builder there: every translation, the switcher, the Sources; nothing else of the site, so the
time does not grow with it. ``--watch`` builds again when one of those files is saved.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from .check import read_project, scan_cache_folder, work_folder
from .model.catalog import build_catalog
from .model.scan import scan_notes


def find_project(note: Path) -> Path | None:
    """The folder of the ``conf.py`` nearest above ``note``."""
    for folder in note.parents:
        if (folder / "conf.py").is_file():
            return folder
    return None


def group_files(src: Path, note: Path, cache: Path) -> tuple[list[tuple[Path, str]], str] | None:
    """(file, path under its notes_paths entry) of every note of ``note``'s group, and the
    docname of ``note``'s page; None when ``note`` is not one of the project's notes."""
    _values, config, _problems = read_project(src)
    scan = scan_notes(src, config, cache)
    catalog = build_catalog(scan.notes, root=config.output_dir)
    wanted = str(note)
    page = next((p for p in catalog.pages.values() if str(Path(p.note.path).resolve()) == wanted), None)
    if page is None:
        return None
    members = [catalog.pages[d].note for d in catalog.groups[page.group].docnames]
    folded = [n for n, docname in catalog.folded if docname in catalog.groups[page.group].docnames]
    return [(Path(n.path), n.rel) for n in [*members, *folded]], page.docname


def build_group(src: Path, files: list[tuple[Path, str]], work: Path) -> tuple[int, Path]:
    """Copy ``files`` into ``work/src`` and build it with ``src``'s ``conf.py``: (exit code, output)."""
    from sphinx.cmd.build import build_main

    project, out = work / "src", work / "html"
    if project.exists():
        shutil.rmtree(project / "notes-preview", ignore_errors=True)
    notes = project / "notes-preview"
    for path, rel in files:
        (notes / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, notes / rel)
    index = project / "index.md"
    if not index.exists():
        index.write_text("# Preview\n", encoding="utf-8")
    code = build_main(["-q", "-b", "html", "-c", str(src), "-d", str(work / "doctrees"),
                       "-D", f"notes_paths={notes}", "-D", "root_doc=index",
                       str(project), str(out)])
    return code, out


def run_preview(note_arg: str, source: str | None, watch: bool) -> int:
    note = Path(note_arg).resolve()
    src = Path(source).resolve() if source else find_project(note)
    if not note.is_file():
        print(f"error: no file {note}", file=sys.stderr)
        return 2
    if src is None or not (src / "conf.py").is_file():
        print(f"error: no conf.py above {note} (name the project with --source)", file=sys.stderr)
        return 2
    work = work_folder(src)
    work.mkdir(parents=True, exist_ok=True)
    while True:
        found = group_files(src, note, scan_cache_folder(src, work))
        if found is None:
            print(f"error: {note} is not one of the notes of {src / 'conf.py'}", file=sys.stderr)
            return 2
        files, docname = found
        started = time.perf_counter()
        code, out = build_group(src, files, work)
        print(f"{len(files)} file(s) of the group built in {time.perf_counter() - started:.1f} s: "
              f"{out / (docname + '.html')}", flush=True)
        if not watch:
            return code
        stamps = {path: path.stat().st_mtime_ns for path, _ in files}
        try:
            while all(path.exists() and path.stat().st_mtime_ns == stamp for path, stamp in stamps.items()):
                time.sleep(0.5)
        except KeyboardInterrupt:
            return code
