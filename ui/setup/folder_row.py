"""The setup's data-folder row: where the chosen dataset's files are (the folder the student chose, or
where they were found), *Data folder…* to choose one, and *Default* to look in the usual places again.
Its texts keep the ``SetupPanel`` translation context they were written in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from cnnlab.datasets import DatasetSpec, resolve_source
from ui.i18n import dataset_title

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


def found_text(source: str) -> str:
    """Where the data was found; the generated sets' "built in (generated)" / "generated" translated."""
    names = {"generated": translate("DataView", "generated"),
             "built in (generated)": translate("DataView", "built in (generated)")}
    return names.get(source, source)


class DataFolderRow(QWidget):
    """``chosen(folder)`` when the student picks a folder; ``cleared()`` for *Default*."""

    chosen = Signal(str)
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setObjectName("hint")
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.button = QPushButton(translate("SetupPanel", "Data folder…"))
        self.button.setToolTip(translate("SetupPanel", "Choose the folder that holds this dataset's files."))
        self.button.clicked.connect(self._choose)
        self.reset = QPushButton(translate("SetupPanel", "Default"))
        self.reset.setToolTip(translate("SetupPanel", "Forget the chosen folder and look in the usual places again."))
        self.reset.clicked.connect(lambda _checked=False: self.cleared.emit())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        row.addWidget(self.reset)
        self._spec: DatasetSpec | None = None
        self._root: str | None = None

    def show_for(self, spec: DatasetSpec, root: str | None) -> None:
        """The row of ``spec`` (hidden for the generated sets) with its chosen folder ``root``, if any."""
        self._spec, self._root = spec, root
        self.setVisible(not spec.generated)
        if root:
            self.label.setText(root)
            self.label.setToolTip(root)
        else:
            found = resolve_source(spec.name).where if spec.name != "folder" else None
            self.label.setText(translate("SetupPanel", "found in {0}").format(found_text(found)) if found else
                               (translate("SetupPanel", "no folder chosen") if spec.name == "folder"
                                else translate("SetupPanel", "not found; choose its folder")))
            self.label.setToolTip(found_text(found) if found else "")
        self.reset.setEnabled(bool(root))

    def set_enabled_for_run(self, enabled: bool) -> None:
        self.button.setEnabled(enabled)
        self.reset.setEnabled(enabled and bool(self._root))

    def _choose(self) -> None:
        title = dataset_title(self._spec.title) if self._spec is not None else ""
        folder = QFileDialog.getExistingDirectory(
            self, translate("SetupPanel", "Folder with the {0} data").format(title), self._root or str(Path.home()))
        if folder:
            self.chosen.emit(folder)
