"""The one HTML cleaner of every report page: an allow-list sanitizer (nh3, the binding of ammonia).

Notebook outputs, notebook Markdown (a custom ``--notebooks`` folder may hold anything), image metadata and
the index page's fragments all end up in a page body, and :func:`helpers.report.page.page` passes every body
through :func:`clean_html`. Only the markup a report uses survives: tables, headings, lists, paragraphs,
``ins``/``del``, spans and divs, images. Attributes: ``class`` and ``id`` anywhere, cell spans and labels, a
table's ``border`` (0 or 1), an image's ``src``/``alt``, a link's ``href``; never ``style`` (the stylesheet
styles by class) and never width/height (nbconvert writes those from untrusted output metadata). URLs: an
image may only be an embedded PNG or JPEG (``data:image/png;base64,…``), a link may only point inside the
report (``#anchor``, ``page.html``, ``page.html#anchor``). Everything else is dropped: scripts and styles with
their content, frames, forms, event handlers, remote and protocol-relative URLs.
"""

from __future__ import annotations

import re

import nh3

#: Elements a report page may contain; any other tag is removed (its text kept, escaped).
ALLOWED_TAGS = frozenset(
    {
        *("h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "br", "hr", "blockquote", "pre", "code"),
        *("b", "strong", "i", "em", "u", "s", "small", "sub", "sup", "mark", "abbr", "kbd", "samp", "q"),
        *("ins", "del", "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "figure", "figcaption"),
        *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"),
        *("details", "summary", "nav", "section", "header", "footer"),
    }
)
#: Elements removed together with their content (their text is code or a nested document, not prose).
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "noscript",
        "template",
        "svg",
        "math",
    }
)
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href"},
    "img": {"src", "alt"},
    "td": {"colspan", "rowspan", "data-label"},  # a card table names each cell's column on a phone
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "details": {"open"},
}
#: Attributes allowed with listed values only: pandas draws its tables with ``border="1"``.
ALLOWED_VALUES = {"table": {"border": {"0", "1"}}}
#: An embedded raster image, the only image source a page may load.
_IMAGE_SRC = re.compile(r"data:image/(?:png|jpeg);base64,[A-Za-z0-9+/=\s]*", re.I)
#: A link inside the report: an anchor on this page, or a sibling page with an optional anchor.
_REPORT_HREF = re.compile(r"(?:[A-Za-z0-9_][A-Za-z0-9_.-]*\.html)?(?:#[^\s\\]*)?")


def _keep_url(tag: str, attribute: str, value: str) -> str | None:
    """Allow ``src`` and ``href`` only when they stay inside the page or the report."""
    if attribute == "src":
        return value if tag == "img" and _IMAGE_SRC.fullmatch(value) else None
    if attribute == "href":
        return value if value and _REPORT_HREF.fullmatch(value) else None
    return value


def clean_html(fragment: str) -> str:
    """``fragment`` with everything outside the report's allow-list removed (see the module docstring)."""
    if not fragment.strip():
        return fragment
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        tag_attribute_values={tag: {k: set(v) for k, v in a.items()} for tag, a in ALLOWED_VALUES.items()},
        attribute_filter=_keep_url,
        url_schemes={"data"},
        link_rel=None,
        strip_comments=True,
    )
