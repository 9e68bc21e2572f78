"""The chapter's results table: each step's run, trained or found, beside the book's accuracy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cnnlab.chapter.runs import find_run, locate_step_data, step_config, train_step
from cnnlab.chapter.sections import Step, table_steps
from cnnlab.cli_format import percent
from cnnlab.engine import Callback


@dataclass(frozen=True)
class ChapterRow:
    section: str
    dataset: str
    model: str
    recipe: str
    book_acc: float | None
    test_acc: float | None
    train_seconds: float | None
    status: str  # "trained", "reused" (an existing run) or "skipped"
    note: str = ""  # why it was skipped, or how the run ended when it did not complete
    run_dir: str | None = None
    epochs: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def chapter_row(step: Step, recipe: str, *, data_root: str | None = None, parent: Path | None = None,
                reuse: bool = False, callbacks: Sequence[Callback] = (), **overrides: Any) -> ChapterRow:
    """Train (or, with ``reuse``, find) one step's run and say how it compares with the book."""
    data = locate_step_data(step, data_root)
    base: dict[str, Any] = {"section": step.section, "dataset": step.dataset, "model": step.model,
                            "recipe": recipe, "book_acc": step.book_acc}
    if data.problem:
        return ChapterRow(**base, test_acc=None, train_seconds=None, status="skipped", note=data.problem)
    config = step_config(step, recipe, data=data, **overrides)
    if reuse and (record := find_run(config, parent)) is not None:
        results = record.results or {}
        return ChapterRow(**base, test_acc=results.get("test_acc"), train_seconds=results.get("train_seconds"),
                          status="reused", run_dir=str(record.path), epochs=results.get("epochs_done"))
    end = train_step(config, callbacks, parent=parent)
    note = "" if end.status == "completed" else f"{end.status}: {end.message}".rstrip(": ")
    return ChapterRow(**base, test_acc=end.test_acc, train_seconds=round(end.train_seconds, 3), status="trained",
                      note=note, run_dir=end.run_dir, epochs=end.epochs_done)


def chapter_rows(recipe: str, sections: tuple[str, ...] | None = None, *,
                 on_row: Callable[[Step, ChapterRow], None] | None = None,
                 on_step: Callable[[Step], None] | None = None, **options: Any) -> list[ChapterRow]:
    """One row per table step of ``sections`` (None: all), in the chapter's order; ``options`` go to
    :func:`chapter_row`. ``on_step`` is called before each step, ``on_row`` after it."""
    rows = []
    for step in table_steps(sections):
        if on_step is not None:
            on_step(step)
        row = chapter_row(step, recipe, **options)
        rows.append(row)
        if on_row is not None:
            on_row(step, row)
    return rows


def table_lines(rows: Sequence[ChapterRow]) -> list[list[str]]:
    """The printed table: a header, then one line per row."""
    out = [["section", "dataset", "model", "recipe", "book", "ours", "seconds", "note"]]
    for r in rows:
        seconds = "-" if r.train_seconds is None else f"{r.train_seconds:.1f}"
        note = r.note or ("existing run " + str(r.run_dir) if r.status == "reused" else "")
        out.append([r.section, r.dataset, r.model, r.recipe, percent(r.book_acc), percent(r.test_acc), seconds,
                    note])
    return out
