"""The setup's time per epoch: shown once the data is in, with a hint when an epoch takes over a minute."""

from __future__ import annotations

import pytest

import ui.setup.background_views as panel_module
from cnnlab.engine.estimate import EpochEstimate


def test_the_default_setup_shows_its_time_per_epoch(window, qtbot) -> None:
    view = window.setup.estimate_view
    qtbot.waitUntil(lambda: view.estimate is not None, timeout=60_000)
    images, batch = len(window.setup.loaded()[1].train), int(window.setup.hyper.text("batch_size"))
    assert (images, batch) == (4500, 32) and view.estimate.batches == 141  # 4,500 = 140 × 32 + 20
    assert "per epoch on CPU" in view.text() and "over a minute" not in view.text()


def test_a_slow_epoch_suggests_fewer_images_a_gpu_or_a_smaller_model(window, qtbot,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str | None, int | None, int]] = []

    def slow(cfg, shape, classes, images):  # 2 s a batch: far over a minute an epoch
        seen.append((cfg.model, cfg.batch_size, images))
        return EpochEstimate(2.0, 100, "cpu")

    monkeypatch.setattr(panel_module, "estimate_epoch", slow)
    view = window.setup.estimate_view
    qtbot.waitUntil(lambda: window.setup.loaded() is not None, timeout=60_000)
    window.setup.set_model("dnn")
    qtbot.waitUntil(lambda: view.estimate is not None and seen and seen[-1][0] == "dnn", timeout=60_000)
    assert "3.3 min per epoch" in view.text()  # 100 batches × 2 s = 200 s
    assert "Train on" in view.text() and "GPU" in view.text() and "smaller model" in view.text()


def test_a_setup_that_cannot_train_shows_no_estimate(window, qtbot) -> None:
    view = window.setup.estimate_view
    qtbot.waitUntil(lambda: view.estimate is not None, timeout=60_000)
    window.setup.hyper.set_text("batch_size", "1")  # a batch of one cannot train: Start says why
    qtbot.waitUntil(lambda: not view.isVisibleTo(window), timeout=10_000)
    assert view.estimate is None


def test_the_estimate_is_settled_only_once_the_changed_setup_is_timed(window, qtbot,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    timed: list[int | None] = []

    def counted(cfg, shape, classes, images):  # instant, and says which batch size it timed
        timed.append(cfg.batch_size)
        return EpochEstimate(0.5, images // cfg.batch_size, "cpu")

    monkeypatch.setattr(panel_module, "estimate_epoch", counted)
    qtbot.waitUntil(window.setup.estimate_settled, timeout=60_000)
    window.setup.hyper.set_text("batch_size", "64")
    assert not window.setup.estimate_settled()  # the shown estimate is the old setup's: one is due
    qtbot.waitUntil(window.setup.estimate_settled, timeout=60_000)
    assert timed[-1] == 64 and window.setup.estimate_view.estimate.batches == 4500 // 64


def test_the_estimate_follows_train_on_and_epochs_and_is_never_the_old_setups(window, qtbot,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from cnnlab.engine.estimate import batches_per_epoch

    def half_a_second(cfg, shape, classes, images):  # instant: 0.5 s a batch
        return EpochEstimate(0.5, batches_per_epoch(images, cfg.batch_size), "cpu")

    monkeypatch.setattr(panel_module, "estimate_epoch", half_a_second)
    view = window.setup.estimate_view
    qtbot.waitUntil(window.setup.estimate_settled, timeout=60_000)
    window.setup.hyper.set_text("train_limit", "640")
    assert view.estimate is None and view.text() == "Timing one epoch…"  # not the 4,500 images' figure
    qtbot.waitUntil(window.setup.estimate_settled, timeout=60_000)
    estimate = view.estimate
    assert estimate is not None and estimate.batches == 20  # 640 / 32, not the preview's 4,500 images
    window.setup.hyper.set_text("epochs", "4")
    assert view.estimate is None
    qtbot.waitUntil(window.setup.estimate_settled, timeout=60_000)
    assert view.text().endswith("About 40 s for all 4 epochs.")  # 20 batches × 0.5 s × 4


def test_the_estimate_reads_as_a_sentence_whatever_the_duration(qtbot) -> None:
    from ui.setup.estimate_view import EstimateView

    view = EstimateView()
    qtbot.addWidget(view)
    view.show_estimate(EpochEstimate(0.01, 16, "cpu"), "CPU", epochs=2)  # 0.01 s a batch
    assert view.text() == "Under 1 s per epoch on CPU (16 batches). Under 1 s for all 2 epochs."
    view.show_estimate(EpochEstimate(0.1, 120, "cpu"), "CPU", epochs=10)
    assert view.text() == "About 12 s per epoch on CPU (120 batches). About 2.0 min for all 10 epochs."
