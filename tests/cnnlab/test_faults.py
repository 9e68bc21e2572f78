"""Faults end in one sentence and lose nothing saved: a full disk, a killed run, damaged run folders,
read-only or missing runs folders, unusual paths, and eval on the IDX folder a model was trained on."""

from __future__ import annotations

import errno
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from helpers_files import numbered_images, write_idx_set

from cnnlab.cli import main
from cnnlab.engine import Callback, Trainer
from cnnlab.engine.checkpoint import FORMAT, load_checkpoint, write_atomically
from cnnlab.engine.config import TrainConfig
from cnnlab.engine.events import EpochEnd, RunEnd
from cnnlab.errors import StorageError, UserError
from cnnlab.launch import RunPlan, build_trainer
from cnnlab.runs import load_run, scan_runs
from cnnlab.runs.claim import writer_info
from cnnlab.runs.store import WRITER

QUICK = ["--epochs", "1", "--train-limit", "300", "--quiet"]
CLASS_NAMES = ("UnpicklingError", "UnidentifiedImageError", "RuntimeError", "KeyError", "JSONDecodeError",
               "AttributeError", "ValueError", "Traceback")


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_sentence(err: str) -> str:
    """The single stderr line of a user mistake, checked for tracebacks and Python class names."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert not any(name in err for name in CLASS_NAMES), err
    assert lines[0].startswith("cnnlab: ") and lines[0].endswith("."), err
    return lines[0]


def no_tmp_files(folder: Path) -> bool:
    return not list(folder.rglob("*.tmp"))


@pytest.fixture(scope="module")
def good_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("faults") / "20260101-000000-shapes-shape-cnn"
    assert main(["train", *QUICK, "--out", str(out)]) == 0
    return out


# --- 1. a full disk ---------------------------------------------------------------------------

def _full_disk_at(monkeypatch: pytest.MonkeyPatch, call: int) -> None:
    """torch.save writes part of the file and then finds the disk full, from its ``call``-th use on."""
    real_save, calls = torch.save, []

    def save(obj: object, f: object, *args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) >= call:
            f.write(b"half a checkpoint")  # type: ignore[attr-defined]  # the stand-in writer is given a file object
            raise OSError(errno.ENOSPC, "No space left on device")
        real_save(obj, f, *args, **kwargs)  # type: ignore[arg-type]  # the patched function passes its arguments on as they came

    monkeypatch.setattr(torch, "save", save)


def test_full_disk_at_epoch_2_exits_3_and_keeps_epoch_1(capsys, monkeypatch, tmp_path):
    out = tmp_path / "run"
    _full_disk_at(monkeypatch, call=2)
    code, _, err = run_cli(capsys, "train", "--epochs", "3", "--train-limit", "300", "--quiet", "--out", str(out))
    line = one_sentence(err)
    assert code == 3
    assert line.startswith("cnnlab: The disk is full: cannot write ")
    assert f"the last finished epoch's checkpoint (epoch 1) is kept in {out / 'checkpoint.pt'}" in line
    assert no_tmp_files(out)
    monkeypatch.undo()
    record = load_run(out)
    assert [m["epoch"] for m in record.metrics] == [1]  # metrics and checkpoint describe the same epoch
    assert load_checkpoint(out / "checkpoint.pt").epoch == 1
    assert record.status == "failed" and record.results is not None
    assert record.results["message"].startswith("The disk is full") and record.results["epochs_done"] == 1


def test_full_disk_reaches_the_app_as_a_failed_run_end(monkeypatch, tmp_path):
    ends: list[RunEnd] = []

    class Recorder(Callback):
        def on_run_end(self, event: RunEnd) -> None:
            ends.append(event)

    _full_disk_at(monkeypatch, call=2)
    config = TrainConfig(dataset="shapes", epochs=3, train_limit=300)
    with pytest.raises(StorageError, match="The disk is full"):
        build_trainer(RunPlan(config, tmp_path), [Recorder()]).fit()
    assert [e.status for e in ends] == ["failed"]
    assert ends[0].message.startswith("The disk is full") and "(epoch 1) is kept in" in ends[0].message
    assert no_tmp_files(tmp_path)


def test_full_disk_before_the_first_epoch_says_nothing_was_kept(capsys, monkeypatch, tmp_path):
    _full_disk_at(monkeypatch, call=1)
    code, _, err = run_cli(capsys, "train", *QUICK, "--out", str(tmp_path / "run"))
    assert code == 3 and "no epoch had finished yet" in one_sentence(err)
    assert no_tmp_files(tmp_path)


def test_a_failed_atomic_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "results.json"
    path.write_text("old")

    def write(f: object) -> None:
        f.write(b"new, but only ha")  # type: ignore[attr-defined]  # the stand-in writer is given a file object
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        write_atomically(path, write)
    assert path.read_text() == "old" and no_tmp_files(tmp_path)


# --- 2. a killed run --------------------------------------------------------------------------

def test_a_killed_train_reads_as_interrupted(capsys, tmp_path):
    parent = tmp_path / "runs"
    out = parent / "20260101-000000-shapes-shape-cnn"
    cmd = [sys.executable, "-m", "cnnlab", "train", "--epochs", "500", "--train-limit", "200", "--out", str(out)]
    # progress goes to stderr, one line per epoch on a pipe, printed after the run folder's writer saved it
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        lines = []
        for line in proc.stderr:  # blocks until the child says something: an event, not a clock
            lines.append(line)
            if line.startswith("epoch 1/500"):
                break
        assert (out / "checkpoint.pt").is_file(), "".join(lines)  # the first epoch's checkpoint is on disk
        proc.kill()  # SIGKILL: no handler runs, nothing is tidied
    finally:
        proc.kill()
        proc.wait(timeout=60)
        if proc.stderr:
            proc.stderr.close()
    assert not (out / "results.json").exists()
    code, stdout, _ = run_cli(capsys, "runs", "--parent", str(parent), "--json")
    runs = json.loads(stdout.strip().splitlines()[-1])
    assert code == 0 and [r["status"] for r in runs] == ["interrupted"]
    record = load_run(out)
    assert record.status == "interrupted" and len(record.metrics) >= 1
    assert load_checkpoint(out / "checkpoint.pt").epoch >= 1
    code, stdout, _ = run_cli(capsys, "runs", "--parent", str(parent))
    assert "interrupted" in stdout


def test_a_killed_training_process_of_the_app_reads_as_interrupted(tmp_path):
    from cnnlab.launch.process import Job, TrainingProcess
    from cnnlab.runs.store import prepare_run_dir

    proc = TrainingProcess()
    run_dir = prepare_run_dir(str(tmp_path / "运行 killed"), "shapes", "shape-cnn")
    try:
        proc.submit(Job(RunPlan(TrainConfig(dataset="shapes", epochs=200, train_limit=300), run_dir)))
        for message in proc.messages(run_dir):
            if isinstance(message, EpochEnd):  # the writer saved the epoch before the window heard of it
                proc._process.kill()
    finally:
        proc.close()
    record = load_run(run_dir)
    assert record.status == "interrupted" and record.results is None
    assert load_checkpoint(run_dir / "checkpoint.pt").epoch >= 1
    assert [r.status for r in scan_runs(tmp_path).runs] == ["interrupted"]


def test_a_run_whose_writer_lives_reads_as_running(good_run, tmp_path):
    run = tmp_path / "run"
    shutil.copytree(good_run, run)
    (run / "results.json").unlink()
    (run / WRITER).write_text(json.dumps(writer_info()))  # this process: alive
    assert load_run(run).status == "running"
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (run / WRITER).write_text(json.dumps({**writer_info(), "pid": int(done.stdout), "started": None}))
    assert load_run(run).status == "interrupted"
    (run / "results.json").write_text(json.dumps({"status": "running"}))  # results without a final status
    assert load_run(run).status == "interrupted"


# --- 3. damaged run folders -------------------------------------------------------------------

DAMAGE = {  # case: (file, contents, what the sentence says)
    "config not JSON": ("config.json", "{not json", "damaged config.json: line 1 is not valid JSON"),
    "config a list": ("config.json", "[1, 2]", "damaged config.json: it holds a list, not the run's settings"),
    "config dataset a number": ("config.json", '{"dataset": 3, "model": "x"}', "its dataset is a number"),
    "config not text": ("config.json", b"\xff\xfe\x00bad", "damaged config.json: it is not text"),
    "results not JSON": ("results.json", '{"status": ', "damaged results.json: line 1 is not valid JSON"),
    "results text": ("results.json", '"done"', "damaged results.json: it holds text, not the run's results"),
    "metrics bad line": ("metrics.jsonl", '{"epoch": 1}\n{oops\n', "damaged metrics.jsonl: line 2 is not valid JSON"),
    "metrics a list": ("metrics.jsonl", "[1]\n", "line 1 holds a list, not one epoch's numbers"),
    "config missing": ("config.json", None, "has no config.json, so it cannot be opened"),
}


@pytest.mark.parametrize("case", list(DAMAGE))
def test_a_damaged_run_folder_is_named_and_the_others_still_list(capsys, good_run, tmp_path, case):
    parent = tmp_path / "runs"
    good, bad = parent / "20260102-000000-shapes-shape-cnn", parent / "20260103-000000-shapes-shape-cnn"
    shutil.copytree(good_run, good)
    shutil.copytree(good_run, bad)
    name, contents, fragment = DAMAGE[case]
    if contents is None:
        (bad / name).unlink()
    elif isinstance(contents, bytes):
        (bad / name).write_bytes(contents)
    else:
        (bad / name).write_text(contents)
    code, out, err = run_cli(capsys, "runs", "--parent", str(parent))
    line = one_sentence(err)
    assert code == 0 and good.name in out and bad.name not in out
    assert str(bad) in line and fragment in line
    assert load_run(good).status == "completed"  # opening the others still works
    if contents is not None:
        with pytest.raises(UserError, match="damaged") as info:
            load_run(bad)
        assert str(bad) in str(info.value)
    assert scan_runs(parent).problems == [line.removeprefix("cnnlab: ")]


def test_a_foreign_checkpoint_is_named_when_the_run_is_opened_and_its_curves_still_open(capsys, good_run, tmp_path):
    parent = tmp_path / "runs"
    run = parent / "20260102-000000-shapes-shape-cnn"
    shutil.copytree(good_run, run)
    torch.save({"weights": torch.zeros(3)}, run / "checkpoint.pt")  # another program's file
    code, out, err = run_cli(capsys, "runs", "--parent", str(parent))  # listing reads no checkpoint
    assert (code, err) == (0, "") and run.name in out
    said = f"{run / 'checkpoint.pt'} is not a cnnlab checkpoint (it was saved by another program)."
    problem = load_run(run).checkpoint_problem()  # opening the run says so
    assert problem == f"{said} The run's curves can still be opened."
    assert scan_runs(parent).problems == [problem]
    assert len(load_run(run).metrics) == 1
    code, _, err = run_cli(capsys, "report", str(run), "--out", str(tmp_path / "r.html"))  # so does using it
    assert code == 2 and one_sentence(err) == f"cnnlab: {said}"


def _checkpoint(good_run: Path) -> dict:
    return torch.load(good_run / "checkpoint.pt", weights_only=True)


def test_a_checkpoint_missing_keys_is_a_sentence(good_run, tmp_path):
    data = _checkpoint(good_run)
    del data["classes"], data["input_shape"]
    torch.save(data, tmp_path / "ck.pt")
    with pytest.raises(UserError, match=r"damaged cnnlab checkpoint: it lacks its classes, input_shape entries\."):
        load_checkpoint(tmp_path / "ck.pt")
    torch.save({"format": FORMAT, "model": "shape-cnn"}, tmp_path / "bare.pt")
    with pytest.raises(UserError, match="lacks its dataset, classes"):
        load_checkpoint(tmp_path / "bare.pt")


def test_a_checkpoint_with_malformed_entries_is_a_sentence(good_run, tmp_path):
    data = _checkpoint(good_run)
    data["input_shape"] = "3x32x32"
    torch.save(data, tmp_path / "ck.pt")
    with pytest.raises(UserError, match="its input_shape entry holds text, not three sizes"):
        load_checkpoint(tmp_path / "ck.pt")


def test_a_checkpoint_that_does_not_fit_its_architecture_is_a_sentence(good_run, tmp_path):
    data = _checkpoint(good_run)
    state = data["state_dict"]
    first, second = list(state)[:2]
    del state[first]
    state[second] = torch.zeros(2, 2)
    state["extra.weight"] = torch.zeros(1)
    torch.save(data, tmp_path / "ck.pt")
    with pytest.raises(UserError) as info:
        load_checkpoint(tmp_path / "ck.pt")
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'ck.pt'} does not match the shape-cnn architecture: ")
    assert f"1 weight(s) are missing (such as {first})" in message
    assert "1 weight(s) are not in the model (such as extra.weight)" in message
    assert f"1 weight(s) have another shape (such as {second}: 2×2 in the file" in message
    assert not any(name in message for name in CLASS_NAMES)


@pytest.mark.parametrize(("contents", "reason"), [
    (b"just some text, not a checkpoint", "it is a text file, not one saved by PyTorch"),
    # a README: torch's unpickler read its "#" as an opcode and blamed "Python objects besides weights"
    ("# 卷积网络\n\nA lab for CNNs.\n".encode(), "it is a text file, not one saved by PyTorch"),
    (b"\x00\x01\x02\xff binary, neither zip nor pickle", "it is not a file saved by PyTorch, or it is damaged"),
    (b"", "it is empty or cut short"),
])
def test_an_unreadable_checkpoint_says_why_in_words(capsys, tmp_path, contents, reason):
    (tmp_path / "ck.pt").write_bytes(contents)
    code, _, err = run_cli(capsys, "eval", "--checkpoint", str(tmp_path / "ck.pt"))
    assert code == 2 and one_sentence(err).endswith(f"is not a readable cnnlab checkpoint: {reason}.")


class _NotWeights:
    pass


def test_a_checkpoint_holding_python_objects_says_so(tmp_path):
    torch.save({"format": FORMAT, "thing": _NotWeights()}, tmp_path / "ck.pt")
    with pytest.raises(UserError, match="it holds Python objects besides weights") as info:
        load_checkpoint(tmp_path / "ck.pt")
    assert "UnpicklingError" not in str(info.value)


def test_unreadable_images_say_why_in_words(tmp_path):
    from cnnlab.datasets.folder import read_tree
    from cnnlab.inspection.images import load_image

    bad = tmp_path / "notes.png"
    bad.write_text("not an image")
    with pytest.raises(UserError) as info:
        load_image(bad, 1, (28, 28))
    assert str(info.value) == "notes.png is not an image file that can be read: it is not in an image format " \
                              "that can be read."
    (tmp_path / "tree" / "a").mkdir(parents=True)
    shutil.copy(bad, tmp_path / "tree" / "a" / "x.png")
    with pytest.raises(UserError) as info:
        read_tree(tmp_path / "tree", 8, None)
    assert "x.png is not a readable image: it is not in an image format that can be read." in str(info.value)
    assert not any(name in str(info.value) for name in CLASS_NAMES)


# --- 4. read-only, missing and file runs folders; unusual paths -------------------------------

def test_a_read_only_runs_folder_is_one_sentence(capsys, monkeypatch, tmp_path):
    runs = tmp_path / "runs"
    runs.mkdir()
    runs.chmod(0o500)
    try:
        if os.access(runs, os.W_OK):  # root ignores permissions: a file in its place forces the failure
            runs.chmod(0o700)
            runs.rmdir()
            runs.write_text("not a folder")
        monkeypatch.setenv("CNNLAB_RUNS", str(runs))
        code, _, err = run_cli(capsys, "train", *QUICK)
        line = one_sentence(err)
        assert code == 2 and str(runs) in line
        assert ("read-only" in line) or ("is a file, not a folder" in line)
    finally:
        if runs.is_dir():
            runs.chmod(0o700)


def test_a_runs_folder_that_is_a_file_is_one_sentence(capsys, monkeypatch, tmp_path):
    runs = tmp_path / "runs"
    runs.write_text("oops")
    monkeypatch.setenv("CNNLAB_RUNS", str(runs))
    code, _, err = run_cli(capsys, "runs")
    assert code == 2
    expected = f"cnnlab: The runs folder {runs} is a file, not a folder; point CNNLAB_RUNS at a folder."
    assert one_sentence(err) == expected
    code, _, err = run_cli(capsys, "train", *QUICK)
    assert code == 2 and "is a file, not a folder" in one_sentence(err)


def test_a_missing_runs_folder_has_no_runs(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("CNNLAB_RUNS", str(tmp_path / "not yet"))
    code, out, err = run_cli(capsys, "runs")
    assert (code, out.strip(), err) == (0, "no runs yet", "")


def test_paths_with_spaces_and_chinese_characters_just_work(capsys, monkeypatch, tmp_path):
    parent = tmp_path / "我的 运行"
    monkeypatch.setenv("CNNLAB_RUNS", str(parent))
    code, out, err = run_cli(capsys, "train", *QUICK, "--json")
    assert code == 0, err
    run_dir = Path(json.loads(out.strip().splitlines()[-1])["run_dir"])
    assert run_dir.parent == parent
    code, out, _ = run_cli(capsys, "runs", "--json")
    assert code == 0 and [r["status"] for r in json.loads(out.strip().splitlines()[-1])] == ["completed"]
    out_dir = parent / "第二次 run"
    assert main(["train", *QUICK, "--out", str(out_dir)]) == 0
    code, out, err = run_cli(capsys, "eval", "--checkpoint", str(out_dir / "checkpoint.pt"), "--json")
    assert code == 0, err
    assert load_run(out_dir).status == "completed"


# --- 5. eval on the IDX folder the model was trained on ---------------------------------------

def test_eval_reads_the_checkpoints_own_idx_dataset_from_data_root(capsys, tmp_path):
    rng = np.random.default_rng(0)
    data = tmp_path / "mnist files"
    write_idx_set(data, numbered_images(80, seed=1), rng.integers(0, 10, 80).astype(np.uint8),
                  numbered_images(20, seed=2), rng.integers(0, 10, 20).astype(np.uint8), gz=False)
    out = tmp_path / "run"
    code, _, err = run_cli(capsys, "train", "--dataset", "mnist", "--data-root", str(data), "--epochs", "1",
                           "--quiet", "--out", str(out))
    assert code == 0, err
    code, out_text, err = run_cli(capsys, "eval", "--checkpoint", str(out / "checkpoint.pt"),
                                  "--data-root", str(data), "--json")
    assert code == 0, err
    result = json.loads(out_text.strip().splitlines()[-1])
    assert result["source"] == "mnist test split" and result["n"] == 20


# --- out of GPU memory (raised on the CPU: the handling is device-independent) ------------------

def test_out_of_memory_ends_the_run_naming_a_batch_size_to_try(monkeypatch):
    from torch import nn

    from cnnlab.engine import TrainConfig
    from cnnlab.errors import TrainingError

    def forward_oom(self, x):  # what CUDA raises when a batch does not fit
        raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    monkeypatch.setattr(nn.Sequential, "forward", forward_oom)
    ends = []

    class Ends(Callback):
        def on_run_end(self, event):
            ends.append(event)

    cfg = TrainConfig(dataset="shapes", model="dnn", epochs=1, train_limit=200, batch_size=64, device="cpu")
    with pytest.raises(TrainingError) as failed:
        Trainer(cfg, [Ends()]).fit()
    assert str(failed.value) == ("The GPU ran out of memory with batches of 64 images; try a batch size of 32, "
                                 "or train on the CPU.")
    assert len(ends) == 1 and ends[0].status == "failed" and ends[0].message == str(failed.value)
    from cnnlab.engine.steps import smaller_batch

    crossed = pickle.loads(pickle.dumps(ends[0]))  # as the training process's pipe carries it to a window
    assert smaller_batch(crossed.message) == 32  # what the window offers in one click
    assert smaller_batch("The GPU ran out of memory with batches of 64 images.") is None  # only the sentence itself


@pytest.mark.parametrize("seed", ["4294967296", "9" * 40])
def test_a_seed_beyond_32_bits_is_one_sentence(capsys, tmp_path, seed):
    code, _, err = run_cli(capsys, "train", *QUICK, "--seed", seed, "--out", str(tmp_path / "run"))
    assert code == 2 and one_sentence(err) == "cnnlab: Seed must be at most 4294967295 (2³² − 1)."
    assert not (tmp_path / "run").exists()


def test_the_largest_seed_trains(capsys, tmp_path):
    code, _, _ = run_cli(capsys, "train", *QUICK, "--seed", "4294967295", "--out", str(tmp_path / "run"))
    assert code == 0 and load_run(tmp_path / "run").config["seed"] == 4294967295


@pytest.mark.parametrize(("dataset", "side"), [("shapes", 28), ("mnist", 28), ("cifar10", 32)])
def test_an_image_size_a_fixed_size_set_cannot_honour_is_refused(capsys, tmp_path, dataset, side):
    code, _, err = run_cli(capsys, "train", *QUICK, "--dataset", dataset, "--image-size", "64",
                           "--out", str(tmp_path / "run"))
    assert code == 2 and one_sentence(err) == (
        f"cnnlab: Image size applies to image folders only; the {dataset} images are always {side}×{side} pixels, "
        "so leave it unset.")
    assert not (tmp_path / "run").exists()
