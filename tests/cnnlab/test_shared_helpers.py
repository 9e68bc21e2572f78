"""The helpers that the engine, the inspection functions and the app share, against hand-made answers."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from cnnlab.cli_format import clock
from cnnlab.engine.scoring import confusion_matrix, eval_mode, per_class_accuracy, predict_logits
from cnnlab.errors import DataError, describe_failure, failure_sentence
from cnnlab.inspection import Predictions, confusion
from cnnlab.inspection.mosaic import tile_grid, tile_layout

# 3 classes, 7 images: true 0 0 0 1 1 2 2, predicted 0 1 0 1 2 2 0
TRUE = [0, 0, 0, 1, 1, 2, 2]
PRED = [0, 1, 0, 1, 2, 2, 0]
HAND_COUNT = [[2, 1, 0],  # class 0: two right, one taken for 1
              [0, 1, 1],  # class 1: one right, one taken for 2
              [1, 0, 1]]  # class 2: one right, one taken for 0


def test_confusion_matrix_matches_a_hand_count_from_tensors_and_arrays() -> None:
    from_tensors = confusion_matrix(torch.tensor(PRED), torch.tensor(TRUE), 3)
    from_arrays = confusion_matrix(np.array(PRED), np.array(TRUE), 3)
    assert from_tensors.tolist() == HAND_COUNT
    assert from_arrays.tolist() == HAND_COUNT
    assert from_tensors.dtype == torch.int64


def test_confusion_matrix_counts_classes_that_never_occur() -> None:
    assert confusion_matrix(torch.tensor([1]), torch.tensor([1]), 4).tolist() == [
        [0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]


def test_per_class_accuracy_is_the_diagonal_over_each_row_and_nan_for_an_empty_row() -> None:
    acc = per_class_accuracy(np.array([[2, 1, 0], [0, 0, 0], [1, 0, 3]]))
    assert acc[0] == pytest.approx(2 / 3)
    assert np.isnan(acc[1])
    assert acc[2] == pytest.approx(3 / 4)
    assert per_class_accuracy(torch.tensor(HAND_COUNT)).tolist() == pytest.approx([2 / 3, 1 / 2, 1 / 2])


def test_the_inspection_confusion_uses_the_same_counts() -> None:
    probs = np.eye(3, dtype=np.float32)[PRED]
    cm = confusion(Predictions(probs=probs, pred=np.array(PRED), true=np.array(TRUE)))
    assert cm.matrix.tolist() == HAND_COUNT
    assert cm.matrix.dtype == np.int64
    assert cm.per_class_accuracy.tolist() == pytest.approx([2 / 3, 1 / 2, 1 / 2])


def test_eval_mode_switches_every_module_and_restores_each_ones_own_mode() -> None:
    model = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5), nn.BatchNorm1d(2))
    model.train()
    model[2].eval()  # a frozen norm layer inside a training model keeps its mode
    with eval_mode(model) as m:
        assert m is model
        assert not any(x.training for x in model.modules())
    assert [x.training for x in model.modules()] == [True, True, True, False]
    predict_logits(model, torch.zeros(3, 2))
    assert [x.training for x in model.modules()] == [True, True, True, False]


def test_eval_mode_restores_the_modes_when_the_block_raises() -> None:
    model = nn.Sequential(nn.Linear(2, 2)).train()
    with pytest.raises(RuntimeError), eval_mode(model):
        raise RuntimeError("boom")
    assert model.training and model[0].training


@pytest.mark.parametrize(("seconds", "hours", "text"), [
    (0, True, "0:00"), (-5, True, "0:00"), (9.9, True, "0:09"), (65, True, "1:05"), (3599, True, "59:59"),
    (3600, True, "1:00:00"), (3725, True, "1:02:05"), (36061, True, "10:01:01"),
    (65, False, "1:05"), (3725, False, "62:05"),
])
def test_clock(seconds: float, hours: bool, text: str) -> None:
    assert clock(seconds, hours=hours) == text


def test_failure_sentence_keeps_a_user_error_quiet_and_prints_a_bugs_traceback(
        capsys: pytest.CaptureFixture[str]) -> None:
    try:
        raise DataError("The folder is empty.")
    except DataError as e:
        assert failure_sentence(e) == "The folder is empty."
    assert capsys.readouterr().err == ""
    try:
        raise KeyError("x")
    except KeyError as e:
        assert failure_sentence(e) == describe_failure(e) == "Something went wrong (KeyError: 'x')."
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):") and "KeyError: 'x'" in err


def test_tile_layout_and_tile_grid() -> None:
    layout = tile_layout(5, 3, (4, 6), gap=2, caption=3, left=1)
    assert (layout.rows, layout.cols) == (2, 3)
    assert layout.size == (2 * (4 + 3) + 2, 1 + 3 * 6 + 2 * 2)
    assert tile_layout(2, 8, (4, 4)).cols == 2  # fewer tiles than columns: no empty columns
    assert tile_layout(0, 8, (4, 4)).cols == 1
    tiles = [np.full((2, 3, 3), v, dtype=np.uint8) for v in (10, 20, 30)]
    grid = tile_grid(tiles, cols=2, gap=1, background=0)
    assert grid.shape == (2 + 1 + 2, 3 + 1 + 3, 3)
    assert grid[0, 0, 0] == 10 and grid[0, 4, 0] == 20 and grid[3, 0, 0] == 30
    assert grid[0, 3, 0] == 0 and grid[4, 5, 0] == 0  # the gap and the empty last cell
    assert tile_grid([], cols=4).shape == (1, 1, 3)
