"""Fault injection through the real command line: stop signals, a kill, a race, a full disk, a busy
runs database and read-only folders, each case a ``python -m cnnlab ...`` subprocess on a fresh temp folder.

Every case checks its outcome from outside cnnlab:

* the exit code (2 a mistake in what was asked, 3 a fault of the machine, 130 interrupted, 0 done);
* stderr: no ``Traceback``, no Python class name (``OSError``, ``KeyboardInterrupt``...) and, for a
  failed command, exactly one ``cnnlab: ...`` line, the last one, holding one sentence that says what
  the case expects ("The disk is full", "already holds a run", "is busy", ...);
* no ``*.tmp`` and no ``.claim`` left anywhere under the case's folder once the case is over;
* nothing saved before is lost: every epoch the run printed is in its checkpoint (read with
  ``torch.load(weights_only=True)``, not with cnnlab) and the run is listed by ``cnnlab runs --parent X
  --json``; a continued run (``cnnlab train --resume``) ends completed with ``metrics.jsonl`` holding
  epochs 1..N, each once.

The stop signals (SIGTERM, SIGINT, SIGHUP) reach ``cnnlab train --epochs 500 --train-limit 200`` at
five moments: at the start (as soon as the command's signal handlers are in place, /proc/PID/status
SigCgt, while torch is still importing), as the run folder is claimed (``strace`` makes the system call
that creates ``.claim`` return 2 s late, so the signal lands inside the claim; skipped without strace),
while the data loads (the cold data folder's cache folder has appeared: the shapes set is being saved),
mid-epoch (after the first "epoch 1/500" line) and twice mid-epoch (the second once the first's
"stopping" line is out). A signal in the first ~50 ms, before the command's own handlers exist, is
outside what this table can time.

The full-disk cases mount a 400 kB tmpfs (root only; else the rows say "skipped"); the read-only
cases run the command as uid 65534 (``setpriv``) when this script runs as root, since chmod does not
stop root's writes. Prints the table and a summary line, writes it to results/faults.md
(results/faults-quick.md with --quick) and exits 1 when a case fails.

    .venv/bin/python benchmarks/faults.py                 # 24 cases, 5 to 10 minutes on two shared cores
    .venv/bin/python benchmarks/faults.py --quick         # 11: SIGTERM only, fewer of the other kinds
    .venv/bin/python benchmarks/faults.py --only SIGKILL  # the cases whose key holds the text; no file written
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import markdown_table

ROOT = Path(__file__).resolve().parents[1]  # the checkout: the children import its cnnlab
RESULTS = Path(__file__).resolve().parent / "results" / "faults.md"
LONG_RUN = ("--epochs", "500", "--train-limit", "200")  # a minute or more of epochs: every fault lands mid-run
SHORT_RUN = ("--epochs", "2", "--train-limit", "200")  # a whole run in a few seconds
WAIT_S = 240.0  # longest one command may take on a shared two-core machine before it counts as hung
NOBODY = 65534  # uid and gid of the unprivileged user the read-only cases run as under root
TMPFS_SIZE = "400k"  # holds epoch 1's checkpoint (~260 kB) and its epoch copy (~85 kB), not epoch 2's as well
EXIT_USER, EXIT_MACHINE, EXIT_INTERRUPTED = 2, 3, 130  # `python -m cnnlab --help`
STOP_SIGNALS = ("SIGTERM", "SIGINT", "SIGHUP")
MOMENTS = ("start", "claim", "data", "epoch", "twice")
CLASS_NAME = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:Error|Exception|Interrupt|Warning)\b|\bErrno\b|<class ")
EPOCH_LINE = re.compile(r"^epoch (\d+)/(\d+) ")
STOPPING_LINE = re.compile(r"stopping after this batch")
CHECKPOINT = "checkpoint.pt"


def delayed_claim(claim: Path) -> list[str]:
    """strace making each ``openat`` of ``claim`` (its creation first) return 2 s late, tracing nothing else."""
    return ["strace", "-f", "-qq", "-o", os.devnull, "-P", str(claim), "-e", "trace=openat",
            "-e", "inject=openat:delay_exit=2000000"]


# ---------------------------------------------------------------- one case's record

@dataclass
class Row:
    """One line of the table: what ran, its exit codes, what was seen and what went wrong."""

    case: str
    exits: list[str] = field(default_factory=list)  # each command's exit code, in order
    seen: list[str] = field(default_factory=list)  # short facts: "epoch 3 printed", "resume to 5"
    problems: list[str] = field(default_factory=list)  # each failed check, one phrase
    tracebacks: int = 0
    leftovers: int = 0  # *.tmp and .claim files found after the case
    lost: int = 0  # runs whose saved epochs are gone
    skipped: str = ""  # why the case cannot run on this machine

    @property
    def ok(self) -> bool:
        return not self.problems

    def cells(self) -> list[str]:
        outcome = f"skipped: {self.skipped}" if self.skipped else "; ".join(self.seen + self.problems)
        mark = "skipped" if self.skipped else ("ok" if self.ok else "**FAIL**")
        return [self.case, " → ".join(self.exits) or "-", outcome.replace("|", "/"), mark]


@dataclass
class Done:
    """A finished command."""

    rc: int
    stdout: str
    stderr: str


def exit_text(rc: int) -> str:
    return f"killed ({signal.Signals(-rc).name})" if rc < 0 else str(rc)


# ---------------------------------------------------------------- a command running in the background

class Spawned:
    """``python -m cnnlab ...`` in the background, its stderr lines collected as they come."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                     cwd=ROOT)
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._out: list[str] = []
        self._readers = [threading.Thread(target=self._read_err, daemon=True),
                         threading.Thread(target=self._read_out, daemon=True)]
        for t in self._readers:
            t.start()

    def _read_err(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def _read_out(self) -> None:
        assert self.proc.stdout is not None
        self._out.extend(self.proc.stdout)

    def wait_line(self, pattern: re.Pattern[str], timeout: float = WAIT_S) -> str | None:
        """The first stderr line matching ``pattern``; None when the command ended or ``timeout`` passed first."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                hit = next((line for line in self.lines if pattern.search(line)), None)
                if hit is not None or not self._readers[0].is_alive() or time.monotonic() > deadline:
                    return hit
                self._changed.wait(0.1)

    def wait_until(self, ready: Callable[[], bool], timeout: float = WAIT_S) -> bool:
        """Poll ``ready`` every few milliseconds while the command lives."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            if ready():
                return True
            time.sleep(0.002)  # a poll of /proc or a file: no event to wait on
        return False

    def child(self) -> int | None:
        """The process this one (strace) started: the one to signal."""
        pid = self.proc.pid
        try:
            kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return None
        return int(kids[0]) if kids else None

    def send(self, sig: signal.Signals) -> bool:
        """Send ``sig``; False when the command had already ended."""
        if self.proc.poll() is not None:
            return False
        self.proc.send_signal(sig)
        return True

    def finish(self, timeout: float = WAIT_S) -> Done:
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for t in self._readers:
            t.join()
        return Done(self.proc.returncode, "".join(self._out), "\n".join(self.lines))


def handlers_in_place(pid: int) -> bool:
    """The command's own stop handlers are installed: SIGHUP (which Python leaves alone) is caught."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    mask = next((int(line.split()[1], 16) for line in status.splitlines() if line.startswith("SigCgt:")), 0)
    return bool(mask & (1 << (signal.SIGHUP - 1)))


# ---------------------------------------------------------------- independent reading of a run folder

def checkpoint_epochs(path: Path) -> int | None:
    """Epochs finished in a checkpoint, read with torch alone; None when it is missing or unloadable."""
    import torch

    try:
        data = torch.load(path, map_location="cpu", weights_only=True)
        weights = data["state_dict"]
        if not weights or not all(torch.isfinite(w).all() for w in weights.values() if w.is_floating_point()):
            return None
        return int(data["training"]["epochs_done"])
    except Exception:  # any failure to load is the finding: a damaged or half-written file
        return None


def metrics_epochs(run: Path) -> list[int]:
    try:
        text = (run / "metrics.jsonl").read_text(encoding="utf-8")
    except OSError:
        return []
    return [int(json.loads(line)["epoch"]) for line in text.splitlines() if line.strip()]


def leftovers(folder: Path) -> list[Path]:
    """Temporary files (``x.tmp``, ``x.123.tmp.npz``) and claims under ``folder``."""
    return sorted(p for p in folder.rglob("*") if p.name.endswith(".tmp") or ".tmp." in p.name or p.name == ".claim")


def usable_as(uid: int, probe: Path) -> bool:
    """Whether ``uid`` may run Python here and is refused a write into ``probe`` (a chmod 555 folder)."""
    runs = subprocess.run([*as_user(uid), sys.executable, "-c", "import torch"], capture_output=True, check=False,
                          cwd=ROOT)
    touched = subprocess.run([*as_user(uid), "touch", str(probe / "probe")], capture_output=True, check=False)
    return runs.returncode == 0 and touched.returncode != 0


def as_user(uid: int | None) -> list[str]:
    if uid is None:
        return []
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]


# ---------------------------------------------------------------- one case's folder and commands

class Lab:
    """A case's fresh folder (its own data and runs folders) and the checks every command gets."""

    def __init__(self, top: Path, name: str, shapes_cache: Path | None) -> None:
        self.row = Row(name)
        self.dir = Path(tempfile.mkdtemp(prefix="case-", dir=top))
        self.runs = self.dir / "runs"
        self.data = self.dir / "data"
        self.runs.mkdir()
        if shapes_cache is not None:  # a warm data folder: the generated shapes set is read, not made again
            (self.data / "cache").mkdir(parents=True)
            shutil.copy2(shapes_cache, self.data / "cache" / shapes_cache.name)
        self.env = {**os.environ, "CNNLAB_DATA": str(self.data), "CNNLAB_RUNS": str(self.runs),
                    "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}

    def argv(self, *args: object) -> list[str]:
        return [sys.executable, "-m", "cnnlab", *(str(a) for a in args)]

    def spawn(self, *args: object) -> Spawned:
        return Spawned(self.argv(*args), self.env)

    def cli(self, *args: object, expect: int, says: str = "", notices: bool = False, uid: int | None = None) -> Done:
        """Run one command to its end and check its exit code and stderr (``says``: in its sentence)."""
        argv = [*as_user(uid), *self.argv(*args)]
        try:
            p = subprocess.run(argv, capture_output=True, text=True, env=self.env, cwd=ROOT, timeout=WAIT_S,
                               check=False)
            done = Done(p.returncode, p.stdout, p.stderr)
        except subprocess.TimeoutExpired:
            done = Done(-signal.SIGKILL, "", "")
            self.fail(f"`cnnlab {args[0]}` hung")
        self.check(done, expect=expect, says=says, notices=notices, what=str(args[0]))
        return done

    def check(self, done: Done, *, expect: int, says: str = "", notices: bool = False, what: str = "") -> None:
        self.row.exits.append(exit_text(done.rc))
        name = f"`cnnlab {what}`" if what else "the command"
        if done.rc != expect:
            said_last = next((ln for ln in reversed(done.stderr.splitlines()) if ln.startswith("cnnlab:")), "")
            self.fail(f"{name} exited {exit_text(done.rc)}, not {expect}" + (f" ({said_last!r})" if said_last else ""))
        if "Traceback" in done.stderr:
            self.row.tracebacks += done.stderr.count("Traceback")
            self.fail(f"{name} printed a traceback")
        names = sorted({m.group(0) for m in CLASS_NAME.finditer(done.stderr)})
        if names:
            self.fail(f"{name} named {', '.join(names)}")
        said = [line for line in done.stderr.splitlines() if line.startswith("cnnlab:")]
        if done.rc == 0:
            if said and not notices:
                self.fail(f"{name} succeeded but said {said[0]!r}")
            return
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        if len(said) != 1 or last != said[0]:
            self.fail(f"{name} ended with {len(said)} `cnnlab:` lines, not one last")
            return
        sentence = said[0].removeprefix("cnnlab: ")
        if not sentence.endswith(".") or re.search(r"[.!?] [A-Z]", sentence):
            self.fail(f"{name} said more or less than one sentence: {sentence!r}")
        if says and says not in sentence:
            self.fail(f"{name} did not say {says!r}: {sentence!r}")

    def fail(self, problem: str) -> None:
        self.row.problems.append(problem)

    def see(self, fact: str) -> None:
        self.row.seen.append(fact)

    def listed(self, run: Path, *, notices: bool = False) -> dict[str, Any] | None:
        """``run`` as ``cnnlab runs --parent <its parent> --json`` lists it; None when it is not listed."""
        done = self.cli("runs", "--parent", run.parent, "--json", expect=0, notices=notices)
        try:
            rows = json.loads(done.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            self.fail("`cnnlab runs --json` printed no JSON list")
            return None
        return next((r for r in rows if Path(r["run_dir"]) == run), None)

    def kept(self, run: Path, printed: int, *, notices: bool = False) -> int | None:
        """Check that the ``printed`` epochs survived in ``run`` (checkpoint and listing); the epochs listed."""
        if printed == 0 and not (run / CHECKPOINT).exists():
            return None
        saved = checkpoint_epochs(run / CHECKPOINT)
        row = self.listed(run, notices=notices)
        if saved is None or saved < printed or row is None or row["epochs"] < printed:
            self.row.lost += 1
            self.fail(f"run lost: {printed} epoch(s) printed, checkpoint has {saved}, listed "
                      f"{'no run' if row is None else row['epochs']}")
            return None
        self.see(f"epoch {printed} printed, {saved} in checkpoint, listed {row['status']}")
        return int(row["epochs"])

    def complete(self, run: Path, total: int) -> None:
        """``run`` has ended completed with epochs 1..``total``, each once, and lists so."""
        epochs = metrics_epochs(run)
        saved = checkpoint_epochs(run / CHECKPOINT)
        try:
            status = json.loads((run / "results.json").read_text(encoding="utf-8")).get("status")
        except (OSError, ValueError):
            status = None
        row = self.listed(run)
        if epochs != list(range(1, total + 1)) or saved != total or status != "completed":
            self.fail(f"not a whole run: metrics epochs {epochs[:3]}…{epochs[-2:]} ({len(epochs)} lines), "
                      f"checkpoint {saved}, status {status}")
        elif row is None or row["status"] != "completed" or row["epochs"] != total:
            self.fail(f"`cnnlab runs` lists it as {row and (row['status'], row['epochs'])}")

    def continue_or_reuse(self, run: Path, epochs_listed: int | None, said: str) -> None:
        """After a fault: a run with a checkpoint continues to the end; a folder without one must not be a
        dead end (a new run may use it); a sentence that points to --resume needs a checkpoint."""
        has_checkpoint = (run / CHECKPOINT).is_file()
        if "--resume" in said and not has_checkpoint:
            self.fail("the sentence says to resume, but the folder holds no checkpoint")
        if has_checkpoint and epochs_listed is not None:
            total = epochs_listed + 2
            self.cli("train", "--resume", run, "--epochs", total, "--quiet", expect=0)
            self.complete(run, total)
            self.see(f"resumed to {total}")
        elif run.exists():
            files = ", ".join(sorted(p.name for p in run.iterdir())) or "empty"
            self.see(f"folder left without a checkpoint ({files})")
            if self.cli("train", "--out", run, *SHORT_RUN, "--quiet", expect=0).rc == 0:
                self.complete(run, 2)
                self.see("a new run trained into it")
        else:
            self.see("no run folder made")

    def nothing_left(self, when: str) -> None:
        """No temporary file or claim is left now (before a next command would clear them)."""
        found = leftovers(self.dir)
        if found:
            self.row.leftovers += len(found)
            self.fail(f"left {', '.join(str(p.relative_to(self.dir)) for p in found)} after {when}")

    def finish(self) -> Row:
        found = leftovers(self.dir)
        if found:
            self.row.leftovers += len(found)
            self.fail(f"left {', '.join(str(p.relative_to(self.dir)) for p in found)}")
        return self.row


def sentence_of(done: Done) -> str:
    said = [line for line in done.stderr.splitlines() if line.startswith("cnnlab:")]
    return said[-1] if said else ""


def last_epoch(lines: list[str]) -> int:
    return max((int(m.group(1)) for line in lines if (m := EPOCH_LINE.match(line))), default=0)


# ---------------------------------------------------------------- the cases

def stop_signal(top: Path, cache: Path, name: str, moment: str) -> Row:
    """``name`` sent to a long ``cnnlab train`` at ``moment``; then it continues or its folder is reused."""
    titles = {"start": "at the start (imports running)", "claim": "as the run folder is claimed",
              "data": "while the data loads", "epoch": "mid-epoch", "twice": "twice mid-epoch"}
    lab = Lab(top, f"{name} {titles[moment]}", None if moment == "data" else cache)
    sig = signal.Signals[name]
    run = lab.runs / "run"
    if moment == "claim":
        if shutil.which("strace") is None:
            lab.row.skipped = "strace is missing"
            return lab.row
        # the system call that creates the claim returns 2 s late: the signal lands inside claim()
        run.mkdir()  # an empty --out folder is allowed; strace -P wants the path's folder to exist
        p = Spawned([*delayed_claim(run / ".claim"), *lab.argv("train", *LONG_RUN, "--out", run)], lab.env)
        ready = p.wait_until((run / ".claim").exists)
        target = p.child() if ready else None
        if target is None:
            lab.row.skipped = "strace cannot trace here"
            p.proc.kill()
            p.finish()
            return lab.row
    else:
        p = lab.spawn("train", *LONG_RUN, "--out", run)
        target = None
    if moment == "start":
        ready = p.wait_until(lambda: handlers_in_place(p.proc.pid))
    elif moment == "data":  # the cold data folder's cache folder is made as the generated set is saved
        ready = p.wait_until((lab.data / "cache").exists)
    elif moment in ("epoch", "twice"):
        ready = p.wait_line(EPOCH_LINE) is not None
    if not ready:
        lab.fail(f"the moment never came ({moment})")
    if moment == "claim":
        assert target is not None
        os.kill(target, sig)
        sent = True
    else:
        sent = p.send(sig)
    if moment == "data":
        lab.see("before the first epoch" if last_epoch(p.lines) == 0 else "too late: an epoch had ended")
    if moment == "twice":
        second = p.wait_line(STOPPING_LINE, timeout=30) is not None and p.send(sig)
        lab.see("second signal after its \"stopping\" line" if second else "the run ended before the second signal")
    done = p.finish()
    if not sent:
        lab.fail("it had ended before the signal")
    lab.check(done, expect=EXIT_INTERRUPTED, says=f"Interrupted by {name}", what="train")
    lab.nothing_left(f"exiting {exit_text(done.rc)}")
    printed = last_epoch(p.lines)
    listed = lab.kept(run, printed)
    lab.continue_or_reuse(run, listed, sentence_of(done))
    return lab.finish()


def sigkill(top: Path, cache: Path) -> Row:
    """SIGKILL mid-run: the folder refuses a new run, lists as interrupted, and continues."""
    lab = Lab(top, "SIGKILL mid-run, then train --out again, then --resume", cache)
    run = lab.runs / "run"
    p = lab.spawn("train", *LONG_RUN, "--out", run)
    if p.wait_line(re.compile(r"^epoch 2/")) is None:
        lab.fail("epoch 2 never came")
    p.send(signal.SIGKILL)
    done = p.finish()
    lab.row.exits.append(exit_text(done.rc))
    printed = last_epoch(p.lines)
    lab.see(f"stale claim {'left' if (run / '.claim').exists() else 'gone'}")
    planted = run / f"{CHECKPOINT}.tmp"  # what a kill during a checkpoint write leaves
    planted.write_bytes(b"half a checkpoint")
    listed = lab.kept(run, printed)
    before = checkpoint_epochs(run / CHECKPOINT)
    lab.cli("train", "--out", run, *SHORT_RUN, "--quiet", expect=EXIT_USER, says="already holds a run")
    if checkpoint_epochs(run / CHECKPOINT) != before:
        lab.fail("the refused run changed the checkpoint")
    lab.continue_or_reuse(run, listed, "")
    return lab.finish()


def race(top: Path, cache: Path) -> Row:
    """Two ``cnnlab train --out X`` started together: one trains, the other is refused; X holds one run."""
    lab = Lab(top, "two trains into one --out at once", cache)
    run = lab.runs / "run"
    both = [lab.spawn("train", *SHORT_RUN, "--quiet", "--out", run) for _ in range(2)]
    winner, loser = sorted((p.finish() for p in both), key=lambda d: d.rc)
    lab.check(winner, expect=0, what="train")
    lab.check(loser, expect=EXIT_USER, what="train")
    said = sentence_of(loser)
    lab.see("the other: in use by another run" if "in use by another run" in said else
            "the other: already holds a run" if "already holds a run" in said else f"the other: {said!r}")
    lab.complete(run, 2)
    return lab.finish()


@contextlib.contextmanager
def small_disk(lab: Lab) -> Iterator[Path | None]:
    """A 400 kB tmpfs in the case's folder; None when it cannot be mounted here."""
    disk = lab.dir / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        yield None
        return
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "tmpfs", str(disk)],
                             capture_output=True, check=False).returncode == 0
    try:
        yield disk if mounted else None
    finally:
        if mounted:
            subprocess.run(["umount", str(disk)], check=False)


def fill(disk: Path) -> None:
    """Write a file until the disk refuses another byte."""
    with open(disk / "filler", "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError as e:
            if e.errno != errno.ENOSPC:
                raise
    with contextlib.suppress(OSError), open(disk / "filler", "ab", buffering=0) as f:
        while True:  # the last partial page
            f.write(b"\0")


def full_disk_train(top: Path, cache: Path) -> Row:
    lab = Lab(top, "full disk: train --out", cache)
    with small_disk(lab) as disk:
        if disk is None:
            lab.row.skipped = "cannot mount tmpfs"
            return lab.row
        run = disk / "run"
        lab.cli("train", *LONG_RUN, "--quiet", "--out", run, expect=EXIT_MACHINE, says="The disk is full")
        saved = checkpoint_epochs(run / CHECKPOINT)
        if saved is None or saved < 1:
            lab.row.lost += 1
            lab.fail(f"epoch 1's checkpoint is gone ({saved})")
        else:
            lab.see(f"checkpoint of epoch {saved} kept")
        row = lab.listed(run, notices=True)
        if row is None:
            lab.row.lost += 1
            lab.fail("`cnnlab runs --parent DISK` does not list the run")
        else:
            lab.see(f"listed {row['status']} with {row['epochs']} epoch(s)")
        return lab.finish()  # the disk is inside the case's folder: its leftovers are counted there


def full_disk_cache(top: Path) -> Row:
    """The data folder on a full disk: the generated shapes set (4.7 MB) cannot be cached; training goes on."""
    lab = Lab(top, "full disk: the data folder's cache", None)
    with small_disk(lab) as disk:
        if disk is None:
            lab.row.skipped = "cannot mount tmpfs"
            return lab.row
        lab.env["CNNLAB_DATA"] = str(disk / "data")
        run = lab.runs / "run"
        lab.cli("train", *SHORT_RUN, "--quiet", "--out", run, expect=0)
        lab.complete(run, 2)
        found = leftovers(disk)  # counted by finish(), the disk being inside the case's folder
        lab.see(f"the disk holds {', '.join(f'{p.name} ({p.stat().st_size} bytes)' for p in found) or 'nothing'}")
        return lab.finish()


def full_disk_output(top: Path, cache: Path, ref: Path, image: Path, command: str) -> Row:
    """``cnnlab explain --out`` or ``cnnlab export --onnx`` onto a full disk: no file at all is left."""
    lab = Lab(top, f"full disk: {command}", cache)
    with small_disk(lab) as disk:
        if disk is None:
            lab.row.skipped = "cannot mount tmpfs"
            return lab.row
        fill(disk)
        target = disk / ("map.png" if command.startswith("explain") else "model.onnx")
        if command.startswith("explain"):
            lab.cli("explain", "--checkpoint", ref / CHECKPOINT, "--image", image, "--out", target,
                    expect=EXIT_MACHINE, says="The disk is full")
        else:
            lab.cli("export", ref, "--onnx", target, expect=EXIT_MACHINE, says="The disk is full")
        others = sorted(p.name for p in disk.iterdir() if p.name != "filler")
        if others:
            lab.fail(f"left {', '.join(others)} ({', '.join(str((disk / n).stat().st_size) for n in others)} bytes)")
        else:
            lab.see("no file left")
        return lab.finish()


def busy_index(top: Path, cache: Path, ref: Path) -> Row:
    """``cnnlab runs`` while another process holds BEGIN EXCLUSIVE on runs.sqlite."""
    lab = Lab(top, "runs while runs.sqlite is held (BEGIN EXCLUSIVE)", cache)
    run = lab.runs / "run"
    shutil.copytree(ref, run)
    if lab.listed(run) is None:
        lab.fail("the run is not listed before the lock")
    index = lab.runs / "runs.sqlite"
    holder = sqlite3.connect(index, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE runs SET note = ? WHERE folder = ?", ("held", run.name))
        lab.cli("runs", "--parent", lab.runs, expect=EXIT_MACHINE, says="is busy")
        holder.execute("COMMIT")
    except sqlite3.Error as e:
        lab.fail(f"the holder's transaction failed: {e}")
    finally:
        holder.close()
    with contextlib.closing(sqlite3.connect(index)) as check:
        notes = check.execute("SELECT note FROM runs WHERE folder = ?", (run.name,)).fetchall()
    if notes != [("held",)]:
        lab.fail(f"the holder's commit is not there ({notes})")
    else:
        lab.see("the holder's commit is kept")
    if lab.listed(run) is None:
        lab.row.lost += 1
        lab.fail("the run is not listed after the lock")
    return lab.finish()


def read_only(top: Path, cache: Path, ref: Path, image: Path, command: str) -> Row:
    """``cnnlab export --onnx`` or ``explain --out`` into a chmod 555 folder, as a user that chmod stops."""
    lab = Lab(top, f"read-only folder: {command}", cache)
    folder = lab.dir / "read-only"
    folder.mkdir()
    uid = None
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            lab.row.skipped = "running as root and setpriv is missing, so chmod 555 would not stop the writes"
            return lab.row
        uid = NOBODY
        for p in (top, lab.dir, lab.data, lab.runs):
            p.mkdir(exist_ok=True)
            p.chmod(0o755)
        home = lab.dir / "home"  # its data folder and home are its own, as a user's are (matplotlib's cache)
        home.mkdir()
        for p in (lab.data, home):
            os.chown(p, NOBODY, NOBODY)
        lab.env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"))
    folder.chmod(0o555)
    if uid is not None and not usable_as(uid, folder):
        lab.row.skipped = f"uid {uid} cannot run Python here, or chmod 555 does not stop its writes"
        return lab.row
    if uid is None and os.access(folder, os.W_OK):
        lab.row.skipped = "chmod 555 does not stop this user's writes"
        return lab.row
    target = folder / ("map.png" if command.startswith("explain") else "model.onnx")
    if command.startswith("explain"):
        lab.cli("explain", "--checkpoint", ref / CHECKPOINT, "--image", image, "--out", target, uid=uid,
                expect=EXIT_MACHINE, says="read-only")
    else:
        lab.cli("export", ref, "--onnx", target, uid=uid, expect=EXIT_MACHINE, says="read-only")
    left = sorted(p.name for p in folder.iterdir())
    if left:
        lab.fail(f"left {', '.join(left)}")
    else:
        lab.see(f"nothing written{' (as uid 65534)' if uid else ''}")
    folder.chmod(0o755)
    return lab.finish()


# ---------------------------------------------------------------- the table

def prepare(top: Path) -> tuple[Path, Path, Path]:
    """A reference run (2 epochs, a normal folder), the generated shapes cache it made, and an image file."""
    from PIL import Image

    ref = top / "reference"
    env = {**os.environ, "CNNLAB_DATA": str(top / "data"), "CNNLAB_RUNS": str(top / "runs"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "cnnlab", "train", *SHORT_RUN, "--quiet", "--out", str(ref)],
                          capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the reference run failed: {done.stderr.strip()}")
    cache = next((top / "data" / "cache").glob("shapes*.npz"))
    image = top / "image.png"
    Image.new("RGB", (32, 32), (200, 30, 30)).save(image)
    for p in ref.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    return ref, cache, image


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="SIGTERM only; one case of each other kind")
    parser.add_argument("--only", help="run the cases whose title contains this text")
    parser.add_argument("--out", default=None, help="markdown file to write (default: results/faults.md, "
                        "faults-quick.md with --quick; none with --only)")
    args = parser.parse_args()
    t0 = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="cnnlab-faults-") as tmp:
        top = Path(tmp)
        ref, cache, image = prepare(top)
        cases: list[tuple[str, bool, Callable[[], Row]]] = [  # (key for --only, in --quick, the case)
            (f"{name} {moment}", name == "SIGTERM", partial(stop_signal, top, cache, name, moment))
            for name in STOP_SIGNALS for moment in MOMENTS]
        cases += [
            ("SIGKILL", True, partial(sigkill, top, cache)),
            ("two trains", True, partial(race, top, cache)),
            ("full disk: train", True, partial(full_disk_train, top, cache)),
            ("full disk: cache", False, partial(full_disk_cache, top)),
            ("full disk: explain", True, partial(full_disk_output, top, cache, ref, image, "explain --out")),
            ("full disk: export", False, partial(full_disk_output, top, cache, ref, image, "export --onnx")),
            ("runs.sqlite busy", True, partial(busy_index, top, cache, ref)),
            ("read-only: export", True, partial(read_only, top, cache, ref, image, "export --onnx")),
            ("read-only: explain", False, partial(read_only, top, cache, ref, image, "explain --out")),
        ]
        for key, quick, run_case in cases:
            if (args.quick and not quick) or (args.only and args.only.lower() not in key.lower()):
                continue
            row = run_case()
            rows.append(row)
            print(" | ".join(row.cells()), flush=True)
    header = ["case", "exit", "outcome", "ok?"]
    table = markdown_table(header, [r.cells() for r in rows])
    ran = [r for r in rows if not r.skipped]
    summary = (f"{len(rows)} cases: {sum(r.ok for r in ran)} ok, {sum(not r.ok for r in ran)} failed, "
               f"{len(rows) - len(ran)} skipped, {sum(r.tracebacks for r in rows)} tracebacks, "
               f"{sum(r.leftovers for r in rows)} tmp files, {sum(r.lost for r in rows)} lost runs")
    text = "\n".join([
        "# Fault injection through the command line",
        "",
        f"`benchmarks/faults.py{' --quick' if args.quick else ''}`, {time.perf_counter() - t0:.0f} s, "
        f"{'root' if os.geteuid() == 0 else 'not root'}. Each case runs `python -m cnnlab` in subprocesses on a "
        "fresh temp folder. \"exit\" lists each command's exit code in order (→); an interrupted or killed run is "
        "then listed with `cnnlab runs --json` and continued with `cnnlab train --resume RUN --epochs N+2` (or a "
        "new run trains into a folder left without a checkpoint). ok: the exit codes expected, one `cnnlab:` "
        "sentence and no traceback or class name on stderr, no `*.tmp` or `.claim` left, every printed epoch "
        "still in the checkpoint (torch.load) and listed.",
        "",
        table,
        "",
        summary,
        "",
        "Not in the table: a stop signal in the first ~50 ms after exec, before `cnnlab.cli.main` has installed "
        "its handlers (Python is still starting, importing `site` or `cnnlab.cli`). There SIGINT gives Python's "
        "KeyboardInterrupt traceback and SIGTERM or SIGHUP end the process silently (exit -15, -1); nothing has "
        "been written yet, so nothing is lost. No moment inside that window can be hit reliably from outside.",
        "",
    ])
    print(text)
    if not args.only or args.out:
        out = Path(args.out) if args.out else RESULTS.with_name(f"faults{'-quick' if args.quick else ''}.md")
        out.write_text(text, encoding="utf-8")
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
