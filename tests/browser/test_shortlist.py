"""Leadership in real Chromium: shortlist, compare three, radar, a decision, the PDF."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import Page, expect

from hiring.auth.models import Role
from hiring.demo import OPENING_TITLE
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_demo import demo_user, load_the_demo, sign_in

pytestmark = pytest.mark.browser


def test_leadership_compares_three_records_a_decision_and_downloads_the_pdf(page: Page, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the downloaded PDF")
    load_the_demo()
    page.goto("/")
    sign_in(page, demo_user(Role.LEADERSHIP).email)
    page.get_by_role("link", name=OPENING_TITLE).click()
    page.get_by_role("link", name="Shortlist and comparison").click()
    expect(page.get_by_role("heading", name=re.compile("Shortlist"), level=1)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Add"))).to_have_count(0)  # read-only for leadership

    ranked = page.get_by_role("region", name="Ranked shortlist")
    boxes = ranked.get_by_role("checkbox")
    expect(boxes.nth(0)).to_be_checked()
    names = [ranked.locator("td.name").nth(i).inner_text() for i in range(3)]
    page.get_by_role("button", name="Compare selected").click()

    expect(page.get_by_role("heading", name="Compare 3 candidates")).to_be_visible()
    radar = page.get_by_role("img", name=re.compile("Radar chart"))
    expect(radar).to_be_visible()
    assert radar.locator("polygon, path").count() >= 3
    for name in names:
        expect(page.get_by_role("region", name="Totals side by side").get_by_role("link", name=name)).to_be_visible()

    first = page.locator(".decision-card").first
    first.get_by_label("Decision").select_option("offer")
    first.get_by_label("Why").fill("Best plan and evidence; make an offer this week.")
    first.get_by_role("button", name=re.compile("Record decision")).click()
    expect(page.get_by_text(re.compile(r"Recorded “Offer”"))).to_be_visible()
    expect(page.locator(".decision-card").first.locator(".decision-history li").first).to_contain_text("Offer")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    pdf = tmp_path / "comparison.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for name in names:
        if not re.search(r"[\u0900-\u097f]", name):  # shaped Devanagari does not extract as typed
            assert name in text
    assert "Best plan and evidence; make an offer this week." in text
    assert re.search(r"page 1 of \d+", text)


def _open_the_demo_shortlist(page: Page) -> None:
    load_the_demo()
    page.goto("/")
    sign_in(page, demo_user(Role.HIRING_MANAGER).email)
    page.get_by_role("link", name=OPENING_TITLE).click()
    page.get_by_role("link", name="Shortlist and comparison").click()
    expect(page.get_by_role("heading", name=re.compile("Shortlist"), level=1)).to_be_visible()


def test_apply_submits_the_plain_get_form_without_javascript(chromium, live_server):
    """The opening weighs copywriting 1.25 and design 0.75; the collapsed what-if inputs must not
    block *Apply* (README: a plain GET form)."""
    context = chromium.new_context(base_url=live_server, java_script_enabled=False, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        _open_the_demo_shortlist(page)
        expect(page.locator("#w_copywriting")).to_have_value("1.25")  # in the collapsed what-if section
        page.get_by_label("Stage").select_option(label="Final")
        with page.expect_navigation():
            page.get_by_role("button", name="Apply").click()
        assert "stage=" in page.url and "w_copywriting=1.25" in page.url
        expect(page.get_by_label("Stage")).to_have_value(re.compile(r"\d+"))
    finally:
        context.close()


def test_enter_in_a_must_have_applies_the_filters(page: Page):
    _open_the_demo_shortlist(page)
    page.get_by_text("Must-haves").click()
    field = page.get_by_label("Strategy at least")
    field.fill("3")
    page.wait_for_timeout(400)  # the live re-rank (fetch + replaceState) is not the form's submission
    with page.expect_request(lambda r: r.resource_type == "document" and "min_strategy=3" in r.url):
        field.press("Enter")
    expect(page.get_by_label("Strategy at least")).to_have_value("3")


def test_a_what_if_weight_out_of_range_is_explained_by_the_server(page: Page):
    _open_the_demo_shortlist(page)
    page.goto(page.url.split("?")[0] + "?w_analytics=150")
    expect(page.get_by_text("Weight for Analytics must be a number from 0.01 to 100, not 150; "
                            "the opening's weight is used.")).to_be_visible()
