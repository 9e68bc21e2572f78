"""A word-wrapped rich-text label whose height follows its width exactly.

QLabel's own height-for-width misjudges rich text with several paragraphs (the last line is cut);
laying the text out in a QTextDocument at the label's width gives the height it is drawn with.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class WrappedText(QLabel):
    def __init__(self, object_name: str, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setText(text)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        doc = QTextDocument()
        doc.setDefaultFont(self.font())
        doc.setHtml(self.text())
        margins = self.contentsMargins()
        doc.setTextWidth(max(1, width - margins.left() - margins.right()))
        return math.ceil(doc.size().height()) + margins.top() + margins.bottom() + 2  # 2: rounding of the lines

    def sizeHint(self) -> QSize:
        width = max(100, self.width())
        return QSize(super().sizeHint().width(), self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(80, self.fontMetrics().height())  # the layout asks heightForWidth for the real height
