"""Story-level entity canonicalisation and label voting."""

from __future__ import annotations

import pytest

from helpers import load_story

from .conftest import SEED_LEFT, SEED_RIGHT


def _canonical(story, text: str, article_id: str | None = None) -> set[str]:
    entities = story.table("entities")
    if article_id:
        entities = entities[entities["article_id"] == article_id]
    return set(entities.loc[entities["text"] == text, "canonical"])


@pytest.mark.parametrize(
    ("mention", "article_id", "canonical"),
    [
        ("Abdel Rahman", SEED_RIGHT, "Rami Abdel Rahman"),
        ("Rami Abdel Rahman", SEED_LEFT, "Rami Abdel Rahman"),
        ("SOHR", SEED_LEFT, "Syrian Observatory for Human Rights"),
        ("Observatory", SEED_RIGHT, "Syrian Observatory for Human Rights"),
        ("Syrian Observatory", SEED_RIGHT, "Syrian Observatory for Human Rights"),
        ("Peskov", SEED_LEFT, "Dmitry Peskov"),
        ("HTS", SEED_LEFT, "Hayat Tahrir al-Sham"),
    ],
)
def test_one_canonical_name_per_entity_across_the_story(seeds, mention, article_id, canonical) -> None:
    assert _canonical(seeds, mention, article_id) == {canonical}


def test_split_organisation_name_is_rejoined(seeds) -> None:
    names = set(seeds.table("entities")["canonical"])
    assert "United Nations Office for the Coordination of Humanitarian Affairs" in names
    assert "Coordination of Humanitarian Affairs" not in names


@pytest.mark.parametrize(
    ("canonical", "label"),
    [
        ("Aleppo", "GPE"),  # spaCy tags one mention PERSON and several NORP; the story outvotes them
        ("Hayat Tahrir al-Sham", "ORG"),  # tagged PERSON by spaCy; "(HTS)" and "a jihadist group" vote ORG
        ("Rami Abdel Rahman", "PERSON"),
        ("Syrian Observatory for Human Rights", "ORG"),
    ],
)
def test_story_level_label_vote(seeds, canonical: str, label: str) -> None:
    entities = seeds.table("entities")
    assert set(entities.loc[entities["canonical"] == canonical, "label"]) == {label}


def test_spacy_label_is_kept_for_transparency(seeds) -> None:
    entities = seeds.table("entities")
    aleppo = entities[entities["canonical"] == "Aleppo"]
    assert {"PERSON", "NORP", "GPE"} <= set(aleppo["spacy_label"])


def test_acronyms_surnames_and_head_nouns_on_new_text(make_story) -> None:
    folder = make_story(
        {
            "a.txt": "The International Rescue Committee (IRC) sent teams to Gaza on Monday. "
            "IRC director Maria Lopez said the teams were ready. Lopez added that more help was needed.",
            "b.txt": "The Committee said aid was blocked. Maria Lopez of the International Rescue Committee "
            "warned of famine.",
        }
    )
    story = load_story(folder)
    assert _canonical(story, "IRC") == {"International Rescue Committee"}
    assert _canonical(story, "Lopez") == {"Maria Lopez"}
    assert _canonical(story, "Committee", "b") == {"International Rescue Committee"}


def test_different_people_sharing_a_surname_are_not_merged(make_story) -> None:
    folder = make_story(
        {
            "a.txt": "John Smith met Anna Smith in London. Smith said nothing afterwards.",
        }
    )
    story = load_story(folder)
    assert _canonical(story, "John Smith") == {"John Smith"}
    assert _canonical(story, "Anna Smith") == {"Anna Smith"}
    assert _canonical(story, "Smith") <= {"Smith"}  # ambiguous: left alone, never guessed


def test_singular_and_plural_groups_of_people_are_one_entity(seeds) -> None:
    entities = seeds.table("entities")
    forms = entities.loc[entities["text"].str.lower().str.startswith("jihadist"), "canonical"]
    assert set(forms) == {"Jihadists"} and len(forms) == 4
