"""Start asks first when a run would be long: any Start (the tool bar, a shortcut, a lesson step) whose run is
estimated over :data:`cnnlab.engine.estimate.LONG_RUN_S` shows the estimate and the cheaper choices that apply
here (train on fewer images, on a GPU, with the other recipe when it is cheaper), beside Train anyway and Cancel.

The estimate is the setup's time per epoch (timed now when the one shown is for another setup) times the
epochs. While the setup's data is still loading the number of images is not known and Start does not ask.
A window without dialogs (``error_dialogs=False``: tests, benchmarks, screenshots) trains without asking unless
``StartCheck.answer`` is set; a test sets it to answer for the student.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from cnnlab.engine.config import TrainConfig, resolve_config
from cnnlab.engine.estimate import RunEstimate
from cnnlab.engine.recipes import has_course_recipe
from cnnlab.errors import UserError
from ui.setup import SetupPanel
from ui.setup.background_views import train_images
from ui.setup.estimate_view import approx_text, duration_text
from ui.status_line import StatusLine

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls

FEWER_IMAGES, GPU, OTHER_RECIPE, TRAIN_ANYWAY, CANCEL = "images", "gpu", "recipe", "anyway", "cancel"  # answers


@dataclass(frozen=True)
class Choice:
    key: str  # one of the answers above
    label: str  # the button's text, translated


@dataclass(frozen=True)
class LongRun:
    """What Start asks about: the run's estimate and the choices offered, cheaper ones first."""

    estimate: RunEstimate
    text: str  # the question, translated
    choices: tuple[Choice, ...]
    images: int | None = None  # Train on, for FEWER_IMAGES
    device: str = ""  # the GPU, for GPU
    recipe: str = ""  # the other recipe, for OTHER_RECIPE

    def keys(self) -> list[str]:
        return [c.key for c in self.choices]


def run_estimate(setup: SetupPanel, cfg: TrainConfig) -> RunEstimate | None:
    """How long a run of ``cfg`` (the setup's config) would train; None while the setup's data is not loaded."""
    loaded = setup.setup_state.loaded
    if loaded is None or setup.setup_state.model_error or cfg.epochs is None or cfg.batch_size is None:
        return None
    splits = loaded[1]
    epoch = setup.epoch_timer.estimate_now(cfg, splits, setup.device.currentText())
    if epoch is None:
        return None
    return RunEstimate(epoch, cfg.epochs, cfg.batch_size, train_images(cfg, splits))


class StartCheck:
    """``allows()`` before Start: True to train (perhaps after applying a cheaper choice to the setup)."""

    def __init__(self, setup: SetupPanel, status: StatusLine, parent: QWidget) -> None:
        self.setup, self.status, self.parent = setup, status, parent
        self.answer: Callable[[LongRun], str] | None = None  # None: the dialog asks (when the window has dialogs)
        self.asked: LongRun | None = None  # the last question, for tests and the status sentence

    def long_run(self) -> LongRun | None:
        """The question Start would ask now; None when the run is short, or its length is not known."""
        try:
            cfg = self.setup.config()
        except UserError:
            return None  # Start says why it cannot train
        estimate = run_estimate(self.setup, cfg)
        if estimate is None or not estimate.long:
            return None
        choices: list[Choice] = []
        images = estimate.images_within()
        if images is not None:
            choices.append(Choice(FEWER_IMAGES, translate("StartCheck", "Train on {0} images (about {1})").format(
                f"{images:,}", duration_text(estimate.seconds_for(images=images)))))
        device = self._gpu() if cfg.device == "cpu" else ""
        if device:
            label = self.setup.device.itemText(self.setup.device.findData(device))
            choices.append(Choice(GPU, translate("StartCheck", "Train on {0}").format(label)))
        recipe, seconds = self._other_recipe(cfg, estimate)
        if recipe:
            text = (translate("StartCheck", "Use the course's settings (about {0})") if recipe == "course"
                    else translate("StartCheck", "Use the tuned settings (about {0})"))
            choices.append(Choice(OTHER_RECIPE, text.format(duration_text(seconds))))
        choices += [Choice(TRAIN_ANYWAY, translate("StartCheck", "Train anyway")),
                    Choice(CANCEL, translate("StartCheck", "Cancel"))]
        text = translate("StartCheck", "This run would take about {0}: {1} epochs of {2} each on {3}.").format(
            duration_text(estimate.seconds), estimate.epochs, approx_text(estimate.epoch.seconds),
            self.setup.device.currentText())
        return LongRun(estimate, text, tuple(choices), images, device, recipe)

    def _gpu(self) -> str:
        """The first GPU the device picker offers; "" when this machine has none."""
        box = self.setup.device
        devices = [str(box.itemData(i)) for i in range(box.count())]
        return next((d for d in devices if d != "cpu"), "")

    def _other_recipe(self, cfg: TrainConfig, estimate: RunEstimate) -> tuple[str, float]:
        """The other recipe and about how long it trains, when that is cheaper; ("", 0) when not."""
        assert cfg.model is not None
        other = "default" if cfg.recipe == "course" else "course"
        if other == "course" and not has_course_recipe(cfg.dataset, cfg.model):
            return "", 0.0
        theirs = resolve_config(TrainConfig(dataset=cfg.dataset, model=cfg.model, recipe=other))
        seconds = estimate.seconds_for(epochs=theirs.epochs)
        return (other, seconds) if seconds < estimate.seconds else ("", 0.0)

    def allows(self) -> bool:
        """Ask when the run would be long; apply the cheaper choice picked. False (and a sentence) on Cancel."""
        self.asked = question = self.long_run()
        if question is None:
            return True
        if self.answer is not None:
            picked = self.answer(question)
        elif self.status.error_dialogs:
            picked = self._ask(question)
        else:
            picked = TRAIN_ANYWAY  # a scripted window never blocks on a dialog
        if picked == FEWER_IMAGES and question.images is not None:
            self.setup.hyper.set_text("train_limit", str(question.images))
        elif picked == GPU and question.device:
            self.setup.set_device(question.device)
        elif picked == OTHER_RECIPE and question.recipe:
            self.setup.set_recipe(question.recipe)
        elif picked != TRAIN_ANYWAY:
            self.status.show(translate("StartCheck", "Not started: the run would take about {0}.").format(
                duration_text(question.estimate.seconds)))
            return False
        return True

    def _ask(self, question: LongRun) -> str:
        box = QMessageBox(QMessageBox.Icon.Question, translate("StartCheck", "A long run"), question.text,
                          QMessageBox.StandardButton.NoButton, self.parent)
        box.setInformativeText(translate("StartCheck", "Train anyway, or choose a cheaper way to start."))
        roles = {TRAIN_ANYWAY: QMessageBox.ButtonRole.AcceptRole, CANCEL: QMessageBox.ButtonRole.RejectRole}
        buttons = {}
        for choice in question.choices:
            buttons[choice.key] = box.addButton(choice.label, roles.get(choice.key, QMessageBox.ButtonRole.ActionRole))
        box.setDefaultButton(buttons[question.choices[0].key])  # the cheapest way, or Train anyway
        box.setEscapeButton(buttons[CANCEL])
        box.exec()
        clicked = box.clickedButton()
        return next((key for key, button in buttons.items() if button is clicked), CANCEL)
