"""Classes left without training images are named, and dataset notes reach the terminal."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import torch
from helpers_files import numbered_images, write_idx_set
from PIL import Image

from cnnlab.datasets import load_dataset
from cnnlab.datasets.base import ImageSet, classes_left_out
from cnnlab.engine import RunStarted
from cnnlab.engine.callbacks import ProgressPrinter
from cnnlab.errors import Sentence


def write_class(folder: Path, count: int, level: int) -> None:
    folder.mkdir(parents=True)
    for i in range(count):
        Image.new("L", (8, 8), level + i).save(folder / f"{i}.png")


def test_a_class_of_one_image_in_a_single_tree_is_named(tmp_path: Path) -> None:
    write_class(tmp_path / "cat", 5, 10)
    write_class(tmp_path / "dog", 1, 100)  # its one image goes to the test split (a fifth, at least one)
    splits = load_dataset("folder", data_root=tmp_path, val_fraction=0.0)
    assert splits.train.y.tolist().count(1) == 0 and splits.test.y.tolist().count(1) == 1
    assert splits.notes == ["Class dog has 1 image(s) in all, too few for the split: none is left for training, so "
                            "the model cannot learn it."]


def test_enough_images_give_no_note(tmp_path: Path) -> None:
    write_class(tmp_path / "cat", 5, 10)
    write_class(tmp_path / "dog", 2, 100)  # one for testing, one for training
    splits = load_dataset("folder", data_root=tmp_path, val_fraction=0.0)
    assert sorted(set(splits.train.y.tolist())) == [0, 1] and splits.notes == []


def test_a_class_the_validation_split_takes_whole_is_named(tmp_path: Path) -> None:
    train_y = np.array([0, 0, 0, 0, 0, 0, 0, 0, 0, 1], dtype=np.uint8)  # one image of class 1
    write_idx_set(tmp_path, numbered_images(10, 1), train_y, numbered_images(2, 2), np.array([0, 1], np.uint8),
                  gz=False)
    taken = [s for s in range(20) if 1 not in load_dataset("mnist", data_root=tmp_path, seed=s,
                                                          val_fraction=0.1).train.y.tolist()]
    assert taken  # a seed whose tenth held out for validation is the one image of class 1
    notes = load_dataset("mnist", data_root=tmp_path, seed=taken[0], val_fraction=0.1).notes
    # classes 2-9 have no images at all; class 1 has two (one train, one test) but none left for training
    assert notes[0].startswith(f"The files in {tmp_path} are not the official MNIST files")
    assert notes[1:] == [f"Class {c} has {2 if c == 1 else 0} image(s) in all, too few for the split: none is left "
                         "for training, so the model cannot learn it." for c in range(1, 10)]


def test_counts_over_every_part() -> None:
    train = ImageSet(torch.zeros(3, 1, 2, 2, dtype=torch.uint8), torch.tensor([0, 0, 2]))
    test = ImageSet(torch.zeros(4, 1, 2, 2, dtype=torch.uint8), torch.tensor([1, 1, 1, 2]))
    notes = classes_left_out(("a", "b", "c"), train, [train, test])
    assert notes == ["Class b has 3 image(s) in all, too few for the split: none is left for training, so the model "
                     "cannot learn it."]
    assert isinstance(notes[0], Sentence) and notes[0].args == {"name": "b", "count": 3}  # kept for translation


def test_the_terminal_prints_the_datasets_notes() -> None:
    stream = io.StringIO()
    event = RunStarted(run_dir=None, config={}, dataset="folder", classes=("a", "b"), input_shape=(1, 8, 8),
                       model="m", params=10, device="cpu", epochs=1, steps_per_epoch=1, train_size=4, val_size=0,
                       test_size=2, notes=("Skipped 1 broken link(s) in /d that point nowhere or into a loop: x.",))
    ProgressPrinter(stream).on_run_begin(event)
    assert stream.getvalue().splitlines()[1:] == [
        "Note: Skipped 1 broken link(s) in /d that point nowhere or into a loop: x."]
