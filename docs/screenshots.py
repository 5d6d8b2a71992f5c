"""Make the docs' screenshots: the seed notes built under each theme, shot in headless Chromium.

Run from the project with the ``browser`` and ``themes`` extras installed:
``python docs/screenshots.py`` (needs Chromium at /usr/bin/chromium). Writes docs/_static/*.png.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parent
SEEDS = DOCS / "seeds"
STATIC = DOCS / "_static"
THEMES = ("alabaster", "furo", "sphinx_rtd_theme", "pydata_sphinx_theme", "sphinx_book_theme")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def build(theme: str, work: Path) -> Path:
    src, out = work / theme / "src", work / theme / "out"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(f"extensions = ['sphinx_notes']\nnotes_paths = [{str(SEEDS)!r}]\n"
                                 f"html_theme = {theme!r}\nproject = 'Notes'\n", encoding="utf-8")
    (src / "index.md").write_text("# Notes\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)], check=True)
    return out


def shoot(browser, page_file: Path, target: Path, width: int = 1000, height: int = 560) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # web fonts and theme scripts settle
    page.screenshot(path=str(target))
    page.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for theme in THEMES:
            out = build(theme, Path(tmp))
            french = next((out / "notes/fr").glob("alibaba*.html"))
            shoot(browser, french, STATIC / f"switcher-{theme.replace('_', '-')}.png")
            if theme == "alabaster":
                shoot(browser, next((out / "notes/ar").glob("alibaba*.html")), STATIC / "screenshot-ar.png")
        browser.close()


if __name__ == "__main__":
    main()
