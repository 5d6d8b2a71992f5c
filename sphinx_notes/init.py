"""``python -m sphinx_notes init [DIR]``: a new notes site, ready for ``make html``.

Writes the files of ``init_files/`` into ``DIR``: ``conf.py``, ``index.md``, ``Makefile`` and
``make.bat`` (as sphinx-quickstart writes them), ``.readthedocs.yaml``, ``requirements.txt``, a
``.gitignore`` for the build and the generated page sources, a GitHub Actions workflow building
one output per language (the docs' ``examples/notes-matrix.yml``), and ``notes/`` with one
example note. A file that exists is never overwritten, only named. In an existing Sphinx project
(a ``conf.py`` is there) it prints the lines to add to that ``conf.py`` instead.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

FILES = Path(__file__).resolve().parent / "init_files"

#: (file in init_files, where it goes in DIR)
LAYOUT = (
    ("conf.py", "conf.py"),
    ("index.md", "index.md"),
    ("Makefile", "Makefile"),
    ("make.bat", "make.bat"),
    ("readthedocs.yaml", ".readthedocs.yaml"),
    ("requirements.txt", "requirements.txt"),
    ("gitignore", ".gitignore"),
    ("notes.yml", ".github/workflows/notes.yml"),
)
#: what an existing project's conf.py needs
CONF_LINES = ('extensions.append("sphinx_notes")  # or add it to your extensions list', 'notes_paths = ["notes"]')


def init_site(target: Path, today: date | None = None) -> tuple[list[str], list[str], bool]:
    """Write what is missing in ``target``: (files written, files left alone, whether a
    ``conf.py`` was there already). Bytes are copied as they are (``make.bat`` keeps its CRLF)."""
    written: list[str] = []
    kept: list[str] = []
    existing_project = (target / "conf.py").is_file()
    plan = [(FILES / name, target / dest) for name, dest in LAYOUT]
    # an existing project's root document, whatever its suffix, is its own
    other_index = next((f"index{s}" for s in (".rst", ".txt") if (target / f"index{s}").exists()), None)
    if other_index:
        plan = [(src, dest) for src, dest in plan if dest.name != "index.md"]
        kept.append(other_index)
    notes = target / "notes"
    if not notes.exists() or not any(notes.iterdir()):
        stamp = (today or date.today()).isoformat()
        plan.append((FILES / "notes" / "example-en.md", notes / f"{stamp}-my-first-note-en.md"))
    else:
        kept.append("notes/ (it holds files already: no example note)")
    for src, dest in plan:
        rel = dest.relative_to(target).as_posix()
        if dest.exists():
            kept.append(rel)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(src.read_bytes())
        written.append(rel)
    return written, kept, existing_project


def run_init(directory: str) -> int:
    target = Path(directory).resolve()
    if target.exists() and not target.is_dir():
        print(f"error: {target} is not a folder", file=sys.stderr)
        return 2
    target.mkdir(parents=True, exist_ok=True)
    written, kept, existing_project = init_site(target)
    for rel in written:
        print(f"wrote {rel}")
    for rel in kept:
        print(f"left alone {rel}" + ("" if "(" in rel else " (it exists)"))
    if existing_project:
        conf = (target / "conf.py").read_text(encoding="utf-8", errors="replace")
        if "sphinx_notes" not in conf:
            print(f"\n{target / 'conf.py'} is an existing Sphinx project's; add these lines to it:\n")
            print("\n".join(f"    {line}" for line in CONF_LINES))
    print(f"\nnext: put notes in {target / 'notes'}, then `make html` in {target}")
    return 0
