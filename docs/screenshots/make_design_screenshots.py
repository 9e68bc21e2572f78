"""The Design tab at 1280×800: a design with a residual block and branches beside its diagram, a prediction
pending (its row's cell shows "?") and one revealed, the same design with a kernel too large for its input (the
sentence at its row, the rows before it with their numbers), and the comparison of LeNet-5 with the chapter's
MNIST network.

Run under a virtual screen, once per language:

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/make_design_screenshots.py [OUT_DIR]
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/make_design_screenshots.py --lang zh_CN
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from shots import open_window, settle, wait_until


def sample() -> object:
    """The issue's example grown by a pooling and an Inception-like branches row."""
    from cnnlab.design.spec import Design, Layer, numbered

    return Design("my-net", (1, 28, 28), 5, numbered((
        Layer("conv", out=8, kernel=3, padding=1), Layer("relu"), Layer("maxpool", kernel=2),
        Layer("residual", layers=(Layer("conv", out=8, kernel=3, padding=1), Layer("bn"), Layer("relu"))),
        Layer("branches", branches=(
            Layer("branch", layers=(Layer("conv", out=8, kernel=1), Layer("relu"))),
            Layer("branch", layers=(Layer("conv", out=8, kernel=3, padding=1), Layer("relu"))))),
        Layer("maxpool", kernel=2), Layer("flatten"), Layer("linear", out=64), Layer("relu"), Layer("dropout"),
        Layer("linear", out=5))))


def main(out: Path, lang: str) -> int:
    os.environ.setdefault("CNNLAB_DATA", tempfile.mkdtemp(prefix="cnnlab-shots-"))
    from ui.design.tree_model import COLUMNS
    from ui.worker import shared_pool

    app, window = open_window(Path(os.environ["CNNLAB_DATA"]), lang)
    wait_until(lambda: window.setup.loaded() is not None)
    window.setup.set_dataset("shapes")
    wait_until(lambda: window.setup.loaded() is not None)
    tab = window.design
    view = tab.view
    tab.show_action.trigger()
    view.open_design(sample())  # type: ignore[arg-type]  # sample() is a Design

    def shown() -> bool:
        return view.result is not None and view.result.design is view.design and not view.runner.busy()

    wait_until(shown)
    view.table.select_path((4, 1, 0))  # the 3×3 convolution of the second branch
    settle(app)
    suffix = "zh" if lang.startswith("zh") else "en"
    out.mkdir(parents=True, exist_ok=True)
    shots = [out / f"design-{suffix}-1280x800.png", out / f"design-error-{suffix}-1280x800.png",
             out / f"design-compare-{suffix}.png"]
    window.grab().save(str(shots[0]))
    from cnnlab.predictions import PredictionLog
    from cnnlab.predictions.design import PARAMS, SHAPE

    tab.predict.log = PredictionLog(Path(os.environ["CNNLAB_DATA"]) / "predictions.jsonl")
    view.table.select_path((4, 1, 0))
    card = tab.predict.ask_picked(SHAPE)  # pending: the row's Output cell shows "?"
    assert card is not None
    settle(app)
    pending = out / f"design-predict-pending-{suffix}-1280x800.png"
    window.grab().save(str(pending))
    card = tab.predict.ask("8", PARAMS)  # the flatten's 784 numbers into 64 units
    assert card is not None
    card.set_guess(20_000.0)
    card.reveal()
    settle(app)
    revealed = out / f"design-predict-revealed-{suffix}-1280x800.png"
    window.grab().save(str(revealed))
    shots += [pending, revealed]
    tab.predict.close()
    view.table.select_path((3, 0))
    view.model.setData(view.model.index_of((3, 0), COLUMNS.index("kernel")), 17)  # 17×17 on 14×14 padded by 1
    wait_until(shown)
    settle(app)
    window.grab().save(str(shots[1]))
    tab.actions.ask = lambda _question: True  # discard the edits above without a dialog
    tab.actions.open_model("lenet5")
    wait_until(lambda: view.design.name == "lenet5" and shown())
    tab.actions.compare_model("mnist-cnn")
    wait_until(lambda: tab.actions.compared is not None)
    dialog = tab.actions.compared
    assert dialog is not None
    settle(app)
    dialog.grab().save(str(shots[2]))  # the pending and revealed predictions are shots[3:]
    print("\n".join(str(p) for p in shots))
    dialog.close()
    window.close()
    shared_pool().close()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(Path(__file__).resolve().parent))
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()
    raise SystemExit(main(Path(args.out), args.lang))
