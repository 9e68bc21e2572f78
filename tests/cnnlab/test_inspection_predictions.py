"""Predictions, misclassified images and the confusion matrix against hand counts."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from cnnlab.datasets import DatasetInfo, ImageSet
from cnnlab.engine.checkpoint import CheckpointMeta
from cnnlab.inspection import Predictions, Subject, cell_indices, confusion, misclassified, predictions
from cnnlab.models import build_model


def _random_predictions(n: int = 300, k: int = 4, seed: int = 0, drop_class: int | None = None) -> Predictions:
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(n, k))
    probs = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    true = rng.integers(0, k, size=n)
    if drop_class is not None:
        true[true == drop_class] = (drop_class + 1) % k
    return Predictions(probs=probs.astype(np.float32), pred=probs.argmax(1), true=true)


def test_confusion_matches_a_hand_count() -> None:
    p = _random_predictions(drop_class=2)
    cm = confusion(p)
    k = p.num_classes
    hand = [[0] * k for _ in range(k)]
    for t, q in zip(p.true.tolist(), p.pred.tolist(), strict=False):
        hand[t][q] += 1
    assert cm.matrix.tolist() == hand
    acc = cm.per_class_accuracy
    for c in range(k):
        n = sum(hand[c])
        if n == 0:
            assert np.isnan(acc[c])
        else:
            assert acc[c] == pytest.approx(hand[c][c] / n)
    assert cm.accuracy == pytest.approx(sum(hand[c][c] for c in range(k)) / len(p.true))
    assert cm.accuracy == pytest.approx(p.accuracy)


def test_misclassified_filters_and_sorts_like_a_loop() -> None:
    p = _random_predictions(seed=1)
    conf = p.probs.max(1)
    wrong = [i for i in range(len(p.true)) if p.pred[i] != p.true[i]]
    assert misclassified(p, sort="index").tolist() == wrong
    assert misclassified(p).tolist() == sorted(wrong, key=lambda i: -conf[i])
    assert misclassified(p, sort="unsure").tolist() == sorted(wrong, key=lambda i: conf[i])
    only = misclassified(p, true_class=1, pred_class=3, sort="index").tolist()
    assert only == [i for i in wrong if p.true[i] == 1 and p.pred[i] == 3]
    assert only == cell_indices(p, 1, 3).tolist()
    assert all(p.true[i] == 2 for i in misclassified(p, true_class=2))
    with pytest.raises(ValueError):
        misclassified(p, sort="random")


def test_cell_indices_of_the_diagonal_are_the_right_answers() -> None:
    p = _random_predictions(seed=2)
    right = cell_indices(p, 0, 0)
    assert len(right) == confusion(p).matrix[0, 0]
    assert all(p.pred[i] == p.true[i] == 0 for i in right)


def test_predictions_of_a_subject_match_the_model_image_by_image() -> None:
    torch.manual_seed(0)
    info = DatasetInfo("toy", ("a", "b", "c"), 1, (28, 28), (0.2,), (0.3,))
    meta = CheckpointMeta.for_dataset("shape-cnn", info)
    model = build_model("shape-cnn", in_channels=1, image_size=28, num_classes=3).eval()
    x = torch.randint(0, 256, (23, 1, 28, 28), dtype=torch.uint8)
    y = torch.randint(0, 3, (23,))
    subject = Subject(model=model, meta=meta, test=ImageSet(x, y))
    p = predictions(subject, batch_size=5)  # several batches, a short last one
    for i in range(len(x)):
        with torch.no_grad():
            ref = torch.softmax(model(subject.input_of(x[i]).unsqueeze(0)), 1)[0].numpy()
        np.testing.assert_allclose(p.probs[i], ref, rtol=1e-5, atol=1e-6)
    assert p.pred.tolist() == p.probs.argmax(1).tolist()
    assert p.true.tolist() == y.tolist()
    assert predictions(subject) is p  # shared by the panels through the subject's cache
