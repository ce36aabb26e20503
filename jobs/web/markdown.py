"""Role descriptions: Markdown rendered to HTML, then sanitised with nh3."""

from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "pre",
    "blockquote",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


@lru_cache(maxsize=512)
def render_markdown(text: str) -> str:
    """Safe HTML for user-written Markdown: no scripts, styles or raw attributes.

    Headings start at h3 because the page's own h1/h2 come first. Memoised per
    process by the text itself (a role page renders its description twice: the
    page and its JSON-LD; an edited description is a new text).
    """
    html = markdown.markdown(
        text, extensions=["sane_lists", "tables"], output_format="html"
    )
    html = (
        html.replace("<h1>", "<h3>")
        .replace("</h1>", "</h3>")
        .replace("<h2>", "<h4>")
        .replace("</h2>", "</h4>")
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
