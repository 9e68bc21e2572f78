"""The predictions of chapter 18's lessons: what each asks, and where each truth comes from.

Every truth is computed or measured, never written down: a layer's output side and parameter count come
from the model summary of the chapter's own network (one dry run through the built model, numbers in the
question and the explanation read off the same layers), an accuracy from the finished run, the winner of
DNN against CNN from the two runs the lesson showed, and the class shirts are mistaken for from the
confusion matrix of the finished run's checkpoint on the test set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from cnnlab.chapter import get_step
from cnnlab.cli_format import percent
from cnnlab.datasets import get_dataset_spec
from cnnlab.errors import Sentence
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.predictions.question import Choice, NoTruth, Question

if TYPE_CHECKING:
    from torch import nn

    from cnnlab.models.summary import LayerRow, Summary
    from cnnlab.runs import RunRecord

COUNT_HIGH = 1e12  # the largest count a number question takes (a trillion parameters)
SIDE_HIGH = 10_000  # the largest side in pixels
CONFUSED_CLASS = "Shirt"  # Fashion-MNIST's class the lesson asks about: it shares its outline with three others


# ---------------------------------------------------------------- the layers the questions read
def _built(model: str, shape: tuple[int, int, int], classes: int) -> tuple[nn.Module, Summary]:
    from cnnlab.models import build_model, summarize

    net = build_model(model, in_channels=shape[0], image_size=(shape[1], shape[2]), num_classes=classes)
    return net, summarize(net, shape, name=model)


def _row(summary: Summary, name: str) -> LayerRow:
    for row in summary.rows:
        if row.name == name:
            return row
    raise KeyError(f"{summary.model} has no layer {name}")


def _dataset_shape(dataset: str) -> tuple[tuple[int, int, int], int]:
    spec = get_dataset_spec(dataset)
    assert spec.channels and spec.size and spec.classes, dataset  # the chapter's sets have a fixed shape
    return (spec.channels, *spec.size), len(spec.classes)


def _conv(net: nn.Module, name: str) -> tuple[int, int, int, int, int]:
    """(in channels, out channels, kernel, stride, padding) of a square convolution."""
    from torch import nn

    conv = net.get_submodule(name)
    assert isinstance(conv, nn.Conv2d)
    padding = conv.padding if isinstance(conv.padding, tuple) else (0, 0)
    return conv.in_channels, conv.out_channels, conv.kernel_size[0], conv.stride[0], int(padding[0])


# ---------------------------------------------------------------- questions with a computed truth
def lenet_c1_side() -> Question:
    """18.1: the side of LeNet-5's first feature maps at the paper's 32×32."""
    net, summary = _built("lenet5", (1, 32, 32), 10)
    _, _, kernel, stride, padding = _conv(net, "conv1")
    row = _row(summary, "conv1")
    side_in, side_out = row.input_shape[-1], row.output_shape[-1]
    return Question(
        id="18.1/lenet5/c1-side", context="18.1", kind="number", units="pixels", low=0, high=SIDE_HIGH,
        text=Sentence(QT_TRANSLATE_NOOP("CoreMessage", "LeNet-5's first layer C1 slides {kernel}×{kernel} kernels "
                                                       "over a {side}×{side} digit with stride {stride} and "
                                                       "padding {padding}. What side do its output maps have?"),
                      kernel=kernel, side=side_in, stride=stride, padding=padding),
        explanation=Sentence(QT_TRANSLATE_NOOP("CoreMessage", "side = (in + 2 × padding − kernel) ÷ stride + 1 = "
                                                              "({side} + 2 × {padding} − {kernel}) ÷ {stride} + 1 = "
                                                              "{out}"),
                             side=side_in, padding=padding, kernel=kernel, stride=stride, out=side_out),
        truth=float(side_out))


def _dense_params(question_id: str, context: str, net: nn.Module, summary: Summary, name: str,
                  text: str) -> Question:
    """A dense layer's weights and biases; ``text`` is told the maps it reads (maps, side) and its units."""
    from torch import nn

    dense = net.get_submodule(name)
    assert isinstance(dense, nn.Linear)
    flat = _row(summary, "flatten")
    maps, side = flat.input_shape[0], flat.input_shape[-1]
    params = _row(summary, name).params
    return Question(
        id=question_id, context=context, kind="number", units="parameters", scale="log", low=0, high=COUNT_HIGH,
        text=Sentence(text, maps=maps, side=side, units=dense.out_features),
        explanation=Sentence(QT_TRANSLATE_NOOP("CoreMessage", "parameters = out × (in + 1) = {units} × "
                                                              "({maps}×{side}×{side} + 1) = {params}"),
                             units=dense.out_features, maps=maps, side=side, params=f"{params:,}"),
        truth=float(params))


def lenet_c5_params() -> Question:
    """18.1: the weights and biases of LeNet-5's C5 (a dense layer here) at the paper's 32×32."""
    net, summary = _built("lenet5", (1, 32, 32), 10)
    return _dense_params("18.1/lenet5/c5-params", "18.1", net, summary, "fc1", QT_TRANSLATE_NOOP(
        "CoreMessage", "LeNet-5's C5 connects the {maps} maps of {side}×{side} left after S4 to {units} units. How "
                       "many parameters (weights and biases) does it have?"))


def cifar_dense_params() -> Question:
    """18.5: the weights and biases of the Keras model's 512-unit dense layer."""
    step = get_step("cifar-cnn")
    shape, classes = _dataset_shape(step.dataset)
    net, summary = _built(step.model, shape, classes)
    return _dense_params("18.5/cifar-cnn/fc1-params", "18.5", net, summary, "fc1", QT_TRANSLATE_NOOP(
        "CoreMessage", "The dense layer reads the {maps} maps of {side}×{side} left after the second pooling and "
                       "has {units} units. How many parameters (weights and biases) does it have?"))


def color_conv_params() -> Question:
    """18.2: the weights and biases of the colour CNN's first, 1×1, convolution."""
    step = get_step("colors-cnn")
    shape, classes = _dataset_shape(step.dataset)
    net, summary = _built(step.model, shape, classes)
    cin, cout, kernel, _, _ = _conv(net, "conv1")
    params = _row(summary, "conv1").params
    return Question(
        id="18.2/colors-cnn/conv1-params", context="18.2", kind="number", units="parameters", scale="log",
        low=0, high=COUNT_HIGH,
        text=Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The colour CNN's first layer mixes the {cin} colour channels "
                                                       "of each pixel into {cout} maps with {k}×{k} kernels. How many "
                                                       "parameters (weights and biases) does it have?"),
                      cin=cin, cout=cout, k=kernel),
        explanation=Sentence(QT_TRANSLATE_NOOP("CoreMessage", "parameters = out × (in × k × k + 1) = {cout} × "
                                                              "({cin} × {k} × {k} + 1) = {params}"),
                             cout=cout, cin=cin, k=kernel, params=f"{params:,}"),
        truth=float(params))


# ---------------------------------------------------------------- questions a run answers
def accuracy_question(key: str, epochs: int | None) -> Question:
    """What test accuracy the step's network reaches after ``epochs`` epochs (None: as many as it trains)."""
    step = get_step(key)
    if epochs is None:
        text = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "What test accuracy will this network reach?"))
    elif epochs == 1:
        text = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "What test accuracy will this network reach after one "
                                                         "epoch?"))
    else:
        text = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "What test accuracy will this network reach after {epochs} "
                                                         "epochs?"), epochs=epochs)
    return Question(id=f"{step.section}/{key}/accuracy", context=step.section, kind="slider", units="%",
                    low=0, high=100, text=text, source="accuracy")


def winner_question(key: str) -> Question:
    """Which of the step's CNN and its partner DNN scores higher on the test set."""
    step = get_step(key)
    return Question(
        id=f"{step.section}/{key}/winner", context=step.section, kind="choice", source="winner",
        text=Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Which will score higher on the test set: the fully connected "
                                                       "DNN or this CNN?")),
        choices=(Choice("dnn", Sentence(QT_TRANSLATE_NOOP("CoreMessage", "the DNN"))),
                 Choice("cnn", Sentence(QT_TRANSLATE_NOOP("CoreMessage", "the CNN"))),
                 Choice("tie", Sentence(QT_TRANSLATE_NOOP("CoreMessage", "a tie")))))


def confusion_question(key: str) -> Question:
    """Which class the step's network most often takes a shirt for."""
    step = get_step(key)
    classes = get_dataset_spec(step.dataset).classes or ()
    return Question(
        id=f"{step.section}/{key}/confused-with", context=step.section, kind="choice", source="confusion",
        text=Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Which class will this network most often mistake shirts "
                                                       "for?")),
        choices=tuple(Choice(name, name) for name in classes if name != CONFUSED_CLASS))


# The predictions of each lesson: on a section's own page (18.1 has no step), and on each step's card.
SECTION_QUESTIONS: dict[str, tuple[Callable[[], Question], ...]] = {"18.1": (lenet_c1_side, lenet_c5_params)}
STEP_QUESTIONS: dict[str, tuple[Callable[[int | None], Question], ...]] = {
    "colors-cnn": (lambda _epochs: color_conv_params(),),
    "shapes-cnn": (lambda _epochs: winner_question("shapes-cnn"),),
    "mnist-cnn": (lambda epochs: accuracy_question("mnist-cnn", epochs),),
    "fashion-cnn": (lambda _epochs: confusion_question("fashion-cnn"),),
    "cifar-cnn": (lambda _epochs: cifar_dense_params(), lambda epochs: accuracy_question("cifar-cnn", epochs)),
}


def section_questions(section: str) -> tuple[Question, ...]:
    return tuple(make() for make in SECTION_QUESTIONS.get(section, ()))


def step_questions(key: str, epochs: int | None = None) -> tuple[Question, ...]:
    """The step's questions; ``epochs``: how many epochs its run trains (None: not known)."""
    return tuple(make(epochs) for make in STEP_QUESTIONS.get(key, ()))


# ---------------------------------------------------------------- truths from runs
def _epochs_of(record: RunRecord) -> int:
    done = (record.results or {}).get("epochs_done")
    return int(done) if isinstance(done, (int, float)) else len(record.metrics)


def _test_acc(record: RunRecord) -> float:
    acc = (record.results or {}).get("test_acc")
    if not isinstance(acc, (int, float)):
        raise NoTruth(QT_TRANSLATE_NOOP("CoreMessage", "The run {folder} has no test accuracy to compare with."),
                      folder=record.path)
    return float(acc)


def accuracy_truth(question: Question, record: RunRecord) -> Question:
    """The accuracy question answered by the finished run ``record``."""
    step = get_step(question.id.split("/")[1])
    epochs = _epochs_of(record)
    measured = (Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Measured on the test set after one epoch of this run"))
                if epochs == 1 else
                Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Measured on the test set after {epochs} epochs of this run"),
                         epochs=epochs))
    if step.book_acc is None:
        explanation = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "{measured}."), measured=measured)
    else:
        explanation = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "{measured}; the book reports {book}."),
                               measured=measured, book=percent(step.book_acc, trim=True))
    return question.with_truth(100 * _test_acc(record), run=str(record.path), explanation=explanation)


def winner_truth(question: Question, cnn: RunRecord, dnn: RunRecord | None) -> Question:
    """The winner question answered by the CNN's run and its partner DNN's run."""
    if dnn is None:
        raise NoTruth(QT_TRANSLATE_NOOP("CoreMessage", "The DNN has no finished run with these settings to compare "
                                                       "with; show its step first, then this one again."))
    cnn_acc, dnn_acc = _test_acc(cnn), _test_acc(dnn)
    truth = "cnn" if cnn_acc > dnn_acc else "dnn" if dnn_acc > cnn_acc else "tie"
    explanation = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The DNN {dnn}, the CNN {cnn} on the same test images: "
                                                            "the CNN finds an edge wherever it is, the DNN must learn "
                                                            "each place on its own."),
                           dnn=percent(dnn_acc, 1), cnn=percent(cnn_acc, 1))
    return question.with_truth(truth, run=str(cnn.path), explanation=explanation)


def confusion_truth(question: Question, confusion: Sequence[Sequence[int]], classes: Sequence[str],
                    run: str) -> Question:
    """The confusion question answered by a confusion matrix (rows: true class, columns: predicted class)."""
    row = list(confusion[list(classes).index(CONFUSED_CLASS)])
    mine = list(classes).index(CONFUSED_CLASS)
    mistakes = {name: int(n) for i, (name, n) in enumerate(zip(classes, row, strict=True)) if i != mine}
    wrong = sum(mistakes.values())
    if wrong == 0:
        raise NoTruth(QT_TRANSLATE_NOOP("CoreMessage", "This run mistook no shirt for another class, so there is "
                                                       "nothing to compare with."))
    most = max(mistakes.values())
    tied = tuple(name for name, n in mistakes.items() if n == most)
    explanation = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "{most} of the {wrong} shirts it got wrong went to that "
                                                            "class: shirts, T-shirts, pullovers and coats share one "
                                                            "outline."), most=most, wrong=wrong)
    return question.with_truth(tied[0], run=run, explanation=explanation, also_right=tied[1:])


def run_confusion(run_dir: str, data_root: str | None) -> tuple[list[list[int]], tuple[str, ...]]:
    """The confusion matrix of the run's checkpoint on its dataset's test split, and the class names (slow:
    the whole test set goes through the network; call it off the GUI thread)."""
    from pathlib import Path

    from cnnlab.engine.checkpoint_eval import evaluate_checkpoint
    from cnnlab.runs.store import CHECKPOINT

    result = evaluate_checkpoint(Path(run_dir) / CHECKPOINT, data_root=data_root)
    return result.confusion, tuple(result.classes)
