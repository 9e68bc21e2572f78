"""The checks a teacher would make, as plain functions of numbers the trainer already has: each returns a
:class:`Diagnosis` (its sentence and its fix) or None. No torch here; :mod:`.doctor` gathers the numbers.

Thresholds are :mod:`.thresholds`' (each with its reason); the sentences are marked for translation where
they are written, so Qt Linguist finds them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cnnlab.datasets.base import TOO_FEW_FOR_SPLIT
from cnnlab.engine.doctor import thresholds as T
from cnnlab.engine.doctor.diagnosis import (
    AT_CHANCE,
    DEAD_RELUS,
    EXPLODING_GRADIENTS,
    FEW_IMAGES,
    LOSS_FLAT,
    LOSS_NOT_FINITE,
    ONE_CLASS,
    OVERFITTING,
    Diagnosis,
)
from cnnlab.engine.steps import LOSS_BECAME
from cnnlab.errors import Sentence
from cnnlab.i18n import QT_TRANSLATE_NOOP

MAX_LR = 10.0  # TrainConfig's largest learning rate: a fix never asks for more


@dataclass(frozen=True)
class EpochFigures:
    """What one finished epoch measured."""

    epoch: int
    train_loss: float
    val_loss: float | None  # None without a validation split
    val_acc: float | None


Advice = tuple[Sentence, dict[str, Any]]  # what to do, as the end of a sentence, and the settings that do it


def _round(value: float) -> float:
    """A suggested setting to 3 significant digits: 0.0003, not 0.00030000000000000003."""
    return float(f"{value:.3g}")


def lower_lr(lr: float) -> Advice:
    """The advice and the fix of a learning rate that is too high: a tenth of it."""
    suggested = _round(lr / T.LR_STEP)
    return (Sentence(QT_TRANSLATE_NOOP("CoreMessage", "lower the learning rate (now {lr:g}) to {suggested:g}"),
                     lr=lr, suggested=suggested), {"lr": suggested})


def raise_lr(lr: float) -> Advice:
    """The advice and the fix of a learning rate that is too low: ten times it (at most TrainConfig's limit)."""
    suggested = min(_round(lr * T.LR_STEP), MAX_LR)
    return (Sentence(QT_TRANSLATE_NOOP("CoreMessage", "raise the learning rate (now {lr:g}) to {suggested:g}"),
                     lr=lr, suggested=suggested), {"lr": suggested} if suggested > lr else {})


def check_labels() -> Advice:
    """The advice when the labels, not the settings, are at fault: no setting fixes it."""
    return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "check the training labels")), {}


def more_images(images: int) -> Advice:
    """The advice when a run trains on a small subset (Train on): every training image."""
    return (Sentence(QT_TRANSLATE_NOOP("CoreMessage", "train on all the training images, not {images}"),
                     images=images), {"train_limit": None})


def loss_not_finite(loss: float, epoch: int, batch: int, lr: float) -> Diagnosis:
    """The trainer's own stop sentence (steps.check_finite), as a diagnosis."""
    return Diagnosis(LOSS_NOT_FINITE, epoch, LOSS_BECAME, {"loss": str(loss), "epoch": epoch, "batch": batch,
                                                           "lr": lr}, lower_lr(lr)[1])


def exploding_gradients(epoch: int, peak: float, start: float | None, lr: float) -> Diagnosis | None:
    """The largest gradient norm of a report window against the norm at the start of the run."""
    if math.isfinite(peak) and (start is None or start <= 0 or peak < T.EXPLODE_FACTOR * start):
        return None
    advice, fix = lower_lr(lr)
    if not math.isfinite(peak):
        return Diagnosis(EXPLODING_GRADIENTS, epoch, QT_TRANSLATE_NOOP(
            "CoreMessage", "At epoch {epoch} the gradients became infinite or not a number: the steps are far too "
                           "big for this network; {advice}."), {"epoch": epoch, "advice": advice}, fix)
    assert start is not None
    return Diagnosis(EXPLODING_GRADIENTS, epoch, QT_TRANSLATE_NOOP(
        "CoreMessage", "At epoch {epoch} the gradients grew {times:,} times larger than at the start (norm {peak:.3g} "
                       "against {start:.3g}): the steps are far too big for this network; {advice}."),
        {"epoch": epoch, "times": int(peak / start), "peak": peak, "start": start, "advice": advice}, fix)


def dead_relus(epoch: int, silent: dict[str, tuple[int, int]], images: int, lr: float) -> Diagnosis | None:
    """``silent``: per ReLU layer, (units that never fired on the probe images, units)."""
    shares = {name: quiet / units for name, (quiet, units) in silent.items() if units}
    dead = sorted(((share, name) for name, share in shares.items() if share >= T.DEAD_SHARE), reverse=True)
    if not dead or images <= 0:
        return None
    advice, fix = lower_lr(lr)
    layers = ", ".join(f"{name}: {share:.0%}" for share, name in dead)
    return Diagnosis(DEAD_RELUS, epoch, QT_TRANSLATE_NOOP(
        "CoreMessage", "At epoch {epoch} ReLUs went silent (dead ReLUs): the share of units that never fired on "
                       "{images} images is {layers}; silent units pass nothing on and no longer learn, so {advice}, "
                       "or check those layers' starting weights and biases."),
        {"epoch": epoch, "layers": layers, "images": images, "advice": advice}, fix)


def one_class(epoch: int, predicted: Sequence[int], labels: Sequence[int], classes: Sequence[str],
              advice: Advice) -> Diagnosis | None:
    """``predicted``: answers per class on the held-out images; ``labels``: training labels per class;
    ``advice``: what to do when the labels are not the cause."""
    total, labelled = sum(predicted), sum(labels)
    if len(classes) < 2 or total == 0:
        return None
    top = max(range(len(predicted)), key=lambda c: predicted[c])
    share = predicted[top] / total
    if share < T.ONE_CLASS_SHARE:
        return None
    name = classes[top] if top < len(classes) else str(top)
    label_share = labels[top] / labelled if labelled and top < len(labels) else 0.0
    if label_share >= T.ONE_CLASS_SHARE:
        return Diagnosis(ONE_CLASS, epoch, QT_TRANSLATE_NOOP(
            "CoreMessage", "{labels:.0%} of the training images are labelled {name}, so the model answers {name} for "
                           "{share:.0%} of the held-out images: it learned the labels' imbalance, not the pictures. "
                           "Check the labels, or give the other classes their images."),
            {"labels": label_share, "name": name, "share": share})
    return Diagnosis(ONE_CLASS, epoch, QT_TRANSLATE_NOOP(
        "CoreMessage", "At epoch {epoch} the model answers {name} for {share:.0%} of the held-out images: it has "
                       "collapsed to one class; {advice}."),
        {"epoch": epoch, "name": name, "share": share, "advice": advice[0]}, advice[1])


def majority_share(counts: Sequence[int]) -> float:
    """The accuracy of always answering the most common class: the chance level a model must beat."""
    total = sum(counts)
    return max(counts) / total if total else 0.0


def at_chance(acc: float, chance: float) -> bool:
    return acc < chance + T.CHANCE_MARGIN


def chance_on_validation(epoch: int, acc: float, chance: float, advice: Advice) -> Diagnosis:
    return Diagnosis(AT_CHANCE, epoch, QT_TRANSLATE_NOOP(
        "CoreMessage", "At epoch {epoch} the validation accuracy is {acc:.1%}, no better than always answering the "
                       "most common class ({chance:.1%}): the model has learned nothing; {advice}."),
        {"epoch": epoch, "acc": acc, "chance": chance, "advice": advice[0]}, advice[1])


def chance_on_test(epoch: int, acc: float, chance: float, advice: Advice) -> Diagnosis:
    return Diagnosis(AT_CHANCE, epoch, QT_TRANSLATE_NOOP(
        "CoreMessage", "The test accuracy is {acc:.1%}, no better than always answering the most common class "
                       "({chance:.1%}): the run finished, but the model learned nothing; {advice}."),
        {"acc": acc, "chance": chance, "advice": advice[0]}, advice[1])


def loss_is_flat(first: float | None, history: Sequence[EpochFigures], classes: int) -> bool:
    """The training loss has hardly moved from its first value and is still about a guess's."""
    if first is None or not math.isfinite(first) or first <= 0 or not history or classes < 2:
        return False
    now = history[-1].train_loss
    guess = math.log(classes)  # the cross-entropy of answering every class alike
    moved = max(abs(e.train_loss - first) for e in history) / first
    return moved < T.FLAT_CHANGE and now >= T.FLAT_LEVEL * guess


def loss_flat(first: float | None, history: Sequence[EpochFigures], classes: int, lr: float) -> Diagnosis | None:
    if len(history) < T.FLAT_EPOCHS or not loss_is_flat(first, history, classes):
        return None
    advice, fix = raise_lr(lr)
    return Diagnosis(LOSS_FLAT, history[-1].epoch, QT_TRANSLATE_NOOP(
        "CoreMessage", "After {epochs} epochs the training loss has barely moved ({first:.3f} at the start, {now:.3f} "
                       "now): the learning rate is too low for the model to learn in time; {advice}."),
        {"epochs": len(history), "first": first, "now": history[-1].train_loss, "advice": advice}, fix)


def overfitting(history: Sequence[EpochFigures], augment: str) -> Diagnosis | None:
    """Validation loss risen from its lowest for OVERFIT_EPOCHS epochs while the training loss kept falling;
    the diagnosis marks the first epoch after the lowest (the onset)."""
    val = [(e.val_loss, i) for i, e in enumerate(history) if e.val_loss is not None and math.isfinite(e.val_loss)]
    if len(val) < 1 + T.OVERFIT_EPOCHS:
        return None
    best_loss, best = min(val)
    last = history[-1]
    if last.val_loss is None or len(history) - 1 - best < T.OVERFIT_EPOCHS \
            or last.val_loss < best_loss * (1 + T.OVERFIT_RISE) or last.train_loss >= history[best].train_loss:
        return None
    best_epoch = history[best].epoch
    fix: dict[str, object] = {"augment": T.FIX_AUGMENT} if augment == "none" else {"epochs": best_epoch}
    return Diagnosis(OVERFITTING, best_epoch + 1, QT_TRANSLATE_NOOP(
        "CoreMessage", "From epoch {epoch} the validation loss rose ({best:.3f} at epoch {best_epoch}, {now:.3f} at "
                       "epoch {last}) while the training loss kept falling: the model is memorising its training "
                       "images instead of learning the classes. Turn on augmentation, or train for {best_epoch} "
                       "epoch(s)."),
        {"epoch": best_epoch + 1, "best": best_loss, "best_epoch": best_epoch, "now": last.val_loss,
         "last": last.epoch}, fix)


def few_images(notes: Sequence[str]) -> list[Diagnosis]:
    """The dataset's warning that a class has too few images to train on, one diagnosis per class."""
    return [Diagnosis(FEW_IMAGES, 0, note.template, dict(note.args)) for note in notes
            if isinstance(note, Sentence) and note.template == TOO_FEW_FOR_SPLIT]
