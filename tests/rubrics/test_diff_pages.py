"""The page that shows what changed between two versions of a rubric, as its readers use it."""

from __future__ import annotations

import copy
import html
import re

from hiring.rubrics import store
from hiring.rubrics.schema import Rubric
from tests.helpers import _committed

KEY = "social-media-manager"


@_committed
def new_version(rubrics_dir, edit, *, note: str = "", actor=None):
    """The rubric's current version (its file, stored), then a version saved with `edit` applied."""
    current = store.current_version(rubrics_dir, KEY)
    data = copy.deepcopy(current.data)
    edit(data)
    version, _ = store.save_version(actor, Rubric.from_dict(data), "edited in a test", origin="builder", note=note)
    return current, version


def criterion(data: dict, key: str) -> dict:
    return next(c for c in data["criteria"] if c["key"] == key)


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def summary_of(page: str) -> list[str]:
    """The summary's items as a reader sees them."""
    summary = page.split('<ul class="diff-summary">', 1)[1].split("</ul>", 1)[0]
    return [text_of(item) for item in re.findall(r"<li>(.*?)</li>", summary, re.S)]


def test_everyone_signed_in_reads_the_diff_word_by_word_with_a_summary(browser, scene, rubrics_dir):
    def edit(data):
        criterion(data, "analytics")["weight"] = 2.5
        anchors = criterion(data, "copywriting")["anchors"]
        anchors["3"] = anchors["3"].replace("ends with one clear", "closes with a single", 1)
        data["criteria"] = [c for c in data["criteria"] if c["key"] != "design"]

    old, new = new_version(rubrics_dir, edit, note="Design is shared with the brand team.")
    assert (old.number, new.number) == (1, 2)
    browser.login(scene.interviewer)
    page = browser.get(f"/rubrics/{KEY}/diff?from=1&to=2")
    assert page.status_code == 200
    assert summary_of(page.text) == ["1 criterion removed", "1 anchor reworded", "weight of Analytics: 1.5 → 2.5"]
    assert re.search(r"<del>(<span[^>]*>[^<]*</span>)?ends</del><ins>(<span[^>]*>[^<]*</span>)?closes</ins>", page.text)
    assert "Design is shared with the brand team." in page.text
    assert "in English, as stored" in page.text
    # The picker offers every version of the rubric, with the two compared chosen.
    assert re.search(r'<select id="diff-from" name="from">.*<option value="1" selected>', page.text, re.S)
    assert re.search(r'<select id="diff-to" name="to">.*<option value="2" selected>', page.text, re.S)
    # Without numbers: the newest against the one before it.
    assert browser.get(f"/rubrics/{KEY}/diff").text.count("1 criterion removed") == 1


def test_the_version_page_and_the_index_link_to_the_diff(browser, scene, rubrics_dir):
    _old, new = new_version(rubrics_dir, lambda data: criterion(data, "strategy").update(weight=3))
    browser.login(scene.leader)
    version_page = browser.get(f"/rubrics/versions/{new.id}").text
    assert f'href="/rubrics/{KEY}/diff?from=1&amp;to=2"' in version_page
    assert "Compare with version 1" in version_page
    assert f'href="/rubrics/{KEY}/diff"' in browser.get("/rubrics/").text


def test_a_criterion_name_is_shown_as_text_never_as_markup(browser, scene, rubrics_dir):
    def edit(data):
        criterion(data, "design")["name"] = "<script>alert('x')</script> Design"
        added = copy.deepcopy(criterion(data, "design"))
        added.update(key="ugc", name="<img src=x onerror=alert(1)>")
        data["criteria"].append(added)

    new_version(rubrics_dir, edit)
    browser.login(scene.manager)
    page = browser.get(f"/rubrics/{KEY}/diff?from=1&to=2").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_diff_of_versions_of_another_rubric_is_not_found(browser, scene, rubrics_dir):
    new_version(rubrics_dir, lambda data: criterion(data, "strategy").update(weight=3))

    @_committed
    def other_rubric():
        data = copy.deepcopy(store.latest_version(KEY).data)
        data.update(key="community-manager", title="Community manager")
        return store.save_version(None, Rubric.from_dict(data), "", origin="builder")[0]

    other = other_rubric()
    assert other.number == 1
    browser.login(scene.interviewer)
    assert browser.get(f"/rubrics/{KEY}/diff?from=1&to=2").status_code == 200
    # Version 2 is the other rubric's: not one of community-manager's.
    assert browser.get("/rubrics/community-manager/diff?from=1&to=2").status_code == 404
    assert browser.get("/rubrics/no-such-rubric/diff").status_code == 404
    assert browser.get(f"/rubrics/{KEY}/diff?from=one&to=2").status_code == 404
    only = browser.get("/rubrics/community-manager/diff")
    assert only.status_code == 200 and "only one version" in only.text


def test_the_diff_needs_a_sign_in(browser, scene, rubrics_dir):
    new_version(rubrics_dir, lambda data: criterion(data, "strategy").update(weight=3))
    response = browser.get(f"/rubrics/{KEY}/diff?from=1&to=2")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
