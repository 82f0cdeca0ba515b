"""The report a fact-checker can check, on the planted-change story: every change on the summary in plain
words with a link that lands on its evidence; side-by-side pages; the source's doubt; phone and print."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import lxml.html
import pandas as pd
import pytest

from helpers import load_story
from helpers.cli import main
from helpers.report import verdict_html
from helpers.report.words import anchor, compare_page, slug

from .conftest import TESTS

PLANTED = TESTS / "data" / "planted"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


@pytest.fixture(scope="module")
def planted_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("planted") / "report"
    assert main(["report", str(PLANTED), "--out", str(out)]) == 0
    return out


def _tree(page: Path):
    return lxml.html.parse(str(page)).getroot()


def _text(element) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def _evidence_rows(report: Path, derived: str) -> list[tuple[str, str, str, str]]:
    """(change, in the source, in the derived, href) of every evidence row of one derived article."""
    rows = []
    for row in _tree(report / "00_summary.html").iter("tr"):
        link = row.find(".//td[@class='c-3']/a")
        if link is None or not link.get("href", "").startswith(compare_page(derived)):
            continue
        cells = [_text(row.find(f".//td[@class='c-{i}']")) for i in range(3)]
        rows.append((*cells, link.get("href")))
    return rows


def _target(report: Path, href: str):
    page, _, fragment = href.partition("#")
    found = _tree(report / page).xpath("//*[@id=$id]", id=fragment)
    assert len(found) == 1, f"{href} resolves to {len(found)} elements"
    return found[0]


#: Each planted change: derived article, reader word, a fragment of the text on the summary, a fragment of
#: the text at its anchor.
PLANTED_CHANGES = [
    ("gazette", "conflict", "At least 34", "At least 31"),  # the death toll changed
    ("gazette", "turned into reported speech", "We pulled people", "We pulled people"),
    ("gazette", "re-attributed (Pavel Orsk → Nadia Koll)", "The ship was overloaded", "overloaded"),
    ("gazette", "dropped", "Transport minister Nadia Koll ordered an inquiry", "ordered an inquiry"),
    ("gazette", "dropped", "Two other ferries on the route", "Two other ferries"),  # the dropped paragraph
    ("gazette", "added", "Relatives gathered outside the harbour office", "Relatives gathered"),
    ("evening", "new", "Nobody from the company has called us", "Nobody from the company"),  # invented quote
    ("evening", "reworded", "people perished when a passenger boat overturned", "died when a passenger"),
    ("evening", "added", "Mira Dansk, whose brother was on board", "Mira Dansk"),
]


@pytest.mark.parametrize(("derived", "change", "summary_text", "anchored_text"), PLANTED_CHANGES)
def test_each_planted_change_is_on_the_summary_with_a_working_link(
    planted_report: Path, derived: str, change: str, summary_text: str, anchored_text: str
) -> None:
    rows = [
        r for r in _evidence_rows(planted_report, derived) if r[0] == change and summary_text in r[1] + r[2]
    ]
    assert rows, f"{change!r} with {summary_text!r} missing from the summary of {derived}"
    assert anchored_text in _text(_target(planted_report, rows[0][3]))


def test_a_figure_in_two_units_is_not_a_change(planted_report: Path) -> None:
    evidence = " ".join(" ".join(r) for r in _evidence_rows(planted_report, "gazette"))
    assert "300 km" not in evidence and "185 miles" not in evidence
    sbs = _tree(planted_report / "compare-gazette.html")
    assert "figure, agree 185 miles" in _text(sbs.xpath("//*[@id='f-gazette-2']")[0])


def test_figure_conflict_shows_both_sentences(planted_report: Path) -> None:
    row = next(r for r in _evidence_rows(planted_report, "gazette") if r[0] == "conflict")
    assert "At least 31 people died when a passenger ferry capsized" in row[1]
    assert "At least 34 people died when a passenger ferry capsized" in row[2]


def test_summary_names_articles_by_title_and_says_each_verdict_once(planted_report: Path) -> None:
    summary = _text(_tree(planted_report / "00_summary.html"))
    assert summary.count("Dozens dead as ferry sinks near Kessa Point keeps") == 1
    assert "Source: Ferry capsizes off Kessa Point, because the manifest marks it as the source" in summary
    for jargon in ("only_left", "form_changed", "speaker_changed", "<NA>", "NaN"):
        assert jargon not in summary


def test_every_in_report_link_resolves(planted_report: Path) -> None:
    checked = 0
    for page in sorted(planted_report.glob("*.html")):
        for link in _tree(page).iter("a"):
            href = link.get("href", "")
            if not href or "#" not in href and not href.endswith(".html"):
                continue
            target_page, _, fragment = href.partition("#")
            target = planted_report / (target_page or page.name)
            assert target.is_file(), f"{page.name}: {href}"
            if fragment:
                assert _tree(target).xpath("//*[@id=$id]", id=fragment), f"{page.name}: {href}"
                checked += 1
    assert checked >= 20


def test_side_by_side_pairs_sentences_in_source_order(planted_report: Path) -> None:
    root = _tree(planted_report / "compare-gazette.html")
    rows = root.xpath("//div[@class='sbs']/div[contains(@class, 'row') and not(contains(@class, 'head'))]")
    source_ids = [el.get("id") for row in rows for el in row.xpath("./div[starts-with(@id, 's-wire-')]")]
    assert source_ids == [f"s-wire-{i}" for i in range(len(source_ids))] and len(source_ids) == 11
    toll = root.xpath("//*[@id='s-gazette-1']")[0]
    assert lxml.html.tostring(toll, encoding="unicode").count("<ins>34</ins>") == 1
    assert "dropped" in _text(root.xpath("//*[@id='s-wire-10']")[0])


def test_source_doubt_comes_first_with_how_to_settle_it() -> None:
    row = {
        "source_article": "b",
        "derived_article": "a",
        "source_basis": "inferred",
        "source_confidence": 0.21,
    }
    note = verdict_html.source_note_html(pd.DataFrame([row]), {"a": "First", "b": "Second"})
    text = _text(lxml.html.fromstring(f"<div>{note}</div>"))
    assert text.startswith("Recount is not sure which article is the source (confidence 21%)")
    assert "manifest.csv" in text and "role" in text and "Second" in text
    sure = verdict_html.source_note_html(pd.DataFrame([{**row, "source_confidence": 0.8}]))
    assert "not sure" not in sure and "80% sure" in sure


@pytest.mark.parametrize("article_id", ["wire", "000_49e9a47081ea4a4c", 'a b"<x>', "é/../x"])
def test_anchors_are_valid_ids_and_file_names(article_id: str) -> None:
    assert re.fullmatch(r"s-[A-Za-z0-9_-]+-3", anchor("sentence", article_id, 3))
    assert re.fullmatch(r"compare-[A-Za-z0-9_-]+\.html", compare_page(article_id))
    assert slug(article_id) == slug(article_id)


# --- in a real browser ------------------------------------------------------------------------------------


def _chromium(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="recount-chromium-") as profile:
        return subprocess.run(
            [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


#: Appended to a copy of a page (its no-script policy removed) to report any element wider than the viewport,
#: except inside a box that scrolls sideways itself (a plot at its drawn size, a secondary table), which
#: must fit.
_OVERFLOW_PROBE = (
    "<script>document.addEventListener('DOMContentLoaded', () => {"
    "const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);"
    "const inBox = e => { for (let p = e.parentElement; p; p = p.parentElement) if (scrolls(p)) return true;"
    " return false; };"
    "const wide = [...document.querySelectorAll('body *')].filter("
    "e => e.getBoundingClientRect().right > innerWidth + 1 && !inBox(e))"
    ".map(e => e.tagName + '.' + e.className);"
    "document.body.setAttribute('data-overflow', JSON.stringify(wide));});</script>"
)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
@pytest.mark.parametrize(
    "name",
    [
        "00_summary.html",
        "compare-gazette.html",
        "index.html",
        "01_overview.html",
        "02_comparison.html",
        "03_quotes.html",
        "04_figures.html",
    ],
)
def test_nothing_wider_than_a_phone(planted_report: Path, tmp_path: Path, name: str) -> None:
    text = (planted_report / name).read_text(encoding="utf-8")
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
    probe = tmp_path / name
    probe.write_text(text.replace("</body>", _OVERFLOW_PROBE + "</body>"), encoding="utf-8")
    done = _chromium("--window-size=390,900", "--virtual-time-budget=3000", "--dump-dom", probe.as_uri())
    found = re.search(r'data-overflow="([^"]*)"', done.stdout)
    assert found, done.stderr[-500:]
    assert found.group(1).replace("&quot;", '"') == "[]"


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_screenshots_and_pdf_show_the_verdict(planted_report: Path, tmp_path: Path) -> None:
    for name in ("00_summary.html", "compare-gazette.html"):
        for width in (1280, 390):
            shot = tmp_path / f"{name}-{width}.png"
            _chromium(f"--window-size={width},1400", f"--screenshot={shot}", (planted_report / name).as_uri())
            assert shot.stat().st_size > 10_000
        pdf = tmp_path / f"{name}.pdf"
        _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", (planted_report / name).as_uri())
        assert pdf.read_bytes().startswith(b"%PDF")
        if name == "00_summary.html":
            from pypdf import PdfReader

            text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
            flat = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))
            for header in verdict_html.VERDICT_HEADERS:
                assert header in flat, header
            assert (
                "Relatives gathered outside the harbour office on Wednesday morning waiting for news" in flat
            )


def test_quote_fates_follow_the_verdicts_direction_whatever_the_table_order() -> None:
    """Fates come from the verdict's items (source → derived) whichever order quote_matches stores the pair
    in; a quote turned into reported speech is counted once, not also as paraphrased or verbatim."""
    from helpers.quotes.plots import quote_fates

    # quote_matches lists the pair as (derived, source): the source's quotes missing from b are on the right
    matches = pd.DataFrame(
        {
            "left_article": ["b"] * 5,
            "right_article": ["a"] * 5,
            "status": ["verbatim", "verbatim", "only_right", "only_right", "only_left"],
            "form_changed": [False, True, False, False, False],
        }
    )
    items = pd.DataFrame(
        {
            "derived_article": ["b"] * 4,
            "kind": ["quote"] * 4,
            "status": ["to_reported", "lost", "lost", "new"],
        }
    )
    fates = quote_fates(items, matches, [("a", "b")])
    assert fates.loc["b", ["verbatim", "to_reported", "paraphrased", "lost", "new"]].tolist() == [
        1,
        1,
        0,
        2,
        1,
    ]


def test_articles_sharing_a_name_are_told_apart_by_their_place(seeds) -> None:
    """The default story's two articles have no title and open with the same words: each name says which
    article it is, at its start, so a name cut on a plot axis still does."""
    from helpers.report.side_by_side import article_titles

    names = article_titles(seeds)
    assert len(set(names.values())) == len(seeds.article_ids) == 2
    assert [names[a][:3] for a in seeds.article_ids] == ["#1 ", "#2 "]
    assert all("Jihadists and their" in name for name in names.values())


def test_reader_tables_write_numbers_and_names_as_a_reader_does(seeds) -> None:
    """No float debris, no NaN, no spaCy label, no hash id as a name; each card cell names its column."""
    from helpers.report import reader_tables
    from helpers.report.side_by_side import article_titles

    assert [reader_tables.number(v) for v in (2000000.0, 2016.0, 0.5, 14000.0, float("nan"))] == [
        "2,000,000",
        "2016",
        "0.5",
        "14,000",
        "",
    ]
    assert (
        reader_tables.marked("killed <b>28</b> people", "28") == "killed &lt;b&gt;<b>28</b>&lt;/b&gt; people"
    )
    titles = article_titles(seeds)
    figures = reader_tables.figures_table(seeds.table("figures"), titles)
    assert "2,000,000" in figures and "2000000.0" not in figures and "nan" not in figures.lower()
    assert 'data-label="as written"' in figures and 'class="cards"' in figures
    entities = reader_tables.mentions_table(seeds.table("entities"), titles)
    assert ">GPE<" not in entities and "place (country, city, state)" in entities
    assert f">{seeds.article_ids[0]}<" not in entities  # the id is in the tooltip only
    items = seeds.table("verdict_items")
    changes = reader_tables.figure_changes_table(items, seeds.table("sentences"), titles)
    conflict = items[(items["kind"] == "figure") & (items["status"] == "conflict")].iloc[0]
    sentences = seeds.table("sentences")
    for side in ("source", "derived"):  # a conflict shows both sentences, its figure in bold
        article, sent = conflict[f"{side}_article"], int(conflict[f"{side}_sent"])
        text = sentences[(sentences["article_id"] == article) & (sentences["sent_idx"] == sent)]["text"].iloc[
            0
        ]
        assert reader_tables.marked(text, conflict[f"{side}_text"]) in changes


def test_change_tables_say_which_derived_article_when_there_are_several() -> None:
    """The planted story has two derived articles but only one has a figure conflict: the table must still
    name it; with one derived article in the story the column is left out (the page names it)."""
    from helpers.report import reader_tables

    story = load_story(PLANTED)
    items = story.table("verdict_items")
    titles = {a: f"name of {a}" for a in story.article_ids}
    assert items["derived_article"].nunique() == 2
    figures = reader_tables.figure_changes_table(items, story.table("sentences"), titles)
    quotes = reader_tables.quote_changes_table(items, story.table("quotes"), titles)
    assert "<th>derived article</th>" in figures and "<th>derived article</th>" in quotes
    one = items[items["derived_article"] == items["derived_article"].iloc[0]]
    assert "<th>derived article</th>" not in reader_tables.figure_changes_table(
        one, story.table("sentences"), titles
    )


def test_quote_notes_tell_a_term_and_quoted_words_inside_a_statement_apart(seeds) -> None:
    """The default story's source quotes “half of the city of Aleppo” inside a reported statement and
    singles out “extremist”: each says what it is in the quotes table's note column."""
    from helpers.report import reader_tables

    quotes = seeds.table("quotes")
    source = quotes[quotes["text"] == "half of the city of Aleppo"]["article_id"].iloc[0]
    page = reader_tables.quotes_table(quotes[quotes["article_id"] == source])
    assert "words quoted inside a reported statement" in page
    assert "a term in quotation marks, not a statement" in page
