"""Every attribution method side by side for the Lab's input, each with what it shows and when it misleads."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from cnnlab.inspection.attribution import METHODS, attribute
from cnnlab.inspection.sanity import SanityReport
from ui.i18n import class_names, core_message
from ui.lab.live_view import method_note, method_title
from ui.lab.sanity_view import SURVIVOR_COLOUR, survivor_label
from ui.lab.state import LabState, heat_tiles
from ui.panels.pictures import captioned_grid
from ui.panels.widgets import PictureView

SIDE = 100  # pixels per map: two methods a line fit beside the input column at 1280×800
COLUMNS = 2  # methods per line


class MethodsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold")
        self.grid = QGridLayout()
        self.cells: dict[str, tuple[PictureView, QLabel]] = {}
        for i, name in enumerate(METHODS):
            picture, note = PictureView(), QLabel(method_note(name))
            note.setWordWrap(True)
            note.setObjectName("hint")
            note.setMaximumWidth(2 * SIDE + 20)
            box = QVBoxLayout()
            box.addWidget(picture)
            box.addWidget(note)
            box.addStretch(1)
            self.grid.addLayout(box, i // COLUMNS, i % COLUMNS)
            self.cells[name] = (picture, note)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addLayout(self.grid)
        lay.addStretch(1)
        self.maps: dict[str, object] = {}
        self.survivors: tuple[object, frozenset[str]] = (None, frozenset())  # model checked, methods that survived

    def mark_survivors(self, report: SanityReport, model: object) -> None:
        """After a sanity check of ``model``: its methods whose maps survived randomisation are labelled here."""
        self.survivors = (model, frozenset(report.survivors))
        for name, (_picture, note) in self.cells.items():
            self._note(note, name, model)

    def _note(self, note: QLabel, name: str, model: object) -> None:
        checked, names = self.survivors
        if checked is model and name in names:
            label, text = html.escape(survivor_label(), quote=False), html.escape(method_note(name), quote=False)
            note.setText(f'<span style="color: {SURVIVOR_COLOUR}; font-weight: bold">{label}</span> {text}')
        else:
            note.setText(method_note(name))

    def show_state(self, state: LabState, target: int | None) -> None:
        model, x = state.used.model, state.x
        names = class_names(state.subject.classes)
        t = state.result.predicted if target is None else target
        self.title.setText(self.tr("Every method for class {0} (probability {1}); red and hot colours speak for "
                                   "the class, blue against it, dark occlusion = hiding that place costs the "
                                   "class.").format(names[t], f"{state.result.probabilities[t]:.0%}"))
        self.maps.clear()
        for name, (picture, note) in self.cells.items():
            try:
                a = attribute(model, x, name, t)
            except ValueError as e:
                picture.set_picture(None)
                note.setText(core_message(str(e)))
                continue
            self.maps[name] = a.map
            heat, over = heat_tiles(state.rgb, a.map, name, SIDE)
            layer = f" · {a.layer}" if a.layer else ""
            picture.set_picture(captioned_grid([heat, over], SIDE, 2, [f"{method_title(name)}{layer}",
                                                                        self.tr("over the input")], gap=6))
            self._note(note, name, model)
