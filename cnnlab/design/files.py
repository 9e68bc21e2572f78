"""Design files: YAML read with ``yaml.safe_load`` into a :class:`~cnnlab.design.spec.Design`, and written back.

Every mistake is one :class:`~cnnlab.errors.DesignError` sentence naming the row ("row 6: …"). No torch here.
"""

from __future__ import annotations

import math
from pathlib import Path

from cnnlab.design.spec import (
    AVGPOOL,
    BN,
    BRANCH,
    BRANCHES,
    CONV,
    DEFAULT_ALPHA,
    DEFAULT_BETA,
    DEFAULT_EPS,
    DEFAULT_K,
    DEFAULT_P,
    DENSE,
    DROPOUT,
    FLATTEN,
    GAP,
    GRAY,
    KINDS,
    LINEAR,
    LRN,
    MAXPOOL,
    RELU,
    RESIDUAL,
    SHORTCUTS,
    SIGMOID,
    TANH,
    Design,
    Layer,
)
from cnnlab.errors import DesignError, Sentence, StorageError, kind_of, read_refusal, write_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP

TOP_KEYS = ("name", "input", "classes", "layers", "note")
RESIDUAL_KEYS = ("shortcut", "layers")  # a residual written as a table: its skip path and its rows
# The settings each kind takes; the first ones listed are required.
OPTIONS: dict[str, tuple[str, ...]] = {
    CONV: ("out", "kernel", "stride", "padding", "groups", "bias"),
    MAXPOOL: ("kernel", "stride", "padding", "ceil"), AVGPOOL: ("kernel", "stride", "padding", "ceil"),
    LINEAR: ("out", "in", "bias"), DROPOUT: ("p",), BN: ("eps",), LRN: ("size", "alpha", "beta", "k"),
    GAP: (), RELU: (), SIGMOID: (), TANH: (), FLATTEN: (), GRAY: (),
}
REQUIRED: dict[str, tuple[str, ...]] = {CONV: ("out", "kernel"), MAXPOOL: ("kernel",), AVGPOOL: ("kernel",),
                                        LINEAR: ("out",), LRN: ("size",)}
MINIMUM = {"out": 1, "kernel": 1, "stride": 1, "padding": 0, "groups": 1, "in": 1, "size": 1}  # smallest of each
SWITCHES = ("bias", "ceil")  # settings that are true or false
POSITIVE = {"eps": DEFAULT_EPS, "alpha": DEFAULT_ALPHA, "beta": DEFAULT_BETA, "k": DEFAULT_K}  # numbers above 0


def load_design(path: str | Path) -> Design:
    """Read a design file; a missing, unreadable or malformed file raises ``DesignError`` naming it."""
    import yaml

    path = Path(path)
    if not path.is_file():
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "The design file {path} does not exist."), path=path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        reason = read_refusal(e) or Sentence(QT_TRANSLATE_NOOP("CoreMessage", "it is not UTF-8 text"))
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "The design file {path} cannot be read: {reason}."),
                          path=path, reason=reason) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "The design file {path} is not valid YAML (line {line}: "
                                                           "{problem})."),
                          path=path, line=line, problem=getattr(e, "problem", None) or "unreadable") from None
    return parse_design(data, default_name=path.stem)


def save_design(design: Design, path: str | Path) -> Path:
    """Write ``design`` as YAML; a failed write raises ``StorageError``."""
    path = Path(path)
    try:
        path.write_text(design_yaml(design), encoding="utf-8")
    except OSError as e:
        raise StorageError(QT_TRANSLATE_NOOP("CoreMessage", "{failure}."), failure=write_failure(e, path)) from None
    return path


def design_yaml(design: Design) -> str:
    """The design as YAML text, rows in flow style (``- conv: {out: 8, kernel: 3}``) as a lecture writes them."""
    import yaml

    plain = design.to_dict()
    rows = plain.pop("layers")
    head = yaml.safe_dump(plain, sort_keys=False, default_flow_style=None, width=100, allow_unicode=True)
    return head + yaml.safe_dump({"layers": rows}, sort_keys=False, default_flow_style=None, width=100)


def parse_design(data: object, default_name: str = "design") -> Design:
    """A design from plain data (a loaded YAML document or a checkpoint's copy)."""
    if not isinstance(data, dict):
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "A design is a table with name, input, classes and "
                                                           "layers, not {kind}."), kind=kind_of(data))
    for key in data:
        if key not in TOP_KEYS:
            raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "The design has an entry {key}, which is not one of "
                                                               "{keys}."), key=repr(key), keys=", ".join(TOP_KEYS))
    for key in ("input", "classes", "layers"):
        if key not in data:
            raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "The design has no {key} entry."), key=key)
    shape = data["input"]
    if not (isinstance(shape, list) and len(shape) == 3 and all(_count(v, 1) for v in shape)):
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "input must be three whole numbers of at least 1 "
                                                           "(channels, height, width), not {value}."),
                          value=_text(shape))
    classes = data["classes"]
    if not _count(classes, 2):
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "classes must be a whole number of at least 2, not "
                                                           "{value}."), value=_text(classes))
    name = data.get("name", default_name)
    if not isinstance(name, (str, int, float)) or isinstance(name, bool) or not str(name).strip():
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "name must be a short text, not {value}."),
                          value=_text(name))
    note = data.get("note", "")
    if not isinstance(note, str):
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "note must be a text, not {value}."), value=_text(note))
    return Design(name=str(name).strip(), input=(shape[0], shape[1], shape[2]), classes=classes,
                  layers=_rows(data["layers"], ""), note=note.strip())


def _rows(items: object, prefix: str) -> tuple[Layer, ...]:
    """The rows of a list (the design's, a residual's or a branch's), labelled ``prefix`` + 1, 2, …"""
    where = prefix.rstrip(".") or None
    if not isinstance(items, list) or not items:
        if where is None:
            raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "layers must be a list of at least one layer, not "
                                                               "{value}."), value=_text(items))
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: a block holds a list of at least one layer, "
                                                           "not {value}."), row=where, value=_text(items))
    return tuple(_layer(item, f"{prefix}{i}") for i, item in enumerate(items, start=1))


def _layer(item: object, row: str) -> Layer:
    if isinstance(item, str):
        kind, options = item.strip(), None
    elif isinstance(item, dict) and len(item) == 1:
        kind, options = next(iter(item.items()))
        kind = str(kind).strip()
    else:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: a layer is a name (relu) or a name with its "
                                                           "settings (conv: {{out: 8, kernel: 3}}), not {value}."),
                          row=row, value=_text(item))
    if kind not in KINDS:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: there is no layer kind {kind}; use one of "
                                                           "{kinds}."),
                          row=row, kind=repr(kind), kinds=", ".join(KINDS))
    if kind == RESIDUAL:
        return _residual(options, row)
    if kind == DENSE:
        return Layer(DENSE, row, layers=_rows(options, f"{row}."))
    if kind == BRANCHES:
        if not isinstance(options, list) or len(options) < 2:
            raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: branches holds a list of at least two "
                                                               "layer lists, not {value}."),
                              row=row, value=_text(options))
        return Layer(BRANCHES, row, branches=tuple(
            Layer(BRANCH, f"{row}.b{i}", layers=_rows(branch, f"{row}.b{i}.")) for i, branch in enumerate(options, 1)))
    return _plain_layer(kind, options, row)


def _residual(options: object, row: str) -> Layer:
    """``residual: [rows]`` (the input is added as it is), or ``residual: {shortcut: projection, layers: [rows]}``."""
    if not isinstance(options, dict):
        return Layer(RESIDUAL, row, layers=_rows(options, f"{row}."))
    for key in options:
        if key not in RESIDUAL_KEYS:
            raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: residual has no setting {option}; it takes "
                                                               "{options}."),
                              row=row, option=repr(key), options=", ".join(RESIDUAL_KEYS))
    shortcut = options.get("shortcut", SHORTCUTS[0])
    if shortcut not in SHORTCUTS:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: shortcut of residual is one of {shortcuts}, "
                                                           "not {value}."),
                          row=row, shortcuts=", ".join(SHORTCUTS), value=_text(shortcut))
    if "layers" not in options:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: residual needs its layers setting."), row=row)
    return Layer(RESIDUAL, row, layers=_rows(options["layers"], f"{row}."), shortcut=str(shortcut))


def _plain_layer(kind: str, options: object, row: str) -> Layer:
    allowed = OPTIONS[kind]
    if options is None:
        options = {}
    if not isinstance(options, dict):
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: the settings of {kind} are a table such as "
                                                           "{{{example}: 3}}, not {value}."),
                          row=row, kind=kind, example=(allowed or ("p",))[0], value=_text(options))
    for key in options:
        if key not in allowed:
            if not allowed:
                raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: {kind} takes no settings, but has "
                                                                   "{option}."), row=row, kind=kind, option=repr(key))
            raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: {kind} has no setting {option}; it takes "
                                                               "{options}."),
                              row=row, kind=kind, option=repr(key), options=", ".join(allowed))
    for key in REQUIRED.get(kind, ()):
        if key not in options:
            raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: {kind} needs its {option} setting."),
                              row=row, kind=kind, option=key)
    for key, value in options.items():
        if key in MINIMUM and not _count(value, MINIMUM[key]):
            raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: {option} of {kind} must be a whole number "
                                                               "of at least {minimum}, not {value}."),
                              row=row, option=key, kind=kind, minimum=MINIMUM[key], value=_text(value))
    for key in SWITCHES:
        if key in options and not isinstance(options[key], bool):
            raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: {option} of {kind} must be true or false, "
                                                               "not {value}."),
                              row=row, option=key, kind=kind, value=_text(options[key]))
    numbers = {key: _number(options.get(key, default)) for key, default in POSITIVE.items()}
    for key, number in numbers.items():
        if number is None or number <= 0:
            raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: {option} of {kind} must be a number above "
                                                               "0, not {value}."),
                              row=row, option=key, kind=kind, value=_text(options[key]))
    p = _number(options.get("p", DEFAULT_P))
    if p is None or not 0 <= p < 1:
        raise DesignError(QT_TRANSLATE_NOOP("CoreMessage", "row {row}: p of dropout must be a number from 0 up to "
                                                           "(not including) 1, not {value}."),
                          row=row, value=_text(options["p"]))
    return Layer(kind, row, out=options.get("out"), kernel=options.get("kernel"), stride=options.get("stride"),
                 padding=options.get("padding", 0), groups=options.get("groups", 1), bias=options.get("bias", True),
                 features_in=options.get("in"), p=p, ceil=options.get("ceil", False), eps=numbers["eps"] or DEFAULT_EPS,
                 size=options.get("size"), alpha=numbers["alpha"] or DEFAULT_ALPHA,
                 beta=numbers["beta"] or DEFAULT_BETA, k=numbers["k"] or DEFAULT_K)


def _number(value: object) -> float | None:
    """A finite number as a float, None when ``value`` is not one. YAML 1.1 (PyYAML) reads ``1e-4`` as text (it
    wants ``1.0e-4``), so a text that Python reads as a number counts as that number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _count(value: object, minimum: int) -> bool:
    """``value`` is a whole number (not true/false) of at least ``minimum``."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _text(value: object) -> str:
    """A value as the message quotes it: short, and its kind when it is not a single value."""
    if isinstance(value, (dict, list)):
        return kind_of(value)
    if value is None:
        return kind_of(value)
    return repr(value) if isinstance(value, str) else str(value)
