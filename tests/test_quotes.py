"""Quotes: direct and reported forms, speakers, and quote matching across articles."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers import load_story
from helpers.quotes.marks import WARN_UNCLOSED, find_quote_marks, is_scare_quote
from helpers.quotes.matching import match_pair, same_speaker, speakers_agree, word_diff
from helpers.quotes.plots import quote_fate_chart, quote_fates, voices, voices_share_chart
from helpers.quotes.speech import speech_cues

from .conftest import SEED_LEFT, SEED_RIGHT


def quotes_of(make_story, text: str) -> pd.DataFrame:
    story = load_story(make_story({"a.txt": text}))
    return story.table("quotes")


# --- quotation marks alone -------------------------------------------------------------------------------

MARK_CASES = [
    ('He said "we are ready" today.', ["we are ready"]),
    ("She said “the bridge will hold” and left.", ["the bridge will hold"]),
    ("The motto was ‘never again’ for years.", ["never again"]),
    ("The motto was 'never again' for years.", ["never again"]),
    ("The nation’s leaders met. Nobody’s plan won.", []),  # apostrophes only
    ("“We won. We will win again,” she said.", ["We won. We will win again,"]),
    ('"Yes," he said. "We will."', ["Yes,", "We will."]),  # straight marks alternate
    ('He said,"no comment" and left.', ["no comment"]),  # no space before the opening mark
]


@pytest.mark.parametrize(("text", "expected"), MARK_CASES)
def test_quote_marks_pair(text: str, expected: list[str]) -> None:
    assert [text[q.start : q.end] for q in find_quote_marks(text)] == expected


def test_quote_running_over_two_paragraphs_is_one_quote() -> None:
    text = "“The first part.\n“The second part,” she said."
    quotes = find_quote_marks(text, [(0, 16), (17, len(text))])
    assert [text[q.start : q.end] for q in quotes] == ["The first part.\n“The second part,"]
    assert not quotes[0].warning


def test_unclosed_quote_is_a_warning_not_a_crash() -> None:
    text = "The minister said “we will never give up and left."
    quotes = find_quote_marks(text)
    assert len(quotes) == 1 and quotes[0].warning == WARN_UNCLOSED
    assert text[quotes[0].start : quotes[0].end] == "we will never give up and left."


@pytest.mark.parametrize(
    ("quoted", "scare"), [("extremist", True), ("totally unprepared", True), ("we will rebuild", False)]
)
def test_scare_quotes_are_one_or_two_words(quoted: str, scare: bool) -> None:
    assert is_scare_quote(quoted) is scare


# --- quotes with speakers, on the parse ------------------------------------------------------------------

QUOTE_CASES = [
    # (text, kind, fragment of what was said, speaker, cue lemma)
    (
        "Mayor Ana Lopez said, “The roads will reopen on Monday.”",
        "direct",
        "roads will reopen",
        "Ana Lopez",
        "say",
    ),
    (
        "“The roads will reopen on Monday,” said Mayor Ana Lopez.",
        "direct",
        "roads will reopen",
        "Ana Lopez",
        "say",
    ),
    (
        "Ana Lopez, the city's mayor, described the damage as “worse than anything we have seen.”",
        "direct",
        "worse than anything",
        "Ana Lopez",
        "describe",
    ),
    (
        "Officials said that the dam had held through the night.",
        "indirect",
        "the dam had held",
        "Officials",
        "say",
    ),
    (
        "The health ministry reported 40 new cases in the northern province.",
        "indirect",
        "40 new cases",
        "health ministry",
        "report",
    ),
    (
        "The union has called for an immediate end to the strike.",
        "indirect",
        "an immediate end to the strike",
        "union",
        "call for",
    ),
    (
        "Prices rose by 4 percent last year, according to the Central Statistics Office.",
        "indirect",
        "Prices rose by 4 percent",
        "Central Statistics Office",
        "according to",
    ),
    (  # the phrase hangs on the last conjunct but covers the whole sentence
        "The river is above its banks in three towns, and more rain will fall before Friday, "
        "according to the national weather service.",
        "indirect",
        "The river is above its banks in three towns, and more rain will fall before Friday",
        "national weather service",
        "according to",
    ),
    (
        "According to the Central Statistics Office, prices rose by 4 percent last year.",
        "indirect",
        "prices rose by 4 percent last year",
        "Central Statistics Office",
        "according to",
    ),
    (
        "Piet Jansen, a farmer, voiced concerns that the harvest could fail this year.",
        "indirect",
        "the harvest could fail",
        "Piet Jansen",
        "voice",
    ),
    (  # an elliptical clause after the content ("but wages would not") is part of what was said
        "Mayor Ana Lopez said prices would fall, but wages would not.",
        "indirect",
        "prices would fall, but wages would not",
        "Ana Lopez",
        "say",
    ),
    (  # a speech verb set inside the clause it reports (spaCy's parataxis)
        "The new rules, the minister warned, would hurt small farms.",
        "indirect",
        "The new rules, the minister warned, would hurt small farms",
        "minister",
        "warn",
    ),
    (
        "Lena Ortiz told reporters the bridge was safe.",
        "indirect",
        "the bridge was safe",
        "Lena Ortiz",
        "tell",
    ),
]


@pytest.mark.parametrize(("text", "kind", "fragment", "speaker", "cue"), QUOTE_CASES)
def test_quote_forms_and_speakers(
    make_story, text: str, kind: str, fragment: str, speaker: str, cue: str
) -> None:
    quotes = quotes_of(make_story, text)
    hits = quotes[quotes["text"].str.contains(fragment, regex=False)]
    assert len(hits) >= 1, quotes[["kind", "text"]]
    row = hits.iloc[0]
    assert (row["kind"], row["speaker"], row["cue_lemma"]) == (kind, speaker, cue)


def test_a_direct_quote_broken_by_its_cue_stays_two_direct_pieces(make_story) -> None:
    quotes = quotes_of(make_story, "“The plan,” she said, “is doomed.”")
    assert list(quotes["kind"]) == ["direct", "direct"]


def test_pronoun_takes_the_person_named_before(make_story) -> None:
    text = "Rescuers reached the village at dawn, spokeswoman Maria Keller said. “It was chaos,” she said."
    quotes = quotes_of(make_story, text)
    direct = quotes[quotes["kind"] == "direct"].iloc[0]
    assert (direct["text"], direct["speaker_text"], direct["speaker"]) == (
        "It was chaos",
        "she",
        "Maria Keller",
    )


def test_description_takes_the_person_with_that_title(make_story) -> None:
    text = (
        "Jonas Berg, the agency's director, arrived on Monday.\n"
        "The agency's director said that the shelters were full."
    )
    quotes = quotes_of(make_story, text)
    assert list(quotes["speaker"]) == ["Jonas Berg"]
    assert quotes.iloc[0]["speaker_text"] == "The agency's director"


def test_unknown_speaker_stays_empty(make_story) -> None:
    quotes = quotes_of(make_story, "It rained all week. “Nobody was ready,” he said.")
    assert list(quotes["speaker"]) == [""] and list(quotes["speaker_text"]) == ["he"]


def test_passive_reporting_verb_is_not_a_speaker(make_story) -> None:
    quotes = quotes_of(make_story, "Clashes were reported in the old town on Sunday.")
    assert quotes.empty


def test_scare_quote_kept_and_flagged(make_story) -> None:
    quotes = quotes_of(make_story, "The army said the strikes hit “terrorist” positions near the border.")
    direct = quotes[quotes["kind"] == "direct"]
    assert list(direct["text"]) == ["terrorist"] and bool(direct.iloc[0]["scare"])


def test_unbalanced_mark_gives_a_warning_row(make_story) -> None:
    quotes = quotes_of(
        make_story, "The coach said “we will win the cup this year.\nThe season starts in May."
    )
    assert (quotes["warning"] != "").sum() == 1


def test_speech_verbs_are_data() -> None:
    cues = speech_cues()
    for lemma in (
        "say",
        "state",
        "report",
        "note",
        "tell",
        "warn",
        "claim",
        "call",
        "add",
        "confirm",
        "describe",
    ):
        assert ("verb", lemma) in cues


# --- the seed story -------------------------------------------------------------------------------------


def test_seed_quotes_offsets_point_into_the_text(seeds) -> None:
    quotes = seeds.table("quotes")
    assert set(quotes["kind"]) == {"direct", "indirect"}
    for q in quotes.itertuples():
        assert seeds.text(q.article_id)[q.start : q.end] == q.text
    assert (quotes.groupby("article_id")["quote_id"].apply(lambda s: list(s) == list(range(len(s))))).all()


def test_seed_direct_quotes_of_the_right_article_are_all_found(seeds) -> None:
    quotes = seeds.table("quotes")
    direct = quotes[(quotes["article_id"] == SEED_RIGHT) & (quotes["kind"] == "direct")]
    assert len(direct) == 4 and direct["speaker"].astype(bool).all()


def test_seed_matches_link_a_direct_quote_to_reported_speech(seeds) -> None:
    matches = seeds.table("quote_matches")
    assert set(matches["left_article"]) == {SEED_LEFT}
    changed = matches[matches["form_changed"]]
    assert len(changed) >= 1 and set(changed["status"]) == {"paraphrased"}


# --- matching on made-up stories ------------------------------------------------------------------------


def match_story(make_story, left: str, right: str) -> pd.DataFrame:
    story = load_story(make_story({"a.txt": left, "b.txt": right}))
    return story.table("quote_matches")


MATCH_CASES = [
    (
        "verbatim",
        "Mayor Ana Lopez said, “The roads will reopen on Monday.”",
        "“The roads will reopen on Monday,” Mayor Ana Lopez said.",
    ),
    (
        "altered",
        "Mayor Ana Lopez said, “The roads will reopen on Monday.”",
        "Mayor Ana Lopez said, “The main roads should reopen by Monday.”",
    ),
    (
        "paraphrased",
        "Mayor Ana Lopez said, “The roads will reopen on Monday.”",
        "Mayor Ana Lopez said that the roads would be open again on Monday.",
    ),
    (
        "speaker_changed",
        "Mayor Ana Lopez said, “The roads will reopen on Monday.”",
        "Police chief Omar Haddad said, “The roads will reopen on Monday.”",
    ),
]


@pytest.mark.parametrize(("status", "left", "right"), MATCH_CASES)
def test_match_statuses(make_story, status: str, left: str, right: str) -> None:
    matches = match_story(make_story, left, right)
    assert list(matches["status"]) == [status]
    assert bool(matches.iloc[0]["form_changed"]) is (status == "paraphrased")


@pytest.mark.parametrize(
    ("right", "status"),
    [
        # the other speaker is only the pronoun's referent: the words changed, so no claim of re-attribution
        (
            "Omar Haddad spoke first. “The main roads should reopen by Monday,” he said.",
            "altered",
        ),
        # both speakers written out: the near-verbatim quote is re-attributed
        ("Police chief Omar Haddad said, “The main roads will reopen on Monday.”", "speaker_changed"),
    ],
)
def test_a_speaker_found_through_a_pronoun_changes_a_reworded_quote_less(
    make_story, right: str, status: str
) -> None:
    matches = match_story(make_story, "Mayor Ana Lopez said, “The roads will reopen on Monday.”", right)
    linked = matches[~matches["status"].str.startswith("only")]
    assert linked.iloc[0]["right_speaker"] == "Omar Haddad"
    assert list(linked["status"]) == [status]


def test_unrelated_quotes_are_only_left_and_only_right(make_story) -> None:
    matches = match_story(
        make_story,
        "Mayor Ana Lopez said, “The roads will reopen on Monday.”",
        "Coach Ben Ito said the team had trained hard all winter.",
    )
    assert list(matches["status"]) == ["only_left", "only_right"]


def test_matching_is_one_to_one(make_story) -> None:
    matches = match_story(
        make_story,
        "Ana Lopez said the roads will reopen on Monday. Ana Lopez said the schools will reopen on Tuesday.",
        "Ana Lopez said the schools would reopen on Tuesday.",
    )
    linked = matches[~matches["status"].str.startswith("only")]
    assert len(linked) == 1 and int(linked.iloc[0]["left_quote"]) == 1


def test_generalised_speaker_keeps_the_match(make_story) -> None:
    matches = match_story(
        make_story,
        "Meteorologist Ana Lopez said the storm would reach the coast by Thursday evening.",
        "Forecasters said the storm would hit the coast late on Thursday.",
    )
    linked = matches[~matches["status"].str.startswith("only")]
    assert list(linked["status"]) == ["paraphrased"]


def test_reworded_quote_in_an_aligned_sentence_is_matched(make_story) -> None:
    """Few shared words, but the two quotes sit in sentences the alignment linked."""
    left = (
        "Floods cut the main road to the port on Tuesday. "
        "Mayor Ana Lopez said the council would pay for the repairs to the bridge and the harbour wall. "
        "Schools stayed open across the region."
    )
    right = (
        "Floods cut the main road to the port on Tuesday. "
        "The town hall will cover the cost of fixing the bridge and the harbour wall, Mayor Ana Lopez said. "
        "Schools stayed open across the region."
    )
    story = load_story(make_story({"a.txt": left, "b.txt": right}))
    alignments = story.table("alignments")
    assert ((alignments["left_sent"] == 1) & (alignments["right_sent"] == 1)).any()
    matches = story.table("quote_matches")
    linked = matches[~matches["status"].str.startswith("only")]
    assert list(linked["status"]) == ["paraphrased"]
    assert linked.iloc[0]["speaker"] == "Ana Lopez"


def _quote(quote_id: int, sents: tuple[int, ...], speaker: str, text: str, kind: str = "indirect") -> dict:
    """A quote record as :func:`match_pair` reads it (hand-made, so the test controls every signal)."""
    return {
        "quote_id": quote_id,
        "sent_idx": sents[0],
        "sents": sents,
        "speaker": speaker,
        "kind": kind,
        "text": text,
        "named": True,
    }


def test_a_quote_over_two_sentences_is_aligned_through_either() -> None:
    """The alignment linked the left sentence with the second sentence of a two-sentence quote."""
    left = [_quote(0, (4,), "Ana Lopez", "the repairs would take a year")]
    right = [_quote(0, (7, 8), "Ana Lopez", "The work is slow. We expect twelve months", kind="direct")]
    sets = (
        [frozenset({"repair", "take", "year", "bridge", "close", "road", "council"})],
        [frozenset({"work", "slow", "expect", "twelve", "month", "year", "crew", "night"})],
    )
    assert match_pair(left, right, *sets, aligned={(4, 7)})[0]["status"] == "paraphrased"
    assert match_pair(left, right, *sets, aligned={(4, 8)})[0]["status"] == "paraphrased"
    assert [r["status"] for r in match_pair(left, right, *sets, aligned={(4, 9)})] == [
        "only_left",
        "only_right",
    ]


@pytest.mark.parametrize(("shared", "linked"), [("95", True), ("level", False)])
def test_a_figure_in_common_is_evidence_of_the_same_statement(shared: str, linked: bool) -> None:
    """Two of nine and six words in common (Dice 0.27) is too little alone; a shared figure tips it."""
    left = [_quote(0, (12,), "agency's latest figures", "uptake stands at 84%, below the 95% needed")]
    right = [_quote(0, (10,), "Health officials", "95% is the level needed to halt transmission")]
    left[0]["named"] = right[0]["named"] = False
    sets = (
        [frozenset({"uptake", "second", "dose", "child", "stand", "84", "need", "stop", shared})],
        [frozenset({"need", "halt", "transmission", "virus", "spread", shared})],
    )
    statuses = [r["status"] for r in match_pair(left, right, *sets)]
    assert statuses == (["paraphrased"] if linked else ["only_left", "only_right"])


def test_two_statements_merged_into_one_quote_keep_both_links(make_story) -> None:
    matches = match_story(
        make_story,
        "“This strike punishes commuters who have no part in the dispute,” said Ana Lopez. "
        "She urged both sides to return to the mediation service.",
        "Ana Lopez said the stoppage punished commuters who had no part in the dispute and called on both "
        "sides to go back to the mediation service.",
    )
    linked = matches[~matches["status"].str.startswith("only")]
    assert sorted(linked["left_quote"]) == [0, 1] and set(linked["right_quote"]) == {0}
    assert not matches["status"].str.startswith("only").any()


def test_a_short_quote_of_stop_listed_adverbs_is_matched(make_story) -> None:
    """Besides "money" / "penny", the words the two share ("never", "again") are on spaCy's stop list."""
    matches = match_story(
        make_story,
        "“I will never see that money again,” said Ana Lopez, a retired teacher.",
        "“I'll never see a penny of it again,” the retired teacher said.",
    )
    assert list(matches["status"]) == ["altered"]


CONTEXT_FRAME = "Storms closed the harbour on Monday. {} The port reopened on Tuesday."


def test_quotes_without_a_shared_word_pair_up_through_their_sentences(make_story) -> None:
    """No word in common, but the aligned sentences share "extra boats" outside the attribution; the part
    the rewrite tells as fact ("is putting on extra boats") is not the quote's counterpart."""
    story = load_story(
        make_story(
            {
                "a.txt": CONTEXT_FRAME.format(
                    "The ferry company said it would add ten extra boats on the main crossings but warned "
                    "that seats would be limited."
                ),
                "b.txt": CONTEXT_FRAME.format(
                    "The ferry company is putting on extra boats but says travellers should expect "
                    "long queues."
                ),
            }
        )
    )
    matches = story.table("quote_matches")
    linked = matches[~matches["status"].str.startswith("only")]
    assert list(zip(linked["left_text"], linked["right_text"], strict=True)) == [
        ("seats would be limited", "travellers should expect long queues")
    ]


def test_sentences_aligned_by_their_attribution_alone_do_not_pair_quotes(make_story) -> None:
    """ "Race director Jan Smit said" is all the two sentences share: two different statements."""
    story = load_story(
        make_story(
            {
                "a.txt": CONTEXT_FRAME.format(
                    "The race director, Jan Smit, said the organisers would bid to host the championships "
                    "in 2030."
                ),
                "b.txt": CONTEXT_FRAME.format(
                    "Race director Jan Smit said about 17,000 runners had started the course."
                ),
            }
        )
    )
    alignments = story.table("alignments")
    assert ((alignments["left_sent"] == 1) & (alignments["right_sent"] == 1)).any()
    assert list(story.table("quote_matches")["status"]) == ["only_left", "only_right"]


def test_no_quotes_anywhere_gives_an_empty_table(make_story) -> None:
    matches = match_story(make_story, "The river rose.", "The river fell.")
    assert matches.empty and "status" in matches.columns


@pytest.mark.parametrize(
    ("left", "right", "agree"),
    [
        ("United Nations", "United Nations Office", True),
        ("Ana Lopez", "Omar Haddad", False),
        ("", "X", None),
        # a named speaker generalised to a group neither agrees nor contradicts
        ("Ana Lopez", "forecasters", None),
    ],
)
def test_same_speaker(left: str, right: str, agree: bool | None) -> None:
    assert same_speaker(left, right) is agree


@pytest.mark.parametrize(
    ("left", "right", "agree"),
    [
        # a capital speaking for its government neither confirms nor contradicts the minister
        (("Bratislava", True), ("Marek Hudak", False), None),
        (("Bratislava", True), ("Vienna", True), False),
        (("Ana Lopez", False), ("Omar Haddad", False), False),
    ],
)
def test_speakers_agree_reads_a_place_as_its_government(left, right, agree: bool | None) -> None:
    records = [{"speaker": name, "place": place, "named": True} for name, place in (left, right)]
    assert speakers_agree(*records) is agree


@pytest.mark.parametrize(("speaker", "place"), [("Bratislava", True), ("Lisbon", True), ("Haddad", False)])
def test_a_speaking_city_is_read_as_a_place(make_story, speaker: str, place: bool) -> None:
    from helpers.quotes.matching import _speaker_is_place

    text = f"{speaker} warned that big economies would lean on gas stocks built up by smaller ones."
    story = load_story(make_story({"a.txt": text}))
    quote = story.table("quotes").to_dict("records")[0]
    assert quote["speaker"] == speaker
    assert _speaker_is_place(story, quote) is place


def test_word_diff_marks_changes_and_escapes_html() -> None:
    diff = word_diff("the <b>roads</b> will reopen", "the <b>roads</b> should reopen")
    assert diff == "the &lt;b&gt;roads&lt;/b&gt; <del>will</del> <ins>should</ins> reopen"


# --- plots ----------------------------------------------------------------------------------------------


def test_plots_return_figures(flood) -> None:
    """Each source quote has exactly one fate per derived article, in the verdict's direction and words."""
    from helpers.comparison.against_source import oriented, source_pairs

    quotes, matches = flood.table("quotes"), flood.table("quote_matches")
    pairs = source_pairs(flood.table("verdicts"))
    fates = quote_fates(flood.table("verdict_items"), matches, pairs)
    assert isinstance(voices_share_chart(quotes, flood.article_ids), Figure)
    assert isinstance(quote_fate_chart(fates, source=pairs[0][0]), Figure)
    assert list(fates.index) == [d for _s, d in pairs]
    for source, derived in pairs:
        pair = oriented(matches, source, derived)
        assert fates.drop(columns="new").loc[derived].sum() == pair["left_quote"].notna().sum()
        assert fates.loc[derived, "new"] == pair["left_quote"].isna().sum()
    assert voices(quotes, flood.article_ids).to_numpy().sum() == len(quotes)


# --- quotes on real-news layout: run-on paragraphs, separator lines, speech vs. framing --------------------


def _paragraphs(text: str) -> list[tuple[int, int]]:
    from helpers.ingest.readers import split_paragraphs

    return [(p.start, p.end) for p in split_paragraphs(text)]


def test_separator_lines_do_not_break_a_run_on_quote() -> None:
    text = "“The first part.\n .\n “The second part,” she said."
    quotes = find_quote_marks(text, _paragraphs(text))
    assert len(quotes) == 1 and not quotes[0].warning
    assert [text[s:e] for s, e in quotes[0].pieces(text)] == ["The first part.", "The second part,"]


def test_quote_broken_by_a_paragraph_without_new_mark_closes_in_the_next() -> None:
    text = (
        "He wrote: “Care is at the discretion of the doctor.\n based on the advice given,” said Nick Oduya."
    )
    quotes = find_quote_marks(text, _paragraphs(text))
    assert [text[q.start : q.end] for q in quotes] == [
        "Care is at the discretion of the doctor.\n based on the advice given,"
    ]


def test_straight_mark_in_closing_position_never_opens_a_quote() -> None:
    text = 'The plan works.\nIt was fine," said Nick Oduya in an email. "We agree."'
    quotes = [text[q.start : q.end] for q in find_quote_marks(text, _paragraphs(text)) if not q.warning]
    assert quotes == ["We agree."]


def test_run_on_quote_is_one_row_per_paragraph_with_one_speaker(make_story) -> None:
    text = (
        "Rescue teams searched the valley on Monday.\n"
        "“We found the first survivors at noon,” said Clara Vint, the team leader.\n"
        "“The river is still rising.\n"
        "“We need more boats before dark.”\n"
    )
    quotes = quotes_of(make_story, text)
    assert list(quotes["text"]) == [
        "We found the first survivors at noon",
        "The river is still rising.",
        "We need more boats before dark.",
    ]
    assert set(quotes["speaker"]) == {"Clara Vint"} and quotes["speech"].all()


@pytest.mark.parametrize(
    "text",
    [
        "“The water came fast,” said Clara Vint.\n .\n “Nobody was ready for it.”",  # separator line
        "Clara Vint reached the village at dawn.\n“Nobody was ready for it.”",  # paragraph about her
        "The flood came at night.\n“Nobody was ready for it, not the town and not the army.” ― Clara Vint\n",
        "“Why did nobody warn us? Nobody was ready for it?” Clara Vint asked.",  # cue split off
        "“Nobody was ready for it,” quipped Clara Vint.",  # verb from the wider list
    ],
)
def test_quote_without_its_own_cue_finds_its_speaker(make_story, text: str) -> None:
    quotes = quotes_of(make_story, text)
    row = quotes[quotes["text"].str.contains("Nobody was ready")].iloc[-1]
    assert row["speaker"] == "Clara Vint" and bool(row["speech"])


@pytest.mark.parametrize(
    ("text", "fragment", "speech"),
    [
        ("The army said the strikes hit “terrorist” positions near the border.", "terrorist", False),
        ("Asked about the vote, Clara Vint said: “Really?”", "Really?", True),  # an utterance
        ("Clara Vint said she loved the film “The Long Road Home” as a child.", "The Long Road Home", False),
        ("Clara Vint believes that the dam will hold.", "the dam will hold", False),  # a thought
        ("You might say that the dam will hold.", "the dam will hold", False),  # generic "you"
        (
            "Flood update.\nREAD MORE: Mayor says the dam will hold.\nThe rain stopped.",
            "the dam will hold",
            False,
        ),
        ("Clara Vint said that the dam will hold.", "the dam will hold", True),
    ],
)
def test_speech_column_separates_quotes_from_framing(
    make_story, text: str, fragment: str, speech: bool
) -> None:
    quotes = quotes_of(make_story, text)
    row = quotes[quotes["text"].str.contains(fragment, regex=False)].iloc[-1]  # the direct part, if mixed
    assert bool(row["speech"]) is speech


def test_mixed_quote_is_one_statement_not_two(make_story) -> None:
    text = "Clara Vint said the rescue teams were “very committed” to finding everyone in the valley."
    quotes = quotes_of(make_story, text)
    speech = quotes[quotes["speech"]]
    assert len(speech) == 1 and speech.iloc[0]["kind"] == "indirect"
    assert "“very committed” to finding everyone" in speech.iloc[0]["text"]
    assert speech.iloc[0]["speaker"] == "Clara Vint"


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        # quoted words inside a longer reported clause: the whole clause is the quote, however much of it is
        # quoted
        (
            "Clara Vint said the new levee was “built far too quickly and without any checks.”",
            "the new levee was “built far too quickly and without any checks.”",
        ),
        ("Clara Vint said that the dam “will hold.”", "the dam “will hold.”"),
        ("Clara Vint said that the dam “will hold” for now.", "the dam “will hold” for now"),
    ],
)
def test_reported_clause_with_quoted_words_is_one_mixed_quote(make_story, text: str, quote: str) -> None:
    speech = quotes_of(make_story, text).query("speech")
    assert list(speech["kind"]) == ["indirect"]
    assert speech.iloc[0]["text"] == quote and speech.iloc[0]["speaker"] == "Clara Vint"


@pytest.mark.parametrize(
    ("text", "quote", "kind"),
    [
        (
            "Clara Vint called the new levee “a disgrace to the whole town.”",
            "a disgrace to the whole town.",
            "direct",
        ),
        (
            "Clara Vint described the new levee as a disgrace to the town.",
            "a disgrace to the town",
            "indirect",
        ),
        ("Clara Vint called the report “false” on Monday.", "false", "direct"),  # short, but all she said
    ],
)
def test_what_a_thing_was_called_is_the_quote_not_the_thing(
    make_story, text: str, quote: str, kind: str
) -> None:
    speech = quotes_of(make_story, text).query("speech")
    assert list(speech["text"]) == [quote] and list(speech["kind"]) == [kind]
    assert speech.iloc[0]["speaker"] == "Clara Vint"


def test_cue_between_two_quotes_keeps_them_apart(make_story) -> None:
    text = (
        "“I have two children at this school,” Clara Vint said, adding that the new rules were “a worry "
        "for every parent.” “I am not a lawyer,” she said, “but I can read a budget.”"
    )
    speech = quotes_of(make_story, text).query("speech")
    assert list(speech["text"]) == [
        "I have two children at this school",
        "the new rules were “a worry for every parent.”",
        "I am not a lawyer",
        "but I can read a budget.",
    ]
    assert set(speech["speaker"]) == {"Clara Vint"}


def test_absolute_clause_after_the_cue_is_not_said(make_story) -> None:
    text = "“I will miss this town,” Clara Vint said, eyes welling up with tears."
    speech = quotes_of(make_story, text).query("speech")
    assert list(speech["text"]) == ["I will miss this town"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "Clara Vint said the board had looked for a new site for ten years, but talks with the province "
            "have stalled.",
            ["the board had looked for a new site for ten years, but talks with the province have stalled"],
        ),
        (
            "Clara Vint said she was unsure about the plan, but that her group would keep working.",
            ["she was unsure about the plan, but that her group would keep working"],
        ),
        ("Clara Vint said the levee would hold, and she left the room.", ["the levee would hold"]),
        (
            "Clara Vint said the levee would hold, and Tom Reyes added that it was safe.",
            ["the levee would hold", "it was safe"],
        ),
    ],
)
def test_clause_coordinated_after_the_content_goes_on_with_it(make_story, text: str, said: list[str]) -> None:
    speech = quotes_of(make_story, text).query("speech")
    assert list(speech["text"]) == said


def test_mixed_quote_keeps_its_quotation_marks_in_pairs(make_story) -> None:
    text = "Clara Vint said “the levee will hold,” and the new pumps “work well.”"
    speech = quotes_of(make_story, text).query("speech")
    assert list(speech["text"]) == ["“the levee will hold,” and the new pumps “work well.”"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "Voters have doubts about the plan, especially after photos emerged showing the minister on a "
            "yacht (his office later confirmed that he was on holiday).",
            "he was on holiday",
        ),
        (
            "Shares fell sharply on Monday (the company later disclosed that profits had dropped).",
            "profits had dropped",
        ),
    ],
)
def test_cue_in_brackets_reports_nothing_outside_them(make_story, text: str, said: str) -> None:
    speech = quotes_of(make_story, text).query("speech")
    assert list(speech["text"]) == [said]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Too often, Clara Vint said, the alarms fail.", ["the alarms fail"]),
        (
            "The new pumps have a limited capacity, Clara Vint says, and are mostly meant for short storms.",
            ["The new pumps have a limited capacity", "and are mostly meant for short storms"],
        ),
        (
            "There are people spreading rumours about the dam, Clara Vint said, though she named no one.",
            ["There are people spreading rumours about the dam"],
        ),
    ],
)
def test_cue_set_into_its_statement_reports_the_clause_around_it(
    make_story, text: str, said: list[str]
) -> None:
    speech = quotes_of(make_story, text).query("speech")
    assert list(speech["text"]) == said and set(speech["speaker"]) == {"Clara Vint"}


def test_place_test_of_many_quotes_matches_one_at_a_time(make_story) -> None:
    """The story-wide place test (one word-vector lookup for all quotes) agrees with the test of each."""
    from helpers.quotes.matching import _speaker_is_place, _speakers_are_places

    text = (
        "Lisbon warned that big economies would lean on gas stocks built up by smaller ones. "
        "Haddad said that the talks would resume on Monday after a week of delays."
    )
    story = load_story(make_story({"a.txt": text}))
    quotes = story.table("quotes").to_dict("records")
    assert [q["speaker"] for q in quotes] == ["Lisbon", "Haddad"]
    assert _speakers_are_places(story, quotes) == [True, False]
    assert [_speaker_is_place(story, q) for q in quotes] == [True, False]


def test_quote_pair_matrices_equal_the_pair_by_pair_tests() -> None:
    """The aligned-sentence and shared-figure matrices read from their indexes give what testing every quote
    pair gives (a quote over several sentences, a sentence with two quotes, quotes without figures)."""
    from helpers.quotes.matching import _aligned, _aligned_matrix, _numbers, _shared_figures

    left = [{"sents": (1, 2)}, {"sent_idx": 4}, {"sents": (4,)}, {"sents": (9,)}]
    right = [{"sents": (3,)}, {"sent_idx": 5}, {"sents": (2, 6)}]
    aligned = {(2, 3), (4, 5), (4, 6), (8, 3)}
    expected = [[_aligned(lq, rq, aligned) for rq in right] for lq in left]
    assert _aligned_matrix(left, right, aligned).tolist() == expected
    assert expected[0][0] and expected[2][2] and not expected[3][0]
    assert not _aligned_matrix(left, [], aligned).size and not _aligned_matrix(left, right, set()).any()
    left_sets = [frozenset({"95", "rise"}), frozenset({"rain"}), frozenset({"3.5", "95"})]
    right_sets = [frozenset({"3.5"}), frozenset({"95", "fall"}), frozenset({"rise"})]
    expected = [[bool(_numbers(a) and _numbers(a) & _numbers(b)) for b in right_sets] for a in left_sets]
    assert _shared_figures(left_sets, right_sets).tolist() == expected
    assert expected == [[False, True, False], [False, False, False], [True, True, False]]


def test_sentence_bounds_follow_the_sentences_table(seeds) -> None:
    sentences = seeds.table("sentences")
    for article in seeds.article_ids:
        rows = sentences[sentences["article_id"] == article]
        expected = [(int(i), int(s), int(e)) for i, s, e in rows[["sent_idx", "start", "end"]].values]
        assert seeds.sentence_bounds(article) == expected and expected
        assert [(s.start_char, s.end_char) for s in seeds.sentence_spans(article)][0][0] == expected[0][1]
    assert seeds.sentence_bounds("no such article") == []


def test_by_article_gives_the_rows_a_filter_gives(seeds) -> None:
    from helpers.tables import by_article

    entities = seeds.table("entities")
    rows_of = by_article(entities)
    for article in seeds.article_ids:
        expected = entities[entities["article_id"] == article]
        assert rows_of(article).equals(expected) and len(expected)
    assert rows_of("no such article").empty and list(rows_of("no such article").columns) == list(
        entities.columns
    )
