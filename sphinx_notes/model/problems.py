"""What can be wrong with a note, a listing or the configuration: one :class:`NotesWarning`
subtype per kind of problem, used by the model (:class:`Problem`) and by the Sphinx side, which
reports each as a ``notes.<subtype>`` warning. A subtype that is not a member cannot be written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class NotesWarning(Enum):
    """Every warning sphinx_notes emits has type ``notes`` and one of these subtypes.

    Each member is ``(subtype, description, example)``: when it is emitted, and a message with
    its location (``file:line:``, or none). The docs' table of warnings is generated from them.
    """

    def __new__(cls, subtype: str, description: str, example: str) -> NotesWarning:
        member = object.__new__(cls)
        member._value_ = subtype
        member.description = description
        member.example = example
        member.__doc__ = description
        return member

    CONFIG = ("config", 'A ``notes_*`` configuration value has the wrong type or an impossible value; the default is used.',
              "conf.py:: notes_max_file_size: expected int, got str; using 1000000")
    PATH = ("path", 'A ``notes_paths`` entry does not exist or matches no note file.',
            "conf.py:: notes_paths entry 'notse' does not exist (/site/notse)")
    READ = ("read", 'A note file cannot be read as text (permissions, binary content, larger than '
                    '``notes_max_file_size``, a link out of the notes folder or to nothing); it is not built.',
            "notes/big.md:: 5,242,994 bytes, more than notes_max_file_size (1,000,000); not built")
    ENCODING = ("encoding", 'A note file is not valid UTF-8; it is decoded as well as it can be (UTF-16 with a '
                            'byte-order mark, Windows-1252, or UTF-8 with the bad bytes replaced) and built.',
                "notes/old.md:2: not UTF-8 (first bad byte on line 2); read as Windows-1252")
    NO_FRONT_MATTER = ("no_front_matter", 'A note has no front matter; it is built with the first heading (or the '
                                          'file name) as title and ``notes_default_language``.',
                       "notes/todo.md:1: no front matter; built with the title 'Todo' from the first heading "
                       "and language 'en' from notes_default_language")
    FRONT_MATTER = ("front_matter", 'The YAML front matter is invalid, not a mapping, or never closed; the body '
                                    'is built, with the keys single lines still give.',
                    "notes/x.md:5: invalid YAML front matter: expected ',' or ']', but got '<stream end>'; "
                    "kept lang, title from single lines")
    METADATA = ("metadata", 'A front-matter key has a value of the wrong type (``title: [a, b]``, '
                            '``date: 2025-13-45``, ``translated: maybe``); it is fixed up or ignored.',
                "notes/x.md:1: 'translated' should be true or false, not 'maybe'; ignored")
    LANGUAGE = ("language", "The note's language is unknown, missing, or disagrees with its file name or folder.",
                "notes/de/x.md:1: front matter says 'fr' but the folder says 'de'; using 'fr'")
    NO_TITLE = ("no_title", 'The front matter has no ``title``; the first heading or the file name is used.',
                "notes/x.md:1: no 'title' in front matter; using the title 'x' from the file name")
    EMPTY = ("empty", 'The note file is empty; it is built as an empty page titled with its file name.',
             "notes/x.md:1: the file is empty; built with the title 'x' from the file name and language 'en' "
             "from notes_default_language")
    DUPLICATE = ("duplicate", 'Two files claim the same note and language; the second is built under its own name.',
                 "notes/b.md:1: a second file for note 'tea' in 'en' (the first is a.md); built separately as "
                 "notes/en/tea-2")
    UNSAFE = ("unsafe", 'A note body holds raw HTML that runs code (``<script>``, ``onclick=``, a ``javascript:`` '
                        'URL), raw content while ``raw_enabled`` is off, or a file insertion (``include``) reaching '
                        'outside the project; it is shown as text or left out.',
              "notes/x.md:9: raw HTML that can run code (a <script> element); shown as text")
    UNEXPECTED = ("unexpected", 'Building the note failed in a way sphinx_notes did not foresee (please report it); '
                                'the note is built as plain text.',
                  "notes/x.md:: could not build the note (RecursionError: ...); its text is shown as it is")
    CITATION_UNDEFINED = ("citation_undefined", 'A citation (``[Site][9]``, ``[^9]``) names a label the note does not define; it stays as text.',
                          "notes/x.md:12: [Site][9] cites [9], which this note does not define; shown as text")
    CITATION_DUPLICATE = ("citation_duplicate", 'A link label is defined twice; the first definition is used.',
                          "notes/x.md:30: link label [1] is defined again; the first definition (line 28) is used")
    CITATION_URL = ("citation_url", "A link definition's URL is empty, malformed or has an unsafe scheme (``javascript:``, ``data:``, ``vbscript:``, ``file:``); its citations are plain text.",
                    "notes/x.md:29: link definition [2]: the scheme 'javascript' is not allowed; its citations are "
                    "shown as plain text")
    CITATION_PARITY = ("citation_parity", "A translation cites sources its original does not, or lost some; the warning names the URLs.",
                       "notes/x-de.md:7: translation of notes/x-en.md lacks https://example.org/a")
    UNCLOSED_FENCE = ("unclosed_fence", 'A code fence is never closed; the rest of the note (or of its list item '
                                        'or quote) is shown as code, as Markdown says.',
                      "notes/x.md:12: the code fence opened on line 12 is never closed; the rest of the note is "
                      "shown as code")
    LINK_URL = ("link_url", 'An ordinary link or image has an unsafe URL (``javascript:`` ...); its text is shown without the link.',
                "notes/x.md:7: link to 'javascript:alert(1)': the scheme is not allowed; shown as plain text")
    LIQUID = ("liquid", 'A note written for Jekyll holds a Liquid tag (``{% include %}``, ``{% highlight %}``...) '
                        'outside code; sphinx_notes runs no Liquid, so it is shown as written. ``{% raw %}`` and '
                        '``{% endraw %}`` markers are dropped without a warning.',
              "notes/kettle-en.md:9: Liquid tag {% include footer.html %} (Jekyll) is not run here; shown as written")
    OUTDATED = ("outdated", 'With ``notes_warn_outdated = True``: a translation is older than its original '
                            '(by its ``translated_from`` key or by git, see the translation status page of these docs).',
                "notes/de/tea-de.md:: outdated translation of notes/tea-en.md: the original's body was committed "
                "on 2025-03-10T10:00:00+00:00, after this translation (2025-03-01T10:00:00+00:00)")
    MISSING_TRANSLATION = ("missing_translation", 'With ``notes_required_languages``: a note has no page in one '
                                                  'of those languages (one warning per note).',
                           "notes/bread-en.md:: note '2025-03-02-bread' has no page in 'fr' (notes_required_languages)")
    HISTORY = ("history", 'With ``notes_warn_outdated = True``: git cannot tell when the notes were committed (no '
                          'git, not a repository, a shallow clone, a broken repository); translations without '
                          '``translated_from`` are "unknown", never "outdated". Said once.',
               "translation status: the git repository is a shallow clone, whose history is cut (...); "
               "translations without translated_from are 'unknown'")

    LATEX_FONT = ("latex_font", 'The PDF cannot show some characters: no installed font has them (the warning '
                                'names the script and the Debian package to install; the PDF shows their code '
                                'points), or ``latex_engine`` is one that cannot set non-Latin scripts.',
                  "no installed font has the arabic characters of these notes (U+0627 ا); the PDF "
                  "shows their code points. Install Debian's fonts-noto-core or name a font in notes_latex_fonts")

    def __str__(self) -> str:
        return f"notes.{self.value}"


@dataclass(frozen=True)
class Problem:
    """Something wrong with a note (or the listing, or the configuration), reported as one
    ``notes.<subtype>`` warning at ``line`` of the file it is about (no line: the file)."""

    subtype: NotesWarning
    message: str
    line: int | None = None


def merge_problems(problems: Iterable[Problem]) -> Problem | None:
    """One problem for all of a file's (None for none), so a broken file is named once: the
    subtype and line of the first by line, the others in its message, each tagged with its own
    subtype where it changes."""
    shown = sorted(problems, key=lambda p: p.line or 0)
    if not shown:
        return None
    message = shown[0].message
    for previous, problem in zip(shown, shown[1:]):
        tag = "" if problem.subtype == previous.subtype else f"[{problem.subtype}] "
        where = f"(line {problem.line}) " if problem.line else ""
        message += f"; also {tag}{where}{problem.message}"
    return Problem(shown[0].subtype, message, shown[0].line)
