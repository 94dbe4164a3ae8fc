"""Leadership in real Chromium: shortlist, compare three, radar, a decision, the PDF."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import Page, expect

from hiring.auth.models import Role
from hiring.demo import OPENING_TITLE
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
