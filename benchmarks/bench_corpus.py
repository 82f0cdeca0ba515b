"""``recount corpus``: grouping ECB+ articles into stories against gold, beside a TF-IDF all-pairs baseline,
and how a run grows from 1k to 20k articles (seeded rewrites of real articles, see ``rewrite_corpus.py``).

Scores (``../shared/bench/README.md``): pairwise and B³ precision / recall / F1 in %, and the article pairs a
method compares against n(n-1)/2. Grouping's weights and threshold were chosen on the odd-numbered ECB+
topics; the even-numbered ones are held out. The baseline (TF-IDF of each text, cosine, average linkage over
all pairs, scikit-learn) has its distance threshold chosen the same way.

Times: ``recount corpus`` runs as a fresh process (``--group-only``: the grouping; or every story's tables)
against a local Dask cluster of 2 single-threaded worker processes started beforehand, so each worker's peak
memory (VmHWM) can be read back; the cluster's start is timed apart. The floor is bare spaCy (``nlp.pipe``,
``n_process=2``) on the same texts in a fresh process.

Usage: ``python bench_corpus.py [--limit N] [--sizes 1000,5000,20000] [--full]`` (``--limit``: the first N
ECB+ topics and a 20·N-article scale run, a smoke run; ``--full``: also every story's tables on ECB+).
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from datasets import BENCH_DIR, DatasetMissing
from rewrite_corpus import write as write_scaled
from scoring import clustering_scores
from speed import PEAK_WRAPPER, _run
from timing import TIMING_PYTHON

WORKERS = 2
DEFAULT_SIZES = (1000,)
FLOOR_SCRIPT = """
import json, re, sys
from helpers.nlp.pipeline import load_pipeline
texts = json.load(open(sys.argv[1], encoding="utf-8"))
nlp = load_pipeline()
docs = list(nlp.pipe(texts, batch_size=16, n_process=int(sys.argv[2])))
status = open("/proc/self/status").read()
sys.stderr.write("PEAK_KB " + re.search(r"VmHWM:\\s+(\\d+)", status).group(1) + "\\n")
"""


def _peak_kb() -> int:
    import re

    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1))


def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak MiB and CPU seconds (the process and every child it waited for) of a command.

    CPU time is what a busy shared machine does not distort: wall time there depends on the neighbours.
    """
    before = _children_cpu()
    seconds, peak_mb = _run(command)
    return seconds, peak_mb, _children_cpu() - before


def ecb_gold(limit: int | None = None) -> dict[str, tuple[str, int]]:
    """ECB+ article (``<story>/<file stem>``, as ``recount corpus`` names it) → (gold story, topic)."""
    path = BENCH_DIR / "ecbplus" / "gold_stories.csv"
    if not path.exists():
        raise DatasetMissing(str(path))
    gold = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if limit is None or int(row["topic"]) <= limit:
                gold[row["article"].rsplit(".", 1)[0]] = (row["story_id"], int(row["topic"]))
    return gold


def ecb_input(folder: Path, limit: int | None) -> tuple[Path, list[str]]:
    """The ECB+ stories folder as it is (or, for a smoke run, a JSON Lines file of the first topics)."""
    root = BENCH_DIR / "ecbplus" / "stories"
    gold = ecb_gold(limit)
    texts = [(root / f"{aid}.txt").read_text(encoding="utf-8") for aid in sorted(gold)]
    if limit is None:
        return root, texts
    path = folder / "ecb.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for aid, text in zip(sorted(gold), texts, strict=True):
            handle.write(json.dumps({"id": aid, "text": text}) + "\n")
    return path, texts


def floor_seconds(texts: list[str], folder: Path) -> tuple[float, float]:
    """Bare spaCy on the texts with 2 processes, in a fresh process: wall and CPU seconds."""
    path = folder / "texts.json"
    path.write_text(json.dumps(texts), encoding="utf-8")
    seconds, _, cpu = _timed([TIMING_PYTHON, "-c", FLOOR_SCRIPT, str(path), str(WORKERS)])
    return seconds, cpu


def run_corpus_cli(source: Path, out: Path, group_only: bool) -> dict:
    """``recount corpus`` in a fresh process on a fresh 2-worker cluster: times and peak memory."""
    from distributed import Client, LocalCluster

    started = time.perf_counter()
    with (
        LocalCluster(
            n_workers=WORKERS, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        ) as cluster,
        Client(cluster) as client,
    ):
        cluster_s = time.perf_counter() - started
        workers_before = client.run(_cpu_self)
        command = [
            TIMING_PYTHON,
            "-c",
            PEAK_WRAPPER,
            "helpers.cli",
            "corpus",
            str(source),
            "--out",
            str(out),
        ]
        command += ["--scheduler", cluster.scheduler_address]
        if group_only:
            command.append("--group-only")
        seconds, client_mb, client_cpu = _timed(command)
        worker_kb = client.run(_peak_kb)
        workers_after = client.run(_cpu_self)
    worker_cpu = sum(workers_after[w] - workers_before[w] for w in workers_after)
    return {
        "seconds": seconds,
        "cpu_s": client_cpu + worker_cpu,
        "cluster_s": cluster_s,
        "client_mb": client_mb,
        "worker_mb": max(worker_kb.values()) / 1024,
    }


def _scores(out: Path, gold: dict[str, str]) -> dict[str, float]:
    stories = pd.read_parquet(out / "stories.parquet")
    predicted = dict(zip(stories["article_id"], stories["story_id"], strict=True))
    return clustering_scores(predicted, gold)


def baseline(texts: list[str], ids: list[str], gold: dict[str, tuple[str, int]]) -> dict[str, dict] | None:
    """TF-IDF + cosine average linkage over all pairs; threshold chosen on the odd topics.

    None when scikit-learn is not installed: it is a peer of the bench environment only (``.[bench]``), so
    the smoke run in the dev environment prints its row as not installed instead of failing.
    """
    try:
        from sklearn.cluster import AgglomerativeClustering
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError:
        return None

    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts).toarray()

    def labels(threshold: float) -> dict[str, str]:
        model = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
        )
        return {aid: str(label) for aid, label in zip(ids, model.fit_predict(matrix), strict=True)}

    tuning = {aid: story for aid, (story, topic) in gold.items() if topic % 2 == 1}
    grid = [round(0.5 + 0.025 * k, 3) for k in range(19)]
    runs = {t: labels(t) for t in grid}
    best = max(grid, key=lambda t: (clustering_scores(runs[t], tuning)["b3_f1"], -t))
    return {"threshold": best, **split_scores(runs[best], gold)}


def split_scores(predicted: dict[str, str], gold: dict[str, tuple[str, int]]) -> dict[str, dict]:
    """Scores on all topics, on the odd (tuning) ones and the even (held-out) ones."""
    splits = {
        "all": lambda t: True,
        "odd (tuning)": lambda t: t % 2 == 1,
        "even (held out)": lambda t: t % 2 == 0,
    }
    return {
        name: clustering_scores(predicted, {aid: s for aid, (s, t) in gold.items() if keep(t)})
        for name, keep in splits.items()
    }


def bench_ecb(limit: int | None = None, full: bool = False) -> dict:
    gold = ecb_gold(limit)
    ids = sorted(gold)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source, texts = ecb_input(folder, limit)
        floor, floor_cpu = floor_seconds(texts, folder)
        grouping = run_corpus_cli(source, folder / "out", group_only=True)
        stories = pd.read_parquet(folder / "out" / "stories.parquet")
        pairs = pd.read_parquet(folder / "out" / "story_pairs.parquet")
        predicted = dict(zip(stories["article_id"], stories["story_id"], strict=True))
        result = {
            "articles": len(ids),
            "stories": len({s for s, _ in gold.values()}),
            "found": stories["story_id"].nunique(),
            "all_pairs": len(ids) * (len(ids) - 1) // 2,
            "compared": len(pairs),
            "floor_s": floor,
            "floor_cpu_s": floor_cpu,
            "grouping": grouping,
            "scores": split_scores(predicted, gold),
            "baseline": baseline(texts, ids, gold),
        }
        if full:
            result["full"] = run_corpus_cli(source, folder / "full", group_only=False)
    return result


def bench_scale(sizes: list[int]) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            source = Path(tmp) / f"corpus_{n}.jsonl"
            gold_path = write_scaled(n, source)
            gold = dict(pd.read_csv(gold_path).itertuples(index=False, name=None))
            out = Path(tmp) / f"out_{n}"
            run = run_corpus_cli(source, out, group_only=True)
            pairs = pd.read_parquet(out / "story_pairs.parquet")
            rows.append(
                {
                    "articles": n,
                    **run,
                    "per_s": n / run["seconds"],
                    "compared": len(pairs),
                    "all_pairs": n * (n - 1) // 2,
                    **_scores(out, gold),
                }
            )
    return rows


def run(limit: int | None = None, sizes: list[int] | None = None, full: bool = False) -> dict:
    if sizes is None:
        sizes = [20 * limit] if limit else list(DEFAULT_SIZES)
    return {"ecb": bench_ecb(limit, full), "scale": bench_scale(sizes)}


def markdown(result: dict) -> str:
    ecb = result["ecb"]
    g = ecb["grouping"]
    lines = [
        f"ECB+: {ecb['articles']} articles in {ecb['stories']} stories (two events of one kind per topic); "
        f"`recount corpus` found {ecb['found']} stories.",
        "",
        "| method | split | pairs compared | pairwise P | R | F1 | B³ P | R | F1 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    share = 100 * ecb["compared"] / ecb["all_pairs"]
    methods = [
        (
            "recount corpus (LSH + names, average linkage)",
            ecb["scores"],
            f"{ecb['compared']:,} ({share:.1f} %)",
        )
    ]
    if ecb["baseline"] is not None:
        methods.append(
            (
                f"TF-IDF average linkage, all pairs (threshold {ecb['baseline']['threshold']})",
                {k: v for k, v in ecb["baseline"].items() if k != "threshold"},
                f"{ecb['all_pairs']:,} (100 %)",
            )
        )
    for label, scores, compared in methods:
        for split, s in scores.items():
            lines.append(
                f"| {label} | {split} | {compared} | {s['pair_p']:.1f} | {s['pair_r']:.1f}"
                f" | {s['pair_f1']:.1f} | {s['b3_p']:.1f} | {s['b3_r']:.1f} | {s['b3_f1']:.1f} |"
            )
    if ecb["baseline"] is None:
        lines.append("| TF-IDF average linkage, all pairs (not installed: scikit-learn) | | | | | | | | |")
    lines += [
        "",
        f"Wall time on {WORKERS} workers: bare spaCy parse {ecb['floor_s']:.1f} s; "
        f"`recount corpus --group-only` {g['seconds']:.1f} s "
        f"({g['seconds'] / ecb['floor_s']:.2f} × the parse; "
        "the cluster's start, "
        f"{g['cluster_s']:.1f} s, apart); peak memory per worker {g['worker_mb']:.0f} MiB, client "
        f"{g['client_mb']:.0f} MiB. CPU time (every process): parse {ecb['floor_cpu_s']:.1f} s, "
        f"grouping run {g['cpu_s']:.1f} s ({g['cpu_s'] / ecb['floor_cpu_s']:.2f} ×).",
    ]
    if "full" in ecb:
        f = ecb["full"]
        lines.append(
            f"With every story's tables: {f['seconds']:.1f} s "
            f"({f['seconds'] / ecb['floor_s']:.2f} × the parse); "
            f"peak memory per worker {f['worker_mb']:.0f} MiB; CPU {f['cpu_s']:.1f} s "
            f"({f['cpu_s'] / ecb['floor_cpu_s']:.2f} × the parse's)."
        )
    lines += [
        "",
        "Scale (`--group-only`, seeded rewrites of ECB+, GGT and PolNeAR articles; 2 workers):",
        "",
        "| articles | wall (s) | CPU (s) | articles/s | CPU s per 1k articles | peak MiB per worker "
        "| client MiB | pairs compared | share of all pairs | B³ F1 | pairwise F1 |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["scale"]:
        lines.append(
            f"| {r['articles']:,} | {r['seconds']:.1f} | {r['cpu_s']:.1f} | {r['per_s']:.1f}"
            f" | {1000 * r['cpu_s'] / r['articles']:.1f} | {r['worker_mb']:.0f} | {r['client_mb']:.0f}"
            f" | {r['compared']:,}"
            f" | {100 * r['compared'] / r['all_pairs']:.2f} % | {r['b3_f1']:.1f} | {r['pair_f1']:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="ECB+ topics (smoke run)")
    parser.add_argument("--sizes", default=None, help="comma-separated corpus sizes for the scale run")
    parser.add_argument("--full", action="store_true", help="also every story's tables on ECB+")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw results here")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if int(s) > 0] if args.sizes else None  # "0": no scale run
    result = run(args.limit, sizes, args.full)
    print(markdown(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
