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
.verdict.doubt { border-left-color: #bf8700; background: #fff8c5; }
footer { margin-top: 3rem; font-size: .8rem; color: var(--muted); }
.context { color: var(--muted); font-size: .8rem; }
/* the vocabulary legend */
.legend { margin: .8rem 0; font-size: .85rem; } .legend summary { cursor: pointer; font-weight: 600; }
.legend-group { display: inline-block; vertical-align: top; margin: 0 1.5rem .5rem 0; max-width: 22rem; }
.legend dl { display: grid; grid-template-columns: auto 1fr; gap: .15rem .6rem; margin: 0; }
.legend dd { margin: 0; color: var(--muted); } .legend h4 { margin: .4rem 0; }
/* the side-by-side page: two columns, rows in the source's order */
.sbs { font-size: .92rem; }
.sbs .row { display: grid; grid-template-columns: 1fr 1fr; gap: .8rem; border-bottom: 1px solid var(--line); }
.sbs .row.head { font-size: .85rem; color: var(--muted); border-bottom: 2px solid var(--line); }
.sbs .side { padding: .35rem .5rem; overflow-wrap: anywhere; min-width: 0; }
.sbs .side.heading { font-weight: 700; }
.sbs .side > .st, .chip .st { font-size: .7rem; font-weight: 600; text-transform: uppercase;
        color: var(--muted); margin-right: .3rem; }
.sbs .st-dropped { background: #ffebe9; } .sbs .st-added { background: #dafbe1; }
.sbs .st-reworded { background: #fff8c5; }
.sbs .side.empty { background: repeating-linear-gradient(45deg, #fff, #fff 6px, #f3f4f6 6px, #f3f4f6 12px); }
.sbs .who { display: none; }
.chips { display: block; margin-top: .25rem; }
.chip { display: block; font-size: .8rem; border-left: 3px solid var(--line); padding: 0 .4rem;
        margin: .15rem 0; }
.chip.quote { border-left-color: #8250df; } .chip.figure { border-left-color: #0969da; }
:target { outline: 3px solid #bf8700; outline-offset: 2px; }
del { text-decoration: line-through; }
/* a phone: the two columns stack, and card tables become one block per row with the header as a label */
@media (max-width: 640px) {
  body { padding: 1rem .75rem 3rem; font-size: 15px; }
  .sbs .row { grid-template-columns: 1fr; gap: 0; }
  .sbs .row.head { display: none; }
  .sbs .side.empty { display: none; } .sbs .who { display: inline; }
  .sbs .row > .side + .side { border-top: 1px dashed var(--line); }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
  table.cards { overflow: visible; }
  table.cards thead { display: none; }
  table.cards tr { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .6rem; padding: .3rem; }
  table.cards td { border: 0; max-width: none; padding: .15rem .3rem; }
  table.verdict-table td.c-1::before { content: "kept "; }
  table.verdict-table td.c-2::before { content: "reworded "; }
  table.verdict-table td.c-3::before { content: "dropped "; }
  table.verdict-table td.c-4::before { content: "added "; }
  table.verdict-table td.c-5::before { content: "quotes: "; }
  table.verdict-table td.c-6::before { content: "figures: "; }
  table.verdict-table td.c-0 { font-weight: 700; }
  table.evidence td.c-0 { font-weight: 700; }
  table.evidence td.c-1::before { content: "in the source: "; color: var(--muted); }
  table.evidence td.c-2::before { content: "in the derived: "; color: var(--muted); }
  table.cards td::before { color: var(--muted); font-size: .8rem; }
  table.cards td[data-label]::before { content: attr(data-label) ": "; }
  table.cards td:empty { display: none; }
  table:not(.cards) { font-size: .78rem; }
  table:not(.cards)::after { content: ""; }
  .legend-group { display: block; margin-right: 0; }
  /* a plot keeps its drawn size, readable, in a box that scrolls sideways, with a cue above it */
  .output_png { overflow-x: auto; }
  .output_png img { max-width: none; }
  .output_png::before { content: "swipe sideways to see the whole plot →"; display: block;
                        color: var(--muted); font-size: .75rem; margin: .3rem 0; }
}
/* print on A4: everything shown whole, no scrollbars, links kept as text */
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  table { display: table; overflow: visible; width: 100%; font-size: 8pt; page-break-inside: auto; }
  tr, .sbs .row, .chip { break-inside: avoid; }
  thead th { position: static; } td { max-width: none; overflow-wrap: anywhere; }
  a { color: inherit; text-decoration: underline; }
  nav.crumbs, footer { color: #555; }
  .legend { break-inside: avoid; } details.legend > * { display: block; }
  pre { white-space: pre-wrap; overflow: visible; }
  img { max-width: 100%; break-inside: avoid; }
}
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
