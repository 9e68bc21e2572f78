"""The app model, driven without a screen: stable run colours, the overlay's ticks, the current run and
epoch, the status sentence and the inspected subject, each with the events the views redraw from."""

from __future__ import annotations

from typing import Generic, TypeVar

import pytest

from cnnlab.app import PALETTE, AppModel, Inspected
from cnnlab.errors import Sentence

T = TypeVar("T")


class Heard(Generic[T]):
    """Every event value in arrival order."""

    def __init__(self) -> None:
        self.values: list[T] = []

    def __call__(self, value: T) -> None:
        self.values.append(value)


def test_each_run_keeps_one_colour_and_colours_do_not_repeat_while_free_ones_remain() -> None:
    runs = AppModel().runs
    a, b, c = (runs.add(k, k).color for k in ("a", "b", "c"))
    assert (a, b, c) == PALETTE[:3]
    runs.remove("b")
    d = runs.add("d", "d").color
    assert d == PALETTE[1]  # the freed colour goes to the next run…
    assert runs.add("a", "a").color == a  # …and a reopened run gets its own colour back
    assert runs.color_for("b") == PALETTE[1]  # "b" remembers its colour though "d" now shows it too
    keys = [f"run {i}" for i in range(len(PALETTE) + 2)]
    model = AppModel()
    colours = [model.runs.add(k, k).color for k in keys]
    assert colours[:len(PALETTE)] == list(PALETTE) and len(set(colours)) == len(PALETTE)


def test_a_new_run_is_drawn_with_the_ticked_runs_only() -> None:
    runs = AppModel().runs
    heard: Heard[object] = Heard()
    runs.events.visibility.connect(heard)
    runs.add("dnn", "dnn")
    runs.add("cnn", "cnn")  # the dnn is unticked: only the new run shows
    assert [e.key for e in runs.visible()] == ["cnn"] and heard.values == [frozenset({"dnn"})]
    runs.set_visible("dnn", True)  # the student ticks it: it stays
    runs.add("third", "third")
    assert [e.key for e in runs.visible()] == ["dnn", "third"] and runs.newest == "third"
    assert runs.entries["dnn"].pinned and not runs.entries["cnn"].visible
    runs.add("alone", "alone", show_only_this=True)
    assert [e.key for e in runs.visible()] == ["alone"]
    runs.set_visible("alone", True)
    assert heard.values[-1] == frozenset({"alone"})
    before = len(heard.values)
    runs.set_visible("alone", True)  # no change: no event
    assert len(heard.values) == before


def test_a_ticked_run_of_another_dataset_is_unticked_by_a_new_run() -> None:
    runs = AppModel().runs
    runs.add("mnist-1", "mnist 1", dataset="mnist")
    runs.add("mnist-2", "mnist 2", dataset="mnist")
    runs.show_only(["mnist-1", "mnist-2"])  # a lesson step showed both (ticked, as if by the student)
    runs.add("shapes-1", "shapes 1", dataset="shapes")  # no comparison with the digits' curves
    assert [e.key for e in runs.visible()] == ["shapes-1"]
    assert not runs.entries["mnist-1"].pinned and not runs.entries["mnist-2"].pinned
    runs.set_visible("shapes-1", True)
    runs.add("shapes-2", "shapes 2", dataset="shapes")  # the same dataset: the ticked run stays beside it
    runs.add("unknown", "opened, no dataset")  # a run whose dataset is not known is compared with any
    assert [e.key for e in runs.visible()] == ["shapes-1", "unknown"]


def test_the_current_run_and_epoch_and_their_events() -> None:
    runs = AppModel().runs
    current: Heard[object] = Heard()
    epoch: Heard[object] = Heard()
    runs.events.current.connect(current)
    runs.events.epoch.connect(epoch)
    runs.add("r", "r")
    runs.set_current("r", 3)
    runs.set_current("r", 3)  # unchanged: silent
    runs.remove("r")  # the inspected run closed: nothing is current
    assert current.values == ["r", None] and epoch.values == [3, None]
    assert runs.current is None and runs.newest == ""


def test_the_status_keeps_its_sentence_and_the_last_error() -> None:
    status = AppModel().status
    heard: Heard[object] = Heard()
    status.events.status.connect(heard)
    failure = Sentence("The run folder {path} does not exist.", path="/x")
    status.say(failure, "error")
    status.say("Ready.")
    assert heard.values == [("error", failure), ("info", "Ready.")]
    assert status.last_error is failure and not status.error
    with pytest.raises(ValueError):
        status.say("?", "warning-ish")


def test_the_inspected_subject_fires_only_when_it_changes() -> None:
    model = AppModel()
    heard: Heard[Inspected] = Heard()
    model.events.inspected.connect(heard)
    model.inspect(image=7, layer="conv2", target=3)
    model.inspect(image=7, layer="conv2", target=3)
    model.inspect(image=8)
    assert [(i.image, i.layer, i.target) for i in heard.values] == [(7, "conv2", 3), (8, None, None)]
