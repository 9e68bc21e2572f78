"""Run ▸ New sweep…: the setup's current settings as the base, and what varies (learning rates, seeds, batch
sizes), how to search, and how many workers. The dialog checks its own boxes first, so a bad value is one
sentence naming the box as the form labels it ("Seeds (repeats): give at least one seed."), never a sweep
file's key; then it builds the same data a sweep file holds and the core checks that
(:func:`cnnlab.sweep.parse_sweep`)."""

from __future__ import annotations

import os
import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnlab.engine.config import TrainConfig
from cnnlab.errors import UserError
from cnnlab.runs.store import model_label
from cnnlab.sweep.spec import DEFAULT_TRIALS, NAME_PATTERN, SEARCHES, SweepSpec, parse_sweep
from ui.i18n import config_value, core_message

DEFAULT_SEEDS = "3"  # three repeats: the fewest that give a standard deviation worth reading
MAX_WORKERS = max(1, os.cpu_count() or 1)  # one trial per core at most: more only fight over the cores
MAX_TRIALS = 1000  # the trial box's upper bound: far beyond a class's patience
NOT_BASE = ("out_dir", "seed", "reproducible", "threads")  # a sweep sets these per trial itself
SPLIT = re.compile(r"[,\s;]+")  # "0.001, 0.01" or "0.001 0.01"


def numbers(text: str, kind: type) -> list[Any]:
    """The comma list ``text`` as numbers of ``kind`` (int or float); ValueError for a word that is not one."""
    return [kind(word) for word in SPLIT.split(text.strip()) if word]


def seeds_of(text: str) -> list[int]:
    """A count ("3": seeds 1, 2, 3) or a list ("7, 8"); ValueError when it is neither."""
    values = numbers(text, int)
    if len(values) == 1 and "," not in text:
        return list(range(1, values[0] + 1))
    return values


def sweep_data(name: str, base: dict[str, Any], lrs: str, seeds: str, batch_sizes: str, search: str,
               trials: int) -> dict[str, Any]:
    """The sweep file's data for the form's texts (what :func:`parse_sweep` reads); ValueError for a word that is
    not a number. An empty learning-rate or batch-size box keeps the base's value."""
    vary: dict[str, Any] = {}
    if lrs.strip():
        vary["lr"] = numbers(lrs, float)
    if batch_sizes.strip():
        vary["batch_size"] = numbers(batch_sizes, int)
    vary["seed"] = seeds_of(seeds)
    fixed = {k: v for k, v in base.items() if v is not None and k not in NOT_BASE and k not in vary}
    data: dict[str, Any] = {"name": name, "base": fixed, "vary": vary, "search": search}
    if search != "grid":
        data["trials"] = trials
    return data


def sweep_name(base: dict[str, Any]) -> str:
    """A default name from the base's dataset and model, a design file by its name as the runs list shows it
    ("shapes-my-net", not the file's path), kept to the letters a sweep name allows."""
    model = base.get("model")
    raw = f"{base.get('dataset', 'sweep')}-{model_label(model) if model else 'model'}"
    name = re.sub(r"[^A-Za-z0-9._-]", "-", raw)[:48]
    return name if NAME_PATTERN.match(name) else "sweep"


class SweepForm(QDialog):
    """The dialog; :attr:`spec` is the checked sweep (None while the form has a problem, shown in its note)."""

    def __init__(self, base: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New sweep"))
        self.base = base
        self.spec: SweepSpec | None = None
        self.labels = {"name": self.tr("Name"), "lr": self.tr("Learning rates"), "seed": self.tr("Seeds (repeats)"),
                       "batch_size": self.tr("Batch sizes"), "search": self.tr("Search"),
                       "trials": self.tr("Trials (random, TPE)"), "workers": self.tr("Workers")}  # rows and problems
        self.name = QLineEdit(sweep_name(base))
        self.lrs = QLineEdit(f"{base['lr']:g}" if isinstance(base.get("lr"), (int, float)) else "")
        self.lrs.setPlaceholderText(self.tr("e.g. 0.001, 0.003, 0.01"))
        self.seeds = QLineEdit(DEFAULT_SEEDS)
        self.seeds.setToolTip(self.tr("A count (3: seeds 1, 2, 3) or a list of seeds (7, 8, 9)"))
        self.batch_sizes = QLineEdit()
        self.batch_sizes.setPlaceholderText(self.tr("the setup's ({0})").format(base.get("batch_size", "")))
        self.search = QComboBox()
        titles = {"grid": self.tr("Grid: every combination"), "random": self.tr("Random search"),
                  "tpe": self.tr("Bayesian search (TPE)")}
        for key in SEARCHES:
            self.search.addItem(titles[key], key)
        self.trials = QSpinBox()
        self.trials.setRange(1, MAX_TRIALS)
        self.trials.setValue(DEFAULT_TRIALS)
        self.workers = QSpinBox()
        self.workers.setRange(1, MAX_WORKERS)
        self.workers.setToolTip(self.tr("Trials trained at once, each in its own process; the cores are shared out"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.base_text = QLabel(self.base_line())
        self.base_text.setWordWrap(True)

        form = QFormLayout()
        for key, box in (("name", self.name), ("lr", self.lrs), ("seed", self.seeds), ("batch_size", self.batch_sizes),
                         ("search", self.search), ("trials", self.trials), ("workers", self.workers)):
            form.addRow(self.labels[key], box)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = self.buttons.addButton(self.tr("Start"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.base_text)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        for box in (self.name, self.lrs, self.seeds, self.batch_sizes):
            box.textChanged.connect(self.check)
        self.search.currentIndexChanged.connect(self.check)
        self.trials.valueChanged.connect(self.check)
        self.check()

    def base_line(self) -> str:
        """The base as the setup names it: the dataset's title and the recipe's name in the window's language, a
        design by its name (the trials train its file), and the train limit when there is one."""
        model = self.base.get("model")
        values = (config_value("dataset", self.base.get("dataset")), model_label(model) if model else "",
                  self.base.get("epochs", ""), config_value("recipe", self.base.get("recipe")))
        limit = self.base.get("train_limit")
        if limit:
            return self.tr("Base: {0}, {1}, {2} epoch(s), recipe {3}, {4} training images").format(*values, limit)
        return self.tr("Base: {0}, {1}, {2} epoch(s), recipe {3}").format(*values)

    def check(self) -> None:
        """Rebuild the spec from the form; the note says how many trials, or the one problem."""
        search = str(self.search.currentData())
        self.trials.setEnabled(search != "grid")
        self.spec = None
        problem = self.form_problem(search)
        if problem:
            self._problem(problem)
            return
        data = sweep_data(self.name.text().strip(), self.base, self.lrs.text(), self.seeds.text(),
                          self.batch_sizes.text(), search, self.trials.value())
        try:
            self.spec = parse_sweep(data)
        except UserError as e:  # the boxes are checked above: only a base the setup let through can land here
            self._problem(core_message(str(e)))
            return
        spec = self.spec
        self.note.setStyleSheet("")
        self.note.setText(self.tr("{0} configuration(s) × {1} seed(s) = {2} trial(s) of {3} epoch(s) each.").format(
            spec.configurations, len(spec.seeds), spec.total_runs, spec.base.get("epochs", "")))
        self.start_button.setEnabled(True)

    def form_problem(self, search: str) -> str:
        """The first problem of the form's boxes, one sentence naming the box as the form labels it; "" if none."""
        if not NAME_PATTERN.match(self.name.text().strip()):
            return self._field("name", self.tr("use letters, digits, '.', '-' and '_', starting with a letter or "
                                               "digit (the name is the sweep's folder)."))
        varied: dict[str, list[Any]] = {}
        for key, box, kind in (("lr", self.lrs, float), ("batch_size", self.batch_sizes, int)):
            if box.text().strip():
                try:
                    varied[key] = numbers(box.text(), kind)
                except ValueError:
                    return self._field(key, self.tr("give numbers separated by commas."))
        try:
            varied["seed"] = seeds_of(self.seeds.text())
        except ValueError:
            return self._field("seed", self.tr("give a count (3: seeds 1, 2, 3) or seeds separated by commas "
                                               "(7, 8, 9)."))
        if not varied["seed"]:
            return self._field("seed", self.tr("give at least one seed."))
        for key, values in varied.items():
            if not values:
                return self._field(key, self.tr("give at least one value, or leave the box empty for the setup's."))
            for n, value in enumerate(values):
                if value in values[:n]:
                    return self._field(key, self.tr("{0} is listed twice.").format(f"{value:g}"))
                try:
                    TrainConfig(**{key: value}).validate()
                except UserError as e:
                    return self._field(key, core_message(str(e)))
        if search != "grid" and varied.keys() == {"seed"}:
            return self._field("search", self.tr("a random or Bayesian search chooses among learning rates or batch "
                                                 "sizes; to repeat the setup over seeds alone, choose Grid."))
        return ""

    def _field(self, key: str, problem: str) -> str:
        return self.tr("{0}: {1}").format(self.labels[key], problem)

    def _problem(self, sentence: str) -> None:
        self.note.setStyleSheet("color: #c62828;")
        self.note.setText(sentence)
        self.start_button.setEnabled(False)
