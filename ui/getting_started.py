"""A newcomer's way in: Help ▸ Getting started, and What's this?

(At the first start the left column shows the Lessons at 18.1 instead of the setup's twelve fields, and
the student's choice is remembered from then on: :mod:`ui.left_column`.) *Getting started* says in five
steps what to do first, each beside a picture of the part of this very window it names (grabbed live,
so it is in the window's language and matches what the student sees). Every tab says what it shows
when asked with Help ▸ What's this? (Shift+F1) and a click on it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QAction, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMenu,
    QVBoxLayout,
    QWhatsThis,
    QWidget,
)

from cnnlab.i18n import QT_TRANSLATE_NOOP
from ui.actions import SHORTCUTS
from ui.curves import CurvesView
from ui.design.view import DesignView
from ui.lab import LabPanel
from ui.left_column import LeftColumn
from ui.panels import (
    ConfusionPanel,
    FeatureMapsPanel,
    GradCamPanel,
    KernelRolesPanel,
    KernelsPanel,
    MisclassifiedPanel,
)
from ui.runs_view.view import RunsView
from ui.shell import Shell

translate = QCoreApplication.translate
PICTURE_WIDTH = 320  # pixels: a step's picture beside its text; five of them, at most half as tall, fit 800 high

WHATS_THIS: dict[type, str] = {  # English sources, context "WhatsThis"; translated when set
    CurvesView: QT_TRANSLATE_NOOP(
        "WhatsThis", "Loss and accuracy of every run, on the training and the validation images, drawn as the run "
        "trains. Tick runs in the list to overlay them; hover to read the values at an epoch."),
    RunsView: QT_TRANSLATE_NOOP(
        "WhatsThis", "Every saved run, newest first: filter, open, compare two, rename or delete. A run opened here "
        "shows its curves and fills the inspection tabs."),
    KernelsPanel: QT_TRANSLATE_NOOP(
        "WhatsThis", "The first convolution layer's kernels, each a small picture of the pattern it responds to; "
        "after training they look like edge and colour detectors."),
    FeatureMapsPanel: QT_TRANSLATE_NOOP(
        "WhatsThis", "What each layer makes of one test image (or one image per class): bright where a kernel found "
        "its pattern. Deeper layers are smaller and more abstract."),
    KernelRolesPanel: QT_TRANSLATE_NOOP(
        "WhatsThis", "Which kernels respond to which class: the lecture's table of each first-layer kernel's mean "
        "output per class, with the kernels that tell classes apart marked."),
    MisclassifiedPanel: QT_TRANSLATE_NOOP(
        "WhatsThis", "The test images the network gets wrong, most confident mistakes first; click one to see its "
        "probabilities and where the network looked."),
    ConfusionPanel: QT_TRANSLATE_NOOP(
        "WhatsThis", "How often each true class (row) is taken for each predicted class (column); click a cell to see "
        "its images."),
    GradCamPanel: QT_TRANSLATE_NOOP(
        "WhatsThis", "Where in the image a layer found evidence for a class, as a heat map over the image, for the "
        "predicted class and for every other."),
    LabPanel: QT_TRANSLATE_NOOP(
        "WhatsThis", "Draw or open your own input and watch the prediction and the attribution maps change as you "
        "draw; switch kernels off to see what they did."),
    DesignView: QT_TRANSLATE_NOOP(
        "WhatsThis", "Build a network row by row as the lecture writes it, beside its diagram: every row's output "
        "shape, parameters, FLOPs and receptive field as you type, and the row a design breaks at explained. Train "
        "this design trains it with the setup's settings."),
}

STEPS = (  # (text, which part of the window its picture shows)
    (QT_TRANSLATE_NOOP("GettingStarted", "Open the Lessons (tool bar, or View ▸ Lessons) and begin at 18.1: each "
                       "step trains or opens a run and shows its figure beside the book's number."), "lessons"),
    (QT_TRANSLATE_NOOP("GettingStarted", "Or choose a dataset and a model yourself in the setup; the built-in shapes "
                       "need no download."), "setup"),
    (QT_TRANSLATE_NOOP("GettingStarted", "Press Start ({0}). The run trains in the background; Pause and Stop "
                       "keep what it trained."), "toolbar"),
    (QT_TRANSLATE_NOOP("GettingStarted", "Watch the curves: training and validation loss and accuracy, epoch by "
                       "epoch. Runs you tick stay overlaid for comparison."), "curves"),
    (QT_TRANSLATE_NOOP("GettingStarted", "Look inside: kernels, feature maps, the images it gets wrong and why, and "
                       "the Lab to draw your own. Help ▸ What's this? explains any tab."), "tabs"),
)


def whats_this(widget: QWidget) -> str:
    """What ``widget`` (a tab of the window) shows, in the window's language; "" for another widget."""
    for kind, text in WHATS_THIS.items():
        if isinstance(widget, kind):
            return translate("WhatsThis", text)
    return ""


def _picture(window: Shell, lessons: LeftColumn, part: str) -> QPixmap:
    """A live picture of one part of the window, scaled to fit beside the step's text."""
    widget: QWidget = {"lessons": lessons.pane, "setup": window.setup, "toolbar": window.toolbar,
                       "curves": window.curves, "tabs": window.tabs.tabBar()}[part]
    if part in ("toolbar", "tabs"):  # a long strip: its start (Start, Pause, Stop; the first tabs), full size
        return widget.grab(QRect(0, 0, min(widget.width(), PICTURE_WIDTH), widget.height()))
    top = QRect(0, 0, widget.width(), min(widget.height(), widget.width() // 2))  # its top, at most half as tall
    return widget.grab(top).scaledToWidth(PICTURE_WIDTH, Qt.TransformationMode.SmoothTransformation)


class GettingStarted(QDialog):
    """Five steps, each with a picture of the part of the window it names."""

    def __init__(self, window: Shell, lessons: LeftColumn) -> None:
        super().__init__(window.window())
        self.setWindowTitle(translate("GettingStarted", "Getting started"))
        grid = QGridLayout()
        for row, (text, part) in enumerate(STEPS):
            top = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft  # each number beside its text's first line
            number = QLabel(f"<b>{row + 1}</b>")
            number.setObjectName(f"step_{row + 1}")
            number.setAlignment(top)
            start_key = SHORTCUTS["start"][0]  # the first of Start's keys, as the tool tip names it
            keys = start_key.toString(QKeySequence.SequenceFormat.NativeText) if isinstance(start_key, QKeySequence) \
                else ""
            words = QLabel(translate("GettingStarted", text).replace("{0}", keys))
            words.setWordWrap(True)
            words.setAlignment(top)  # at the top of its row, as the picture is usually taller
            words.setObjectName(f"words_{row + 1}")
            words.setMinimumWidth(280)  # pixels: a short paragraph per step
            picture = QLabel()
            picture.setAlignment(top)
            picture.setPixmap(_picture(window, lessons, part))
            picture.setObjectName(f"picture_{part}")
            grid.addWidget(number, row, 0)
            grid.addWidget(words, row, 1)
            grid.addWidget(picture, row, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(buttons)


def install_getting_started(window: Shell, lessons: LeftColumn) -> QAction:
    """What's this? on every tab, Help ▸ Getting started and Help ▸ What's this?; returns the Getting started
    action."""
    for i in range(window.tabs.count()):
        page = window.tabs.widget(i)
        text = whats_this(page) if page is not None else ""
        if page is not None and text:
            page.setWhatsThis(text)
            window.tabs.setTabToolTip(i, text)
    show = QAction(translate("GettingStarted", "&Getting started"), window.window())
    show.setObjectName("gettingStarted")
    show.triggered.connect(lambda: GettingStarted(window, lessons).exec())
    help_menu = window.menuBar().findChild(QMenu, "helpMenu")
    if help_menu is not None:
        before = help_menu.actions()[:1]
        for action in (show, QWhatsThis.createAction(window.window())):
            if before:
                help_menu.insertAction(before[0], action)
            else:
                help_menu.addAction(action)
        if before:
            help_menu.insertSeparator(before[0])
    return show
