"""A lesson's prediction at 1280×800, before and after the reveal, View ▸ My predictions, and a choice, in
English or 简体中文: 18.3's question on the MNIST CNN's accuracy, the guess on the slider, then the run trained
and the measured accuracy beside the guess; 18.4's question on the class shirts are taken for.

Run under a virtual screen (Chinese needs a CJK font, ``fonts-noto-cjk`` on Debian/Ubuntu):

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/make_prediction_screenshots.py \
        [--lang en|zh_CN] [--data-root MNIST_FOLDER] [OUT_DIR]

MNIST comes from ``../shared/data/mnist`` beside the checkout unless ``--data-root`` names another folder;
OUT_DIR defaults to docs/screenshots/<lang>. Training runs in a spawned process, so everything happens under
``if __name__ == "__main__"``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any

from shots import CHECKOUT, open_window, settle, wait_until

HERE = Path(__file__).resolve().parent
STEP = "mnist-cnn"  # 18.3: what accuracy will the chapter's CNN reach?
QUICK = {"epochs": 1, "train_limit": 3000}  # seconds on a CPU, and already far above a guess of chance
GUESS = 90  # the guess put on the slider, in percent
LENET_GUESS = 60_000  # 18.1's C5 question: the whole LeNet-5's 'about 60 000', a common first guess
CHOICE = "Pullover"  # 18.4: the class shirts will most often be taken for, as a student might guess


def show_card(app: Any, window: Any, *widgets: Any) -> None:
    """The widgets (a prediction card, the step's button below it) in view on the section's page, laid out."""
    page = window.lessons.pane.sections.currentWidget()
    settle(app)
    page.fit()
    settle(app)
    for widget in widgets:
        page.ensureWidgetVisible(widget, 0, 12)
    settle(app)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", help="folder for the PNGs (default: docs/screenshots/<lang>)")
    parser.add_argument("--lang", default="en", choices=("en", "zh_CN"), help="the window's language")
    parser.add_argument("--data-root", default=str(CHECKOUT.parent / "shared" / "data" / "mnist"),
                        help="a folder holding MNIST's files")
    args = parser.parse_args()
    out = Path(args.out) if args.out else HERE / args.lang
    data = Path(os.environ.setdefault("CNNLAB_DATA", tempfile.mkdtemp(prefix="cnnlab-shots-")))  # clean runs

    from ui.predict import PredictionsDialog
    from ui.worker import shared_pool

    app, window = open_window(data, args.lang)
    wait_until(lambda: window.setup.loaded() is not None)
    window.setup.set_data_root("mnist", args.data_root)
    pane = window.lessons.pane
    pane.driver.overrides = dict(QUICK)
    window.lessons.action.setChecked(True)
    pane.show_section("18.1")
    (lenet,) = [c for c in pane.predictions.cards["18.1"] if c.question.id.endswith("c5-params")]
    lenet.set_guess(LENET_GUESS)
    lenet.reveal()  # a computed truth: shown at once, and the log's first entry
    pane.show_section("18.3")
    settle(app)
    (card,) = pane.predictions.cards[STEP]
    card.set_guess(GUESS)
    show_card(app, window, card, pane.cards[STEP].button)
    out.mkdir(parents=True, exist_ok=True)
    shots = [out / "predict-before.png", out / "predict-after.png", out / "predictions-dialog.png"]
    window.grab().save(str(shots[0]))
    if not pane.run_step(STEP):  # the guess is kept as it stands, then the step trains
        raise SystemExit(window.status_text())
    wait_until(lambda: card.state in ("revealed", "closed") and not window.is_running())
    show_card(app, window, card, pane.cards[STEP].result)
    window.grab().save(str(shots[1]))
    dialog = PredictionsDialog(parent=window)
    dialog.show()
    settle(app)
    dialog.grab().save(str(shots[2]))
    dialog.close()
    pane.show_section("18.4")  # a choice: the classes in the window's language (nothing trained)
    settle(app)
    (choice,) = pane.predictions.cards["fashion-cnn"]
    choice.set_guess(CHOICE)
    show_card(app, window, choice, pane.cards["fashion-cnn"].button)
    shots.append(out / "predict-choice.png")
    window.grab().save(str(shots[3]))
    print("\n".join(str(p) for p in shots))
    window.close()
    shared_pool().close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
