"""Notes written for Jekyll: ``{% raw %}`` markers dropped, other Liquid tags outside code warned
about where they are, by a build and by ``check`` alike."""

from __future__ import annotations

import tempfile

import pytest

from sphinx_notes.__main__ import main
from sphinx_notes.model.liquid import scan_liquid

from conftest import ROOTS, html_pages

BODY = """
{% raw %}
```
{{ not liquid }} {% if fenced %}
```
{% endraw %}

Text {% include footer.html %} and `{% inline code %}` and ``a {% double %} span``.

    {% indented code %}

- item

    {% in the item's paragraph %}

```liquid
{% raw %}
{{ page.title }}
{% endraw %}
```
~~~
{% tilde fence %}
~~~
{% raw %}{% inside raw %}{% endraw %} {%- after raw -%}
A `lone backtick {% not code %}
"""


def test_scan_liquid_drops_raw_markers_and_finds_tags_outside_code():
    scan = scan_liquid(BODY, 10)
    assert "{% raw" not in scan.body and "endraw" not in scan.body
    assert scan.body.count("\n") == BODY.count("\n")  # every line where it was
    assert "```\n{{ not liquid }} {% if fenced %}\n```" in scan.body
    assert "```liquid\n\n{{ page.title }}\n\n```" in scan.body  # as Jekyll leaves it
    assert [(p.line, p.message) for p in scan.problems] == [
        (17, "Liquid tag {% include footer.html %} (Jekyll) is not run here; shown as written"),
        (23, "Liquid tag {% in the item's paragraph %} (Jekyll) is not run here; shown as written"),
        (33, "Liquid tag {%- after raw -%} (Jekyll) is not run here; shown as written"),
        (34, "Liquid tag {% not code %} (Jekyll) is not run here; shown as written")]
    assert {p.subtype.value for p in scan.problems} == {"liquid"}
    assert scan_liquid("No Liquid {{ here }}.", 1).problems == ()


@pytest.mark.sphinx("html", testroot="readers", srcdir="readers-liquid")
def test_build_drops_raw_markers_and_warns_with_the_line(app):
    app.build()
    pages = html_pages(app.outdir)
    matcha = pages["notes/en/2031-05-01-matcha.html"]
    assert "raw" not in matcha.select_one("section.notes-note").get_text()
    assert matcha.select_one("pre").get_text().strip() == "{{ not liquid }}"
    kettle = pages["notes/en/2025-11-03-kettle.html"].select_one("section.notes-note")
    assert "Water at 80 degrees. {% include footer.html %}" in kettle.get_text()
    assert kettle.select_one("code").get_text() == "{% not a warning %}"
    warnings = app.warning.getvalue()
    assert ("notes/2025-11-03-kettle-en.md:7: WARNING: Liquid tag {% include footer.html %} (Jekyll) is not run here; "
            "shown as written [notes.liquid]") in warnings
    assert "matcha" not in warnings


def test_check_reports_the_same(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # check's cache
    assert main(["check", str(ROOTS / "test-readers")]) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if "liquid" in line]
    assert len(lines) == 1 and lines[0].endswith("2025-11-03-kettle-en.md:7: notes.liquid: Liquid tag "
                                                  "{% include footer.html %} (Jekyll) is not run here; shown as written")
