"""What one derived article did to its source, item by item: the rows of ``verdict_items`` for one pair.

Sentences come from ``alignments`` (a source body sentence with an identical or near-verbatim counterpart is
kept; with only a paraphrase or partial one, reworded; with none, dropped; a derived body sentence linked to
nothing is added), quotes from ``quote_matches``, figures from ``figure_matches``. Only changed items get a
row. The one step that reads the parse is :func:`unattributed_homes`: a quote the derived article lost may
survive there without its speaker.
"""

from __future__ import annotations

import pandas as pd

from helpers.comparison.against_source import KEPT
from helpers.story import Story
from helpers.tables import records
from helpers.verdict.repeats import repeated
from helpers.verdict.source import body_sentences

ITEM_COLUMNS = (
    "source_article",
    "derived_article",
    "kind",
    "status",
    "source_ref",
    "derived_ref",
    "source_text",
    "derived_text",
)
#: Extra columns: the sentence of the item on each side, and what a quote or figure is about.
ITEM_EXTRA_COLUMNS = ("source_sent", "derived_sent", "speaker", "referent", "note")

#: Statuses of each kind, most serious first: rows are sorted in this order within a pair.
SENTENCE_STATUSES = ("dropped", "reworded", "added")
QUOTE_STATUSES = (
    "altered",
    "reattributed",
    "to_reported",
    "speaker_dropped",
    "lost",
    "to_direct",
    "paraphrased",
    "new",
)
FIGURE_STATUSES = ("conflict", "dropped", "new")
STATUSES = {"sentence": SENTENCE_STATUSES, "quote": QUOTE_STATUSES, "figure": FIGURE_STATUSES}
#: Least pair score for a lost quote's words to count as kept, unattributed, in a derived sentence.
UNATTRIBUTED_MIN_SCORE = 0.08


def pair_rows(table: pd.DataFrame, a: str, b: str) -> tuple[pd.DataFrame, bool]:
    """Rows of a pairwise table for articles a and b, and whether a is on the left."""
    forward = table[(table["left_article"] == a) & (table["right_article"] == b)]
    if len(forward):
        return forward, True
    backward = table[(table["left_article"] == b) & (table["right_article"] == a)]
    return backward, False


def story_pair_rows(story: Story, name: str, a: str, b: str) -> tuple[pd.DataFrame, bool]:
    """:func:`pair_rows` of a story's pairwise table, from the rows of ``a``'s pairs, split by the other
    article once per story and ``a`` (filtering the whole table for every pair made the verdict quadratic in
    the number of articles)."""
    empty, forward, backward = _pair_slices(story, name, a)
    if b in forward:
        return forward[b], True
    return backward.get(b, empty), False


def _pair_slices(
    story: Story, name: str, a: str
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """The rows of a pairwise table with ``a`` on the left, by right article, and with ``a`` on the right,
    by left article (plus an empty frame of the table's columns)."""

    def build() -> tuple[pd.DataFrame, dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
        table = story.table(name)
        left, right = table[table["left_article"] == a], table[table["right_article"] == a]
        forward = {str(k): rows for k, rows in left.groupby("right_article", sort=False, observed=True)}
        backward = {str(k): rows for k, rows in right.groupby("left_article", sort=False, observed=True)}
        return table.iloc[:0], forward, backward

    return story.memo(f"verdict:pairs:{name}:{a}", build)


def _sides(source_left: bool, left: str, right: str) -> tuple[str, str]:
    return (left, right) if source_left else (right, left)


def _ref(value: object) -> object:
    """An item id as an int, or NA when the item has none on that side."""
    return pd.NA if value is None or pd.isna(value) else int(value)


def sentence_items(story: Story, source: str, derived: str) -> list[dict]:
    """Dropped and reworded source body sentences, and added derived body sentences."""
    source_text, derived_text = body_texts(story, source), body_texts(story, derived)
    links: dict[int, list[tuple[float, int, str]]] = {}
    for src_sent, der_sent, score, relation in linked_sentences(story, source, derived):
        links.setdefault(src_sent, []).append((score, der_sent, relation))
    rows = []
    for idx, text in source_text.items():
        found = links.get(idx, [])
        if any(relation in KEPT for _, _, relation in found):
            continue
        if found:
            _, partner, _ = min(found, key=lambda link: (-link[0], link[1]))
            status, derived_ref, partner_text = "reworded", partner, derived_text.get(partner, "")
        else:
            status, derived_ref, partner_text = "dropped", pd.NA, ""
        rows.append(_sentence_row(source, derived, status, idx, derived_ref, text, partner_text))
    covered = {der_sent for _, der_sent, _, _ in linked_sentences(story, source, derived)}
    for idx, text in derived_text.items():
        if idx not in covered:
            rows.append(_sentence_row(source, derived, "added", pd.NA, idx, "", text))
    return rows


def body_texts(story: Story, article: str) -> dict[int, str]:
    """The text of each body sentence of an article by ``sent_idx``, in table order."""
    return {idx: text for idx, _start, _end, text in body_rows(story, article)}


def body_rows(story: Story, article: str) -> list[tuple[int, int, int, str]]:
    """The body sentences of an article as ``(sent_idx, start, end, text)``, in table order: the sentences
    table is read once per story, not filtered once per article or pair."""

    def build() -> dict[str, list[tuple[int, int, int, str]]]:
        body = body_sentences(story.table("sentences"))
        by_article: dict[str, list[tuple[int, int, int, str]]] = {}
        for aid, idx, start, end, text in records(body, "article_id", "sent_idx", "start", "end", "text"):
            by_article.setdefault(str(aid), []).append((int(idx), int(start), int(end), text))
        return by_article

    return story.memo("verdict:body_rows", build).get(article, [])


def attributed_sentences(story: Story, article: str) -> set[int]:
    """The sentences of an article that hold a quote with a speaker (the quotes table read once per story)."""

    def build() -> dict[str, set[int]]:
        by_article: dict[str, set[int]] = {}
        quotes = story.table("quotes")
        for aid, sent_idx, speaker in records(quotes, "article_id", "sent_idx", "speaker"):
            if not pd.isna(speaker) and speaker != "":
                by_article.setdefault(str(aid), set()).add(int(sent_idx))
        return by_article

    return story.memo("verdict:attributed_sentences", build).get(article, set())


def linked_sentences(story: Story, source: str, derived: str) -> list[tuple[int, int, float, str]]:
    """The alignment links of a pair as ``(source sentence, derived sentence, score, relation)``, in table
    order, read once per pair (the sentence items and the homes of lost quotes both need them)."""

    def build() -> list[tuple[int, int, float, str]]:
        alignments, source_left = story_pair_rows(story, "alignments", source, derived)
        src_col, der_col = _sides(source_left, "left_sent", "right_sent")
        return [
            (int(src_sent), int(der_sent), float(score), relation)
            for src_sent, der_sent, score, relation in records(
                alignments, src_col, der_col, "score", "relation"
            )
            if relation != "unique"
        ]

    return story.memo(f"verdict:linked_sentences:{source}:{derived}", build)


def _sentence_row(source, derived, status, source_ref, derived_ref, source_text, derived_text) -> dict:
    return {
        "source_article": source,
        "derived_article": derived,
        "kind": "sentence",
        "status": status,
        "source_ref": source_ref,
        "derived_ref": derived_ref,
        "source_text": source_text,
        "derived_text": derived_text,
        "source_sent": source_ref,
        "derived_sent": derived_ref,
    }


def _quote_status(status: str, form_changed: bool, source_kind: str) -> str:
    if form_changed and status in ("verbatim", "altered", "paraphrased"):
        return "to_reported" if source_kind == "direct" else "to_direct"
    return {"speaker_changed": "reattributed"}.get(status, status)


def incidental_quotes(quotes: pd.DataFrame) -> set[tuple[str, int]]:
    """(article, quote id) of quotation marks that are not a statement of their own: a scare quote (a term
    singled out), or words in quotation marks inside a reported statement of the same article ("X said the
    fighters took “half of the city”"), which lives or dies with that statement. Their loss is no change."""
    found = set()
    for article, rows in quotes.groupby("article_id", sort=False):
        spans = [(int(s), int(e), int(q)) for s, e, q in records(rows, "start", "end", "quote_id")]
        for (start, end, quote_id), speech, scare in zip(spans, rows["speech"], rows["scare"], strict=True):
            if bool(speech):
                continue
            inside = any(s <= start and end <= e and q != quote_id for s, e, q in spans)
            if bool(scare) or inside:
                found.add((str(article), quote_id))
    return found


def quote_items(story: Story, source: str, derived: str) -> list[dict]:
    """Quotes altered, paraphrased, turned into reported (or direct) speech, re-attributed, kept without
    their speaker, lost or new; verbatim quotes in the same form are unchanged and get no row, and neither
    do incidental quotation marks lost or new (:func:`incidental_quotes`)."""
    matches, source_left = story_pair_rows(story, "quote_matches", source, derived)
    incidental = story.memo("verdict:incidental_quotes", lambda: incidental_quotes(story.table("quotes")))
    quotes = story.memo("verdict:quotes_by_id", lambda: _by_id(story.table("quotes"), "quote_id"))
    lost, new = _sides(source_left, "only_left", "only_right")
    src_col, der_col = _sides(source_left, "left_quote", "right_quote")
    src_kind_col = "left_kind" if source_left else "right_kind"
    lost_ids = [int(ref) for ref, status in records(matches, src_col, "status") if status == lost]
    homes = unattributed_homes(story, source, derived, lost_ids)
    rows = []
    for src_value, der_value, match_status, form_changed, source_kind, speaker in records(
        matches, src_col, der_col, "status", "form_changed", src_kind_col, "speaker"
    ):
        form_changed = bool(form_changed)
        if match_status == "verbatim" and not form_changed:
            continue
        src_ref, der_ref = _ref(src_value), _ref(der_value)
        status = {lost: "lost", new: "new"}.get(match_status) or _quote_status(
            match_status, form_changed, str(source_kind)
        )
        if status == "lost" and (source, src_ref) in incidental:
            continue
        if status == "new" and (derived, der_ref) in incidental:
            continue
        derived_text = _field(quotes, derived, der_ref, "text")
        derived_sent = _ref(_field(quotes, derived, der_ref, "sent_idx", pd.NA))
        if status == "lost" and src_ref in homes:
            status, (derived_sent, derived_text) = "speaker_dropped", homes[src_ref]
        rows.append(
            {
                "source_article": source,
                "derived_article": derived,
                "kind": "quote",
                "status": status,
                "source_ref": src_ref,
                "derived_ref": der_ref,
                "source_text": _field(quotes, source, src_ref, "text"),
                "derived_text": derived_text,
                "source_sent": _ref(_field(quotes, source, src_ref, "sent_idx", pd.NA)),
                "derived_sent": derived_sent,
                "speaker": "" if pd.isna(speaker) else str(speaker),
            }
        )
    return rows


def figure_items(story: Story, source: str, derived: str) -> list[dict]:
    """Figures in conflict, dropped or new; agreeing figures get no row, and neither does a mention left
    without a counterpart that repeats a figure of its article that has one (see :mod:`.repeats`)."""
    matches, source_left = story_pair_rows(story, "figure_matches", source, derived)
    figures = story.memo("verdict:figures_by_id", lambda: _by_id(story.table("figures"), "figure_id"))
    lost, new = _sides(source_left, "only_left", "only_right")
    src_col, der_col = _sides(source_left, "left_figure", "right_figure")
    kept: dict[str, list[dict]] = {source: [], derived: []}  # the figures of each side that have a match
    for article, column in ((source, src_col), (derived, der_col)):
        for value, status in records(matches, column, "status"):
            if status not in (lost, new) and not pd.isna(value) and (article, int(value)) in figures:
                kept[article].append(figures[(article, int(value))])
    rows = []
    for src_value, der_value, status, referent, note in records(
        matches, src_col, der_col, "status", "referent", "note"
    ):
        if status == "agree":
            continue
        src_ref, der_ref = _ref(src_value), _ref(der_value)
        article, ref = (source, src_ref) if status == lost else (derived, der_ref)
        if status in (lost, new) and ref is not pd.NA and (article, int(ref)) in figures:
            if repeated(figures[(article, int(ref))], kept[article], story.text(article)):
                continue
        rows.append(
            {
                "source_article": source,
                "derived_article": derived,
                "kind": "figure",
                "status": {lost: "dropped", new: "new"}.get(status, status),
                "source_ref": src_ref,
                "derived_ref": der_ref,
                "source_text": _field(figures, source, src_ref, "text"),
                "derived_text": _field(figures, derived, der_ref, "text"),
                "source_sent": _ref(_field(figures, source, src_ref, "sent_idx", pd.NA)),
                "derived_sent": _ref(_field(figures, derived, der_ref, "sent_idx", pd.NA)),
                "referent": "" if pd.isna(referent) else str(referent),
                "note": "" if pd.isna(note) else str(note),
            }
        )
    return rows


def _by_id(table: pd.DataFrame, id_column: str) -> dict[tuple[str, int], dict]:
    """Rows of a quote or figure table as records by (article, id), for lookups row by row."""
    keys = zip(table["article_id"].astype(str), table[id_column].astype(int), strict=True)
    return dict(zip(keys, table.to_dict("records"), strict=True))


def _field(
    records: dict[tuple[str, int], dict], article: str, item_id: object, column: str, default: object = ""
) -> object:
    """A column of a quote or figure by (article, id) (see :func:`_by_id`); ``default`` if there is none."""
    if item_id is pd.NA:
        return default
    record = records.get((article, int(item_id)))
    if record is None:
        return default
    value = record[column]
    return str(value) if column == "text" else value


def pair_item_rows(story: Story, source: str, derived: str) -> list[dict]:
    """Every changed item of one pair as records: sentences, then quotes, then figures, each most serious
    first."""
    rows = sentence_items(story, source, derived) + quote_items(story, source, derived)
    rows += figure_items(story, source, derived)
    rank = {(kind, status): k for k, (kind, status) in enumerate(_kind_status_order())}
    return sorted(rows, key=lambda row: rank[(row["kind"], row["status"])])  # stable: order kept within


def items_frame(rows: list[dict]) -> pd.DataFrame:
    """``verdict_items`` rows as a table: ids as nullable integers, texts never missing."""
    frame = pd.DataFrame(rows, columns=list(ITEM_COLUMNS + ITEM_EXTRA_COLUMNS))
    for column in ("source_ref", "derived_ref", "source_sent", "derived_sent"):
        frame[column] = frame[column].astype("Int64")
    for column in ("source_text", "derived_text", "speaker", "referent", "note"):
        frame[column] = frame[column].fillna("").astype(str)
    return frame


def pair_items(story: Story, source: str, derived: str) -> pd.DataFrame:
    """Every changed item of one pair (:func:`pair_item_rows`) as a table."""
    return items_frame(pair_item_rows(story, source, derived))


def _kind_status_order() -> list[tuple[str, str]]:
    return [(kind, status) for kind, statuses in STATUSES.items() for status in statuses]


def _common_words(span) -> set[str]:
    """Lemmas of the content words of a span that are not part of a name."""
    from helpers.nlp.text import is_content

    return {t.lemma_.lower() for t in span if is_content(t) and not t.ent_type_}


def unattributed_homes(
    story: Story, source: str, derived: str, lost_ids: list[int]
) -> dict[int, tuple[int, str]]:
    """For quotes missing from ``derived``: the derived sentence (``sent_idx``, text) that still carries each
    one's content without naming its speaker, when there is one.

    A candidate sentence holds no quote of a named speaker and is aligned to nothing in the source but,
    possibly, the quote's own sentence; the quote and the sentence must be each other's best match (so one
    vague sentence is never credited with several quotes), scoring at least :data:`UNATTRIBUTED_MIN_SCORE`
    with the alignment's pair scorer.
    """
    if not lost_ids:
        return {}
    from helpers.comparison.similarity import features, features_score

    attributed = attributed_sentences(story, derived)
    candidates = [
        (sent_idx, sentence, _common_words(sentence))
        for sent_idx, start, end, _text in body_rows(story, derived)
        if sent_idx not in attributed
        for sentence in [story.span(derived, start, end)]
    ]
    partners: dict[int, set[int]] = {}
    for src_sent, der_sent, _score, _relation in linked_sentences(story, source, derived):
        partners.setdefault(der_sent, set()).add(src_sent)
    quotes = story.memo("verdict:quotes_by_id", lambda: _by_id(story.table("quotes"), "quote_id"))
    scores: dict[tuple[int, int], float] = {}
    sentence_features: dict[int, object] = {}
    for quote_id in lost_ids:
        row = quotes.get((source, int(quote_id)))
        if row is None:
            continue
        span = story.span(source, int(row["start"]), int(row["end"]))
        quote_words, quote_features = _common_words(span), None
        for sent_idx, sentence, sentence_words in candidates:
            if partners.get(sent_idx, set()) - {int(row["sent_idx"])}:
                continue  # that sentence is another source sentence's counterpart
            if not quote_words & sentence_words:
                continue  # sharing only names is no evidence that the words were kept
            if quote_features is None:  # the quote's and each sentence's features, read once
                quote_features = features(span)
            if sent_idx not in sentence_features:
                sentence_features[sent_idx] = features(sentence)
            scores[(quote_id, sent_idx)] = features_score(quote_features, sentence_features[sent_idx])
    text = body_texts(story, derived)
    homes = {}
    for (quote_id, sent_idx), score in scores.items():
        best_for_quote = max(v for (q, _), v in scores.items() if q == quote_id)
        best_for_sentence = max(v for (_, i), v in scores.items() if i == sent_idx)
        if score >= UNATTRIBUTED_MIN_SCORE and score == best_for_quote == best_for_sentence:
            homes[quote_id] = (sent_idx, str(text[sent_idx]))
    return homes
