"""The switcher in real headless Chromium over file://: from the Arabic seed to the French one and
back, by keyboard and by click, with the page's lang and dir checked after each step."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def html_state(page) -> tuple[str, str | None]:
    return page.evaluate("[document.documentElement.lang, document.documentElement.getAttribute('dir')]")


@pytest.mark.sphinx("html", testroot="switcher", srcdir="switcher-browser")
def test_click_from_arabic_to_french_and_back(app, browser, tmp_path):
    app.build()
    arabic = next((app.outdir / "notes/ar").glob("alibaba*.html"))
    page = browser.new_page(viewport={"width": 1000, "height": 700}, java_script_enabled=False)
    page.goto(arabic.as_uri())
    assert html_state(page) == ["ar", "rtl"]
    switcher = page.get_by_role("navigation", name="الترجمات")  # "Translations", in the page's language
    assert switcher.get_by_role("link", name="العربية").get_attribute("aria-current") == "page"
    page.screenshot(path=str(tmp_path / "1-ar.png"))

    with page.expect_navigation():
        switcher.get_by_role("link", name="Français").click()
    assert page.url.endswith("/notes/fr/" + arabic.name)
    assert html_state(page) == ["fr", "ltr"]
    assert page.get_by_role("heading", level=1).inner_text().startswith("Jingren Zhou")
    current = page.locator("nav.notes-switcher a[aria-current=page]")
    assert current.inner_text() == "Français" and current.get_attribute("lang") == "fr"
    page.screenshot(path=str(tmp_path / "2-fr.png"))

    # back by keyboard only: Tab to the Arabic link, Enter
    arabic_link = page.locator("nav.notes-switcher a[hreflang=ar]")
    assert arabic_link.get_attribute("dir") == "rtl"
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('nav.notes-switcher a[hreflang=ar]')"):
            break
    else:
        pytest.fail("the Arabic link cannot be reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == arabic.as_uri()
    assert html_state(page) == ["ar", "rtl"]
    page.screenshot(path=str(tmp_path / "3-ar-again.png"))
    assert all((tmp_path / name).stat().st_size > 1000 for name in ("1-ar.png", "2-fr.png", "3-ar-again.png"))
    page.close()
