"""Self-contained, safe HTML pages for reports: one stylesheet inline, no scripts, no external requests.

Article text is untrusted, and so are custom notebooks. :func:`page` passes the whole body of every page
through the allow-list cleaner of :mod:`helpers.report.clean`, on top of the escaping the helpers already
do, so nothing reaches a page without going through it.
"""

from __future__ import annotations

import html

from helpers.report.clean import clean_html

GENERATOR = "recount"

STYLESHEET = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-alt: #f6f8fa; --accent: #0969da; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       max-width: 72rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
h1 { font-size: 1.7rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; } a { color: var(--accent); } a.anchor-link { display: none; }
nav.crumbs { font-size: .9rem; color: var(--muted); margin-bottom: .5rem; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0 1rem; display: block; overflow-x: auto;
        max-width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .6rem; text-align: left; vertical-align: top; }
td { max-width: 38rem; } thead th { background: var(--bg-alt); position: sticky; top: 0; }
tbody tr:nth-child(even) { background: #fbfcfd; }
pre { white-space: pre-wrap; font-size: .85rem; background: var(--bg-alt); padding: .5rem;
      border-radius: 4px; }
.output_stderr, .output_error { display: none; }
ins, .ins { background: #dafbe1; text-decoration: none; } del, .del { background: #ffebe9; }
.verdict { padding: .6rem .9rem; border-left: 4px solid var(--accent); background: var(--bg-alt);
           margin: .6rem 0; }
footer { margin-top: 3rem; font-size: .8rem; color: var(--muted); }
"""


def page(title: str, body: str, *, crumbs: str = "") -> str:
    """A complete HTML page around ``body`` and ``crumbs``, both cleaned here; ``title`` is escaped here."""
    nav = f'<nav class="crumbs">{crumbs}</nav>' if crumbs else ""
    content = clean_html(f"{nav}\n{body}")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="{GENERATOR}">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
        "style-src 'unsafe-inline'\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{STYLESHEET}</style></head>\n"
        f"<body>\n{content}\n"
        "<footer>Made with Recount. Self-contained page: no scripts, no external resources.</footer>\n"
        "</body></html>\n"
    )
