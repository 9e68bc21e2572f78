"""Predict, then see, in the Design tab: the picked row's output shape or parameters asked before its X-ray cell
shows them. While the guess is pending that cell (and, for a shape, the shapes and memory after it, in the table
and the diagram) shows "?" and the card sits under the table; Reveal shows the
guess beside the core's truth (:mod:`cnnlab.predictions.design`) with a one-line explanation, and logs it as the
lessons do (context "design", shown as Designer). Skip never blocks. An edit while the card asks brings its
question up to date (the truth is always the design's as it is now)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QVBoxLayout, QWidget

from cnnlab.predictions import PredictionLog
from cnnlab.predictions.design import PARAMS, SHAPE, row_question
from cnnlab.predictions.question import NoTruth
from ui.design.edits import layer_at
from ui.design.files_menu import Say
from ui.design.view import DesignView
from ui.predict import PredictionCard, ask_prediction
from ui.predict.card import ASKING


class DesignPredict(QObject):
    """``menu`` (the tool bar's Predict) and the table's context menu ask about the picked row; ``card`` is the
    card shown (None before the first)."""

    def __init__(self, view: DesignView, say: Say, log: PredictionLog | None = None) -> None:
        super().__init__(view)
        self.view, self.say = view, say
        self.log = log if log is not None else PredictionLog()
        self.card: PredictionCard | None = None
        self.asked: tuple[str, str] | None = None  # (row label, SHAPE or PARAMS) of the card shown
        self.box: QWidget | None = None  # the card and its close button
        self.shape_action = self._action(self.tr("Predict its output shape"), SHAPE,
                                         self.tr("Guess the picked row's output shape before the X-ray shows it"))
        self.params_action = self._action(self.tr("Predict its parameters"), PARAMS,
                                          self.tr("Guess the picked row's parameters before the X-ray shows them"))
        self.menu = QMenu(self.tr("Predict"), view)
        self.menu.setToolTipsVisible(True)
        self.menu.addAction(self.shape_action)
        self.menu.addAction(self.params_action)
        table = view.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.addAction(self.shape_action)
        table.addAction(self.params_action)
        view.stateChanged.connect(self.update)
        view.xrayShown.connect(lambda _result: self._follow_edit())
        self.update()

    def _action(self, text: str, what: str, tip: str) -> QAction:
        action = QAction(text, self.view)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: self.ask_picked(what))
        return action

    def update(self) -> None:
        picked = self.view.selected_path() is not None
        self.shape_action.setEnabled(picked)
        self.params_action.setEnabled(picked)

    def ask_picked(self, what: str) -> PredictionCard | None:
        path = self.view.selected_path()
        if path is None:
            return None
        return self.ask(layer_at(self.view.design, path).row, what)

    def ask(self, label: str, what: str) -> PredictionCard | None:
        """Ask about row ``label`` (``SHAPE`` or ``PARAMS``); a row the design breaks before says why, no card."""
        try:
            question = row_question(self.view.design, label, what)
        except NoTruth as e:
            self.say(str(e), True)
            return None
        self.close()
        slot = self.view.predict_slot
        self.box = QWidget(slot)
        row = QHBoxLayout(self.box)
        row.setContentsMargins(0, 4, 0, 0)
        card = ask_prediction(self.box, question, self.log)
        shut = QToolButton()
        shut.setText("×")
        shut.setToolTip(self.tr("Close the prediction"))
        shut.clicked.connect(self.close)
        row.addWidget(shut, 0, Qt.AlignmentFlag.AlignTop)
        layout = slot.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addWidget(self.box)
        slot.show()
        self.card, self.asked = card, (label, what)
        card.revealed.connect(lambda _prediction: self._answered())
        card.skipped.connect(lambda _id: self._answered())
        self.view.model.set_hidden(self._hidden(label, what))
        self.view.table.fit_columns(self.view.model.changed_columns)
        self.view.redraw_diagram()
        return card

    def _hidden(self, label: str, what: str) -> set[tuple[str, str]]:
        """The cells a pending guess hides: the row's parameters; or its output shape, with the shapes and
        memory of the rows from it on (each would give it away)."""
        if what == PARAMS:
            return {(label, "params")}
        labels = list(self.view.model.rows)  # depth first, as the table lists them
        after = labels[labels.index(label):] if label in labels else [label]
        return {(row, key) for row in after for key in ("output", "memory")}

    def _answered(self) -> None:
        self.view.model.set_hidden(set())
        self.view.table.fit_columns(self.view.model.changed_columns)
        self.view.redraw_diagram()

    def close(self) -> None:
        """Put the card away (a pending guess is dropped, as Skip would) and show every cell."""
        if self.box is not None:
            self.box.hide()
            self.box.deleteLater()
        self.box = self.card = self.asked = None
        self.view.predict_slot.hide()
        self._answered()

    def _follow_edit(self) -> None:
        """The design changed while the card asks: the same question about the design as it is now."""
        if self.card is None or self.asked is None or self.card.state != ASKING:
            return
        label, what = self.asked
        try:
            question = row_question(self.view.design, label, what)
        except NoTruth as e:
            self.card.close_with(str(e))
            self._answered()
            return
        if question != self.card.question:
            self.card.set_question(question)
