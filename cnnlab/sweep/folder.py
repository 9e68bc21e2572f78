"""A sweep's folder, ``<runs folder>/sweeps/<name>/``: ``manifest.json`` (the sweep's spec and every trial: its
configuration, settings, seed, run folder and state), ``study.journal`` (the Optuna study, so an interrupted
sweep resumes its search) and, while a process runs the sweep, that process's ``.claim``.

The trials themselves are ordinary run folders in the runs folder, each tagged with a ``sweep.json``
(:data:`cnnlab.runs.store.SWEEP_TAG`), so the runs index groups them under their sweep and a rebuilt index
keeps that. The manifest is written through a temp file, like every run file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cnnlab import strict_json
from cnnlab.engine.atomic import write_atomically
from cnnlab.errors import StorageError, UserError, kind_of, write_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.paths import runs_dir
from cnnlab.runs.claim import FolderBusy, claim, release
from cnnlab.runs.store import SWEEP_TAG
from cnnlab.sweep.spec import SweepError, SweepSpec, parse_sweep

SWEEPS = "sweeps"  # the sweeps' folders, inside the runs folder (no run files: the runs index passes it by)
MANIFEST = "manifest.json"
JOURNAL = "study.journal"  # optuna's JournalStorage file
RUNNING, COMPLETED, PRUNED, FAILED, INTERRUPTED = "running", "completed", "pruned", "failed", "interrupted"
FINAL = (COMPLETED, PRUNED, FAILED)  # a trial in one of these is never trained again; an interrupted one is


@dataclass
class TrialRecord:
    """One trial as the manifest keeps it."""

    number: int  # optuna's trial number
    config: str  # the configuration it trains ("t3": the trial that first tried it; "first1": the file's first)
    settings: dict[str, Any]  # the varied settings but the seed
    seed: int
    run: str = ""  # the run folder's name in the runs folder; "" before it has one
    state: str = RUNNING  # running, completed, pruned, failed or interrupted
    test_acc: float | None = None
    epochs_done: int = 0
    message: str = ""  # why it failed or was stopped, one sentence; "" when it completed
    node: str = ""  # the Ray node it ended on ("" for a local worker)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrialRecord:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class Manifest:
    """What ``manifest.json`` holds."""

    name: str
    spec: dict[str, Any]  # SweepSpec.to_dict()
    trials: dict[int, TrialRecord] = field(default_factory=dict)
    threads: int | None = None  # every local trial's CPU thread count, fixed when the sweep first started

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "spec": self.spec, "threads": self.threads,
                "trials": [asdict(self.trials[n]) for n in sorted(self.trials)]}


def sweeps_dir(parent: Path | None = None) -> Path:
    """Where the sweeps' folders are: ``<runs folder>/sweeps``."""
    return (Path(parent).expanduser() if parent is not None else runs_dir()) / SWEEPS


def list_sweeps(parent: Path | None = None) -> list[str]:
    """The names of the sweeps in the runs folder ``parent`` (default: the usual one), sorted."""
    root = sweeps_dir(parent)
    try:
        return sorted(p.name for p in root.iterdir() if (p / MANIFEST).is_file())
    except OSError:  # no sweeps folder yet
        return []


def read_manifest(root: Path) -> Manifest:
    """The manifest of the sweep folder ``root``; a damaged one raises ``UserError`` naming it."""
    path = root / MANIFEST
    try:
        data = strict_json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "There is no sweep {name} in {folder}."),
                        name=root.name, folder=root.parent) from None
    except (OSError, ValueError, RecursionError):
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The sweep's manifest {path} is damaged: it is not the "
                                                         "JSON a sweep writes."), path=path) from None
    trials = data.get("trials") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("spec"), dict) or not isinstance(trials, list) \
            or not all(isinstance(t, dict) and isinstance(t.get("number"), int) for t in trials):
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The sweep's manifest {path} is damaged: it holds {kind}, "
                                                         "not a sweep's spec and trials."), path=path,
                        kind=kind_of(data))
    try:
        records = {t["number"]: TrialRecord.from_dict(t) for t in trials}
    except TypeError:  # a trial without its settings or seed
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The sweep's manifest {path} is damaged: it holds {kind}, "
                                                         "not a sweep's spec and trials."), path=path,
                        kind=kind_of(trials)) from None
    threads = data.get("threads")
    return Manifest(str(data.get("name", root.name)), data["spec"], records,
                    threads if isinstance(threads, int) and not isinstance(threads, bool) and threads >= 1 else None)


def manifest_spec(manifest: Manifest, root: Path) -> SweepSpec:
    """The spec a manifest keeps, read back."""
    return parse_sweep(manifest.spec, source=str(root / MANIFEST))


class SweepFolder:
    """One sweep's folder, claimed by this process while it runs the sweep."""

    def __init__(self, root: Path, manifest: Manifest) -> None:
        self.root = root
        self.runs = root.parent.parent  # the runs folder the trials' run folders are made in
        self.manifest = manifest

    @property
    def journal(self) -> Path:
        return self.root / JOURNAL

    @classmethod
    def open(cls, spec: SweepSpec, parent: Path | None = None) -> SweepFolder:
        """The folder of ``spec``'s sweep, made or found and claimed. A sweep of that name that searches other
        trials is refused (it would mix two sweeps); one that differs only in ``trials`` or ``resources``
        continues with the new ones."""
        root = sweeps_dir(parent) / spec.name
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StorageError(QT_TRANSLATE_NOOP("CoreMessage", "{failure}, so the sweep has no folder."),
                               failure=write_failure(e, root)) from None
        try:
            claim(root)
        except FolderBusy as e:
            raise SweepError(QT_TRANSLATE_NOOP("CoreMessage", "The sweep {name} is being run by another process "
                                                              "({pid}); wait for it to end."),
                             name=spec.name, pid=e.sentence.args.get("pid", "?")) from None
        try:
            folder = cls(root, cls._manifest_for(spec, root))
            folder.save()
        except BaseException:
            release(root)
            raise
        return folder

    @staticmethod
    def _manifest_for(spec: SweepSpec, root: Path) -> Manifest:
        if not (root / MANIFEST).exists():
            return Manifest(spec.name, spec.to_dict())
        manifest = read_manifest(root)
        if not manifest_spec(manifest, root).same_search(spec):
            raise SweepError(QT_TRANSLATE_NOOP("CoreMessage", "A sweep named {name} with other settings is in "
                                                              "{folder}; give this one another name, or move that "
                                                              "folder away to start it again."),
                             name=spec.name, folder=root)
        manifest.spec = spec.to_dict()  # more trials, other resources
        return manifest

    def save(self) -> None:
        """Write the manifest (through a temp file); a failed write raises ``StorageError``."""
        path = self.root / MANIFEST
        data = strict_json.file_bytes(self.manifest.to_dict())
        try:
            write_atomically(path, lambda f: f.write(data))
        except OSError as e:
            raise StorageError(QT_TRANSLATE_NOOP("CoreMessage", "{failure}; the sweep's finished trials are kept."),
                               failure=write_failure(e, path)) from None

    def record(self, trial: TrialRecord) -> None:
        self.manifest.trials[trial.number] = trial
        self.save()

    def tag_run(self, run_dir: Path, trial: TrialRecord) -> None:
        """Mark ``run_dir`` as ``trial`` of this sweep (its ``sweep.json``)."""
        tag = {"sweep": self.manifest.name, "trial": trial.number, "config": trial.config,
               "settings": trial.settings, "seed": trial.seed}
        data = strict_json.file_bytes(tag)
        try:
            write_atomically(run_dir / SWEEP_TAG, lambda f: f.write(data))
        except OSError as e:
            raise StorageError(QT_TRANSLATE_NOOP("CoreMessage", "{failure}."),
                               failure=write_failure(e, run_dir / SWEEP_TAG)) from None

    def release(self) -> None:
        release(self.root)
