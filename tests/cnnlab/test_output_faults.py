"""A checkpoint whose weights are not finite is refused, never scored; the shared atomic write turns a full
disk hidden inside another exception (torch.save's RuntimeError) into the OSError behind it."""

from __future__ import annotations

import errno
import math
from pathlib import Path

import pytest
import torch
from helpers_disk import files_in, full_disk
from helpers_runs import SHAPES_CLASSES

from cnnlab.cli import main
from cnnlab.engine.checkpoint import CheckpointMeta, load_checkpoint, save_checkpoint, write_atomically
from cnnlab.errors import StorageError, UserError
from cnnlab.inspection import Subject
from cnnlab.models import build_model

META = CheckpointMeta(model="shape-cnn", model_options={}, dataset="shapes", classes=tuple(SHAPES_CLASSES),
                      input_shape=(1, 28, 28), mean=(0.1,), std=(0.3,))


def checkpoint_with(path: Path, name: str | None, value: float) -> Path:
    """A real shape-cnn checkpoint; ``name``'s first element set to ``value`` (None: all weights as built)."""
    torch.manual_seed(0)
    state = build_model("shape-cnn", in_channels=1, image_size=(28, 28), num_classes=5).state_dict()
    if name is not None:
        state[name].view(-1)[0] = value
    return save_checkpoint(path, META, state, epoch=7)


@pytest.mark.parametrize(("name", "value"), [("conv1.weight", math.nan), ("fc2.bias", math.inf),
                                             ("bn.running_var", -math.inf)])
def test_eval_refuses_a_checkpoint_whose_weights_are_not_finite(capsys, tmp_path, name, value):
    state = build_model("shape-cnn", in_channels=1, image_size=(28, 28), num_classes=5).state_dict()
    assert name in state  # the tensor the test spoils exists in the model
    ck = checkpoint_with(tmp_path / "checkpoint.pt", name, value)
    code = main(["eval", "--checkpoint", str(ck)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err == (f"cnnlab: The weights in {ck} are not finite ({name} holds NaN or infinite values: the "
                   "training had diverged), so its results would mean nothing; use an earlier epoch's checkpoint "
                   "or train again with a lower learning rate.\n")


def test_opening_such_a_run_in_the_window_is_refused_with_the_same_sentence(tmp_path):
    from cnnlab.datasets import ImageSet

    ck = checkpoint_with(tmp_path / "checkpoint.pt", "conv1.weight", math.nan)
    test = ImageSet(torch.zeros(2, 1, 28, 28, dtype=torch.uint8), torch.zeros(2, dtype=torch.long))
    with pytest.raises(UserError, match=r"are not finite \(conv1\.weight holds NaN"):
        Subject.from_checkpoint(ck, test)  # what the window does on opening a run


def test_finite_weights_still_load(tmp_path):
    ck = load_checkpoint(checkpoint_with(tmp_path / "checkpoint.pt", None, 0.0))
    assert ck.epoch == 7 and all(torch.isfinite(t).all() for t in ck.model.state_dict().values())


def test_a_full_disk_under_torch_save_is_the_storage_sentence(tmp_path):
    path = checkpoint_with(tmp_path / "checkpoint.pt", None, 0.0)
    before = path.read_bytes()
    state = build_model("shape-cnn", in_channels=1, image_size=(28, 28), num_classes=5).state_dict()
    with full_disk(tmp_path, 3000) as left, pytest.raises(StorageError) as caught:
        save_checkpoint(path, META, state, epoch=8)  # the real torch.save, which wraps ENOSPC in RuntimeError
    assert left == [0]
    assert str(caught.value) == (f"The disk is full: cannot write {path}; the previous checkpoint there, if any, "
                                 "is kept.")
    assert path.read_bytes() == before and files_in(tmp_path) == ["checkpoint.pt"]


def test_the_oserror_inside_a_writers_own_exception_is_raised(tmp_path):
    def write(f: object) -> None:
        f.write(b"half")  # type: ignore[attr-defined]  # the stand-in writer is given a file object
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError:
            raise RuntimeError("PytorchStreamWriter failed writing file data/0") from None  # the context stays

    with pytest.raises(OSError) as caught:
        write_atomically(tmp_path / "out.bin", write)
    assert caught.value.errno == errno.ENOSPC and files_in(tmp_path) == []


def test_a_writers_own_bug_is_not_taken_for_a_disk_fault(tmp_path):
    def write(f: object) -> None:
        raise RuntimeError("a bug in the writer")

    with pytest.raises(RuntimeError, match="a bug in the writer"):
        write_atomically(tmp_path / "out.bin", write)
    assert files_in(tmp_path) == []
