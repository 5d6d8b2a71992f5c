"""Sections sphinx_notes adds to documents (note titles, indexes, Sources), registered as
implicit targets so that ids and ``:ref:``-style names work as for a heading."""

from __future__ import annotations

from docutils import nodes


def titled_section(document: nodes.document, title: str, classes: list[str]) -> nodes.section:
    section = nodes.section(classes=classes)
    section["names"].append(nodes.fully_normalize_name(title))
    section += nodes.title(title, title)
    document.note_implicit_target(section, section)
    return section
