"""Finding the class folders and image files of an image-folder tree, links included, without reading
anything twice or leaving the dataset folder.

Dot-files, dot-folders (and all inside them) and the files operating systems drop into folders are
ignored. Links are
followed with care and every link left out is named in a note:

* a link to a folder is followed only when it stays inside the dataset folder and leads to a folder
  not read already (nor one holding or inside one read already): ``zz -> .`` would otherwise copy every
  image into a new class, and ``loop -> ..`` would never end;
* a link to a file is followed wherever it leads (sets made of links into a pool of images are a common
  way to build splits) unless its image is already part of the set;
* a link that points nowhere, or into a loop of links, is skipped.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from cnnlab.errors import DataError, Sentence
from cnnlab.i18n import QT_TRANSLATE_NOOP

IGNORED = {"thumbs.db", "desktop.ini"}  # files operating systems drop into folders
SHOWN_LINKS = 3  # skipped links named in a note; the rest are counted


@dataclass
class TreeScan:
    """The walk of one dataset folder: what it found in each tree and which links it left out."""

    root: Path
    tops: list[Path]  # the trees read (train/ and test/, or one tree), then the folders links lead to; resolved
    outside: list[Path] = field(default_factory=list)  # folder links leading out of the dataset folder
    again: list[Path] = field(default_factory=list)  # links to folders or images already in the set
    broken: list[Path] = field(default_factory=list)  # links pointing nowhere or into a loop
    _files_seen: set[Path] = field(default_factory=set, init=False)  # resolved files reached through links

    def _target(self, link: Path) -> Path | None:
        """Where ``link`` leads, or None (noted) when it leads nowhere."""
        try:
            return link.resolve(strict=True)
        except (OSError, RuntimeError):  # FileNotFoundError: dangling; RuntimeError / ELOOP: a loop
            self.broken.append(link)
            return None

    def _inside(self, path: Path) -> bool:
        return any(path.is_relative_to(top) for top in (self.root, *self.tops))

    def _overlaps(self, path: Path) -> bool:
        """True when ``path`` is, holds, or lies inside a folder already read."""
        return any(path.is_relative_to(top) or top.is_relative_to(path) for top in self.tops)

    def follow_folder(self, link: Path) -> Path | None:
        """The folder a folder link leads to, when it may be read (see the module docstring); None otherwise."""
        target = self._target(link)
        if target is None:
            return None
        if not self._inside(target):
            self.outside.append(link)
            return None
        if self._overlaps(target):
            self.again.append(link)
            return None
        self.tops.append(target)  # read from now on: a second link to it, or into it, is a repeat
        return target

    def follow_file(self, link: Path) -> bool:
        """Whether the image a file link leads to may be read (it exists and is not in the set already)."""
        target = self._target(link)
        if target is None:
            return False
        if self._overlaps(target) or target in self._files_seen:
            self.again.append(link)
            return False
        self._files_seen.add(target)
        return True

    def notes(self) -> list[str]:
        """One sentence per kind of link left out, naming the first few."""
        out: list[str] = []
        for links, template in (
            (self.outside, QT_TRANSLATE_NOOP("CoreMessage", "Skipped {count} folder link(s) that lead outside "
                                                            "{folder}: {links}.")),
            (self.again, QT_TRANSLATE_NOOP("CoreMessage", "Skipped {count} link(s) in {folder} to folders or "
                                                          "images already in the set: {links}.")),
            (self.broken, QT_TRANSLATE_NOOP("CoreMessage", "Skipped {count} broken link(s) in {folder} that point "
                                                           "nowhere or into a loop: {links}.")),
        ):
            if links:
                named = ", ".join(self._name(p) for p in links[:SHOWN_LINKS])
                more = f", … (+{len(links) - SHOWN_LINKS})" if len(links) > SHOWN_LINKS else ""
                out.append(Sentence(template, count=len(links), folder=self.root, links=named + more))
        return out

    def _name(self, link: Path) -> str:
        try:
            return link.relative_to(self.root).as_posix()
        except ValueError:
            return str(link)

    # --- walking ------------------------------------------------------------------------------

    def class_dirs(self, top: Path) -> list[Path]:
        """The class folders of one tree, sorted by name (links to folders checked)."""
        out = []
        for path, kind, link in _entries(top):
            if kind == "broken":
                self._target(path)  # noted as broken
            elif kind == "dir" and (not link or self.follow_folder(path) is not None):
                out.append(path)
        return out

    def files(self, class_dir: Path) -> list[Path]:
        """The image files below ``class_dir``, sorted; a folder with none is an error."""
        found: list[Path] = []
        self._walk(class_dir, found)
        if not found:
            raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "The class folder {folder} holds no images."),
                            folder=class_dir)
        return sorted(found)

    def _walk(self, folder: Path, found: list[Path]) -> None:
        for path, kind, link in _entries(folder):
            if kind == "broken":
                self._target(path)  # noted as broken
            elif kind == "dir":
                if not link or self.follow_folder(path) is not None:
                    self._walk(path, found)
            elif kind == "file" and path.name.lower() not in IGNORED and (not link or self.follow_file(path)):
                found.append(path)


def _entries(folder: Path) -> list[tuple[Path, str, bool]]:
    """(path, kind, is a link) of the entries of ``folder`` that are not hidden, sorted by name; kind is
    "dir", "file", "broken" (a link leading nowhere or into a loop) or "other" (a socket, a pipe...).

    A folder that cannot be listed is an error naming it. Only links cost a ``stat``: the listing tells
    the kind of everything else, which keeps a walk of 60 000 images as quick as a plain listing.
    """
    try:
        with os.scandir(folder) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as e:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "Cannot read {path}: {reason}."), path=folder,
                        reason=e.strerror or str(e)) from None
    out = []
    for entry in entries:
        link = entry.is_symlink()
        try:
            mode = os.stat(entry.path).st_mode if link else None  # follows the link
        except OSError:
            out.append((Path(entry.path), "broken", True))
            continue
        is_dir = stat.S_ISDIR(mode) if mode is not None else entry.is_dir(follow_symlinks=False)
        is_file = stat.S_ISREG(mode) if mode is not None else entry.is_file(follow_symlinks=False)
        out.append((Path(entry.path), "dir" if is_dir else "file" if is_file else "other", link))
    return out
