"""Exercise instructions: Markdown to safe HTML.

Instructions come from files a hiring team edits, and are shown to candidates and reviewers, so we
treat them as untrusted in two layers:

1. Markdown runs with raw HTML switched off: ``<script>`` or ``<img onerror=...>`` written in the
   text comes out as visible text (``&lt;script&gt;``), never as markup.
2. The HTML Markdown produced is then cleaned with nh3 to a small allowlist of tags (paragraphs,
   emphasis, lists, code, quotes, small headings, tables and links). Links keep only ``href`` with an
   http, https or mailto address and always get ``rel="noopener noreferrer nofollow"``.

Headings are demoted so they sit under the page's own: ``#`` becomes ``<h3>``, ``##`` and deeper
``<h4>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "em", "ul", "ol", "li", "code", "pre", "blockquote", "h3", "h4", "a",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
_HEADINGS = {"h1": "h3", "h2": "h4", "h3": "h4", "h4": "h4", "h5": "h4", "h6": "h4"}


class _DemoteHeadings(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in _HEADINGS:
                element.tag = _HEADINGS[element.tag]


class _SafeMarkdown(Extension):
    """No raw HTML (block or inline) and demoted headings."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_DemoteHeadings(md), "demote_headings", 0)


def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            _SafeMarkdown(),
            "markdown.extensions.fenced_code",
            "markdown.extensions.sane_lists",
            "markdown.extensions.tables",
        ],
        extension_configs={"markdown.extensions.tables": {"use_align_attribute": True}},
        output_format="html",
    )


def render_markdown(text: str) -> str:
    """Markdown → sanitised HTML, safe to insert into a page as it is ("" for empty text)."""
    if not text or not text.strip():
        return ""
    # A fresh converter per call: Markdown objects keep state between conversions.
    html = _converter().convert(text)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()
