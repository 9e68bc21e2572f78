"""The Design view on its own: cells typed into update the X-ray (checked against the core's full X-ray and
hand counts), a bad value shows its row's sentence, rows are added, removed, moved and undone, blocks are
edited inside, files round-trip, a zoo model opens and compares, and the latest edit's X-ray wins."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QSpinBox

from cnnlab.design.compare import diff_designs
from cnnlab.design.files import load_design
from cnnlab.design.from_model import design_from_model
from cnnlab.design.spec import Design
from cnnlab.design.xray import xray
from cnnlab.errors import DesignError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from ui import i18n
from ui.background import BackgroundJobs
from ui.design.edits import relabel
from ui.design.files_menu import DesignActions, say_in, starter
from ui.design.tree_model import COLUMNS, ERROR_COLOUR, XRAY_ROLE, flat_rows
from ui.design.view import DesignView

WAIT_MS = 30_000  # an X-ray takes milliseconds; the first one warms the flop counter up (about a second)
COMMANDS: dict[int, DesignActions] = {}  # each view's commands, by id(view)


@pytest.fixture
def view(qtbot: Any) -> Iterator[DesignView]:
    jobs = BackgroundJobs()
    v = DesignView(starter(), jobs.run)
    COMMANDS[id(v)] = DesignActions(v, jobs.run, say_in(v))
    qtbot.addWidget(v)
    v.resize(1200, 700)
    v.show()
    settled(qtbot, v)
    yield v
    del COMMANDS[id(v)]
    jobs.close()
    assert jobs.wait(WAIT_MS)


def actions(v: DesignView) -> DesignActions:
    return COMMANDS[id(v)]


def settled(qtbot: Any, v: DesignView) -> None:
    """Wait until the X-ray shown is the one of the design shown."""
    qtbot.waitUntil(lambda: v.result is not None and v.result.design is v.design and not v.runner.busy(),
                    timeout=WAIT_MS)


def open_and_settle(qtbot: Any, v: DesignView, design: Design) -> None:
    v.open_design(design)
    settled(qtbot, v)


def cell(v: DesignView, path: tuple[int, ...], key: str, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return v.model.index_of(path, COLUMNS.index(key)).data(role)


def test_typing_a_value_updates_the_x_ray_as_the_core_counts_it(qtbot: Any, view: DesignView) -> None:
    open_and_settle(qtbot, view, design_from_model("lenet5"))
    assert cell(view, (3,), "params") == "2,416"  # the lecture's table: 16 × 6 × 5 × 5 + 16
    editor = view.table.edit_cell((3,), "out")
    assert isinstance(editor, QSpinBox)
    editor.selectAll()
    qtbot.keyClicks(editor, "32")  # "3", then "32": each value goes to the X-ray as it is typed
    settled(qtbot, view)
    assert view.design.layers[3].out == 32
    assert cell(view, (3,), "params") == f"{32 * 6 * 25 + 32:,}"
    assert cell(view, (7,), "params") == f"{32 * 5 * 5 * 120 + 120:,}"  # the first linear now gets 800 numbers
    full = xray(view.design)
    assert view.result is not None and view.result.xray == full
    for label, row in flat_rows(full.layers).items():
        assert cell(view, (int(label) - 1,), "layer", XRAY_ROLE) == row
    assert f"{full.total_params:,}" in view.totals.text()
    assert view.undo.count() == 1  # the two digits are one step
    view.undo.undo()
    settled(qtbot, view)
    assert view.design.layers[3].out == 16 and cell(view, (3,), "params") == "2,416"


def test_a_bad_value_shows_its_row_s_sentence_and_the_rows_before_it(qtbot: Any, view: DesignView) -> None:
    open_and_settle(qtbot, view, design_from_model("lenet5"))
    index = view.model.index_of((3,), COLUMNS.index("kernel"))
    assert view.model.setData(index, 30)
    settled(qtbot, view)
    sentence = ("row 4: kernel 30 on a 14×14 input, after one pooling; use a kernel of at most 14, pad the input, "
                "or remove a pooling before it.")
    assert view.message.text() == sentence and view.message.isVisibleTo(view)
    assert cell(view, (3,), "layer", Qt.ItemDataRole.BackgroundRole).color() == ERROR_COLOUR
    assert cell(view, (0,), "layer", Qt.ItemDataRole.BackgroundRole) is None
    assert cell(view, (3,), "params") is None and "totals come when the design works" in view.totals.text()
    assert [cell(view, (i,), "layer", XRAY_ROLE) for i in range(3, len(view.design.layers))] == \
        [None] * (len(view.design.layers) - 3)  # the failing row and those after it: blank
    cut = xray(design_from_model("lenet5"))  # rows 1–3 are as in the working design, the kernel changed after them
    for i in range(3):
        assert cell(view, (i,), "layer", XRAY_ROLE) == cut.layers[i]
    assert cell(view, (0,), "params") == "156" and cell(view, (2,), "output") == "6×14×14"  # 6 × (1×5×5 + 1)
    view.undo.undo()
    settled(qtbot, view)
    assert not view.message.isVisibleTo(view) and cell(view, (3,), "params") == "2,416"


def test_a_bad_value_s_sentence_is_in_the_window_s_language(qtbot: Any, view: DesignView, qapp: QApplication) -> None:
    open_and_settle(qtbot, view, design_from_model("lenet5"))
    assert i18n.install(qapp, "zh_CN") == "zh_CN" or not i18n.qm_path("zh_CN").exists()
    try:
        view.model.setData(view.model.index_of((11,), COLUMNS.index("out")), 7)
        settled(qtbot, view)
        assert view.result is not None and view.result.row == "12"
        assert view.message.text() == i18n.core_message(view.result.error)
    finally:
        i18n.install(qapp, "en")


def test_rows_are_added_moved_removed_and_undone(qtbot: Any, view: DesignView) -> None:
    before = view.design
    view.table.select_path((2,))  # the pooling
    view.add("conv")
    settled(qtbot, view)
    kinds = [layer.kind for layer in view.design.layers]
    assert kinds == ["conv", "relu", "maxpool", "conv", "flatten", "linear"]
    added = view.design.layers[3]
    assert (added.out, added.kernel, added.padding) == (8, 3, 1)  # the 8 channels arriving, size kept
    assert view.selected_path() == (3,) and cell(view, (3,), "output") == "8×14×14"
    assert view.move_row(-1) and [layer.kind for layer in view.design.layers][2:4] == ["conv", "maxpool"]
    assert view.selected_path() == (2,)
    settled(qtbot, view)
    assert cell(view, (2,), "output") == "8×28×28"
    assert view.remove() and len(view.design.layers) == 5
    settled(qtbot, view)
    while view.undo.canUndo():
        view.undo.undo()
    assert view.design == before
    view.undo.redo()
    assert [layer.kind for layer in view.design.layers][3] == "conv"


def test_blocks_are_nested_and_edited_inside(qtbot: Any, view: DesignView) -> None:
    view.table.select_path((2,))
    view.add("residual")
    settled(qtbot, view)
    block = view.model.index_of((3,))
    assert view.model.rowCount(block) == 3 and view.table.isExpanded(block)
    assert [cell(view, (3, i), "layer") for i in range(3)] == ["4.1  conv", "4.2  bn", "4.3  relu"]
    assert cell(view, (3,), "params") == f"{8 * 8 * 9 + 8 + 16:,}"  # the inner conv and bn
    view.model.setData(view.model.index_of((3, 0), COLUMNS.index("out")), 16)  # the block changes the channels
    settled(qtbot, view)
    assert view.result is not None and view.result.row == "4"
    assert "cannot be added" in view.message.text()
    view.undo.undo()
    view.table.select_path((3,))
    view.add("branches")
    settled(qtbot, view)
    assert [cell(view, (4, j), "layer") for j in range(2)] == ["5.b1  branch", "5.b2  branch"]
    assert cell(view, (4,), "output") == "16×14×14"  # 8 + 8 channels joined
    view.table.select_path((4, 1))
    assert view.add_branch()
    settled(qtbot, view)
    assert cell(view, (4,), "output") == "24×14×14"
    edges = view.diagram.edges
    assert edges[0] == "1×28×28" and edges[-1] == "10"


def test_clicking_a_box_in_the_diagram_picks_its_row(qtbot: Any, view: DesignView) -> None:
    centre = view.diagram.box_centre((2,))
    qtbot.mouseClick(view.diagram.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(int(centre.x()), int(centre.y())))
    assert view.selected_path() == (2,)


def test_a_design_saved_opens_again_the_same(qtbot: Any, view: DesignView, tmp_path: Path) -> None:
    view.model.setData(view.model.index_of((0,), COLUMNS.index("out")), 12)
    settled(qtbot, view)
    assert view.modified()
    path = tmp_path / "mine.yaml"
    assert actions(view).save_to(path)
    assert not view.modified() and str(path) in view.title.text()
    assert load_design(path) == view.design
    saved = view.design
    actions(view).new()
    assert actions(view).open_file(path)
    assert view.design == saved and view.file == path and view.undo.count() == 0
    assert not actions(view).open_file(tmp_path / "missing.yaml")
    assert view.notice.text() == f"The design file {tmp_path / 'missing.yaml'} does not exist."


def test_unsaved_changes_are_kept_unless_the_student_discards_them(qtbot: Any, view: DesignView) -> None:
    view.model.setData(view.model.index_of((0,), COLUMNS.index("out")), 12)
    asked: list[str] = []

    def refuse(question: str) -> bool:
        asked.append(question)
        return False

    actions(view).ask = refuse
    actions(view).choose_new()
    assert view.design.layers[0].out == 12 and asked == ["my-net has changes that are not saved. Discard them?"]
    actions(view).ask = lambda question: True
    actions(view).choose_new()
    assert view.design.layers[0].out == 8


def test_a_zoo_model_opens_and_compares_with_another(qtbot: Any, view: DesignView) -> None:
    actions(view).open_model("lenet5")
    qtbot.waitUntil(lambda: view.design.name == "lenet5", timeout=WAIT_MS)
    settled(qtbot, view)
    assert view.result is not None and view.result.xray is not None and view.result.xray.total_params == 61706
    actions(view).compare_model("mnist-cnn")
    qtbot.waitUntil(lambda: actions(view).compared is not None, timeout=WAIT_MS)
    dialog = actions(view).compared
    assert dialog is not None
    expected = diff_designs(xray(design_from_model("lenet5")), xray(design_from_model("mnist-cnn")))
    assert dialog.table.rowCount() == len(expected.changes) > 0
    first = expected.changes[0]
    texts = [[dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]  # type: ignore[union-attr]  # every cell is filled
             for r in range(dialog.table.rowCount())]
    assert texts[0][1] == (first.before_text or "–") and texts[0][3] == (first.after_text or "–")
    assert f"{expected.a.total_params:,} → {expected.b.total_params:,}" in dialog.totals.text()
    dialog.close()


def test_a_model_the_core_cannot_write_says_so_and_keeps_the_design(qtbot: Any, view: DesignView,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def cannot(name: str, dataset: str | None = None) -> Design:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "The {model} model's layer {layer} ({kind}) cannot be "
                                                           "written as a design row yet."),
                          model=name, layer="features.lrn1", kind="LocalResponseNorm")

    monkeypatch.setattr("ui.design.files_menu.design_from_model", cannot)
    before = view.design
    actions(view).open_model("alexnet")
    qtbot.waitUntil(lambda: not actions(view).busy, timeout=WAIT_MS)
    assert view.notice.text() == ("The alexnet model's layer features.lrn1 (LocalResponseNorm) cannot be written as "
                                  "a design row yet.")
    assert view.design is before


def test_the_latest_edit_wins_and_older_x_rays_are_dropped(qtbot: Any, view: DesignView) -> None:
    counting, release = threading.Event(), threading.Event()

    def hold(design: Design) -> None:  # the first count waits (on its worker thread) for the second edit
        if design.layers[0].out == 9:
            counting.set()
            assert release.wait(WAIT_MS / 1000)

    view.runner.on_count = hold
    out = view.model.index_of((0,), COLUMNS.index("out"))
    view.model.setData(out, 9)
    assert counting.wait(WAIT_MS / 1000)
    view.model.setData(out, 10)  # typed while the count of 9 runs: the GUI thread is not held up
    assert view.design.layers[0].out == 10 and view.runner.busy()
    release.set()
    settled(qtbot, view)
    assert view.runner.dropped == 1
    assert view.result is not None and view.result.design.layers[0].out == 10
    assert cell(view, (0,), "params") == f"{10 * 9 + 10:,}"


def test_the_bias_box_and_the_classes_field_edit_the_design(qtbot: Any, view: DesignView) -> None:
    bias = view.model.index_of((0,), COLUMNS.index("bias"))
    assert bias.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert view.model.setData(bias, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    settled(qtbot, view)
    assert not view.design.layers[0].bias and cell(view, (0,), "params") == f"{8 * 9:,}"  # weights only
    view.header.classes.setValue(7)  # the last linear layer still gives 10
    settled(qtbot, view)
    assert view.design.classes == 7 and view.result is not None and view.result.row == "5"
    assert view.message.text().startswith("row 5: the last layer gives 10 outputs but the design has 7 classes")
    view.undo.undo()
    view.undo.undo()
    settled(qtbot, view)
    assert view.design == relabel(starter()) and not view.message.isVisibleTo(view)


def test_a_built_in_model_s_run_opens_as_its_design(tmp_path: Path) -> None:
    from cnnlab.datasets import get_dataset_spec
    from cnnlab.engine.checkpoint import CheckpointMeta, save_checkpoint
    from cnnlab.errors import UserError
    from cnnlab.models import build_model
    from ui.design.runs import design_of_run

    spec = get_dataset_spec("shapes")
    assert spec.channels and spec.size and spec.classes
    shape = (spec.channels, *spec.size)
    model = build_model("shape-cnn", in_channels=shape[0], image_size=spec.size, num_classes=len(spec.classes))
    meta = CheckpointMeta("shape-cnn", {}, "shapes", tuple(spec.classes), (shape[0], shape[1], shape[2]),
                          (0.5,), (0.25,))
    save_checkpoint(tmp_path / "checkpoint.pt", meta, model.state_dict(), 1)
    design = design_of_run(tmp_path)
    assert design.name == "shape-cnn" and design.input == shape and design.classes == len(spec.classes)
    assert xray(design).total_params == sum(p.numel() for p in model.parameters())
    with pytest.raises(UserError, match="does not exist"):
        design_of_run(tmp_path / "missing")
