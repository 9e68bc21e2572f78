"""Reports, ONNX export and TensorBoard logging of a run.

The report is read back with html.parser and its numbers are checked against the run's own
results.json and against a confusion matrix counted here by hand from the model's outputs; the PDF's
pages are counted with pypdf. ONNX outputs are compared with torch's on test images. A read-only folder
and a full disk are simulated (helpers_disk) and must end in one sentence with nothing left behind.
"""

from __future__ import annotations

import base64
import builtins
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
import torch
from helpers_disk import files_in, full_disk, read_only
from helpers_torch import one_thread  # noqa: F401  (fixture)
from PIL import Image

from cnnlab.cli import main
from cnnlab.engine import CheckpointMeta, TrainConfig, load_checkpoint, save_checkpoint
from cnnlab.engine.data import DataRequest, load_data, normalize
from cnnlab.launch import RunPlan, train
from cnnlab.models import build_model

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    torch.set_num_threads(1)
    path = tmp_path_factory.mktemp("runs") / "shapes run"
    path.mkdir()
    cfg = TrainConfig(dataset="shapes", epochs=2, train_limit=300, batch_size=32, threads=1, schedule="none",
                      optimizer="adam", lr=3e-3)
    train(RunPlan(cfg, path))
    return path


def hand_confusion(run_dir: Path) -> tuple[np.ndarray, list[str]]:
    """Rows = true class: counted here with a plain loop over the model's argmax on the whole test set."""
    ck = load_checkpoint(run_dir / "checkpoint.pt")
    test = load_data(DataRequest(dataset="shapes")).test
    with torch.no_grad():
        pred = ck.model(normalize(test.x, ck.meta.mean, ck.meta.std)).argmax(1)
    k = len(ck.meta.classes)
    counts = np.zeros((k, k), dtype=int)
    for t, p in zip(test.y.tolist(), pred.tolist(), strict=True):
        counts[t, p] += 1
    return counts, list(ck.meta.classes)


class ReportParser(HTMLParser):
    """Rows of cells by their row's class, and every <img>'s attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[list[str]]] = {}
        self.images: list[dict[str, str]] = []
        self._row: list[str] | None = None
        self._cls = ""
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr":
            self._row, self._cls = [], a.get("class") or ""
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "img":
            self.images.append({k: v or "" for k, v in a.items()})

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.setdefault(self._cls, []).append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_the_html_report_holds_the_runs_numbers_and_embeds_its_images(run_dir, tmp_path):
    out = tmp_path / "report.html"
    assert main(["report", str(run_dir), "--out", str(out)]) == 0
    page = ReportParser()
    page.feed(out.read_text(encoding="utf-8"))
    results = json.loads((run_dir / "results.json").read_text())
    assert page.rows["test-acc"][0][1] == f"{100 * results['test_acc']:.2f}%"
    assert page.rows["test-loss"][0][1] == f"{results['test_loss']:.4f}"
    assert page.rows["epochs-done"][0][1] == "2"
    assert "18.2" in page.rows["book"][0][1] and "96.00%" in page.rows["book"][0][1]  # the shape CNN's number
    counts, classes = hand_confusion(run_dir)
    assert [[int(v) for v in r[1:]] for r in page.rows["confusion"]] == counts.tolist()
    per_class = [(r[0], int(r[1]), int(r[2])) for r in page.rows["per-class"]]
    assert per_class == [(c, int(counts[i].sum()), int(counts[i, i])) for i, c in enumerate(classes)]
    assert np.trace(counts) / counts.sum() == pytest.approx(results["test_acc"], abs=1e-6)
    ids = {img["id"] for img in page.images}
    assert ids == {"fig-curves", "fig-confusion", "fig-mistakes", "fig-kernels"}
    for img in page.images:
        assert img["src"].startswith("data:image/png;base64,")  # self-contained: nothing to fetch
        picture = Image.open(io.BytesIO(base64.b64decode(img["src"].split(",", 1)[1])))
        assert picture.format == "PNG" and min(picture.size) > 50


def test_the_chinese_report_and_the_pdf(run_dir, tmp_path):
    from pypdf import PdfReader

    html_out = tmp_path / "报告.html"
    assert main(["report", str(run_dir), "--out", str(html_out), "--lang", "zh_CN"]) == 0
    text = html_out.read_text(encoding="utf-8")
    assert "测试准确率" in text and "混淆矩阵" in text and 'lang="zh-CN"' in text
    pdf = tmp_path / "report.pdf"
    assert main(["report", str(run_dir), "--out", str(pdf)]) == 0
    reader = PdfReader(str(pdf))
    # summary, curves, per-class accuracy with the confusion matrix, mistakes, kernels
    assert len(reader.pages) == 5
    assert "Training report" in reader.pages[0].extract_text()


def test_report_mistakes_are_one_sentence(run_dir, tmp_path, capsys):
    assert main(["report", str(run_dir), "--out", str(tmp_path / "r.docx")]) == 2
    assert "written as .html or .pdf" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err


def onnx_outputs(path: Path, x: torch.Tensor) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(["logits"], {"input": x.numpy()})[0]


def test_onnx_export_of_a_chapter_run_predicts_as_torch_does(run_dir, tmp_path):
    out = tmp_path / "shape-cnn.onnx"
    assert main(["export", str(run_dir), "--onnx", str(out)]) == 0
    ck = load_checkpoint(run_dir / "checkpoint.pt")
    test = load_data(DataRequest(dataset="shapes")).test
    x = normalize(test.x[:37], ck.meta.mean, ck.meta.std)  # (37, 1, 28, 28): a batch size not seen at export
    with torch.no_grad():
        want = ck.model(x).numpy()
    got = onnx_outputs(out, x)
    assert got.shape == want.shape and np.abs(got - want).max() < 1e-4
    import onnx

    props = {p.key: p.value for p in onnx.load(str(out)).metadata_props}
    assert json.loads(props["cnnlab.classes"]) == list(ck.meta.classes)


def test_onnx_export_of_a_zoo_model_predicts_as_torch_does(tmp_path):
    from cnnlab.report.export import export_onnx

    torch.manual_seed(0)
    model = build_model("resnet20", in_channels=3, image_size=(32, 32), num_classes=10)  # residual adds, batch norm
    with torch.no_grad():  # batch norm statistics that are not the identity, as after training
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                assert m.running_mean is not None and m.running_var is not None
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
    meta = CheckpointMeta(model="resnet20", model_options={}, dataset="cifar10", classes=tuple("abcdefghij"),
                          input_shape=(3, 32, 32), mean=(0.5, 0.5, 0.5), std=(0.25, 0.25, 0.25))
    ck = save_checkpoint(tmp_path / "zoo.pt", meta, model.state_dict(), epoch=1)
    out = export_onnx(ck, tmp_path / "resnet20.onnx")
    x = torch.randn(8, 3, 32, 32)
    with torch.no_grad():
        want = model.eval()(x).numpy()
    assert np.abs(onnx_outputs(out, x) - want).max() < 1e-4


def test_export_mistakes_are_one_sentence(run_dir, tmp_path, capsys, monkeypatch):
    assert main(["export", str(run_dir), "--onnx", str(tmp_path / "m.pt")]) == 2
    assert "ending in .onnx" in capsys.readouterr().err
    real_import = builtins.__import__

    def no_onnxscript(name, *args, **kwargs):
        if name == "onnxscript":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_onnxscript)
    assert main(["export", str(run_dir), "--onnx", str(tmp_path / "m.onnx")]) == 2
    err = capsys.readouterr().err
    assert "needs the onnxscript package" in err and "pip install" in err


def test_tensorboard_without_the_package_is_one_sentence_exit_2(tmp_path, capsys, monkeypatch):
    real_import = builtins.__import__

    def no_tensorboard(name, *args, **kwargs):
        if name.startswith("torch.utils.tensorboard") or name == "tensorboard":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_tensorboard)
    code = main(["train", "--dataset", "shapes", "--train-limit", "100", "--epochs", "1", "--threads", "1",
                 "--out", str(tmp_path / "run"), "--tensorboard", str(tmp_path / "tb"), "--quiet"])
    assert code == 2
    assert "pip install tensorboard" in capsys.readouterr().err
    assert not (tmp_path / "run" / "config.json").exists()  # nothing was trained


def test_tensorboard_event_files_hold_the_epoch_curves(tmp_path):
    pytest.importorskip("tensorboard")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    tb = tmp_path / "tb"
    assert main(["train", "--dataset", "shapes", "--train-limit", "100", "--epochs", "2", "--threads", "1",
                 "--batch-size", "16", "--out", str(tmp_path / "run"), "--tensorboard", str(tb), "--quiet"]) == 0
    events = EventAccumulator(str(tb))
    events.Reload()
    metrics = [json.loads(line) for line in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    logged = [(e.step, e.value) for e in events.Scalars("epoch/train_loss")]
    assert logged == [(m["epoch"], pytest.approx(m["train_loss"], rel=1e-6)) for m in metrics]
    results = json.loads((tmp_path / "run" / "results.json").read_text())
    assert events.Scalars("test/accuracy")[0].value == pytest.approx(results["test_acc"], rel=1e-6)


# --- a read-only folder or a full disk: one sentence, nothing partial left ---------------------------

class TinyProgram:
    """Stands in for torch.onnx.export's result (the real export takes seconds): a one-node ONNX model."""

    def __init__(self) -> None:
        import onnx
        from onnx import TensorProto, helper

        x = helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 1, 28, 28])
        y = helper.make_tensor_value_info("logits", TensorProto.FLOAT, [None, 1, 28, 28])
        graph = helper.make_graph([helper.make_node("Identity", ["input"], ["logits"])], "tiny", [x], [y])
        self.model_proto = helper.make_model(graph)
        onnx.checker.check_model(self.model_proto)


@pytest.mark.parametrize("fault", ["read-only", "full disk"])
def test_export_into_a_folder_that_cannot_take_it_is_one_sentence(run_dir, tmp_path, capsys, monkeypatch, fault):
    monkeypatch.setattr(torch.onnx, "export", lambda *args, **kwargs: TinyProgram())
    folder = tmp_path / "models"
    folder.mkdir()
    target = folder / "m.onnx"
    with read_only(folder) if fault == "read-only" else full_disk(folder, 40):
        code = main(["export", str(run_dir), "--onnx", str(target)])
    out, err = capsys.readouterr()
    assert code == 3 and out == ""
    start = (f"Cannot write {target}: the folder is read-only or not yours to write to" if fault == "read-only"
             else f"The disk is full: cannot write {target}")
    assert err == f"cnnlab: {start}, so the model was not exported.\n"
    assert files_in(folder) == []
    assert main(["export", str(run_dir), "--onnx", str(target)]) == 0  # the same folder, writable again
    import onnx

    written = onnx.load(str(target))  # the whole model, with the run's facts
    assert written.graph.node[0].op_type == "Identity"
    assert {p.key for p in written.metadata_props} >= {"cnnlab.classes", "cnnlab.mean", "cnnlab.epoch"}


@pytest.fixture(scope="module")
def report_content(run_dir):
    """The run's report, computed once (seconds): the tests below are about writing it."""
    from cnnlab.report.content import build_report

    return build_report(run_dir)


@pytest.mark.parametrize(("name", "fault"), [("r.html", "read-only"), ("r.pdf", "read-only"),
                                             ("r.pdf", "full disk")])
def test_a_report_into_a_folder_that_cannot_take_it_is_one_sentence(run_dir, report_content, tmp_path, capsys,
                                                                     monkeypatch, name, fault):
    from cnnlab.report import render

    monkeypatch.setattr(render, "build_report", lambda *args: report_content)
    folder = tmp_path / "reports"
    folder.mkdir()
    target = folder / name
    with read_only(folder) if fault == "read-only" else full_disk(folder, 5000):  # the PDF streams page by page
        code = main(["report", str(run_dir), "--out", str(target)])
    _, err = capsys.readouterr()
    assert code == 3
    start = (f"Cannot write {target}: the folder is read-only or not yours to write to" if fault == "read-only"
             else f"The disk is full: cannot write {target}")
    assert err == f"cnnlab: {start}, so the report was not saved.\n"
    assert files_in(folder) == []


@pytest.mark.filterwarnings("ignore:Glyph")  # the stand-in family has no glyphs: only the choice of font is checked
def test_chinese_class_names_in_the_figures_use_the_chinese_font(monkeypatch):
    """Tick labels and mistake titles carry translated class names: they use the same font as the axis labels."""
    import numpy as np

    from cnnlab.report import figures
    from cnnlab.report.texts import texts

    monkeypatch.setattr(figures, "cjk_family", lambda: "A CJK family")  # what a machine with Chinese fonts finds
    classes = ["圆形", "矩形", "三角形"]
    fig = figures.confusion_figure(np.eye(3, dtype=int), classes, texts("zh_CN"), "zh_CN")
    ax = fig.axes[0]
    labels = [*ax.get_xticklabels(), *ax.get_yticklabels(), ax.xaxis.label]
    assert [label.get_text() for label in ax.get_xticklabels()] == classes
    assert all(label.get_fontfamily()[0] == "A CJK family" for label in labels)
    fig = figures.mistakes_figure(np.zeros((2, 1, 8, 8), dtype=np.uint8), [("圆形", "矩形"), ("矩形", "圆形")],
                                  "zh_CN")
    assert all(ax.title.get_fontfamily()[0] == "A CJK family" for ax in fig.axes)
