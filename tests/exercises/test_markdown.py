"""Exercise instructions render as Markdown, and nothing in them can run in a candidate's browser."""

from __future__ import annotations

import re

import pytest

from hiring.exercises.markdown import render_markdown


def tags(html: str) -> set[str]:
    """Every tag name the HTML contains."""
    return {name.lower() for name in re.findall(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)", html)}


# --- what Markdown is for ----------------------------------------------------------------------


def test_paragraphs_emphasis_lists_and_code_render():
    html = render_markdown("Write **one** post per *network*.\n\n- X\n- Instagram\n\n1. first\n2. `second`")

    assert html == (
        "<p>Write <strong>one</strong> post per <em>network</em>.</p>\n"
        "<ul>\n<li>X</li>\n<li>Instagram</li>\n</ul>\n"
        "<ol>\n<li>first</li>\n<li><code>second</code></li>\n</ol>"
    )


def test_headings_are_demoted_under_the_pages_own():
    html = render_markdown("# The brief\n\n## Sizes\n\n### Colours")

    assert html == "<h3>The brief</h3>\n<h4>Sizes</h4>\n<h4>Colours</h4>"


def test_tables_quotes_code_blocks_and_line_breaks_render():
    html = render_markdown(
        "| measure | how |\n| --- | ---: |\n| CTR | clicks ÷ impressions |\n\n"
        "> Bring your jar.\n\n```\nrate = engagements / impressions\n```\n\nfirst  \nsecond"
    )

    assert tags(html) == {"table", "thead", "tbody", "tr", "th", "td", "blockquote", "p", "pre", "code", "br"}
    assert '<td align="right">clicks ÷ impressions</td>' in html
    assert "<pre><code>rate = engagements / impressions\n</code></pre>" in html


def test_web_and_mail_links_keep_their_address_and_get_a_safe_rel():
    html = render_markdown(
        "See [the shop](https://fillandco.example/granola) or [mail us](mailto:hi@example.com)."
    )

    assert html == (
        '<p>See <a href="https://fillandco.example/granola" rel="noopener noreferrer nofollow">the shop</a>'
        ' or <a href="mailto:hi@example.com" rel="noopener noreferrer nofollow">mail us</a>.</p>'
    )


def test_text_in_any_script_survives():
    text = "为我们的新产品写一条微博。 Escribe una publicación. एक पोस्ट लिखें। Tulis satu unggahan."

    assert render_markdown(text) == f"<p>{text}</p>"


def test_empty_instructions_render_as_nothing():
    assert render_markdown("") == ""
    assert render_markdown("   \n") == ""


# --- what must never get through ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(document.cookie)</script>",
        "Before <script>alert(1)</script> after",
        '<img src="x" onerror="alert(1)">',
        "Look: <img src=x onerror=alert(1)> here",
        '<iframe src="https://evil.example"></iframe>',
        '<div onclick="alert(1)">click</div>',
        "<svg onload=alert(1)>",
        '<a href="javascript:alert(1)">raw link</a>',
        "<style>body { display: none }</style>",
        '<b style="color:red">bold</b>',
    ],
)
def test_raw_html_is_shown_as_text_never_as_markup(text):
    html = render_markdown(text)

    assert tags(html) <= {"p"}, html
    assert "&lt;" in html  # the candidate sees what was written, escaped


@pytest.mark.parametrize(
    "link",
    [
        "[click](javascript:alert(1))",
        "[click](JavaScript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](  javascript:alert(1))",
    ],
)
def test_links_with_unsafe_schemes_lose_their_address(link):
    html = render_markdown(link)

    assert "href" not in html
    assert "javascript" not in html.lower() and "data:" not in html


def test_markdown_images_are_dropped():
    html = render_markdown('![logo](https://evil.example/pixel.png "tracker")')

    assert "img" not in tags(html)
    assert "evil.example" not in html


def test_only_the_allowlisted_tags_and_attributes_can_appear():
    text = (
        "# h\n\n**b** *i* `c` [l](https://example.com)\n\n- li\n\n> q\n\n---\n\n"
        "| a |\n| - |\n| 1 |\n\n<b>raw</b> <span class='x'>raw</span>"
    )
    html = render_markdown(text)

    allowed = {"p", "br", "strong", "em", "ul", "ol", "li", "code", "pre", "blockquote", "h3", "h4", "a",
               "table", "thead", "tbody", "tr", "th", "td"}  # fmt: skip
    assert tags(html) <= allowed
    inside_tags = " ".join(re.findall(r"<[a-z0-9]+([^>]*)>", html))
    attributes = set(re.findall(r"([a-z-]+)=", inside_tags))
    assert attributes <= {"href", "rel", "align"}
