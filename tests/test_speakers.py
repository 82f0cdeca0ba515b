"""Speaker resolution across the article (issue 13): pronouns by gender and number agreement and salience,
descriptions, appositions, several people speaking together, documents that speak for their author."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import load_story
from helpers.quotes.coref import name_gender


def speaker_of(make_story, text: str, fragment: str) -> pd.Series:
    quotes = load_story(make_story({"a.txt": text})).table("quotes")
    rows = quotes[quotes["text"].str.contains(fragment, regex=False)]
    assert len(rows), quotes[["kind", "speaker", "speaker_text", "text"]]
    return rows.iloc[-1]


PRONOUN_CASES = [
    # (text, fragment of the quote, canonical speaker wanted)
    (  # "he" skips the nearer woman: gender agreement by the given name
        "Tom Berg, the mayor, toured the flooded streets. Ana Lopez inspected the dam.\n"
        "“The water will go down by Friday,” he said.",
        "water will go down",
        "Tom Berg",
    ),
    (  # the gender the article gives by its pronouns outweighs a given-name guess
        "Jordan Ellis said her team had lost her files. She spoke at the hearing.\n"
        "Tom Berg, the chief, listened.\n"
        "“We are still here,” she said.",
        "We are still here",
        "Jordan Ellis",
    ),
    (  # honorifics
        "Mr. Okafor and Ms. Rennick inspected the dam on Monday. Okafor left before noon.\n"
        "“It held through the night,” she said.",
        "It held through the night",
        "Rennick",
    ),
    (  # separator lines between paragraphs do not push the name out of reach
        "Clara Vint runs the shelter.\n .\n It opened in May.\n .\n The roof leaks.\n .\n"
        "“We need more beds,” she said.",
        "We need more beds",
        "Clara Vint",
    ),
    (  # "they" stands for the group that spoke before
        "Officials said the road was closed on Monday.\n“We expect it to reopen soon,” they said.",
        "reopen soon",
        "Officials",
    ),
]


@pytest.mark.parametrize(("text", "fragment", "speaker"), PRONOUN_CASES)
def test_pronoun_takes_the_agreeing_salient_referent(
    make_story, text: str, fragment: str, speaker: str
) -> None:
    assert speaker_of(make_story, text, fragment)["speaker"] == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Tom Berg inspected the dam on Monday.\n“It held through the night,” she said.",  # gender disagrees
        "Tom Berg inspected the dam on Monday.\n“It held through the night,” they said.",  # number disagrees
    ],
)
def test_pronoun_stays_unresolved_when_nothing_agrees(make_story, text: str) -> None:
    row = speaker_of(make_story, text, "It held through the night")
    assert row["speaker"] == "" and row["speaker_text"] in {"she", "they"}


DESCRIPTION_CASES = [
    # (text, fragment, canonical speaker wanted, speaker as written)
    (  # a title written into the name
        "Education Minister Rob Fleming visited the school on Monday.\n"
        "The minister said that the school would reopen in March.",
        "the school would reopen",
        "Rob Fleming",
        "The minister",
    ),
    (  # the speaker named only after the quote, in apposition
        "“The roads are closed,” said the minister, John Smith.",
        "The roads are closed",
        "John Smith",
        "the minister",
    ),
    (  # several people speak together
        "Clara Vint and Nick Oduya said that they respected the outcome of the vote.",
        "respected the outcome",
        "Clara Vint and Nick Oduya",
        "Clara Vint and Nick Oduya",
    ),
    (  # a relative pronoun is the noun its clause hangs from
        "The plan was backed by Clara Vint, who said that the dam would hold.",
        "the dam would hold",
        "Clara Vint",
        "Clara Vint",
    ),
    (  # a speaker known only by a description keeps the phrase that says who it is
        "A person familiar with the talks said that the deal was done.",
        "the deal was done",
        "person familiar with the talks",
        "A person familiar with the talks",
    ),
]


@pytest.mark.parametrize(("text", "fragment", "speaker", "written"), DESCRIPTION_CASES)
def test_descriptions_and_appositions(
    make_story, text: str, fragment: str, speaker: str, written: str
) -> None:
    row = speaker_of(make_story, text, fragment)
    assert (row["speaker"], row["speaker_text"]) == (speaker, written)


def test_body_description_takes_the_organisation_that_just_spoke(make_story) -> None:
    text = (
        "Hydro One said on Monday that crews had restored power to most homes.\n"
        "The utility said that the last repairs would take a week."
    )
    assert speaker_of(make_story, text, "the last repairs")["speaker"] == "Hydro One"


def test_document_speaks_for_its_author(make_story) -> None:
    text = (
        "The Fraser Institute released a study on Monday about youth jobs.\n"
        "The study said that retail employed most young workers."
    )
    assert speaker_of(make_story, text, "retail employed")["speaker"] == "Fraser Institute"


def test_given_name_alone_is_the_full_name(make_story) -> None:
    text = "Jayme Closs was found on Thursday.\nJayme told the police that she had walked for an hour."
    assert speaker_of(make_story, text, "walked for an hour")["speaker"] == "Jayme Closs"


@pytest.mark.parametrize(("given", "gender"), [("Jeff", "m"), ("Karen", "f"), ("Xi", "")])
def test_given_name_gender_comes_from_the_shipped_list(given: str, gender: str) -> None:
    assert name_gender(given)[0] == gender


def test_the_name_list_read_on_demand_answers_as_the_packages_own() -> None:
    """The indexed reader of gender-guesser's list parses a name's lines only when asked, and answers every
    name of the list (names written with "+" in all three spellings, unknown names too) as the package's own
    reader does; each name's genders are then the package's, whichever name was asked first."""
    from gender_guesser.detector import Detector

    from helpers.quotes.coref import _detector

    package = Detector(case_sensitive=False)
    ours = _detector()
    asked = sorted(package.names) + ["xqzzy", "Mary", "JEAN-PIERRE"]
    assert len(asked) > 40_000
    for name in reversed(asked):  # the spelled-out variants before their "+" originals: order must not matter
        assert ours.get_gender(name) == package.get_gender(name), name
    assert ours.names == package.names
