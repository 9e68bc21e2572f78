"""The shipped translations, read without Qt, for what the core writes in a language itself.

The window translates through Qt (``QCoreApplication.translate`` and the compiled ``.qm``). The headless
parts that write in a chosen language (``cnnlab report --lang zh_CN``, ``cnnlab models --details``) read
the same Qt Linguist source file, ``assets/i18n/cnnlab_<lang>.ts``, so there is one place where a
translation lives and no second table beside it. Only finished translations count, as ``lrelease``
compiles them: an unfinished, vanished or obsolete entry falls back to the English text.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from pathlib import Path

from cnnlab.paths import assets_dir

SOURCE_LANGUAGE = "en"  # the texts in the code are English; no file translates into it

_SKIPPED = {"unfinished", "vanished", "obsolete"}  # entry types lrelease leaves out of the .qm


def ts_file(lang: str) -> Path:
    """Where the translation file of ``lang`` ships (``zh_CN`` -> ``.../i18n/cnnlab_zh_CN.ts``)."""
    return assets_dir() / "i18n" / f"cnnlab_{lang}.ts"


@functools.cache
def entries(lang: str) -> dict[tuple[str, str], str]:
    """``(context, English text) -> translation`` of every finished entry of ``lang``; empty if none ship."""
    path = ts_file(lang)
    if lang == SOURCE_LANGUAGE or not path.is_file():
        return {}
    table: dict[tuple[str, str], str] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            translation = message.find("translation")
            source = message.findtext("source")
            if translation is None or source is None or translation.get("type") in _SKIPPED:
                continue
            if translation.text:
                table[(name, source)] = translation.text
    return table


def translate(context: str, text: str, lang: str) -> str:
    """``text`` (marked in ``context``) in ``lang``; the English text where no finished translation exists."""
    return entries(lang).get((context, text), text) if text else text


def languages() -> tuple[str, ...]:
    """English and every language a translation file ships for, English first."""
    shipped = sorted(p.stem.removeprefix("cnnlab_") for p in (assets_dir() / "i18n").glob("cnnlab_*.ts"))
    return (SOURCE_LANGUAGE, *shipped)
