"""When each note file, and each note's body, was last committed: read from git, once per site.

One ``git log --raw`` over the notes folders lists, for every commit, the files it touched with
their blob ids before and after. That is enough to know each file's last commit. Whether a commit
changed a note's *body* (not only its front matter) needs the two blobs' texts: they are read
through one ``git cat-file --batch`` process, and only for the files that ask
(:meth:`History.body_changed`), newest commit first, until a commit that changed the body.

What git said is cached in Sphinx's doctree folder under the ``HEAD`` commit it was read at, so a
build whose ``HEAD`` did not move runs one ``git rev-parse`` and nothing else. File modification
times are never used: every checkout resets them.

Without git, outside a repository, or in a shallow clone (whose oldest commits lie about when
files were added) the history is *unavailable*, with a reason to show the user once; nothing is
then ever judged from it.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .notefile import body_digest, split_note

CACHE_FILE = "sphinx_notes-history.pickle"
#: Bump when what the cache holds changes shape.
CACHE_FORMAT = 1
_NO_BLOB = "0" * 40
#: git's options that make its output independent of the user's configuration
_GIT = ("git", "-c", "log.showSignature=false", "-c", "core.quotePath=off", "-c", "log.mailmap=false")
_TIMEOUT = 300

Runner = Callable[..., subprocess.CompletedProcess]


@dataclass(frozen=True)
class Change:
    """One commit's change to one file."""

    time: int  #: committer time, seconds since the epoch
    iso: str  #: committer date, ISO 8601 with its offset
    old: str  #: blob before (40 zeros when the commit added the file)
    new: str  #: blob after (40 zeros when it deleted the file)


@dataclass
class History:
    """The commits of the note files; empty and :attr:`available` False when git cannot say."""

    available: bool
    reason: str | None = None  #: why the history is unavailable
    toplevel: str | None = None
    head: str | None = None
    #: normalised absolute path -> its changes, newest first
    changes: dict[str, tuple[Change, ...]] = field(default_factory=dict)
    #: blob id -> digest of the body it holds (see :func:`.notefile.body_digest`)
    bodies: dict[str, str] = field(default_factory=dict)
    key: tuple | None = field(default=None, repr=False)  #: what the cache entry is valid for
    _reader: _BlobReader | None = field(default=None, repr=False)
    _read_new: bool = field(default=False, repr=False)  #: bodies grew since the cache was loaded

    def last_commit(self, path: str) -> Change | None:
        """The newest commit that touched the file, or None when it was never committed."""
        changes = self.changes.get(os.path.normpath(path))
        return changes[0] if changes else None

    def body_changed(self, path: str) -> Change | None:
        """The newest commit that changed the file's body (its addition counts), or None."""
        for change in self.changes.get(os.path.normpath(path), ()):
            if change.new == _NO_BLOB:
                return None  # deleted then: the file's present text was never committed since
            if change.old == _NO_BLOB or self._body(change.new) != self._body(change.old):
                return change
        return None

    def _body(self, blob: str) -> str | None:
        if blob not in self.bodies:
            if self._reader is None:
                self._reader = _BlobReader(self.toplevel or ".")
            data = self._reader.read(blob)
            self._read_new = True
            if data is None:
                return None
            self.bodies[blob] = body_digest(split_note(_decode(data)).body)
        return self.bodies[blob]

    def close(self, cache_dir: Path | None = None) -> None:
        """Stop the blob reader; save the bodies it read into the cache."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if cache_dir is not None and self._read_new and self.available:
            _save(cache_dir, self)
            self._read_new = False


def unavailable(reason: str) -> History:
    return History(available=False, reason=reason)


def read_history(roots: Iterable[Path], cache_dir: Path | None = None, *, run: Runner | None = None) -> History:
    """The history of every file under ``roots`` (the notes folders), from the cache in
    ``cache_dir`` when ``HEAD`` has not moved since it was written. Never raises."""
    run = run or subprocess.run
    roots = [Path(root) for root in roots]
    if not roots:
        return unavailable("no notes folder")
    try:
        probe = run([*_GIT, "-C", str(roots[0]), "rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD"],
                    capture_output=True, text=True, timeout=_TIMEOUT)
    except FileNotFoundError:
        return unavailable("git is not installed")
    except (OSError, subprocess.SubprocessError) as err:
        return unavailable(f"git could not be run ({err})")
    lines = probe.stdout.split("\n")
    if probe.returncode != 0 or len(lines) < 3:
        message = (probe.stderr.strip().splitlines() or ["git rev-parse failed"])[-1]
        if "not a git repository" in message:
            return unavailable("the notes are not in a git repository")
        if "HEAD" in message:
            return unavailable("the git repository has no commit yet")
        return unavailable(f"git says: {message}")
    toplevel, shallow, head = lines[0], lines[1], lines[2]
    if shallow == "true":
        return unavailable("the git repository is a shallow clone, whose history is cut "
                           "(fetch the whole history: git fetch --unshallow, or fetch-depth: 0 in CI)")
    top = Path(toplevel)
    specs = []
    for root in roots:
        resolved = root.resolve()
        if resolved == top.resolve() or resolved.is_relative_to(top.resolve()):
            specs.append(resolved.relative_to(top.resolve()).as_posix() or ".")
    key = (CACHE_FORMAT, toplevel, head, tuple(sorted(set(specs))))
    cached = _load(cache_dir, key) if cache_dir else None
    if cached is not None:
        return cached
    try:
        log = run([*_GIT, "-C", toplevel, "log", "--no-renames", "--raw", "-z", "--no-abbrev", "--no-color",
                   "--format=%x01%H%x00%ct%x00%cI", head, "--", *sorted(set(specs))],
                  capture_output=True, timeout=_TIMEOUT)
    except (OSError, subprocess.SubprocessError) as err:
        return unavailable(f"git log could not be run ({err})")
    if log.returncode != 0:
        message = (log.stderr.decode("utf-8", "replace").strip().splitlines() or ["git log failed"])[-1]
        return unavailable(f"git log says: {message}")
    history = History(available=True, toplevel=toplevel, head=head, key=key,
                      changes=parse_log(log.stdout.decode("utf-8", "surrogateescape"), toplevel))
    history._read_new = True  # a new history: saved at close()
    return history


def parse_log(output: str, toplevel: str) -> dict[str, tuple[Change, ...]]:
    """``git log --raw -z --format=%x01%H%x00%ct%x00%cI`` -> absolute path -> changes, newest first."""
    found: dict[str, list[Change]] = {}
    for record in output.split("\x01"):
        fields = record.split("\x00")
        if len(fields) < 3:
            continue
        try:
            time = int(fields[1])
        except ValueError:
            continue
        iso = fields[2]
        rest = fields[3:]
        for raw, path in zip(rest[0::2], rest[1::2]):
            parts = raw.strip().lstrip(":").split()
            if len(parts) < 5 or not path:
                continue
            change = Change(time=time, iso=iso, old=parts[2], new=parts[3])
            found.setdefault(os.path.normpath(os.path.join(toplevel, path)), []).append(change)
    # git lists commits newest first by committer date, children before parents; keep that
    # order but make sure of "newest first" where clocks disagree
    return {path: tuple(sorted(changes, key=lambda c: -c.time)) for path, changes in found.items()}


def iso_date(iso: str | None) -> dt.date | None:
    """The calendar date of an ISO 8601 timestamp, in the committer's own time zone."""
    if not iso:
        return None
    try:
        return dt.datetime.fromisoformat(iso).date()
    except ValueError:
        return None


def _decode(data: bytes) -> str:
    text = data.decode("utf-8-sig", errors="replace").lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _BlobReader:
    """One ``git cat-file --batch`` process, asked for blobs one at a time."""

    def __init__(self, toplevel: str) -> None:
        self.process: subprocess.Popen | None = None
        try:
            self.process = subprocess.Popen([*_GIT, "-C", toplevel, "cat-file", "--batch"],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.DEVNULL)
        except OSError:
            self.process = None

    def read(self, blob: str) -> bytes | None:
        process = self.process
        if process is None or process.stdin is None or process.stdout is None:
            return None
        try:
            process.stdin.write(blob.encode("ascii") + b"\n")
            process.stdin.flush()
            header = process.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                return None
            data = process.stdout.read(int(header[2]))
            process.stdout.read(1)  # the newline after the contents
            return data
        except (OSError, ValueError):
            self.close()
            return None

    def close(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        try:
            if process.stdin:
                process.stdin.close()
            process.wait(timeout=10)
        except (OSError, subprocess.SubprocessError):
            process.kill()
        finally:
            if process.stdout:
                process.stdout.close()


def _load(cache_dir: Path, key: tuple) -> History | None:
    try:
        with open(cache_dir / CACHE_FILE, "rb") as stream:
            stored_key, changes, bodies = pickle.load(stream)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
        return None
    if stored_key != key:
        return None
    return History(available=True, toplevel=key[1], head=key[2], key=key, changes=changes, bodies=bodies)


def _save(cache_dir: Path, history: History) -> None:
    """Atomically: an interrupted build leaves the old cache or the new one."""
    key = history.key
    if key is None:
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = cache_dir / (CACHE_FILE + f".{os.getpid()}.tmp")
        with open(partial, "wb") as stream:
            pickle.dump((key, history.changes, history.bodies), stream, pickle.HIGHEST_PROTOCOL)
        os.replace(partial, cache_dir / CACHE_FILE)
    except OSError:
        pass  # no cache: the next build asks git again
