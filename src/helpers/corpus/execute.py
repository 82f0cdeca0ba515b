"""Where a corpus's tasks run: in this process (``workers=0``), on a local Dask cluster or an existing one.

Every mode runs the same task functions on the same arguments and hands results back to the client as they
complete, with a progress bar on stderr; the client alone writes output. Tasks never raise for bad input
(they return error rows), so an exception here is a failure of a worker itself: it is handed back too, and
the caller records it instead of stopping the run.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from distributed import WorkerPlugin
from tqdm import tqdm

#: A task's outcome: its index among the submitted arguments, then its result or the exception it raised.
Outcome = tuple[int, Any, BaseException | None]


def _bar(total: int, label: str, show: bool) -> tqdm:
    """A progress bar on stderr when it is a terminal (``disable=None``: tqdm's own check)."""
    return tqdm(
        total=total, desc=label, unit="task", file=sys.stderr, disable=None if show else True, mininterval=0.5
    )


class LocalRunner:
    """Runs tasks one after another in this process (tests, debugging, tiny corpora)."""

    def __init__(self, *, progress: bool = True) -> None:
        self.progress = progress

    def run(self, task: Callable, arguments: Sequence[tuple], label: str) -> Iterator[Outcome]:
        with _bar(len(arguments), label, self.progress) as bar:
            for index, args in enumerate(arguments):
                try:
                    result, error = task(*args), None
                except Exception as exc:  # noqa: BLE001 - a crashed task is recorded, not fatal
                    result, error = None, exc
                bar.update()
                yield index, result, error


class DaskRunner:
    """Runs tasks on a ``dask.distributed`` cluster; results come back as they complete."""

    def __init__(self, client: Any, *, progress: bool = True) -> None:
        self.client = client
        self.progress = progress

    def run(self, task: Callable, arguments: Sequence[tuple], label: str) -> Iterator[Outcome]:
        from distributed import as_completed

        if not arguments:
            return
        futures = [self.client.submit(task, *args, pure=False) for args in arguments]
        position = {future.key: index for index, future in enumerate(futures)}
        with _bar(len(futures), label, self.progress) as bar:
            for future in as_completed(futures):
                index = position[future.key]
                try:
                    result, error = future.result(), None
                except Exception as exc:  # noqa: BLE001 - a lost worker is recorded, not fatal
                    result, error = None, exc
                future.release()
                bar.update()
                yield index, result, error


class LoadPipeline(WorkerPlugin):
    """Worker plugin: load the spaCy pipeline once when a worker starts, before its first task."""

    name = "recount-spacy"

    def setup(self, worker: Any) -> None:
        from helpers.nlp.pipeline import load_pipeline

        load_pipeline()


@contextlib.contextmanager
def runner(workers: int = 2, scheduler: str | None = None, *, progress: bool = True) -> Iterator[Any]:
    """A runner for the whole run: local (``workers=0``), a new ``LocalCluster`` of ``workers`` processes
    with one thread each, or the existing cluster at ``scheduler`` (which must see the input's paths)."""
    if scheduler is None and workers <= 0:
        yield LocalRunner(progress=progress)
        return
    from distributed import Client, LocalCluster

    with contextlib.ExitStack() as stack:
        if scheduler is None:
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            )
            client = stack.enter_context(Client(cluster))
        else:
            client = stack.enter_context(Client(scheduler))
        client.register_plugin(LoadPipeline())
        yield DaskRunner(client, progress=progress)
