#!/usr/bin/env python3
"""Build time and memory of sphinx_notes against plain myst-parser on the same generated notes.

Generates notes shaped like the seed notes (YAML front matter, headings, images, numbered
citations with reference links) from the template notes in ``tests/roots/test-seeds/notes``,
then builds them side by side in one run, alternating the two, best of ``--repeat``:

1. overhead: sphinx_notes against plain myst-parser (``myst_title_to_header``, both with the
   same lean ``html_sidebars``) at ``--notes`` notes, with ``-j1`` and ``-j2``: ms per page,
   the time ratio, peak RSS and its ratio (CPU seconds too: they shift less on a busy machine);
2. scaling: sphinx_notes with *default* settings (only ``extensions`` and ``notes_paths``) at
   each of ``--sizes``, ms per page and its growth against the smallest size;
3. incremental, at ``--incremental`` notes: a rebuild with nothing changed and one after
   appending a line to one note: time, documents re-read and pages rewritten;
4. scale, at ``--pages`` pages (``--pages 10000`` is the real site's scale, about 40 minutes):
   both tools side by side with ``-j2`` (plain myst with a glob toctree, as a user of it would
   write it): full build, peak memory, rebuild with nothing changed, one note's body edited,
   pages rewritten, the largest HTML page, and what a reader downloads to search.

Quick run: ``python benchmarks/build.py --notes 100 --sizes 100,200 --incremental 200 --pages 500 --repeat 1``.
The default run takes about an hour on two cores.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "tests" / "roots" / "test-seeds" / "notes"
LEAN_SIDEBAR = "html_sidebars = {'**': ['searchbox.html']}\n"
PLAIN_CONF = "extensions = ['myst_parser']\nmyst_title_to_header = True\n"
NOTES_CONF = "extensions = ['sphinx_notes']\nnotes_paths = ['notes']\n"
PLAIN_INDEX = "# Notes\n\n```{toctree}\n:glob:\n:maxdepth: 1\n\nnotes/*/*\n```\n"
NOTES_INDEX = "# Notes\n"
_TITLE = re.compile(r"^title:[ \t]*(.*)$", re.M)
_LANG = re.compile(r"^lang:[ \t]*(\S+)", re.M)
_REFERENCE = re.compile(r"^(\[\d+\]:[ \t]*)(\S+)", re.M)
_FILLER = ("latency throughput cache index shard replica quorum ledger kernel tensor vector "
           "gradient cluster region tenant budget roadmap launch partner pricing").split()


# --- corpus ---------------------------------------------------------------------------------

def load_templates(folder: Path = TEMPLATES) -> list[tuple[str, str]]:
    """(language, text) of every template note, by language."""
    notes = []
    for path in sorted(folder.iterdir()):
        text = path.read_text(encoding="utf-8")
        match = _LANG.search(text)
        if match:
            notes.append((match.group(1), text))
    return sorted(notes)


def vary(text: str, number: int, day: date, rnd: random.Random) -> str:
    """A template note made into note ``number``: its own title, date, sources and a paragraph."""
    text = _TITLE.sub(lambda m: f"title: {m.group(1)} ({number})", text, count=1)
    text = text.replace("\n---\n", f"\ndate: {day.isoformat()}\n---\n", 1)
    text = _REFERENCE.sub(lambda m: f"{m.group(1)}{m.group(2)}{'&' if '?' in m.group(2) else '?'}note={number}", text)
    words = " ".join(rnd.choice(_FILLER) + str(rnd.randrange(500)) for _ in range(30))
    return f"{text.rstrip()}\n\n## Notes {number}\n\n{words}.\n"


def generate(target: Path, count: int, seed: int = 1) -> int:
    """``count`` note files under ``target/<lang>/``: groups of one note in every template
    language, the last group possibly partial. Returns the number of files."""
    templates = load_templates()
    rnd = random.Random(seed)
    written = 0
    for number in range(count):
        lang, text = templates[number % len(templates)]
        group = number // len(templates)
        day = date(2020, 1, 1) + timedelta(days=group % 2000)
        path = target / lang / f"{day.isoformat()}-note-{group:05d}-{lang}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(vary(text, group, day, rnd), encoding="utf-8")
        written += 1
    return written


def project(root: Path, count: int, conf: str, index: str) -> Path:
    src = root / "src"
    if src.exists():
        shutil.rmtree(src)
    generate(src / "notes", count)
    (src / "conf.py").write_text(conf, encoding="utf-8")
    (src / "index.md").write_text(index, encoding="utf-8")
    return src


# --- measuring ------------------------------------------------------------------------------

@dataclass
class Run:
    wall: float  #: seconds
    cpu: float  #: user + system seconds of sphinx-build and its workers
    peak: float  #: MiB, the largest resident set of the process tree

    def best(self, other: Run | None) -> Run:
        if other is None:
            return self
        return Run(min(self.wall, other.wall), min(self.cpu, other.cpu), min(self.peak, other.peak))


def sphinx_build(src: Path, out: Path, jobs: int, fresh: bool = True) -> Run:
    """One ``sphinx-build -b html`` in its own process, measured with ``wait4``."""
    if fresh and out.exists():
        shutil.rmtree(out)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", str(jobs), str(src), str(out)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"build of {src} failed:\n{errors.decode(errors='replace')[-3000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def touched(out: Path, since: float) -> tuple[int, int]:
    """(documents re-read, pages written) since ``since``: doctree pickles and HTML files."""
    read = sum(1 for p in (out / ".doctrees").rglob("*.doctree") if p.stat().st_mtime >= since)
    written = sum(1 for p in out.rglob("*.html") if p.stat().st_mtime >= since and "_static" not in p.parts)
    return read, written


# --- the three parts ------------------------------------------------------------------------

def overhead(work: Path, count: int, jobs_list: list[int], repeat: int) -> list[str]:
    plain = project(work / "plain", count, PLAIN_CONF + LEAN_SIDEBAR, PLAIN_INDEX)
    notes = project(work / "notes", count, NOTES_CONF + LEAN_SIDEBAR, NOTES_INDEX)
    rows = [f"### Overhead: {count} notes, same files and sidebar, best of {repeat}", "",
            "| jobs | plain myst ms/page | sphinx_notes ms/page | time ratio | CPU ratio "
            "| plain peak MiB | sphinx_notes peak MiB | memory ratio |",
            "|---|---|---|---|---|---|---|---|"]
    for jobs in jobs_list:
        best_plain = best_notes = None
        for _ in range(repeat):  # alternating, so both see the same machine
            best_plain = sphinx_build(plain, work / "plain" / "out", jobs).best(best_plain)
            best_notes = sphinx_build(notes, work / "notes" / "out", jobs).best(best_notes)
        assert best_plain and best_notes
        rows.append(f"| {jobs} | {1000 * best_plain.wall / count:.1f} | {1000 * best_notes.wall / count:.1f} "
                    f"| {best_notes.wall / best_plain.wall:.2f}x | {best_notes.cpu / best_plain.cpu:.2f}x "
                    f"| {best_plain.peak:.0f} | {best_notes.peak:.0f} | {best_notes.peak / best_plain.peak:.2f}x |")
        print(rows[-1], flush=True)
    return rows


def scaling(work: Path, sizes: list[int], jobs_list: list[int], repeat: int) -> list[str]:
    rows = [f"### Scaling: sphinx_notes with default settings, best of {repeat}", "",
            "| notes | " + " | ".join(f"-j{j} ms/page | -j{j} growth | -j{j} peak MiB" for j in jobs_list) + " |",
            "|---|" + "---|---|---|" * len(jobs_list)]
    first: dict[int, float] = {}
    for count in sizes:
        src = project(work / f"scale-{count}", count, NOTES_CONF, NOTES_INDEX)
        cells = []
        for jobs in jobs_list:
            best = None
            for _ in range(repeat):
                best = sphinx_build(src, work / f"scale-{count}" / "out", jobs).best(best)
            assert best
            per_page = 1000 * best.wall / count
            first.setdefault(jobs, per_page)
            cells.append(f"{per_page:.1f} | {per_page / first[jobs]:.2f}x | {best.peak:.0f}")
        rows.append(f"| {count} | " + " | ".join(cells) + " |")
        print(rows[-1], flush=True)
        shutil.rmtree(work / f"scale-{count}")
    return rows


def incremental(work: Path, count: int, jobs: int) -> list[str]:
    rows = [f"### Incremental: {count} notes, -j{jobs}", "",
            "| build | tool | seconds | documents re-read | pages written |", "|---|---|---|---|---|"]
    for tool, conf, index in (("plain myst", PLAIN_CONF + LEAN_SIDEBAR, PLAIN_INDEX),
                              ("sphinx_notes", NOTES_CONF, NOTES_INDEX)):
        root = work / f"incremental-{tool.replace(' ', '-')}"
        src = project(root, count, conf, index)
        out = root / "out"
        full = sphinx_build(src, out, jobs)
        rows.append(f"| full | {tool} | {full.wall:.1f} | {count} notes | all |")
        for label, change in (("nothing changed", None), ("one note edited", "\nOne more line.\n")):
            time.sleep(1.1)  # a coarse file-system clock must see the edit as newer
            since = time.time()
            if change:
                note = sorted((src / "notes").rglob("*.md"))[3]
                note.write_text(note.read_text(encoding="utf-8") + change, encoding="utf-8")
            run = sphinx_build(src, out, jobs, fresh=False)
            read, written = touched(out, since)
            rows.append(f"| {label} | {tool} | {run.wall:.1f} | {read} | {written} |")
            print(rows[-1], flush=True)
        shutil.rmtree(root)
    return rows


def _timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode not in (0, 1):  # check exits 1 when a note has a problem
        raise SystemExit(f"{' '.join(command)} failed:\n{(done.stdout + done.stderr)[-3000:]}")
    return time.perf_counter() - start


def tools(work: Path, count: int, jobs: int) -> list[str]:
    """``check`` and ``preview`` against a full build of the same site, and ``preview`` against a
    plain build of the previewed group's files alone (the issue's bounds: 0.1x and 1.5x)."""
    root = work / "tools"
    src = project(root, count, NOTES_CONF, NOTES_INDEX)
    full = sphinx_build(src, root / "out", jobs)
    cli = [sys.executable, "-m", "sphinx_notes"]
    check = _timed([*cli, "check", str(src)], src)
    note = sorted((src / "notes").rglob("*.md"))[0]
    group = [p for p in (src / "notes").rglob("*.md") if p.stem.rsplit("-", 1)[0] == note.stem.rsplit("-", 1)[0]]
    env = dict(os.environ, TMPDIR=str(root / "tmp"))
    (root / "tmp").mkdir()
    times = []
    for _ in range(2):  # cold, then with the scan cache
        start = time.perf_counter()
        subprocess.run([*cli, "preview", str(note)], cwd=src, capture_output=True, env=env, check=True)
        times.append(time.perf_counter() - start)
    alone = root / "alone"
    (alone / "notes").mkdir(parents=True)
    for path in group:
        shutil.copy(path, alone / "notes" / path.name)
    (alone / "conf.py").write_text(PLAIN_CONF, encoding="utf-8")
    (alone / "index.md").write_text("# A\n\n```{toctree}\n:glob:\nnotes/*\n```\n", encoding="utf-8")
    plain = sphinx_build(alone, alone / "out", 1).wall
    rows = [f"### check and preview: {count} notes, full build -j{jobs} {full.wall:.1f} s", "",
            "| command | seconds | ratio |", "|---|---|---|",
            f"| check (no cache) | {check:.1f} | {check / full.wall:.3f}x the full build (want <= 0.1x) |",
            f"| preview, cold | {times[0]:.1f} | {times[0] / plain:.2f}x plain myst of its {len(group)} files (want <= 1.5x) |",
            f"| preview, warm | {times[1]:.1f} | {times[1] / plain:.2f}x plain myst of its {len(group)} files |"]
    print("\n".join(rows), flush=True)
    shutil.rmtree(root)
    return rows


def search_payload(out: Path) -> int:
    """Bytes a query downloads besides the page: Sphinx's ``searchindex.js`` and, for the notes
    of one language, the largest file of each kind a query fetches (sphinx_notes)."""
    total = (out / "searchindex.js").stat().st_size
    notes = out / "_static" / "notes-search"
    if notes.is_dir():
        folder = max((p for p in notes.iterdir() if p.is_dir()), key=lambda p: len(list(p.iterdir())))
        total += (notes / "languages.js").stat().st_size
        for pattern in ("index.js", "stemmer.js", "terms-*.js", "pages-*.js"):
            total += max((p.stat().st_size for p in folder.glob(pattern)), default=0)
    return total


def at_scale(work: Path, pages: int) -> list[str]:
    rows = [f"### Scale: {pages} pages, -j2, one build each", "",
            "| tool | full s | peak MiB | no-op s | edit s | pages rewritten | largest page KB | search download KB |",
            "|---|---|---|---|---|---|---|---|"]
    figures = {}
    for tool, conf, index in (("plain myst", PLAIN_CONF + LEAN_SIDEBAR, PLAIN_INDEX),
                              ("sphinx_notes", NOTES_CONF, NOTES_INDEX)):
        root = work / f"scale-{tool.replace(' ', '-')}"
        src = project(root, pages, conf, index)
        out = root / "out"
        full = sphinx_build(src, out, 2)
        noop = sphinx_build(src, out, 2, fresh=False)
        time.sleep(1.1)
        since = time.time()
        note = sorted((src / "notes").rglob("*.md"))[7]
        note.write_text(note.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
        edit = sphinx_build(src, out, 2, fresh=False)
        _, written = touched(out, since)
        largest = max(p.stat().st_size for p in out.rglob("*.html"))
        figures[tool] = (full.wall, full.peak, noop.wall, edit.wall)
        rows.append(f"| {tool} | {full.wall:.0f} | {full.peak:.0f} | {noop.wall:.1f} | {edit.wall:.1f} | {written} "
                    f"| {largest // 1000} | {search_payload(out) // 1000} |")
        print(rows[-1], flush=True)
        shutil.rmtree(root)
    ratios = [b / a for a, b in zip(figures["plain myst"], figures["sphinx_notes"])]
    rows.append("| ratio | " + " | ".join(f"{r:.2f}x" for r in ratios) + " | | | |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=500, help="notes in the comparison with plain myst (500)")
    parser.add_argument("--sizes", default="200,1000,5000", help="note counts of the scaling table (200,1000,5000)")
    parser.add_argument("--incremental", type=int, default=5000, help="notes of the incremental site (5000)")
    parser.add_argument("--pages", type=int, default=1000, help="pages of the side-by-side scale run (1000)")
    parser.add_argument("--jobs", default="1,2", help="-j values (1,2)")
    parser.add_argument("--repeat", type=int, default=2, help="builds per figure, the best kept (2)")
    parser.add_argument("--tools", type=int, default=5000, help="notes of the check and preview site (5000)")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: overhead,scaling,incremental,tools,scale")
    parser.add_argument("--workdir", type=Path, help="where to build (default: a temporary folder)")
    args = parser.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    skip = set(filter(None, args.skip.split(",")))
    work = args.workdir or Path(tempfile.mkdtemp(prefix="notes-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    import myst_parser
    import sphinx

    import sphinx_notes
    print(f"# sphinx_notes {sphinx_notes.__version__}, Sphinx {sphinx.__version__}, myst-parser "
          f"{myst_parser.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          f"{date.today().isoformat()}\n", flush=True)
    report = []
    if "overhead" not in skip:
        report += overhead(work, args.notes, jobs, args.repeat) + [""]
    if "scaling" not in skip:
        report += scaling(work, [int(n) for n in args.sizes.split(",")], jobs, args.repeat) + [""]
    if "incremental" not in skip:
        report += incremental(work, args.incremental, max(jobs)) + [""]
    if "tools" not in skip:
        report += tools(work, args.tools, max(jobs)) + [""]
    if "scale" not in skip:
        report += at_scale(work, args.pages) + [""]
    print("\n" + "\n".join(report))
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
