"""The 404 page: at the output root, a link to every language's notes in that language, and, in
headless Chromium, its stylesheets found when a server sends it for a missing nested URL."""

from __future__ import annotations

import http.server
import importlib.util
import socketserver
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_switcher_browser import CHROMIUM, CHROMIUM_ARGS

BASE = "https://notes.example.org/"
NESTED = "notes/de/2020/gone/missing.html"


def not_found_page(outdir: Path, name: str = "404.html") -> BeautifulSoup:
    return BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "html.parser")


def language_links(soup: BeautifulSoup) -> dict[str, tuple[str, str, str]]:
    """lang -> (href, the line's text, the line's dir)."""
    return {li["lang"]: (li.a["href"], li.get_text(" ", strip=True), li["dir"]) for li in soup.select("ul.notes-not-found li")}


@pytest.mark.sphinx("html", testroot="site", srcdir="site-404")
def test_links_every_language_in_that_language(app):
    app.build()
    soup = not_found_page(app.outdir)
    assert soup.head.base["href"] == BASE + "404.html"
    assert soup.head.find("base") is soup.head.find(lambda tag: tag.has_attr("href"))  # before any asset
    assert soup.head.select_one('meta[name=robots]')["content"] == "noindex"
    links = language_links(soup)
    assert set(links) == {"ar", "de", "en", "zh-Hant"}
    assert links["de"][0] == BASE + "notes/de/index.html"
    assert "Unter dieser Adresse gibt es keine Seite." in links["de"][1] and "Zu den Notizen" in links["de"][1]
    assert "لا توجد صفحة بهذا العنوان." in links["ar"][1] and links["ar"][2] == "rtl"
    assert links["zh-Hant"][0] == BASE + "notes/zh-hant/index.html" and "前往筆記" in links["zh-Hant"][1]
    assert soup.h1.get_text() == "Page not found"


@pytest.mark.sphinx("dirhtml", testroot="site", srcdir="site-404-dirhtml")
def test_dirhtml_writes_404_html_too(app):
    app.build()
    soup = not_found_page(app.outdir)
    assert soup.head.base["href"] == BASE + "404/"  # the URLs Sphinx wrote are relative to 404/
    assert language_links(soup)["de"][0] == BASE + "notes/de/"
    assert (app.outdir / "404/index.html").read_bytes() == (app.outdir / "404.html").read_bytes()


@pytest.mark.sphinx("html", testroot="site", srcdir="site-404-de", confoverrides={
    "notes_languages": ["de"], "notes_url_pattern": "https://notes.example.org/{lang}/{path}",
    "html_baseurl": "https://notes.example.org/de/"})
def test_per_language_output_has_its_own(app):
    app.build()
    soup = not_found_page(app.outdir)
    assert soup.head.base["href"] == "https://notes.example.org/de/404.html"
    links = language_links(soup)
    assert links["de"][0] == "https://notes.example.org/de/notes/de/index.html"  # in this output
    assert links["en"][0] == "https://notes.example.org/en/notes/en/index.html"  # in the English one


@pytest.mark.sphinx("html", testroot="site", srcdir="site-404-project", confoverrides={
    "extensions": ["sphinx_notes", "notfound.extension"], "notfound_urls_prefix": "/"})
@pytest.mark.skipif(importlib.util.find_spec("notfound") is None, reason="needs sphinx-notfound-page")
def test_with_sphinx_notfound_page_adds_the_links_to_its_page(app):
    app.build()
    soup = not_found_page(app.outdir)
    assert soup.head.find("base") is None  # its page, its absolute URLs
    assert soup.head.select_one("link[rel=stylesheet]")["href"].startswith("/_static/")
    assert "Unfortunately we couldn't find" in soup.get_text()
    assert language_links(soup)["de"][0] == BASE + "notes/de/index.html"
    assert len(soup.select("ul.notes-not-found")) == 1


@contextmanager
def serving(outdir: Path):
    """The output on a local server that answers every missing path with 404.html, as hosts do."""
    page = (outdir / "404.html").read_bytes()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(outdir), **kwargs)

        def log_message(self, *args):
            pass

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def open_nested(outdir: Path, site: str | None) -> tuple[list[str], list[str], list[str]]:
    """Open a missing nested URL in Chromium: (stylesheets loaded, stylesheets failed, link URLs).
    ``site``: the base URL, whose requests are answered from the output as its host would."""
    sync_api = pytest.importorskip("playwright.sync_api")
    loaded, failed = [], []
    with serving(outdir) as local, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()

        def watch(response):
            if response.request.resource_type == "stylesheet":
                (failed if response.status >= 400 else loaded).append(response.url)

        page.on("response", watch)
        page.on("requestfailed", lambda request: failed.append(request.url)
                if request.resource_type == "stylesheet" else None)
        if site:
            def from_output(route):
                path = outdir / route.request.url[len(site):].split("?")[0].split("#")[0]
                if path.is_file():
                    route.fulfill(status=200, body=path.read_bytes(),
                                  content_type="text/css" if path.suffix == ".css" else None)
                else:
                    route.fulfill(status=404, body=b"")
            page.route(site + "**", from_output)
        response = page.goto(local + NESTED)
        assert response.status == 404
        page.wait_for_timeout(300)  # let the responses' events reach this process
        hrefs = page.eval_on_selector_all("ul.notes-not-found a", "links => links.map(a => a.href)")
        browser.close()
    return loaded, failed, hrefs


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
@pytest.mark.sphinx("html", testroot="site", srcdir="site-404-browser")
def test_chromium_finds_the_stylesheets_from_a_nested_url(app):
    app.build()
    loaded, failed, hrefs = open_nested(app.outdir, BASE)
    assert not failed
    assert any(url.startswith(BASE + "_static/") and "basic.css" in url for url in loaded)
    assert BASE + "notes/de/index.html" in hrefs


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
@pytest.mark.sphinx("html", testroot="site", srcdir="site-404-browser-nobase",
                    confoverrides={"html_baseurl": "", "notes_feed_size": 0})
def test_without_base_url_root_relative_urls_work_at_the_root(app):
    app.build()
    assert not_found_page(app.outdir).head.base["href"] == "/404.html"
    loaded, failed, hrefs = open_nested(app.outdir, None)
    assert not failed and any("basic.css" in url for url in loaded)
    assert any(href.endswith("/notes/ar/index.html") for href in hrefs)
