"""简体中文 through Qt's translation system: the .ts is complete and matches the sources, the shipped
.qm is what lrelease makes of it, and the whole window in zh_CN shows no English left untranslated."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_testing import ALL_PANELS, RUN_TIMEOUT_MS, SMALL_RUN, configure, make_window, run_to_end
from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSpinBox,
    QTabBar,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from cnnlab import catalog
from cnnlab.datasets import get_dataset_spec, list_datasets
from cnnlab.errors import Sentence
from cnnlab.models import get_model_spec, list_models
from ui import i18n
from ui.app import parse_args
from ui.main_window import MainWindow
from ui.panels.widgets import PictureView

ROOT = Path(__file__).resolve().parents[2]
TS = i18n.ts_path("zh_CN")
QM = i18n.qm_path("zh_CN")

# Words that stay as they are in a Chinese window, each group for its reason (anything else in Latin
# letters is English left untranslated). Model, layer and dataset names are added from the registries.
ALLOWED = {
    # network and layer kinds the chapter itself writes in Latin letters
    "CNN", "DNN", "ReLU", "Softmax", "Dropout", "LRN", "Grad", "CAM", "Inception", "Keras",
    # optimizers, as the chapter and every framework name them
    "SGD", "Adam", "RMSprop",
    # hardware, units and formats
    "CPU", "GPU", "CUDA", "MPS", "Apple", "MB", "PNG", "RGB", "IDX", "HTML", "PDF", "ONNX", "YAML",
    # the L2 norm (weight decay), written so in Chinese textbooks too
    "L2",
    # the lecture's layer notation: "8×3×3, S=1, P=1", "2×2, S=2, Max"
    "S", "P", "Max",
    # authors cited by name (the Lab's sanity check: Adebayo et al., 2018)
    "Adebayo",
    # a torch function named as code in Compile's tool tip (torch.compile)
    "compile",
    # software and data names
    "cnnlab", "PyTorch", "PySide6", "pyqtgraph", "torch", "Zalando", "ImageNet", "CIFAR", "Netron", "onnxruntime",
    # command-line values and code a student types as they are: --device auto|cpu|cuda:N|mps
    "auto", "cpu", "cuda", "mps", "N", "e", "batch_norm", "True", "data", "download",
    "root", "cifar10",
    # a design file's row kinds, written in the Design tab as a student types them in the file; FLOPs, a unit
    "conv", "maxpool", "avgpool", "gap", "bn", "relu", "sigmoid", "tanh", "dropout", "flatten", "linear",
    "residual", "branches", "concat", "FLOPs", "KB",
    # keys of the keyboard shortcuts
    "Ctrl", "Return", "Enter", "Esc", "F5", "Delete",
    # each language names itself in View ▸ Language
    "English",
}


def proper_names() -> list[str]:
    """Model and dataset names, the titles that stay Latin (MNIST, CIFAR-10, AlexNet, VGG-16) and the
    papers' titles and authors, longest first: whole phrases, removed from a text before its words count."""
    names = set(list_models())
    cards = [get_model_spec(n).card for n in list_models()]
    names |= {c.title for c in cards if i18n.card_text(c.title) == c.title}
    names |= {text for c in cards for text in (c.authors, c.paper)}  # a paper is cited as written
    latin = [n for n in list_datasets() if i18n.dataset_title(get_dataset_spec(n).title) == get_dataset_spec(n).title]
    names |= {get_dataset_spec(n).title for n in latin} | set(latin)  # "MNIST", "mnist"; not "shapes", a word
    return sorted((n for n in names if n), key=len, reverse=True)


def latin_words(text: str) -> list[str]:
    """The words in Latin letters of a shown text, leaving out HTML markup, file paths, keyboard
    accelerators ("文件(&F)") and shortcuts ("Ctrl+O"), and one-letter symbols (K classes, runs A and B,
    H(x)), which are not English words; "a" and "I" are."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"\S*[/\\]\S*|\*\.\w+", " ", text)  # file paths (run folders, data folders), "*.png"
    text = re.sub(r"\(&?[A-Za-z]\)|&(?=\w)", " ", text)  # accelerators: "(&F)", "(F)" in tool tips, "&Start"
    text = re.sub(r"\b(?:Ctrl|Alt|Shift|Meta)\+\S+", " ", text)  # shortcuts
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9_]*", text) if len(w) > 1 or w in ("a", "I")]


def widget_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of everything ``root`` and its children show: labels, buttons, titles, tool tips,
    placeholders, picker items, tabs, table headers and cells, list items, menus, progress formats and
    the captions drawn into pictures."""
    for w in [root, *root.findChildren(QWidget)]:
        kind = type(w).__name__
        yield kind + ".toolTip", w.toolTip()
        if w.isWindow():
            yield kind + ".windowTitle", w.windowTitle()
        if isinstance(w, QLabel):
            yield kind + ".text", w.text()
        if isinstance(w, QAbstractButton):
            yield kind + ".text", w.text()
        if isinstance(w, QGroupBox):
            yield kind + ".title", w.title()
        if isinstance(w, QLineEdit):
            yield kind + ".placeholderText", w.placeholderText()
        if isinstance(w, QSpinBox):
            yield kind + ".prefix", w.prefix() + w.suffix()
        if isinstance(w, QProgressBar):
            yield kind + ".format", w.format()
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                yield kind + ".item", w.itemText(i)
                yield kind + ".itemToolTip", str(w.itemData(i, Qt.ItemDataRole.ToolTipRole) or "")
        if isinstance(w, QTabBar):
            for i in range(w.count()):
                yield kind + ".tab", w.tabText(i)
                yield kind + ".tabToolTip", w.tabToolTip(i)
        if isinstance(w, QTableWidget):
            for c in range(w.columnCount()):
                item = w.horizontalHeaderItem(c)
                yield kind + ".header", item.text() if item is not None else ""
            for r in range(w.rowCount()):
                for c in range(w.columnCount()):
                    cell = w.item(r, c)
                    yield kind + ".cell", cell.text() if cell is not None else ""
        elif isinstance(w, QAbstractItemView) and w.model() is not None and not isinstance(w, QListWidget):
            model = w.model()
            for c in range(model.columnCount()):
                yield kind + ".header", str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                for r in range(model.rowCount()):
                    yield kind + ".cell", str(model.data(model.index(r, c)) or "")
        if isinstance(w, QListWidget):
            for i in range(w.count()):
                yield kind + ".item", w.item(i).text()
        if isinstance(w, QMenu):
            yield kind + ".title", w.title()
        if isinstance(w, PictureView) and w.shown_picture is not None:
            for label in w.shown_picture.labels:
                yield kind + ".caption", label.text
    for action in root.findChildren(QAction):
        yield "QAction.text", action.text()
        yield "QAction.toolTip", action.toolTip()


def untranslated(root: QWidget, allowed: set[str], names: list[str] | None = None) -> list[str]:
    """"where: text (words)" for each shown text with Latin words that are neither ``allowed`` nor part
    of one of the ``names`` (proper names, matched whole)."""
    found = []
    for where, text in widget_texts(root):
        bare = html.unescape(text)
        for name in names or ():
            bare = bare.replace(name, " ")
        words = [w for w in latin_words(bare) if w not in allowed]
        if words:
            found.append(f"{where}: {text!r} ({', '.join(words)})")
    return sorted(set(found))


# ---------------------------------------------------------------------------------- the .ts and .qm
def test_the_ts_has_no_unfinished_or_empty_translation() -> None:
    entries = i18n.ts_entries(TS)
    assert len(entries) > 300  # the whole window, not a stub
    missing = [f"{context} / {source!r}" for (context, source), text in entries.items() if text is None]
    assert not missing, f"{len(missing)} unfinished: " + "; ".join(missing[:20])


def test_every_marked_text_of_the_sources_is_in_the_ts() -> None:
    """Read with ast (independently of lupdate, which skips f-strings)."""
    marked = [t for path in i18n.source_files() for t in i18n.marked_texts(path)]
    assert len(marked) > 300
    assert i18n.missed_by_lupdate(TS) == []


def test_lupdate_of_the_sources_finds_exactly_the_ts_entries(tmp_path: Path) -> None:
    fresh = tmp_path / "cnnlab_zh_CN.ts"
    i18n.lupdate(fresh)
    assert set(i18n.ts_entries(fresh)) == set(i18n.ts_entries(TS))


def test_the_shipped_qm_is_what_lrelease_makes_of_the_ts(tmp_path: Path) -> None:
    assert QM.is_file()
    fresh = tmp_path / "fresh.qm"
    i18n.lrelease(TS, fresh)
    assert fresh.read_bytes() == QM.read_bytes(), "run: python -m ui.i18n release"


def test_the_qt_free_catalog_reads_what_qt_shows(qapp: QApplication) -> None:
    """``cnnlab.catalog`` (the report and ``cnnlab models`` in zh_CN, without Qt) gives, for every entry of the
    .ts, exactly what Qt's own translator gives from the compiled .qm."""
    translator = QTranslator()
    assert translator.load(str(QM))
    entries = i18n.ts_entries(TS)
    assert len(entries) > 300
    differ = [f"{context} / {source!r}" for (context, source) in entries
              if catalog.translate(context, source, "zh_CN") != (translator.translate(context, source) or source)]
    assert not differ, "; ".join(differ[:10])
    card_ideas = [get_model_spec(name).card.idea for name in list_models()]
    assert all(catalog.translate("ModelCard", idea, "zh_CN") != idea for idea in card_ideas if idea)
    assert catalog.translate("Report", "Training report", "zh_CN") == "训练报告"
    assert catalog.translate("Report", "Training report", "en") == "Training report"


def test_the_scanner_sees_what_lupdate_misses(tmp_path: Path) -> None:
    """A translate() inside an f-string is reported; self.tr takes its class as context."""
    source = tmp_path / "sample.py"
    source.write_text('from PySide6.QtCore import QCoreApplication as Q\n'
                      'class Box:\n    def f(self):\n        return self.tr("in a class")\n'
                      'x = f"{Q.translate(\'Ctx\', \'inside\')}"\n', encoding="utf-8")
    assert sorted((c, t) for c, t, _ in i18n.marked_texts(source)) == [("Box", "in a class"), ("Ctx", "inside")]
    ts = tmp_path / "sample_zh_CN.ts"
    i18n.lupdate(ts, [source])
    assert set(i18n.ts_entries(ts)) == {("Box", "in a class")}
    assert [line.split(": ", 1)[1] for line in i18n.missed_by_lupdate(ts, [source])] == ["Ctx / 'inside'"]


# ------------------------------------------------------------------------------------- choosing
def test_the_language_comes_from_the_option_then_the_saved_choice_then_the_system(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert i18n.choose_language(None, settings) == i18n.system_language()
    i18n.save_language(settings, "zh_CN")
    assert i18n.choose_language(None, settings) == "zh_CN"
    assert i18n.choose_language("en", settings) == "en"
    assert i18n.normalize("zh-cn") == "zh_CN" and i18n.normalize("en_US") == "en" and i18n.normalize("fr") is None
    assert parse_args(["--lang", "zh_CN"]).lang == "zh_CN"
    with pytest.raises(SystemExit):
        parse_args(["--lang", "fr"])


def test_core_sentences_and_class_names_are_translated_at_display_time(qapp: QApplication) -> None:
    try:
        assert i18n.install(qapp, "zh_CN") == "zh_CN"
        assert i18n.class_name("red") == "红色" and i18n.class_name("T-shirt/top") == "T恤衫"
        assert i18n.class_name("green-rectangle") == "绿色矩形"  # the color-shapes classes, composed
        assert i18n.class_name("unknown-thing") == "unknown-thing"
        assert i18n.core_message("Epochs must be at least 1.") == "训练轮数至少为 1。"
        missing = Sentence("The run folder {path} does not exist.", path="/tmp/x y")
        assert i18n.core_message(missing) == "运行文件夹 /tmp/x y 不存在。"  # a template: the value is kept
        # the same English text without its template is not parsed: it stays as it is
        assert i18n.core_message(str.__str__(missing)) == "The run folder /tmp/x y does not exist."
        assert i18n.core_message("An English sentence nobody marked.") == "An English sentence nobody marked."
    finally:
        i18n.install(qapp, "en")
    assert i18n.class_name("red") == "red" and i18n.core_message("Seed cannot be negative.") == \
        "Seed cannot be negative."


def test_runtime_failures_read_in_chinese(qapp: QApplication) -> None:
    """Divergence, out of memory and a crashed training process: what a failed run's RunEnd says."""
    from cnnlab.engine.steps import check_finite, out_of_memory_sentence
    from cnnlab.errors import TrainingError, describe_failure

    with pytest.raises(TrainingError) as diverged:
        check_finite(float("inf"), 2, 15, 10.0)
    crash = Sentence("The training process ended unexpectedly (exit code {code}).", code=-9)  # as process.py says it
    try:
        i18n.install(qapp, "zh_CN")
        assert i18n.core_message(str(diverged.value)) == \
            "损失在第 2 轮第 15 批变成了 inf；请降低学习率（现在是 10）后重新训练。"
        assert i18n.core_message(out_of_memory_sentence(256)) == \
            "批大小为 256 张图片时 GPU 显存不足；请试试批大小 128，或改用 CPU 训练。"
        assert i18n.core_message(crash) == "训练进程意外结束（退出码 -9）。"
        assert i18n.core_message(describe_failure(MemoryError())) == \
            "计算机内存不足；请减小批大小，或用更少的图片训练。"
        assert i18n.core_message(describe_failure(ValueError("x"))) == "出错了（ValueError: x）。"
    finally:
        i18n.install(qapp, "en")
    assert i18n.core_message(crash) == "The training process ended unexpectedly (exit code -9)."


def test_advice_is_worded_for_the_window(qapp: QApplication) -> None:
    """The terminal's advice ("pass --data-root") reads as the window's own action in both languages."""
    from cnnlab.datasets import load_dataset
    from cnnlab.errors import DataError

    with pytest.raises(DataError) as missing:
        load_dataset("mnist", data_root=None)
    text = str(missing.value)
    assert "--data-root" in text  # what the CLI prints
    assert i18n.core_message(text).endswith("choose the folder that holds its files with Data folder….")
    try:
        i18n.install(qapp, "zh_CN")
        shown = i18n.core_message(text)
        assert shown.startswith("没有找到 mnist") and "数据文件夹…" in shown and "--data-root" not in shown
    finally:
        i18n.install(qapp, "en")


def _core_templates() -> list[tuple[str, str]]:
    """(file, template) of every CoreMessage template marked in the core and every Advice it gives."""
    import ast

    found = []
    for path in sorted((ROOT / "cnnlab").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            first = node.args[0]
            if name == "QT_TRANSLATE_NOOP" and len(node.args) == 2 and isinstance(first, ast.Constant) \
                    and first.value == "CoreMessage":
                second = node.args[1]
                if isinstance(second, ast.Constant) and isinstance(second.value, str):
                    found.append((path.name, second.value))
            elif name == "Advice" and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((path.name, "advice:" + first.value))
    return found


def test_every_core_template_reads_in_both_languages(qapp: QApplication) -> None:
    """Each marked template has a Chinese translation with the same fields, and each Advice the window's words."""
    import string

    templates = _core_templates()
    assert len(templates) > 60  # the core's templates were found
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    try:
        i18n.install(qapp, "zh_CN")
        for where, template in templates:
            if template.startswith("advice:"):
                assert template[7:] in i18n.ADVICE, f"{where}: no window wording for the advice {template[7:]!r}"
                continue
            zh = QCoreApplication.translate("CoreMessage", template)
            assert zh != template or not re.search(r"[A-Za-z]{3}", template), f"{where}: untranslated {template!r}"
            assert fields(zh) == fields(template), f"{where}: {template!r} and {zh!r} have different fields"
    finally:
        i18n.install(qapp, "en")


# ------------------------------------------------------------------------------------- the window
@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    assert i18n.install(qapp, "zh_CN") == "zh_CN"
    yield
    i18n.install(qapp, "en")  # the other tests read English


def bring_to_front(widget: QWidget) -> None:
    """Make every tab page that holds ``widget`` the current one, outermost first."""
    chain = []
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget) and parent.indexOf(child) >= 0:
            chain.append((parent, child))
        child, parent = parent, parent.parentWidget()
    for tabs, page in reversed(chain):
        tabs.setCurrentWidget(page)


def _walk_dialog(qtbot: Any, open_it: Any, allowed: set[str]) -> list[str]:
    """Open a modal dialog, collect its untranslated texts, close it."""
    found: list[str] = []
    seen: list[QWidget] = []

    def inspect() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, inspect)
            return
        seen.append(box)
        found.extend(untranslated(box, allowed, proper_names()))
        box.close()

    QTimer.singleShot(0, inspect)
    open_it()
    qtbot.waitUntil(lambda: bool(seen), timeout=RUN_TIMEOUT_MS)
    return found


def compared_texts(qtbot: Any, window: MainWindow, run_dir: str | None, allowed: set[str],
                   names: list[str]) -> list[str]:
    """The Runs tab comparing the run with a second one of another learning rate, read as untranslated()."""
    assert run_dir is not None
    configure(window, lr="0.01")
    second = run_to_end(qtbot, window)
    assert second.run_dir is not None
    view = window.runs_view
    window.tabs.setCurrentWidget(view)
    with qtbot.waitSignal(view.compared, timeout=RUN_TIMEOUT_MS):
        view.compare(Path(run_dir), Path(second.run_dir))
    first = view.comparison.config_table.item(0, 0)
    assert first is not None and first.text() == "学习率"  # the form's label, not the key "lr"
    found = untranslated(view, allowed, names)
    for plot in (view.comparison.loss_plot, view.comparison.acc_plot):  # axis titles, with any scale note
        found += [f"axis: {w}" for side in ("left", "bottom")
                  for w in latin_words(plot.getAxis(side).labelString()) if w not in allowed]
    view.show_table()
    return found


def report_texts(run_dir: Path, allowed: set[str], names: list[str]) -> list[str]:
    """The words of the run's report written in Chinese (title, status, settings, book note...)."""
    from cnnlab.report import write_report

    page = write_report(run_dir, run_dir / "report-zh.html", "zh_CN").read_text(encoding="utf-8")
    page = re.sub(r"<style>.*?</style>|<code>.*?</code>|<img [^>]*>", " ", page, flags=re.S)
    for name in names:
        page = page.replace(name, " ")
    return [f"report: {w}" for w in sorted(set(latin_words(page))) if w not in allowed | {"html", "utf"}]


def test_the_whole_window_in_chinese_shows_no_untranslated_text(qtbot: Any, settings: QSettings,
                                                                 chinese: None) -> None:
    window = make_window(qtbot, settings, panels=ALL_PANELS)
    try:
        configure(window, **SMALL_RUN)
        end = run_to_end(qtbot, window)
        assert end.status == "completed"
        qtbot.waitUntil(lambda: window.subject is not None, timeout=RUN_TIMEOUT_MS)
        assert "训练完成" in window.status_text()
        assert window.tabs.tabText(0) == "曲线" and window.curves.loss_plot.titleLabel.text == "损失"
        allowed = set(ALLOWED)
        names = proper_names()
        subject = window.subject
        assert subject is not None
        allowed |= {w for name, _ in subject.model.named_modules() for w in re.findall(r"[A-Za-z]\w*", name)}
        found: list[str] = []
        window.curves.show_values_at(4)  # the hover read-out
        for tabs in window.findChildren(QTabWidget):  # every tab of every tab widget, nested ones too
            for i in range(tabs.count()):
                bring_to_front(tabs)
                tabs.setCurrentIndex(i)
                QApplication.processEvents()  # lazy panels draw when shown (hidden ones' texts count too)
                found += untranslated(window, allowed, names)
        found += untranslated(window.recent_menu, allowed, names)
        found += compared_texts(qtbot, window, end.run_dir, allowed, names)
        assert end.run_dir is not None
        found += report_texts(Path(end.run_dir), allowed, names)
        window.folders.fill_recent_menu()  # File ▸ Recent runs lists the run just trained
        assert window.recent_menu.actions() and "几何形状上的" in window.recent_menu.actions()[0].text()
        found += untranslated(window.recent_menu, allowed, names)
        found += _walk_dialog(qtbot, window.show_about, allowed)
        found += _walk_dialog(qtbot, window.show_shortcuts, allowed)
        found += _walk_dialog(qtbot, window.choose_run, allowed)  # Qt's own file dialogs, in Chinese too
        found += _walk_dialog(qtbot, window.choose_export, allowed)
        window.status.error_dialogs = True
        found += _walk_dialog(qtbot, lambda: window.status.show_error("The run failed.", window.tr("Curves")),
                              allowed)
        assert window.status.last_error == "训练失败。"
        assert not sorted(set(found)), "\n".join(sorted(set(found)))
    finally:
        window.status.error_dialogs = False


def test_the_message_box_buttons_use_qts_own_chinese(qtbot: Any, chinese: None) -> None:
    """qtbase_zh_CN.qm is loaded: a standard button reads 确定, not OK."""
    box = QMessageBox(QMessageBox.Icon.Information, "标题", "内容", QMessageBox.StandardButton.Ok)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Ok).text() == "确定"


def test_english_stays_english(qtbot: Any, settings: QSettings, qapp: QApplication) -> None:
    assert i18n.install(qapp, i18n.choose_language("en", settings)) == "en"
    window = make_window(qtbot, settings)
    assert window.start_action.text() == "&Start" and window.tabs.tabText(0) == "Curves"
    assert window.setup.hyper.field("batch_size").toolTip().startswith("Images per gradient step")
    assert window.setup.dataset.itemText(window.setup.dataset.findData("shapes")) == "Shapes"
    assert untranslated(window, set()) != []  # the check itself sees English when it is there


def test_view_language_saves_the_choice_and_says_it_applies_at_the_next_start(qtbot: Any,
                                                                             settings: QSettings) -> None:
    window = make_window(qtbot, settings)
    menu = window.findChild(QMenu, "languageMenu")
    assert menu is not None
    choices = {a.text(): a for a in menu.actions() if a.isCheckable()}
    assert set(choices) == {"简体中文", "English"} and choices["English"].isChecked()
    choices["简体中文"].trigger()
    assert settings.value(i18n.SETTINGS_KEY) == "zh_CN"
    assert "next start" in window.status_text()
    assert any("next start" in a.text() and not a.isEnabled() for a in menu.actions())


def test_a_missing_cjk_font_is_named_in_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "has_cjk_font", lambda: False)
    sentence = i18n.font_warning("zh_CN")
    assert "fonts-noto-cjk" in sentence and "English" in sentence
    assert sentence.count(". ") == 0 and sentence.endswith(".")  # one sentence
    assert i18n.font_warning("en") == ""
    monkeypatch.setattr(i18n, "has_cjk_font", lambda: True)
    assert i18n.font_warning("zh_CN") == ""


def test_the_update_command_needs_only_the_pyside6_tools() -> None:
    """The tools are found beside this Python (a virtual environment's bin), without PATH."""
    assert Path(i18n.tool("pyside6-lupdate")).is_file() and Path(i18n.tool("pyside6-lrelease")).is_file()


def _run_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, argv: list[str]) -> MainWindow:
    """``ui.app.main(argv)`` for a moment, with private settings; returns the window it opened."""
    import ui.app
    import ui.main_window

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    monkeypatch.setattr(ui.app, "ORGANIZATION", "cnnlab-test")
    opened: list[MainWindow] = []

    class Recorded(ui.main_window.MainWindow):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            opened.append(self)

    monkeypatch.setattr(ui.main_window, "MainWindow", Recorded)
    assert ui.app.main([*argv, "--quit-after", "0"]) == 0
    return opened[0]


def test_cnnlab_gui_lang_opens_the_chinese_window(qtbot: Any, qapp: QApplication, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "has_cjk_font", lambda: True)
    try:
        window = _run_app(monkeypatch, tmp_path, ["--lang", "zh_CN"])
        assert window.start_action.text() == "开始(&S)" and window.findChild(QLabel, "fontWarning") is None
    finally:
        i18n.install(qapp, "en")


def test_without_a_cjk_font_the_window_stays_english_and_says_why(qtbot: Any, qapp: QApplication, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "has_cjk_font", lambda: False)
    window = _run_app(monkeypatch, tmp_path, ["--lang", "zh_CN"])
    assert i18n.current_language() == "en" and window.start_action.text() == "&Start"
    note = window.findChild(QLabel, "fontWarning")
    assert note is not None and "fonts-noto-cjk" in note.text()
