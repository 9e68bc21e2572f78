"""The run folder: ``config.json``, ``metrics.jsonl`` (one line per epoch), ``checkpoint.pt``
(weights at the last finished epoch, or where the run was stopped), ``results.json`` (written when
the run ends) and ``writer.json`` (the process writing it, so a run whose process was killed reads
as "interrupted").

What a run needs to be repeated is recorded beside its settings: the device (``device_used`` in
``config.json``, ``device`` in ``results.json``), whether torch's deterministic algorithms were on
(``deterministic``) and the CPU thread counts it trained with, each from the batch it took over
(``threads_used``: ``[{"from_step": 0, "threads": 2}, ...]``; ``config.json`` has those known when the
run began, ``results.json`` all of them, the checkpoint's training state those up to its epoch).

Every file is written through a temp file (fsync, then rename): a crash, a kill or a full disk
leaves the previous good file, never half a file. A failed write raises ``StorageError``.
"""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cnnlab import strict_json
from cnnlab.errors import Advice, Sentence, StorageError, UserError, kind_of, write_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.paths import runs_dir
from cnnlab.runs.claim import writer_state

CONFIG, METRICS, CHECKPOINT, RESULTS = "config.json", "metrics.jsonl", "checkpoint.pt", "results.json"
WRITER = "writer.json"
SWEEP_TAG = "sweep.json"  # in a sweep's trial: the sweep's name, the trial's number, settings and seed
RUN_FILES = (CONFIG, METRICS, CHECKPOINT, RESULTS, WRITER)
FINAL_STATUSES = ("completed", "stopped", "failed")  # what results.json says once a run has ended


RUN_STAMP = "%Y%m%d-%H%M%S"  # run folders start with the time they were made, so they sort by age
_STAMP_LENGTH = len("20260101-000000")


def new_run_dir(dataset: str, model: str, parent: Path | None = None) -> Path:
    """A fresh ``<parent>/<YYYYmmdd-HHMMSS>-<dataset>-<model>`` folder (suffixed if taken)."""
    parent = parent or runs_dir()
    _check_parent(parent)
    stem = f"{time.strftime(RUN_STAMP)}-{dataset}-{model}"
    for i in range(1000):
        path = parent / (stem if i == 0 else f"{stem}-{i}")
        try:
            path.mkdir(parents=True, exist_ok=False)
            return path
        except FileExistsError:
            continue
        except OSError as e:
            raise StorageError(QT_TRANSLATE_NOOP("CoreMessage", "{failure}, so the run has no folder to be saved in; "
                                                 "{advice}."), failure=write_failure(e, parent),
                               advice=Advice("choose another runs folder (CNNLAB_RUNS or --out)")) from None
    raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "Could not make a new run folder in {folder}."), folder=parent)


def _check_parent(parent: Path) -> None:
    """A runs folder that exists but is a file gets one sentence."""
    if parent.exists() and not parent.is_dir():
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The runs folder {folder} is a file, not a folder; point "
                                          "CNNLAB_RUNS at a folder."), folder=parent)


def refuse_existing_run(path: Path) -> None:
    """A folder that already holds a run is never written into by a new one."""
    if (path / CONFIG).exists():
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} already holds a run; choose another --out "
                                                         "folder so it is not overwritten."),
                        path=path)


def prepare_run_dir(out_dir: str | None, dataset: str, model: str) -> Path:
    """The folder a run writes to; an existing run there is never overwritten."""
    if out_dir is None:
        return new_run_dir(dataset, model)
    path = Path(out_dir).expanduser()
    refuse_existing_run(path)
    if path.exists() and not path.is_dir():
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is a file, not a folder; choose another --out "
                                                         "folder."),
                        path=path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StorageError(QT_TRANSLATE_NOOP("CoreMessage", "Cannot create the run folder {path}: {reason}."),
                           path=path, reason=(e.strerror or 'the system refused it').lower()) from None
    return path


def read_sweep_tag(folder: Path) -> dict[str, Any] | None:
    """The sweep a run folder was trained for (its ``sweep.json``: ``sweep``, ``trial``, ``settings``, ``seed``);
    None for a run of no sweep, or a tag that cannot be read."""
    try:
        data = strict_json.loads((folder / SWEEP_TAG).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # missing, not text or not JSON: no sweep
        return None
    return data if isinstance(data, dict) and isinstance(data.get("sweep"), str) else None


def remove_if_empty(run_dir: Path | None) -> None:
    """A run that failed or was stopped before writing anything leaves no empty folder behind."""
    try:
        if run_dir is not None and run_dir.is_dir() and not any(run_dir.iterdir()):
            run_dir.rmdir()
    except OSError:  # gone already, or not ours to remove: nothing to tidy
        pass


@dataclass(frozen=True)
class EarlierPart:
    """What a continued run's folder already holds, for its writer to go on from."""

    metrics: list[dict[str, Any]]  # metrics.jsonl's lines up to the checkpoint's epoch
    epoch: int  # epochs finished in the checkpoint
    results: dict[str, Any] | None  # results.json before continuing (put back if nothing is trained)
    history: list[dict[str, Any]]  # config.json's ``continued`` list, this continuation included


RESULT_NUMBERS = ("test_acc", "test_loss", "val_acc", "train_seconds", "samples_per_second", "epochs_done")
ODD_SHOWN = 6  # odd values named in a run's problem sentence; the rest are counted


@dataclass(frozen=True)
class OddValue:
    """A value in a run file that is not a usable number where one belongs (text for a score, NaN, a
    number too large for a float): the run reads it as missing and keeps it here as it was read."""

    file: str  # CONFIG, METRICS or RESULTS
    key: str
    value: Any
    line: int = 0  # its line of metrics.jsonl; 0 in the other files

    @property
    def where(self) -> str:
        """"results.json test_acc", "metrics.jsonl line 3 val_loss"."""
        return f"{self.file} line {self.line} {self.key}" if self.line else f"{self.file} {self.key}"


def _set_odd_aside(data: dict[str, Any], file: str, line: int = 0,
                   numbers: tuple[str, ...] = ()) -> tuple[dict[str, Any], list[OddValue]]:
    """``data`` without its odd values, and those values: a number that is not finite as a float, and
    anything but a number (or null) under a key of ``numbers``. A null that the writer listed under
    ``not_finite`` was a NaN or infinity: it is left out too, as missing, without counting as odd."""
    noted = data.get(strict_json.NOT_FINITE)
    was_not_finite = {k for k in noted if isinstance(k, str)} if isinstance(noted, list) else set()
    clean: dict[str, Any] = {}
    odd: list[OddValue] = []
    for key, value in data.items():
        if value is None and key in was_not_finite:
            continue
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if (is_number and strict_json.finite_number(value) is None) or \
                (key in numbers and value is not None and not is_number):
            odd.append(OddValue(file, key, value, line))
        else:
            clean[key] = value
    return clean, odd


@dataclass
class RunRecord:
    """A run folder read back: what the GUI's "open run" and scripts use. Its numbers are finite floats
    or ints (or None); an odd value is left out of ``config``, ``metrics`` and ``results`` and listed
    in ``odd``, so every reader sees it as missing."""

    path: Path
    config: dict[str, Any]
    metrics: list[dict[str, Any]] = field(default_factory=list)
    results: dict[str, Any] | None = None
    unfinished: str = "interrupted"  # without a final results.json: "running", "unfinished" or "interrupted"
    odd: list[OddValue] = field(default_factory=list)  # values read as missing, as they are in the files

    def results_as_saved(self) -> dict[str, Any] | None:
        """results.json's table with its odd values put back (what rewriting it must keep)."""
        if self.results is None:
            return None
        return {**self.results, **{o.key: o.value for o in self.odd if o.file == RESULTS}}

    @property
    def odd_problem(self) -> str | None:
        """One sentence naming the odd values, or None when there are none."""
        if not self.odd:
            return None
        named = ", ".join(o.where for o in self.odd[:ODD_SHOWN])
        if len(self.odd) > ODD_SHOWN:
            named = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "{named} and {count} more"), named=named,
                             count=len(self.odd) - ODD_SHOWN)
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The run folder {folder} has values that are not usable "
                                                         "numbers ({named}); the run shows them as missing and its "
                                                         "files are left as they are."),
                        folder=self.path, named=named)

    @property
    def status(self) -> str:
        """"completed", "stopped" or "failed" from results.json; else "running" while its process
        lives, "interrupted" once it is gone (killed, crashed), "unfinished" if that cannot be told."""
        status = (self.results or {}).get("status")
        return status if status in FINAL_STATUSES else self.unfinished

    @property
    def checkpoint(self) -> Path | None:
        p = self.path / CHECKPOINT
        return p if p.is_file() else None

    @property
    def label(self) -> str:
        return run_label(self.config, self.path, with_date=True)

    def checkpoint_problem(self) -> str | None:
        """One sentence when the run's checkpoint.pt cannot be used (its curves still open), else None; None
        too while the run is still writing it. This reads the checkpoint's header with torch, so listings
        (:class:`cnnlab.runs.index.RunIndex`) leave it to opening or evaluating the run."""
        if self.checkpoint is None or self.status == "running":
            return None
        from cnnlab.engine.checkpoint import checkpoint_problem

        problem = checkpoint_problem(self.checkpoint)
        if problem is None:
            return None
        return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "{problem} The run's curves can still be opened."),
                        problem=problem)


def run_made_at(folder: str | Path) -> time.struct_time | None:
    """When a run folder named by :func:`new_run_dir` was made; None for a folder named otherwise."""
    stamp = Path(folder).name[:_STAMP_LENGTH]
    try:
        return time.strptime(stamp, RUN_STAMP)
    except ValueError:
        return None


def model_label(model: Any) -> str:
    """A run's model as every list of runs shows it: a design run's (``--model path/to/my-net.yaml``) as the
    design's name, "my-net"; a built-in model by its name; "?" when the run's settings have none."""
    from cnnlab.design.spec import run_label as design_label

    return design_label(model) if isinstance(model, str) and model else "?"


def run_label(config: dict[str, Any], folder: str | Path | None, *, with_date: bool = False) -> str:
    """"shape-cnn on shapes · 14:02:11" (``with_date``: "· 2026-12-02 14:02:11"), from the time the
    run folder was made; a folder named otherwise is shown by its name. A design run is named by its design
    (:func:`model_label`), not by the path of its file."""
    base = f"{model_label(config.get('model'))} on {config.get('dataset', '?')}"
    if not folder:
        return base
    made = run_made_at(folder)
    if made is None:
        return f"{base} · {Path(folder).name}"
    return f"{base} · {time.strftime('%Y-%m-%d %H:%M:%S' if with_date else '%H:%M:%S', made)}"


def _read_json(path: Path, what: str, want: type, want_text: str) -> Any:
    """A JSON file of the run folder; bad text or the wrong shape raises ``UserError`` naming it."""
    try:
        data = strict_json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run folder {folder} has a damaged {file}: it is "
                                                         "not text."),
                        folder=path.parent, file=path.name) from None
    except json.JSONDecodeError as e:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run folder {folder} has a damaged {file}: line "
                                                         "{line} is not valid JSON ({reason})."),
                        folder=path.parent, file=path.name, line=e.lineno, reason=e.msg.lower()) from None
    except RecursionError:  # thousands of nested brackets: not a file cnnlab wrote
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run folder {folder} has a damaged {file}: it is "
                                                         "nested too deeply to read."),
                        folder=path.parent, file=path.name) from None
    except OSError as e:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run folder {folder} has a {file} that cannot be "
                                                         "read ({reason})."),
                        folder=path.parent, file=path.name,
                        reason=(e.strerror or 'the system refused it').lower()) from None
    if not isinstance(data, want):
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run folder {folder} has a damaged {file}: it "
                                                         "holds {kind}, not {want_text}."),
                        folder=path.parent, file=path.name, kind=kind_of(data), want_text=want_text)
    return data


def _read_metrics(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """metrics.jsonl's epochs, each with its line number; a damaged line raises ``UserError``."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run folder {folder} has a damaged {file}: it is "
                                                         "not text."),
                        folder=path.parent, file=METRICS) from None
    except OSError as e:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run folder {folder} has a {file} that cannot be "
                                                         "read ({reason})."),
                        folder=path.parent, file=METRICS,
                        reason=(e.strerror or 'the system refused it').lower()) from None
    metrics = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = strict_json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run folder {folder} has a damaged {file}: "
                                                             "line {count} is not valid JSON."),
                            folder=path.parent, file=METRICS, count=n) from None
        if not isinstance(row, dict) or not isinstance(row.get("epoch"), int) \
                or strict_json.finite_number(row["epoch"]) is None:
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run folder {folder} has a damaged {file}: "
                                                             "line {count} holds {kind}, not one epoch's numbers."),
                            folder=path.parent, file=METRICS, count=n, kind=kind_of(row))
        metrics.append((n, row))
    return metrics


def load_run(path: str | Path) -> RunRecord:
    """Read a run folder; a folder that is not a run, or a damaged one, raises ``UserError`` with one
    sentence naming the folder and what is wrong."""
    path = Path(path).expanduser()
    if not path.is_dir():
        if path.exists():
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is not a folder."), path=path)
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run folder {path} does not exist."), path=path)
    cfg_path = path / CONFIG
    if not cfg_path.is_file():
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is not a cnnlab run folder (it has no {file})."),
                        path=path, file=CONFIG)
    config = _read_json(cfg_path, "settings", dict, Sentence(QT_TRANSLATE_NOOP("CoreMessage", "the run's settings")))
    for key in ("dataset", "model"):
        if key in config and not isinstance(config[key], str):
            raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The run folder {path} has a damaged {file}: its "
                                                             "{key} is {kind}, not a name."),
                            path=path, file=CONFIG, key=key, kind=kind_of(config[key]))
    config, odd = _set_odd_aside(config, CONFIG)
    metrics = []
    for n, row in _read_metrics(path / METRICS) if (path / METRICS).is_file() else []:
        row, odd_here = _set_odd_aside(row, METRICS, n)
        metrics.append(row)
        odd += odd_here
    results = None
    if (path / RESULTS).is_file():
        results, odd_here = _set_odd_aside(_read_json(path / RESULTS, "results", dict, Sentence(QT_TRANSLATE_NOOP(
            "CoreMessage", "the run's results"))), RESULTS, numbers=RESULT_NUMBERS)
        odd += odd_here
    record = RunRecord(path=path, config=config, metrics=metrics, results=results, odd=odd)
    if record.results is None or record.results.get("status") not in FINAL_STATUSES:
        writer: Any = None
        if (path / WRITER).is_file():
            with contextlib.suppress(UserError):
                writer = _read_json(path / WRITER, "writer", dict,
                                    Sentence(QT_TRANSLATE_NOOP("CoreMessage", "the writing process")))
        record.unfinished = writer_state(writer)
    return record


@dataclass
class RunScan:
    """A runs folder read back: its readable runs (newest first) and one sentence per damaged folder
    or file in it."""

    runs: list[RunRecord]
    problems: list[str]


def _looks_like_run(folder: Path) -> bool:
    return any((folder / name).exists() for name in RUN_FILES)


def scan_runs(parent: Path | None = None, *, check_checkpoints: bool = True) -> RunScan:
    """Every run under ``parent`` (default: the runs folder), newest first, opened: a damaged run folder is
    left out and named in ``problems``; with ``check_checkpoints`` (which loads torch and reads each
    checkpoint's header, ~12 ms a run) a run whose checkpoint.pt cannot be used is kept (its curves
    still open) and named too. A missing runs folder has no runs; a file or an unreadable folder in
    its place raises ``UserError``."""
    parent = Path(parent).expanduser() if parent else runs_dir()
    if not parent.exists():
        return RunScan([], [])
    _check_parent(parent)
    try:
        folders = sorted((p for p in parent.iterdir() if p.is_dir()), reverse=True)
    except OSError as e:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The runs folder {folder} cannot be read ({reason})."),
                        folder=parent, reason=(e.strerror or 'the system refused it').lower()) from None
    runs, problems = [], []
    for p in folders:
        try:
            if not _looks_like_run(p):
                continue
            if not (p / CONFIG).is_file():
                problems.append(f"The run folder {p} has no {CONFIG}, so it cannot be opened.")
                continue
            record = load_run(p)
        except UserError as e:
            problems.append(str(e))
            continue
        except OSError as e:  # a folder we may not look into
            problems.append(f"The run folder {p} cannot be read ({(e.strerror or 'the system refused it').lower()}).")
            continue
        problem = record.checkpoint_problem() if check_checkpoints else None
        if problem is not None:
            problems.append(problem)
        if record.odd_problem is not None:
            problems.append(record.odd_problem)
        runs.append(record)
    return RunScan(runs, problems)


def list_runs(parent: Path | None = None) -> list[RunRecord]:
    """Every readable run under ``parent`` (default: the runs folder), newest first; see :func:`scan_runs`
    for the damaged ones."""
    return scan_runs(parent, check_checkpoints=False).runs
