"""Run a report's notebooks with papermill, several at once, one kernel per worker, and stop them all cleanly.

Each worker thread owns one kernel (papermill → nbclient → a kernel process) and runs notebooks in it one
after the other, resetting the kernel between them (a new IPython session: no names, no figures, options at
their defaults, execution counts from 1), so that each notebook sees what a fresh kernel shows it while the
modules it imports (pandas, matplotlib, ``helpers``) are imported once per worker, not once per
notebook. A worker starts its kernel and imports there what the notebooks will need (:data:`WARM_UP_MODULES`
and every module their code cells import) while the calling thread still builds the tables. The kernels
are launched by a kernel manager bound to the run, so that the run

- keeps each kernel's connection file in its own scratch folder (removed with it, never left in the
  Jupyter runtime folder),
- sends the kernel's own stdout and stderr (IPKernelApp's "running over TCP without encryption" warning)
  nowhere, so that progress stays one line per notebook,
- knows every live kernel, and can kill them all (their whole process group) when a notebook fails or the
  user interrupts the report.

Notebooks are read and checked before anything runs: a file that is not a notebook is bad input (exit 2).
"""

from __future__ import annotations

import ast
import copy
import logging
import os
import queue
import re
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import nbformat

from helpers.errors import RecountError

KERNEL = "python3"
#: Imported in each kernel as soon as it starts, while the tables are still being built, besides what the
#: notebooks import themselves: what ``pandas.read_parquet`` loads on its first call (the notebooks read the
#: report's tables as Parquet). The analyses (and spaCy) are not: a stored table is read without them, and a
#: notebook that needs one imports it itself.
WARM_UP_MODULES = (
    "helpers",
    "pyarrow.parquet",
    "pyarrow.dataset",
    "pyarrow.pandas_compat",
    "pandas.core.arrays.arrow.extension_types",
    "pandas.core.arrays.arrow._arrow_utils",
)
#: Run quietly before each notebook after a kernel's first: what a fresh kernel would show the notebook.
RESET = """\
import warnings as _warnings

import matplotlib.pyplot as _plt
import pandas as _pd

_plt.close("all")
with _warnings.catch_warnings():
    _warnings.simplefilter("ignore")  # pandas warns about its own deprecated options while resetting them
    _pd.reset_option("all")
get_ipython().reset(new_session=True)
"""
#: Seconds to wait for a kernel to start, and for workers to wind down once their kernels are killed.
START_TIMEOUT = 120
STOP_TIMEOUT = 15


@dataclass(frozen=True)
class Notebook:
    """A notebook to run: its file and its checked content."""

    path: Path
    node: nbformat.NotebookNode

    @property
    def title(self) -> str:
        """The notebook's first Markdown heading, else its file name."""
        for cell in self.node.cells:
            if cell.cell_type == "markdown":
                for line in cell.source.splitlines():
                    if line.startswith("#"):
                        return line.lstrip("#").strip()
        return self.path.stem

    @property
    def recorded_seconds(self) -> float:
        """How long its code cells took when it was last executed and saved (the committed notebooks carry
        each cell's ``execution`` timestamps); 0 when they are not recorded."""
        total = 0.0
        for cell in self.node.cells:
            times = cell.get("metadata", {}).get("execution", {})
            try:
                start = datetime.fromisoformat(str(times["iopub.execute_input"]).replace("Z", "+00:00"))
                end = datetime.fromisoformat(str(times["shell.execute_reply"]).replace("Z", "+00:00"))
            except (KeyError, ValueError):
                continue
            total += max((end - start).total_seconds(), 0.0)
        return total


#: ``story.table("name")`` in a code cell: a table the notebook reads.
_TABLE_READ = re.compile(r"""\.table\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']""")


def tables_read(notebook: Notebook) -> set[str]:
    """The tables a notebook's code cells name in ``.table("...")`` calls (helpers may read more)."""
    return {
        name
        for cell in notebook.node.cells
        if cell.cell_type == "code"
        for name in _TABLE_READ.findall(cell.source)
    }


def ready_first(notebooks: list[Notebook], early_tables: set[str]) -> list[tuple[int, Notebook]]:
    """(number, notebook) pairs in the order to start them while tables are still being written: first the
    notebooks that read only ``early_tables`` (written before the slow part, so they run meanwhile), then the
    rest; in each group the longest recorded run first (a worker that starts with the longest notebook does
    not finish it alone at the end), ties in name order. Numbers stay the notebooks' places in name order,
    for the progress lines."""

    def key(item: tuple[int, Notebook]) -> tuple[bool, float]:
        return (not tables_read(item[1]) <= early_tables, -item[1].recorded_seconds)

    return sorted(enumerate(notebooks, 1), key=key)


def read_notebooks(folder: Path) -> list[Notebook]:
    """Every numbered notebook (``[0-9]*.ipynb``) of a folder, read and validated, in name order.

    Raises:
        RecountError: no notebooks, or a file that is not a valid notebook (exit 2), before anything runs.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise RecountError(folder, "no such folder of notebooks")
    paths = sorted(folder.glob("[0-9]*.ipynb"))
    if not paths:
        raise RecountError(folder, "no notebooks to run")
    notebooks = []
    for path in paths:
        try:
            node = nbformat.read(path, as_version=4, capture_validation_error={})
            nbformat.validate(node)
        except Exception as error:  # noqa: BLE001 - nbformat raises many kinds, all mean "not a notebook"
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise RecountError(path, f"not a valid notebook: {reason}") from None
        notebooks.append(Notebook(path, node))
    return notebooks


def default_jobs(n_notebooks: int) -> int:
    """The number of cores this process may use, at most one per notebook."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, n_notebooks))


class Kernels:
    """The kernels of one run: where their connection files go, and how to kill them all."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.stopping = False
        self._lock = threading.Lock()
        self._live: set[Any] = set()

    def manager_class(self) -> type:
        """A kernel manager class bound to this run (nbclient creates one instance per notebook)."""
        from jupyter_client.manager import AsyncKernelManager

        kernels = self

        class RunKernelManager(AsyncKernelManager):
            def __init__(self, **kwargs: Any) -> None:
                super().__init__(**kwargs)
                self.connection_file = str(kernels.scratch / f"kernel-{uuid.uuid4().hex}.json")

            async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
                if kernels.stopping:
                    raise RuntimeError("the report was stopped")
                kw.update(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                await super()._async_launch_kernel(kernel_cmd, **kw)
                kernels.add(self)

            async def _async_cleanup_resources(self, restart: bool = False) -> None:
                kernels.discard(self)
                await super()._async_cleanup_resources(restart=restart)

            cleanup_resources = _async_cleanup_resources  # nbclient calls it by this name

        return RunKernelManager

    def add(self, manager: Any) -> None:
        with self._lock:
            self._live.add(manager)
            stopping = self.stopping
        if stopping:
            _kill(manager)

    def discard(self, manager: Any) -> None:
        with self._lock:
            self._live.discard(manager)

    def kill_all(self) -> None:
        """Kill every live kernel and whatever it started; no kernel starts after this."""
        with self._lock:
            self.stopping = True
            live = list(self._live)
        for manager in live:
            _kill(manager)


def _kill(manager: Any) -> None:
    """Kill a kernel's process group (the kernel runs in a session of its own), if it still runs."""
    process = getattr(getattr(manager, "provisioner", None), "process", None)
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _failure(notebook: Notebook, error: BaseException) -> RecountError:
    """The one-line error naming a notebook that failed (exit 1)."""
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    if isinstance(error, PapermillExecutionError):
        reason = f"notebook failed in cell {error.exec_count}: {error.ename}: {error.evalue}"
    elif isinstance(error, DeadKernelError) or "Kernel died" in str(error):
        reason = "the notebook's kernel died while running it"
    else:
        reason = f"notebook could not run: {type(error).__name__}: {error}"
    return RecountError(notebook.path, reason, exit_code=1)


@contextmanager
def _quiet_papermill() -> Iterator[None]:
    """Silence papermill's log (nbclient logs through it too): its warnings (an unknown parameter, no
    parameters cell) would break one line per notebook, and its errors (a dead kernel) are reported by the
    run itself, in one line."""
    logger = logging.getLogger("papermill")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def merge_streams(nb: nbformat.NotebookNode) -> None:
    """Merge each run of consecutive stream outputs of a cell into one ``stdout`` and one ``stderr`` output.

    The kernel sends printed text in chunks whose boundaries depend on timing (how busy the machine is), so
    the same cell yields one stream output in one run and three in the next; merged, pages are identical.
    """
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        merged: list = []
        run: dict[str, nbformat.NotebookNode] = {}
        for output in cell.get("outputs", []):
            if output.output_type != "stream":
                merged.extend(run[name] for name in ("stdout", "stderr") if name in run)
                merged.append(output)
                run = {}
            elif output.name in run:
                run[output.name].text += output.text
            else:
                run[output.name] = copy.deepcopy(output)
        merged.extend(run[name] for name in ("stdout", "stderr") if name in run)
        cell.outputs = merged


def _next(done: queue.Queue) -> tuple:
    """The next finished notebook, waiting in short steps so that signals reach the calling thread."""
    while True:
        try:
            return done.get(timeout=0.2)
        except queue.Empty:
            continue


async def _connect(manager: Any) -> Any:
    """A new client of a started kernel, ready once the kernel answers on the shell channel and the client
    hears it on the IOPub channel. ``wait_for_ready`` does the same, then waits for 0.2 s of silence on
    IOPub, which costs every notebook that much; a message that is not ours is ignored anyway. A reply to any
    ``kernel_info`` request sent so far counts (a busy machine answers late)."""
    client = manager.client()
    client.start_channels()
    deadline = time.monotonic() + START_TIMEOUT
    asked: set[str] = set()
    while True:
        asked.add(client.kernel_info())
        try:
            # A reply to any of the requests sent counts: on a busy machine a reply may come after the next
            # request was sent, and waiting for the newest one only would stay one reply behind for ever.
            reply = await client.get_shell_msg(timeout=1)
            while reply["parent_header"].get("msg_id") not in asked:
                reply = await client.get_shell_msg(timeout=1)
            await client.get_iopub_msg(timeout=1)  # any message: IOPub is connected
            return client
        except queue.Empty:
            pass
        if not await client.is_alive():
            client.stop_channels()
            raise RuntimeError("the kernel died before answering")
        if time.monotonic() > deadline:
            client.stop_channels()
            raise RuntimeError(f"the kernel did not answer in {START_TIMEOUT} s")


async def _quietly(client: Any, code: str) -> None:
    """Run code in a started kernel, silently (no output, no execution count); fail if it fails."""
    reply = await client.execute_interactive(
        code, silent=True, store_history=False, timeout=START_TIMEOUT, output_hook=lambda _msg: None
    )
    content = reply.get("content", {})
    if content.get("status") != "ok":
        raise RuntimeError(f"{content.get('ename', 'error')}: {content.get('evalue', '')}")


async def _prepared(manager: Any, code: str, *, start_in: Path | None = None) -> Any:
    """A connected client of the kernel (started first, in ``start_in``, when given) after running ``code``
    in it quietly: the client then runs the notebook, and is closed after it."""
    if start_in is not None:
        await manager.start_kernel(cwd=str(start_in))
    client = await _connect(manager)
    try:
        await _quietly(client, code)
    except BaseException:
        client.stop_channels()
        raise
    return client


def imported_modules(notebooks: list[Notebook]) -> list[str]:
    """The modules the notebooks' code cells import (absolute imports, and ``from a import b`` as both ``a``
    and ``a.b``, since ``b`` may be a submodule), in first-seen order; cells that do not parse are skipped."""
    names: dict[str, None] = dict.fromkeys(WARM_UP_MODULES)
    for notebook in notebooks:
        for cell in notebook.node.cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:  # IPython magics; the notebook reports its own errors
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names.update(dict.fromkeys(alias.name for alias in node.names))
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names[node.module] = None
                    names.update(dict.fromkeys(f"{node.module}.{alias.name}" for alias in node.names))
    return list(names)


def warm_up_code(modules: list[str]) -> str:
    """Code that imports each module it can (a name that is not a module, or fails, is the notebook's to
    report) and leaves no name behind."""
    return (
        "import importlib as _importlib\n"
        f"for _name in {modules!r}:\n"
        "    try:\n"
        "        _importlib.import_module(_name)\n"
        "    except Exception:\n"
        "        pass\n"
        "del _importlib, _name\n"
    )


def _shutdown(manager: Any) -> None:
    """Stop a kernel and remove its connection file (killing it if it does not stop)."""
    from jupyter_core.utils import run_sync

    try:
        run_sync(manager.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001 - a dead or stuck kernel: kill it, whatever went wrong
        _kill(manager)


def run_notebooks(
    notebooks: list[Notebook],
    *,
    parameters: dict[str, Any],
    prepare: Callable[[], None] | None = None,
    early_tables: Callable[[], set[str]] | None = None,
    meanwhile: Callable[[], None] | None = None,
    scratch: Path,
    jobs: int,
    progress: TextIO,
    on_done: Callable[[Notebook, nbformat.NotebookNode], None],
) -> None:
    """Execute every notebook with ``parameters``, ``jobs`` at a time; call ``on_done`` for each executed one.

    ``prepare`` (building the tables the notebooks read) runs in the calling thread while the kernels start
    (and import what the notebooks import) and the first notebooks run: a notebook waits for a table that
    is still to come (see :mod:`helpers.table_store`), and notebooks start in :func:`ready_first` order, given
    ``early_tables()`` (called while the kernels start), the tables ``prepare`` writes first.
    ``meanwhile`` (work that needs the tables but no notebook) runs in the calling thread after ``prepare``.
    ``on_done`` runs in the calling thread, as notebooks finish. On the first failure, or on any exception
    in the calling thread (bad input found by ``prepare``, an interrupt), every kernel is killed and the
    workers are waited for before the exception propagates: no kernel and no connection file outlives it.

    Raises:
        RecountError: a notebook that failed or whose kernel died (exit 1), naming it.
    """
    import papermill
    from jupyter_core.utils import run_sync

    kernels = Kernels(scratch)
    manager_class = kernels.manager_class()
    todo: queue.Queue[tuple[int, Notebook] | None] = queue.Queue()
    done: queue.Queue[tuple[Notebook, nbformat.NotebookNode | None, BaseException | None]] = queue.Queue()
    warm_up = warm_up_code(imported_modules(notebooks))
    print_lock = threading.Lock()

    def next_item() -> tuple[int, Notebook] | None:
        """The next notebook to run, or ``None`` when there is none left or the run is stopping."""
        while not kernels.stopping:
            try:
                return todo.get(timeout=0.2)
            except queue.Empty:
                continue
        return None

    def work() -> None:
        """Start a kernel and warm it up, then run notebooks in it until none is left."""
        manager = manager_class(kernel_name=KERNEL)
        client, failed = None, None
        try:
            try:
                client = run_sync(_prepared)(manager, warm_up, start_in=notebooks[0].path.parent)
            except BaseException as error:  # noqa: BLE001 - reported with the first notebook it was for
                failed = error
            while (item := next_item()) is not None:
                index, notebook = item
                try:
                    if failed is not None:
                        raise failed
                    if client is None:  # a used kernel: reset, so the notebook sees a fresh session
                        client = run_sync(_prepared)(manager, RESET)
                    with print_lock:
                        line = f"recount report: [{index}/{len(notebooks)}] {notebook.path.name}"
                        print(line, file=progress, flush=True)
                    executed = papermill.execute_notebook(
                        copy.deepcopy(notebook.node),
                        None,
                        parameters=parameters,
                        kernel_name=KERNEL,
                        progress_bar=False,
                        log_output=False,
                        request_save_on_cell_execute=False,
                        start_timeout=START_TIMEOUT,
                        km=manager,  # a manager papermill did not create: it leaves the kernel running,
                        kc=client,  # and a client that is connected already
                    )
                    done.put((notebook, executed, None))
                except BaseException as error:  # noqa: BLE001 - handed to the calling thread
                    done.put((notebook, None, error))
                    return
                finally:
                    if client is not None:
                        client.stop_channels()
                        client = None
        finally:
            if client is not None:
                client.stop_channels()
            _shutdown(manager)

    jobs = max(1, min(jobs, len(notebooks)))
    workers = [threading.Thread(target=work, daemon=True, name=f"recount-nb-{k}") for k in range(jobs)]
    with _quiet_papermill():
        try:
            for worker in workers:  # kernels start and warm up while the order is decided and tables built
                worker.start()
            for item in ready_first(notebooks, early_tables() if early_tables is not None else set()):
                todo.put(item)
            for _ in workers:
                todo.put(None)
            if prepare is not None:
                prepare()
            if meanwhile is not None:  # the calling thread's own work, done while the first notebooks run
                meanwhile()
            for _ in notebooks:
                notebook, executed, error = _next(done)
                if error is not None:
                    raise _failure(notebook, error)
                merge_streams(executed)
                on_done(notebook, executed)
        finally:
            kernels.kill_all()
            for worker in workers:
                worker.join(timeout=STOP_TIMEOUT)
