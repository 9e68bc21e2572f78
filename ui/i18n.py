"""The window's languages: English (the source) and 简体中文, through Qt's translation system.

:func:`install` loads ``assets/i18n/cnnlab_<lang>.qm`` and Qt's own ``qtbase_<lang>.qm`` (so the
standard dialogs' buttons are translated too) into the application before any widget is made.
:func:`choose_language` picks the language: ``cnnlab gui --lang``, else the choice saved from
View ▸ Language, else the system locale. Texts the Qt-free core marks with
``cnnlab.i18n.QT_TRANSLATE_NOOP`` are translated here at display time (:func:`class_name`,
:func:`dataset_title`, :func:`core_message` ...).

Maintainers refresh the translation sources with ``python -m ui.i18n update``: it runs
``pyside6-lupdate`` over every ``.py`` file of ``ui/`` and ``cnnlab/`` into
``assets/i18n/cnnlab_zh_CN.ts`` (new texts appear as unfinished entries to translate) and
``pyside6-lrelease`` into the ``.qm`` the app loads. ``python -m ui.i18n release`` only compiles.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QComboBox

from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.paths import asset

if TYPE_CHECKING:
    import ast

    from cnnlab.models import ModelCard

ENGLISH, CHINESE = "en", "zh_CN"
LANGUAGES = {CHINESE: "简体中文", ENGLISH: "English"}  # each language named in itself, as language menus do
TRANSLATED = (CHINESE,)  # languages with a .ts of ours; English is the source language
SETTINGS_KEY = "language"  # QSettings key of the choice made in View ▸ Language
ROOT = Path(__file__).resolve().parent.parent  # the checkout: ui/, cnnlab/, assets/
SOURCE_DIRS = ("ui", "cnnlab")  # every .py file below these is scanned for translatable texts
CJK_FONT_PACKAGE = "fonts-noto-cjk"  # the Debian/Ubuntu package with Chinese fonts

# Texts of Qt's file dialog that qtbase_zh_CN.qm leaves out, and pyqtgraph's plot menu (it translates its
# own "Export..." with Qt): our .qm, searched after Qt's, has them.
QT_GAPS = (QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"), QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
           QT_TRANSLATE_NOOP("GraphicsScene", "Export..."), QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Drive"))
_installed: list[QTranslator] = []  # kept alive: a collected QTranslator stops translating
_language = ENGLISH  # the language installed in this process


def ts_path(lang: str) -> Path:
    return asset(f"i18n/cnnlab_{lang}.ts")


def qm_path(lang: str) -> Path:
    return asset(f"i18n/cnnlab_{lang}.qm")


def normalize(lang: str | None) -> str | None:
    """"zh_CN", "zh-cn", "zh" -> "zh_CN"; "en", "en_US" -> "en"; anything else -> None."""
    if not lang:
        return None
    key = lang.strip().replace("-", "_").lower()
    if key.startswith("zh"):
        return CHINESE
    if key.startswith("en"):
        return ENGLISH
    return None


def system_language() -> str:
    """The system locale's language if we have it, else English."""
    locale = QLocale.system()
    if locale.language() == QLocale.Language.Chinese:
        return CHINESE
    return ENGLISH


def saved_language(settings: QSettings) -> str | None:
    value = settings.value(SETTINGS_KEY)
    return normalize(value) if isinstance(value, str) else None


def save_language(settings: QSettings, lang: str) -> None:
    settings.setValue(SETTINGS_KEY, lang)
    settings.sync()


def choose_language(option: str | None, settings: QSettings) -> str:
    """``--lang`` if given, else the saved choice, else the system locale."""
    return normalize(option) or saved_language(settings) or system_language()


def install(app: QCoreApplication, lang: str) -> str:
    """Install the translators of ``lang`` (our .qm and Qt's qtbase) into ``app``; returns the language
    now in use. Earlier translators of ours are removed first, so a test may switch back and forth."""
    global _language
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _language = ENGLISH
    if lang == ENGLISH:
        return _language
    ours = QTranslator(app)
    if not ours.load(str(qm_path(lang))):
        return _language  # no compiled translation: the window stays English
    app.installTranslator(ours)
    _installed.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    _language = lang
    return _language


def current_language() -> str:
    """The language :func:`install` put in place ("en" before any call)."""
    return _language


def has_cjk_font() -> bool:
    """True when a font covering Simplified Chinese is installed."""
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def font_warning(lang: str) -> str:
    """One sentence when ``lang`` needs a CJK font this machine lacks, else "". English on purpose:
    without the font, Chinese would be drawn as boxes, so the window falls back to English."""
    if lang != CHINESE or has_cjk_font():
        return ""
    return (f"No Chinese font is installed, so the window is in English instead of showing boxes: install "
            f"one (on Debian/Ubuntu: sudo apt install {CJK_FONT_PACKAGE}) and restart cnnlab.")


def add_choices(box: QComboBox, sources: Iterable[str], context: str) -> None:
    """Fill a picker with translated texts, each carrying its English source as data (read it with
    ``currentData()``: the shown text depends on the language)."""
    for source in sources:
        box.addItem(QCoreApplication.translate(context, source), source)


# ============================================================ the core's texts, at display time
def class_name(name: str) -> str:
    """A class name in the window's language: "red" -> "红色"; a composite "red-circle" -> "红色圆形"."""
    shown = QCoreApplication.translate("Classes", name)
    if shown != name or "-" not in name:
        return shown
    parts = name.split("-")
    shown_parts = [QCoreApplication.translate("Classes", p) for p in parts]
    if any(s == p for s, p in zip(shown_parts, parts, strict=True)):
        return name  # a name we do not know in full stays as it is
    return QCoreApplication.translate("Classes", "{0}-{1}").format(*shown_parts) if len(parts) == 2 else name


def class_names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(class_name(n) for n in names)


def dataset_title(title: str) -> str:
    return QCoreApplication.translate("Dataset", title)


def dataset_description(description: str) -> str:
    return QCoreApplication.translate("Dataset", description)


def config_label(name: str) -> str:
    """A saved config key's label in the window's language ("batch_size" -> "批大小", "params" -> its label)."""
    from cnnlab.runs.compare import setting_label

    return QCoreApplication.translate("TrainConfig", setting_label(name))


def config_value(name: str, value: Any) -> str:
    """A saved config value in the window's language ("one-cycle" -> "单周期", the dataset's title)."""
    from cnnlab.runs.compare import setting_text

    return setting_text(name, value, QCoreApplication.translate)


def card_text(text: str) -> str:
    """A model card's title or notes in the window's language."""
    return QCoreApplication.translate("ModelCard", text) if text else text


def card_idea(card: ModelCard) -> str:
    """The card's one-line idea in the window's language."""
    return card_text(card.idea)


def dataset_label(name: str) -> str:
    """A dataset's translated title from its name ("shapes" -> "几何形状"), the name when unknown."""
    from cnnlab.datasets import get_dataset_spec, list_datasets

    return dataset_title(get_dataset_spec(name).title) if name in list_datasets() else name


def run_label(config: dict[str, Any], folder: str | Path | None, *, with_date: bool = False) -> str:
    """:func:`cnnlab.runs.store.run_label` ("dnn on shapes · 14:02:11") in the window's language."""
    from cnnlab.runs.store import model_label
    from cnnlab.runs.store import run_label as core_label

    label = core_label(config, folder, with_date=with_date)
    model, dataset = model_label(config.get("model")), str(config.get("dataset", "?"))
    base = f"{model} on {dataset}"
    if _language == ENGLISH or not label.startswith(base):
        return label
    shown = QCoreApplication.translate("RunLabel", "{0} on {1}").format(model, dataset_label(dataset))
    return shown + label[len(base):]


ADVICE: dict[str, str] = {  # what the window says instead of a terminal's advice, by the advice's template
    # the files of MNIST or Fashion-MNIST, or CIFAR-10, were not found
    "run 'cnnlab data download {dataset}' or pass --data-root pointing to a folder with the four IDX files":
        QT_TRANSLATE_NOOP("CoreMessage", "choose the folder that holds its files with Data folder…"),
    "run 'cnnlab data download cifar10' or pass --data-root pointing to {batches} or {images}":
        QT_TRANSLATE_NOOP("CoreMessage", "choose the folder that holds its files with Data folder…"),
    "use --device cpu": QT_TRANSLATE_NOOP("CoreMessage", "choose the CPU as the device"),
    "--data-root pointing to an image-folder tree": QT_TRANSLATE_NOOP("CoreMessage", "an image-folder tree chosen "
                                                                                     "with Data folder…"),
    "choose another runs folder (CNNLAB_RUNS or --out)":
        QT_TRANSLATE_NOOP("CoreMessage", "set CNNLAB_RUNS to a folder that can be written"),
}


def core_message(text: str) -> str:
    """A sentence from the core in the window's language. A :class:`~cnnlab.errors.Sentence` is shown from its
    template (translated, values filled in, nested sentences translated in turn; an ``Advice`` in the
    window's own words); a plain text is translated whole when it is a marked fixed sentence, else shown as
    it is. Nothing is parsed."""
    from cnnlab.errors import Advice, Sentence

    if not isinstance(text, Sentence):
        return QCoreApplication.translate("CoreMessage", text) if text else text
    template = ADVICE.get(text.template, text.template) if isinstance(text, Advice) else text.template
    shown = QCoreApplication.translate("CoreMessage", template)
    if not text.args:
        return shown
    values = {k: core_message(v) if isinstance(v, Sentence) else v for k, v in text.args.items()}
    try:
        return shown.format(**values)
    except (KeyError, IndexError, ValueError):  # a translation whose fields do not match: the English sentence
        return template.format(**values)


# ============================================================ maintainer commands
def source_files() -> list[Path]:
    """Every .py file of ui/ and cnnlab/ (sorted, so the .ts comes out the same way each time)."""
    files: list[Path] = []
    for folder in SOURCE_DIRS:
        files += [p for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts]
    return sorted(files)


def _literal(node: ast.AST) -> str | None:
    """The text of a string literal (implicitly joined parts included), else None."""
    import ast  # the maintainers' tools below import what the window does not need

    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def marked_texts(path: Path) -> list[tuple[str, str, int]]:
    """(context, source text, line) of every translatable text in one Python file, read with ``ast``
    (independently of lupdate): ``translate("C", "t")`` under any name ending in ``translate``,
    ``QT_TRANSLATE_NOOP("C", "t")``, and ``self.tr("t")`` / ``cls.tr("t")`` (context: the enclosing class)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[str, str, int]] = []

    def visit(node: ast.AST, cls: str) -> None:
        if isinstance(node, ast.ClassDef):
            cls = node.name
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            args = [_literal(a) for a in node.args[:2]]
            if name in ("translate", "QT_TRANSLATE_NOOP") and len(args) == 2 and None not in args:
                found.append((str(args[0]), str(args[1]), node.lineno))
            elif (name == "tr" and isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name)
                  and f.value.id in ("self", "cls") and args and args[0] is not None and cls):
                found.append((cls, args[0], node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child, cls)

    visit(tree, "")
    return found


def ts_entries(ts: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) -> translation of a .ts file (None for unfinished or empty ones)."""
    from xml.etree import ElementTree

    root = ElementTree.parse(ts).getroot()
    out: dict[tuple[str, str], str | None] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            node = message.find("translation")
            forms = [f.text or "" for f in node.iter("numerusform")] if node is not None else []
            text = (node.text or "") if node is not None and not forms else "".join(forms)
            done = node is not None and node.get("type") not in ("unfinished", "vanished", "obsolete") and text
            out[(name, source)] = text if done else None
    return out


def missed_by_lupdate(ts: Path, files: Sequence[Path] | None = None) -> list[str]:
    """Texts the sources mark that ``ts`` lacks, as "file:line: context / text" (lupdate does not look
    inside f-strings, for one: a translate() call there must move out of it)."""
    entries = ts_entries(ts)
    out = []
    for path in source_files() if files is None else files:
        for context, text, line in marked_texts(path):
            if (context, text) not in entries:
                out.append(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{line}: "
                           f"{context} / {text!r}")
    return out


def tool(name: str) -> str:
    """The path of a PySide6 tool (``pyside6-lupdate``), next to this Python first."""
    import shutil

    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.is_file() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} was not found; install PySide6 (it ships the Qt Linguist tools).")
    return found


def lupdate(ts: Path, files: Sequence[Path] | None = None, *, keep_obsolete: bool = False) -> str:
    """Run pyside6-lupdate over ``files`` (default: :func:`source_files`) into ``ts``; returns its report."""
    import subprocess

    files = source_files() if files is None else files
    lang = ts.stem.split("_", 1)[1] if "_" in ts.stem else CHINESE
    command = [tool("pyside6-lupdate"), *map(str, files), "-source-language", "en", "-target-language", lang,
               "-locations", "none", "-ts", str(ts)]
    if not keep_obsolete:
        command.insert(-2, "-no-obsolete")
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return done.stdout + done.stderr


def lrelease(ts: Path, qm: Path) -> str:
    import subprocess

    done = subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], capture_output=True, text=True,
                          check=True)
    return done.stdout + done.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.i18n", description="Refresh the window's translations.")
    parser.add_argument("command", choices=("update", "release"),
                        help="update: lupdate the .ts from the sources, then lrelease; release: lrelease only")
    args = parser.parse_args(argv)
    for lang in TRANSLATED:
        ts, qm = ts_path(lang), qm_path(lang)
        ts.parent.mkdir(parents=True, exist_ok=True)
        if args.command == "update":
            print(lupdate(ts).strip())
            missed = missed_by_lupdate(ts)
            for line in missed:
                print(f"not seen by lupdate (move the call out of its f-string): {line}", file=sys.stderr)
        print(lrelease(ts, qm).strip())
        unfinished = [key for key, text in ts_entries(ts).items() if text is None]
        if unfinished:
            print(f"{len(unfinished)} of {len(ts_entries(ts))} texts in {ts.name} still need a translation.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
