"""The hyperparameter form: recipe values prefilled, checked as you type.

The fields, labels, tooltips and choices come from ``TrainConfig``'s field metadata (shown through
Qt's translation, context ``TrainConfig``). Numbers are typed into line edits (not spin boxes) so a
student can type anything and is told what is wrong. Range checks are ``TrainConfig.validate``'s
own, one field at a time, so the form and the command line give the same one-sentence reasons.
An on/off field is a check box beside what it qualifies (Reproducible beside the device picker); its text is
``"True"`` or ``"False"``, so saved settings and an opened run's config fill it like any other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from cnnlab.app.setup import field_text
from cnnlab.engine.config import FieldInfo, TrainConfig, form_fields, recipe_fields
from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from ui.i18n import core_message

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls

RECIPE_FIELDS = recipe_fields()  # prefilled from the recipe when the dataset, model or recipe changes
CHOICE_NAMES = {  # how the pickers name the config's choice values (translated, context "Choices")
    "sgd": QT_TRANSLATE_NOOP("Choices", "sgd"), "momentum": QT_TRANSLATE_NOOP("Choices", "momentum"),
    "adam": QT_TRANSLATE_NOOP("Choices", "adam"), "rmsprop": QT_TRANSLATE_NOOP("Choices", "rmsprop"),
    "none": QT_TRANSLATE_NOOP("Choices", "none"), "step": QT_TRANSLATE_NOOP("Choices", "step"),
    "cosine": QT_TRANSLATE_NOOP("Choices", "cosine"), "one-cycle": QT_TRANSLATE_NOOP("Choices", "one-cycle"),
    "flip": QT_TRANSLATE_NOOP("Choices", "flip"), "shift": QT_TRANSLATE_NOOP("Choices", "shift"),
    "flip+shift": QT_TRANSLATE_NOOP("Choices", "flip+shift"),
}
TR_CONTEXT = "TrainConfig"  # Qt translation context of the config fields' labels and help texts
FIELD_WIDTH = 90  # pixels: a field shows its number or choice whole
NARROW_FIELD_WIDTH = 48  # pixels: a field with a check box beside it in its cell
# a check box -> the field it shares a cell with; a name outside the form (the device picker) leaves it to the setup
BESIDE = {"reproducible": "device"}  # deterministic algorithms and a fixed thread count: the device's arithmetic
TRUE_TEXTS = ("true", "1")  # a check box's text when ticked (field_text(True) and older hand-written settings)


@dataclass(frozen=True)
class FieldSpec:
    """One form field, from its TrainConfig field's metadata (see ``cnnlab.engine.config``)."""

    name: str  # the TrainConfig field
    label: str  # English source text: messages use it, the form shows its translation
    tip: str  # the one-line tooltip, English source text
    kind: str  # "int", "float", "bool" (a check box) or "choice"
    choices: tuple[str, ...] = ()
    empty: str = ""  # what an empty field means, shown as placeholder; "" means it is required

    @classmethod
    def from_info(cls, info: FieldInfo) -> FieldSpec:
        if info.from_recipe or info.kind == "bool":
            empty = ""  # prefilled from the recipe: an empty field is a mistake; a check box is never empty
        else:
            empty = info.none_means if info.default is None else info.default_text()
        return cls(info.name, info.label, info.help, info.kind, info.choices, empty)

    def shown_label(self) -> str:
        return QCoreApplication.translate(TR_CONTEXT, self.label)

    def shown_tip(self) -> str:
        return QCoreApplication.translate(TR_CONTEXT, self.tip)

    def shown_empty(self) -> str:
        """The placeholder: what an empty field means ("all images"), translated; numbers stay as they are."""
        return QCoreApplication.translate(TR_CONTEXT, self.empty) if self.empty else ""


FIELDS: tuple[FieldSpec, ...] = tuple(FieldSpec.from_info(f) for f in form_fields())
_BY_NAME = {f.name: f for f in FIELDS}


def _parse(spec: FieldSpec, text: str) -> Any:
    """Text -> value (None for an empty optional field); raises UserError with one sentence."""
    text = text.strip().replace(",", "") if spec.kind != "choice" else text
    if spec.kind == "choice":
        return text
    if spec.kind == "bool":
        return text.lower() in TRUE_TEXTS
    if not text:
        if spec.empty:
            return None
        raise UserError(translate("HyperForm", "{0} is empty; type a number.").format(spec.shown_label()))
    try:
        value = float(text)
    except ValueError:
        raise UserError(translate("HyperForm", "{0} must be a number, not {1}.").format(spec.shown_label(),
                                                                                         repr(text))) from None
    if spec.kind == "int":
        if not value.is_integer():
            raise UserError(translate("HyperForm", "{0} must be a whole number, not {1}.").format(
                spec.shown_label(), repr(text)))
        return int(value)
    return value


def seed_of(texts: Mapping[str, str]) -> int | None:
    """The seed the form's texts give (0 when empty), None when the seed field is not a valid seed."""
    spec = _BY_NAME["seed"]
    try:
        value = _parse(spec, texts.get("seed", ""))
        if value is not None:
            TrainConfig(seed=value).validate()
    except UserError:
        return None
    return 0 if value is None else int(value)


class HyperForm(QWidget):
    """``values()`` gives the parsed fields; ``errors()`` maps each bad field to its reason."""

    changed = Signal()  # any edit, after validation

    def __init__(self, parent: QWidget | None = None,
                 columns: int = 2) -> None:  # two label/field pairs a row: the form fits a 440-pixel column
        super().__init__(parent)
        self._widgets: dict[str, QLineEdit | QComboBox | QCheckBox] = {}
        self._errors: dict[str, str] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        for c in range(columns):
            grid.setColumnStretch(2 * c + 1, 1)  # fields share the width; labels keep theirs
        cells: list[tuple[QLabel, list[QWidget]]] = []  # each grid cell: a label, its field and check boxes
        checks: dict[str, QCheckBox] = {}
        for spec in FIELDS:
            widget = self._editor(spec)
            widget.setObjectName(f"hp_{spec.name}")
            widget.setToolTip(spec.shown_tip())
            self._widgets[spec.name] = widget
            if isinstance(widget, QCheckBox):  # its own text is its label; it joins the field it qualifies
                checks[spec.name] = widget
                continue
            widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            widget.setMinimumWidth(NARROW_FIELD_WIDTH if spec.name in BESIDE.values() else FIELD_WIDTH)
            label = QLabel(spec.shown_label())
            label.setToolTip(spec.shown_tip())
            label.setBuddy(widget)
            cells.append((label, [widget]))
        self.loose: list[QCheckBox] = []  # check boxes the setup places beside a picker of its own (the device)
        for name, check in checks.items():
            beside = self._widgets.get(BESIDE.get(name, ""))
            if beside is None:
                self.loose.append(check)
            else:
                next(ws for _, ws in cells if ws[0] is beside).append(check)
        for i, (label, widgets) in enumerate(cells):
            row, col = divmod(i, columns)
            grid.addWidget(label, row, 2 * col)
            grid.addWidget(widgets[0] if len(widgets) == 1 else _side_by_side(widgets), row, 2 * col + 1)
        self._suspend = False

    def _editor(self, spec: FieldSpec) -> QLineEdit | QComboBox | QCheckBox:
        """The field's editor: a picker for choices, a check box for on/off, else a line edit."""
        if spec.kind == "choice":
            box = QComboBox()
            for choice in spec.choices:  # the value as data, its translated name as text
                box.addItem(QCoreApplication.translate("Choices", CHOICE_NAMES.get(choice, choice)), choice)
            box.currentIndexChanged.connect(self._on_edit)
            return box
        if spec.kind == "bool":
            check = QCheckBox(spec.shown_label())
            check.toggled.connect(self._on_edit)
            return check
        line = QLineEdit()
        line.setPlaceholderText(spec.shown_empty())
        line.textChanged.connect(self._on_edit)
        return line

    def field(self, name: str) -> QLineEdit | QComboBox | QCheckBox:
        return self._widgets[name]

    def text(self, name: str) -> str:
        w = self._widgets[name]
        if isinstance(w, QCheckBox):
            return str(w.isChecked())
        return str(w.currentData()) if isinstance(w, QComboBox) else w.text()

    def set_text(self, name: str, text: str) -> None:
        w = self._widgets[name]
        if isinstance(w, QCheckBox):
            w.setChecked(text.strip().lower() in TRUE_TEXTS)
        elif isinstance(w, QComboBox):
            index = w.findData(text)
            if index >= 0:
                w.setCurrentIndex(index)
        else:
            w.setText(text)

    def fill(self, values: dict[str, Any]) -> None:
        """Set several fields at once (recipe values, restored settings); validates once."""
        self._suspend = True
        try:
            for name, value in values.items():
                if name in self._widgets:
                    self.set_text(name, field_text(value))
        finally:
            self._suspend = False
        self._on_edit()

    def texts(self) -> dict[str, str]:
        return {name: self.text(name) for name in self._widgets}

    def values(self) -> dict[str, Any]:
        """Parsed values of the valid fields (None for empty optional ones)."""
        out = {}
        for spec in FIELDS:
            try:
                out[spec.name] = _parse(spec, self.text(spec.name))
            except UserError:
                continue
        if out.get("seed") is None:
            out["seed"] = 0  # an empty seed field means the default seed
        return out

    def errors(self) -> dict[str, str]:
        return dict(self._errors)

    def set_enabled_for_run(self, enabled: bool) -> None:
        for w in self._widgets.values():
            w.setEnabled(enabled)

    def _on_edit(self, *_args: object) -> None:
        if self._suspend:
            return
        self._errors = {}
        for spec in FIELDS:
            message = self._check(spec)
            widget = self._widgets[spec.name]
            if message:
                self._errors[spec.name] = message
            _mark(widget, bool(message))
        self.changed.emit()

    def _check(self, spec: FieldSpec) -> str:
        try:
            value = _parse(spec, self.text(spec.name))
            if value is not None:
                TrainConfig(**{spec.name: value}).validate()  # the core's own range check for this field
        except UserError as e:
            return core_message(str(e))  # the core's range sentences, translated
        return ""


def _side_by_side(widgets: list[QWidget]) -> QWidget:
    """One grid cell holding a field and the check boxes that qualify it."""
    cell = QWidget()
    row = QHBoxLayout(cell)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(8)
    for w in widgets:
        row.addWidget(w, 1 if w is widgets[0] else 0)  # the field takes the room the check boxes leave
    cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return cell


def _mark(widget: QWidget, invalid: bool) -> None:
    """Flag a field for the style sheet's red ``[invalid="true"]`` rule and repaint it."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


