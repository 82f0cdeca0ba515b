"""``recount corpus``: grouping a dump of articles into stories, the Dask path, errors, resumable reruns.

The corpus in ``tests/data/corpus`` holds 30 articles of 5 stories: for each story two versions written for
these tests (a wire report and an outlet's), each with two seeded rewrites by
``benchmarks/rewrite_corpus.rewrite``; files are numbered in shuffled order. Two stories are different events
of one kind in one week (earthquakes in Peru and in Turkey). ``tests/data/corpus_gold.csv`` is the truth.
"""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import pandas as pd
import pytest

from helpers.cli import main
from helpers.corpus import load_corpus_story, run_corpus
from helpers.corpus import run as corpus_run
from helpers.corpus.inputs import Item
from helpers.corpus.linkage import average_linkage
from helpers.story import load_story

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"
GOLD = dict(pd.read_csv(DATA / "corpus_gold.csv").itertuples(index=False, name=None))
#: Cheap per-story tables for the runs that compare two paths (all tables take a minute more).
SOME_TABLES = "articles,sentences,entities,quotes,figures,alignments"


@pytest.fixture(scope="module")
def local_run(tmp_path_factory) -> Path:
    """The corpus run in this process (``workers=0``)."""
    out = tmp_path_factory.mktemp("corpus") / "out"
    run_corpus(CORPUS, out, workers=0, only=SOME_TABLES, progress=False)
    return out


def _groups(stories: pd.DataFrame) -> set[frozenset[str]]:
    return {frozenset(frame["article_id"]) for _, frame in stories.groupby("story_id")}


def test_small_corpus_groups_exactly_and_tells_two_earthquakes_apart(local_run) -> None:
    stories = pd.read_parquet(local_run / "stories.parquet")
    gold: dict[str, set[str]] = {}
    for article, story in GOLD.items():
        gold.setdefault(story, set()).add(article)
    assert _groups(stories) == {frozenset(members) for members in gold.values()}
    by_article = stories.set_index("article_id")
    peru = next(a for a, s in GOLD.items() if s == "quake_peru")
    assert "arequipa" in by_article.loc[peru, "shared_names"]
    assert by_article.loc[peru, "n_articles"] == 6
    pairs = pd.read_parquet(local_run / "story_pairs.parquet")
    assert len(pairs) < 30 * 29 / 2  # not every pair was compared
    quake_pairs = pairs[
        pairs["left_article"].map(GOLD).str.startswith("quake")
        & pairs["right_article"].map(GOLD).str.startswith("quake")
    ]
    crossed = quake_pairs[quake_pairs["left_article"].map(GOLD) != quake_pairs["right_article"].map(GOLD)]
    assert (crossed["decision"] == "different stories").all()
    assert set(pairs["decision"]) <= {"same story", "different stories"}


def test_story_tables_are_written_as_partitions_and_load_back(local_run) -> None:
    stories = pd.read_parquet(local_run / "stories.parquet")
    story_id = stories.loc[stories["article_id"] == "article_01", "story_id"].item()
    partition = local_run / "tables" / "sentences" / f"story_id={story_id}" / "part-0.parquet"
    assert partition.exists()
    every = pd.read_parquet(local_run / "tables" / "sentences")  # the partitioned dataset as a whole
    assert set(every["story_id"].astype(str)) == set(stories["story_id"])
    story = load_corpus_story(local_run, story_id)
    members = sorted(stories.loc[stories["story_id"] == story_id, "article_id"])
    assert sorted(story.article_ids) == members
    sentences = story.table("sentences")
    first = sentences.iloc[0]
    assert story.text(first["article_id"])[first["start"] : first["end"]] == first["text"]
    rebuilt = story.to_story()
    pd.testing.assert_frame_equal(rebuilt.table("sentences"), sentences, check_dtype=False)


def test_dask_cluster_gives_the_same_files_as_one_process(local_run, tmp_path) -> None:
    out = tmp_path / "dask"
    run_corpus(CORPUS, out, workers=2, only=SOME_TABLES, partition_size=8, progress=False)
    for name in ("stories.parquet", "story_pairs.parquet", "errors.csv"):
        assert filecmp.cmp(local_run / name, out / name, shallow=False), name
    ours = sorted(p.relative_to(local_run) for p in (local_run / "tables").rglob("*.parquet"))
    theirs = sorted(p.relative_to(out) for p in (out / "tables").rglob("*.parquet"))
    assert ours == theirs and len(ours) == 5 * 7
    for relative in ours:
        assert filecmp.cmp(local_run / relative, out / relative, shallow=False), relative


def test_bad_article_goes_to_errors_csv_and_the_run_goes_on(tmp_path, capsys) -> None:
    corpus = tmp_path / "dump"
    (corpus / "day2").mkdir(parents=True)
    for name in ("article_03.txt", "article_07.txt", "article_11.txt"):
        (corpus / name).write_text((CORPUS / name).read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "day2" / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    (corpus / "day2" / "empty.txt").write_text("  \n", encoding="utf-8")
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    out = tmp_path / "out"
    assert main(["corpus", str(corpus), "--out", str(out), "--workers", "0", "--group-only"]) == 0
    errors = pd.read_csv(out / "errors.csv")
    assert list(errors["where"]) == ["day2/broken.txt", "day2/empty.txt", "photo.jpg"]
    assert errors["reason"].str.contains("binary").iloc[0]
    assert errors["reason"].str.contains("empty").iloc[1]
    assert errors["reason"].str.contains("unknown format").iloc[2]
    stories = pd.read_parquet(out / "stories.parquet")
    assert sorted(stories["article_id"]) == ["article_03", "article_07", "article_11"]
    assert "Traceback" not in capsys.readouterr().err


def test_jsonl_input_bad_line_and_duplicate_id(tmp_path) -> None:
    lines = [
        json.dumps({"id": "peru", "text": (CORPUS / "article_03.txt").read_text(encoding="utf-8")}),
        "{not json",
        json.dumps({"id": "peru", "text": "A second article under the same id."}),
        json.dumps({"text": (CORPUS / "article_07.txt").read_text(encoding="utf-8")}),
    ]
    source = tmp_path / "dump.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run_corpus(source, out, workers=0, group_only=True, fmt="csv", progress=False)
    errors = pd.read_csv(out / "errors.csv")
    assert list(errors["where"]) == ["dump.jsonl:2", "dump.jsonl:3"]
    assert "malformed JSON" in errors["reason"].iloc[0]
    assert "duplicate article id 'peru' (also in dump.jsonl:1)" == errors["reason"].iloc[1]
    assert sorted(pd.read_csv(out / "stories.csv")["article_id"]) == ["dump-4", "peru"]


@pytest.mark.parametrize(
    "setup, reason",
    [
        (lambda tmp: tmp / "missing", "no such file or folder"),
        (lambda tmp: (tmp / "empty").mkdir() or tmp / "empty", "no articles in folder"),
        (lambda tmp: (tmp / "blank.jsonl").write_text("\n\n") and tmp / "blank.jsonl", "no articles"),
        (lambda tmp: (tmp / "bad.jsonl").write_text("{oops\n") and tmp / "bad.jsonl", "no readable article"),
    ],
    ids=["missing", "empty folder", "blank jsonl", "nothing readable"],
)
def test_bad_input_is_one_line_exit_2_nothing_written(tmp_path, capsys, setup, reason) -> None:
    source = setup(tmp_path)
    out = tmp_path / "out"
    assert main(["corpus", str(source), "--out", str(out), "--workers", "0"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("recount: error: ") and reason in err and "\n" not in err
    assert not out.exists()


def test_out_inside_the_input_is_refused(tmp_path, capsys) -> None:
    corpus = tmp_path / "dump"
    corpus.mkdir()
    (corpus / "a.txt").write_text((CORPUS / "article_03.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["corpus", str(corpus), "--out", str(corpus / "out"), "--workers", "0"]) == 2
    assert "outside the input" in capsys.readouterr().err
    assert not (corpus / "out").exists()


def test_rerun_skips_what_is_done_and_redoes_what_is_missing(local_run, tmp_path, monkeypatch) -> None:
    out = tmp_path / "again"
    run_corpus(CORPUS, out, workers=0, only="sentences", progress=False)
    stories = pd.read_parquet(out / "stories.parquet")
    first, second = sorted(set(stories["story_id"]))[:2]
    kept = out / "tables" / "sentences" / f"story_id={first}" / "part-0.parquet"
    lost = out / "tables" / "sentences" / f"story_id={second}" / "part-0.parquet"
    before = kept.stat().st_mtime_ns
    lost.unlink()

    def no_parsing(*args):
        raise AssertionError("the parse cache should have been used")

    monkeypatch.setattr(corpus_run, "parse_partition", no_parsing)
    run_corpus(CORPUS, out, workers=0, only="sentences", progress=False)
    assert lost.exists() and kept.stat().st_mtime_ns == before
    assert filecmp.cmp(lost, local_run / lost.relative_to(out), shallow=False)


def test_a_story_whose_analysis_fails_is_an_error_row_not_a_stop(tmp_path, monkeypatch) -> None:
    real = corpus_run.story_tables

    def fragile(story_id, articles, names):
        if any(a.article_id == "article_01" for a in articles):
            raise ValueError("odd text\nin two lines")
        return real(story_id, articles, names)

    monkeypatch.setattr(corpus_run, "story_tables", fragile)
    out = tmp_path / "out"
    run_corpus(CORPUS, out, workers=0, only="paragraphs", progress=False)
    errors = pd.read_csv(out / "errors.csv")
    stories = pd.read_parquet(out / "stories.parquet")
    failed = stories.loc[stories["article_id"] == "article_01", "story_id"].item()
    assert errors.to_dict("records") == [
        {"where": failed, "stage": "tables", "reason": "analysis failed: ValueError: odd text in two lines"}
    ]
    written = {p.name.split("=", 1)[1] for p in (out / "tables" / "paragraphs").iterdir()}
    assert written == set(stories["story_id"]) - {failed}


def test_average_linkage_does_not_chain() -> None:
    # 0 is like 1 and 1 like 2, but 0 is nothing like 2: components would chain all three together.
    scores = {(0, 1): 0.9, (1, 2): 0.9}
    cluster, scored = average_linkage(3, scores, 0.5, lambda i, j: 0.0)
    assert cluster == [0, 0, 2]
    assert scored[(0, 2)] == 0.0  # the missing pair was scored when {0, 1} and {2} came up for a merge


def test_partitions_change_locally_when_a_file_is_added() -> None:
    items = [Item(f"day/{i:04d}.txt", Path(f"{i}.txt")) for i in range(0, 400, 2)]
    more = sorted([*items, Item("day/0101.txt", Path("101.txt"))], key=lambda item: item.where)
    before = {corpus_run.partition_key(p) for p in corpus_run.partitions(items, 16)}
    after = {corpus_run.partition_key(p) for p in corpus_run.partitions(more, 16)}
    assert len(after - before) == 1 and len(before - after) == 1


def test_same_tables_as_recount_tables_on_one_story(local_run) -> None:
    stories = pd.read_parquet(local_run / "stories.parquet")
    story_id = stories.loc[stories["article_id"] == "article_01", "story_id"].item()
    members = set(stories.loc[stories["story_id"] == story_id, "article_id"])
    corpus_story = load_corpus_story(local_run, story_id)
    folder_story = load_story(CORPUS)
    folder_story.articles = [a for a in folder_story.articles if a.article_id in members]
    pd.testing.assert_frame_equal(
        corpus_story.table("entities"), folder_story.table("entities"), check_dtype=False
    )


def test_report_of_a_corpus_story_is_the_report_of_its_articles(tmp_path, capsys, monkeypatch) -> None:
    """``recount report DIR --story ID`` renders one story of a corpus run from the tables the run wrote:
    no parse in the report's process, and every page the same as the report of a folder holding just that
    story's articles (but for the story's name); a story id the run does not have, an ``--out`` inside the
    run's folder, or a run written as CSV (its tables' types are lost) is one line and exit 2."""
    from helpers.nlp import pipeline

    members = sorted(a for a, story in GOLD.items() if story == "tram")
    source = tmp_path / "tram"
    source.mkdir()
    for article_id in members:
        (source / f"{article_id}.txt").write_bytes((CORPUS / f"{article_id}.txt").read_bytes())
    out = tmp_path / "run"
    run_corpus(source, out, workers=0, progress=False)
    story_id = pd.read_parquet(out / "stories.parquet")["story_id"].unique().item()
    as_csv = tmp_path / "run-csv"
    run_corpus(source, as_csv, workers=0, only="sentences", fmt="csv", progress=False)
    assert main(["report", str(source), "--out", str(tmp_path / "folder")]) == 0

    def refuse(*args, **kwargs):
        raise AssertionError("the corpus report parsed the story")

    monkeypatch.setattr(pipeline, "parse", refuse)
    monkeypatch.setattr(pipeline, "load_pipeline", refuse)
    assert main(["report", str(out), "--story", story_id, "--out", str(tmp_path / "corpus")]) == 0
    folder_pages = sorted(p.name for p in (tmp_path / "folder").iterdir())
    assert folder_pages == sorted(p.name for p in (tmp_path / "corpus").iterdir())
    assert len([p for p in folder_pages if p.startswith("compare-")]) == len(members) - 1
    for name in folder_pages:
        from_folder = (tmp_path / "folder" / name).read_text(encoding="utf-8")
        from_corpus = (tmp_path / "corpus" / name).read_text(encoding="utf-8")
        from_folder = from_folder.replace("Story 'tram'", "Story 'STORY'").replace(
            "Recount: tram<", "Recount: STORY<"
        )
        from_folder = from_folder.replace(">tram<", ">STORY<").replace(" · tram<", " · STORY<")
        assert from_corpus.replace(story_id, "STORY") == from_folder, name

    capsys.readouterr()
    assert main(["report", str(out), "--story", "story-000", "--out", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no story 'story-000'" in err[0]
    assert main(["report", str(out), "--story", story_id, "--out", str(out / "report")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "inside" in err[0]
    assert not (tmp_path / "none").exists() and not (out / "report").exists()
    assert main(["report", str(as_csv), "--story", story_id, "--out", str(tmp_path / "csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--format parquet" in err[0] and not (tmp_path / "csv").exists()
