"""Helpers shared by loaders that read files: finding them and naming them in errors."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable
from pathlib import Path

from cnnlab.errors import Advice, DataError, Sentence
from cnnlab.i18n import QT_TRANSLATE_NOOP


def read_maybe_gzip(path: Path) -> bytes:
    """The file's bytes, decompressed when it starts with the gzip magic."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "Cannot read {path}: {reason}."), path=path,
                        reason=e.strerror or str(e)) from None
    if raw[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as e:  # zlib.error: corrupted compressed data
            raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is a damaged gzip file ({problem})."),
                            path=path, problem=e) from None
    return raw


def find_file(folder: Path, stem: str) -> Path | None:
    """``folder/stem`` or ``folder/stem.gz``, whichever exists."""
    for candidate in (folder / stem, folder / f"{stem}.gz"):
        if candidate.is_file():
            return candidate
    return None


def not_found(dataset: str, looked: Iterable[Path], advice: Advice) -> Sentence:
    """"mnist was not found (looked in …); <advice>." naming each place once, in order."""
    places = ", ".join(dict.fromkeys(str(p) for p in looked))
    return Sentence(QT_TRANSLATE_NOOP("CoreMessage", "{dataset} was not found (looked in {looked}); {advice}."),
                    dataset=dataset, looked=places, advice=advice)
