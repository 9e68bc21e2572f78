"""One finding of the training doctor: what it is (a code), where (the epoch), the sentence that says it
(a marked template with its values, translated by a front end) and the change of settings that should
fix it. Plain data, no torch: the runs index and the window read it too."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cnnlab.errors import Sentence

LOSS_NOT_FINITE = "loss_not_finite"  # the loss became NaN or infinite (the run stops)
EXPLODING_GRADIENTS = "exploding_gradients"  # the gradient norm jumped by orders of magnitude
DEAD_RELUS = "dead_relus"  # a layer's ReLUs stopped firing
OVERFITTING = "overfitting"  # validation loss rising while the training loss falls
AT_CHANCE = "at_chance"  # no better than always answering the most common class
ONE_CLASS = "one_class"  # one class for almost every answer
LOSS_FLAT = "loss_flat"  # the training loss has not moved: the learning rate is too low
FEW_IMAGES = "few_images"  # the dataset's warning: a class with too few images to train on
CODES = (LOSS_NOT_FINITE, EXPLODING_GRADIENTS, DEAD_RELUS, OVERFITTING, AT_CHANCE, ONE_CLASS, LOSS_FLAT, FEW_IMAGES)


@dataclass(frozen=True)
class Diagnosis:
    """``Diagnosis(code, epoch, template, args, fix)``; also an event (``Callback.on_diagnosis``)."""

    code: str  # one of CODES
    epoch: int  # the epoch it marks, 1-based; 0: before the first epoch (the data)
    template: str  # English with {name} fields, marked QT_TRANSLATE_NOOP("CoreMessage", ...) where it is written
    args: dict[str, Any] = field(default_factory=dict)  # the template's values (numbers, text or Sentences)
    fix: dict[str, Any] = field(default_factory=dict)  # TrainConfig changes that should fix it; empty: none

    @property
    def sentence(self) -> Sentence:
        return Sentence(self.template, **self.args)

    def to_json(self) -> dict[str, Any]:
        """As results.json and the runs index keep it; ``message`` is the English sentence, for readers without
        the template."""
        saved = self.sentence.to_json()
        return {"code": self.code, "epoch": self.epoch, "template": self.template, "args": saved["args"],
                "message": str(self.sentence), "fix": dict(self.fix)}

    @classmethod
    def from_json(cls, data: object) -> Diagnosis | None:
        """A diagnosis saved with :meth:`to_json`; None for anything else (a damaged or foreign entry)."""
        if not isinstance(data, dict):
            return None
        code, epoch, fix = data.get("code"), data.get("epoch"), data.get("fix", {})
        if not isinstance(code, str) or not isinstance(epoch, int) or isinstance(epoch, bool) \
                or not isinstance(fix, dict):
            return None
        sentence = Sentence.from_json({"template": data.get("template"), "args": data.get("args", {})})
        if not isinstance(sentence, Sentence):  # no template, or one whose fields its values do not fill
            return None
        return cls(code, epoch, sentence.template, dict(sentence.args), {str(k): v for k, v in fix.items()})


def diagnoses_of(results: dict[str, Any] | None) -> list[Diagnosis]:
    """The diagnoses a run's results.json lists (none for older runs); damaged entries are left out."""
    saved = (results or {}).get("diagnoses")
    if not isinstance(saved, list):
        return []
    return [d for d in (Diagnosis.from_json(entry) for entry in saved) if d is not None]
