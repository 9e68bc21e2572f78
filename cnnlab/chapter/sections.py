"""Chapter 18's sections as data: what each step trains, which tab holds its figure, the book's numbers.

The Lessons pane and ``cnnlab chapter`` read the same tables, so the window and the command agree
on what "reproduce 18.2" means. Accuracies are the lecture's (REFERENCE §2) as fractions; a step
whose book gives no number has ``book_acc`` None.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnnlab.i18n import QT_TRANSLATE_NOOP

# The tabs of the window a step can end on: "curves" is the curves tab, the others are inspection
# panels (the window maps each key to its panel).
TABS = ("curves", "kernels", "feature_maps", "kernel_roles", "misclassified", "confusion")
# How a tab lays its figure out, where it has a choice: the Feature maps tab shows one image layer by
# layer, or one sample of each class (the colour CNN's 1×1 figure). "": the tab's own choice.
LAYOUTS = ("", "one_image", "per_class")


@dataclass(frozen=True)
class Section:
    number: str  # "18.2"
    title: str  # English; the window translates its own copy


@dataclass(frozen=True)
class Step:
    """One thing a student does in a lesson: train (or reopen) one run and look at one tab."""

    key: str  # unique, e.g. "colors-cnn"
    section: str  # "18.2"
    title: str  # English, for the command's output
    dataset: str
    model: str
    tab: str  # one of TABS: where the chapter's figure for this step is
    book_acc: float | None  # the lecture's test accuracy as a fraction; None: not stated
    book_note: str = ""  # what else the book says about the number, marked in the lessons' context ("Lessons")
    partner: str = ""  # key of the step whose run is overlaid on this one's curves (DNN versus CNN)
    table: bool = True  # False: a second look at another step's run; the chapter table lists it once
    layout: str = ""  # one of LAYOUTS: how the tab lays the figure out ("": as the student left it)


SECTIONS: tuple[Section, ...] = (
    Section("18.1", "Classic models"),
    Section("18.2", "Colours and shapes"),
    Section("18.3", "MNIST"),
    Section("18.4", "Fashion-MNIST"),
    Section("18.5", "CIFAR-10"),
)

STEPS: tuple[Step, ...] = (
    # 18.2: the chapter's generated sets, DNN against CNN on each
    Step("colors-dnn", "18.2", "Colours: DNN", "colors", "dnn", "misclassified", 0.816,
         QT_TRANSLATE_NOOP("Lessons", "75–85% across runs")),
    Step("colors-cnn", "18.2", "Colours: CNN against the DNN", "colors", "color-cnn", "curves", 0.963,
         partner="colors-dnn"),
    Step("colors-1x1", "18.2", "Colours: the 1×1 convolution", "colors", "color-cnn", "feature_maps", 0.963,
         table=False, layout="per_class"),
    Step("shapes-dnn", "18.2", "Shapes: DNN", "shapes", "dnn", "misclassified", 0.898),
    Step("shapes-cnn", "18.2", "Shapes: CNN against the DNN", "shapes", "shape-cnn", "curves", 0.96,
         partner="shapes-dnn"),
    Step("shapes-roles", "18.2", "Shapes: what each kernel does", "shapes", "shape-cnn", "kernel_roles", 0.96,
         table=False),
    Step("color-shapes-dnn", "18.2", "Colour-shapes: DNN", "color-shapes", "dnn", "misclassified", 0.89),
    Step("color-shapes-cnn", "18.2", "Colour-shapes: CNN", "color-shapes", "color-shape-cnn", "misclassified", 0.97),
    # 18.3 to 18.5: downloaded sets
    Step("mnist-dnn", "18.3", "MNIST: DNN", "mnist", "dnn", "curves", 0.9749),
    Step("mnist-cnn", "18.3", "MNIST: CNN and its kernels", "mnist", "mnist-cnn", "kernels", 0.9844,
         QT_TRANSLATE_NOOP("Lessons", "98.44% on the slide, 98.65% in the text"), partner="mnist-dnn"),
    Step("mnist-maps", "18.3", "MNIST: conv, ReLU and pool maps", "mnist", "mnist-cnn", "feature_maps", 0.9844,
         table=False, layout="one_image"),
    Step("fashion-dnn", "18.4", "Fashion-MNIST: DNN", "fashion-mnist", "dnn", "curves", None,
         QT_TRANSLATE_NOOP("Lessons", "it shows only the curves")),
    Step("fashion-cnn", "18.4", "Fashion-MNIST: CNN against the DNN", "fashion-mnist", "fashion-cnn", "curves",
         0.9112, partner="fashion-dnn"),
    Step("cifar-cnn", "18.5", "CIFAR-10: the Keras model", "cifar10", "cifar-cnn", "curves", 0.7372,
         QT_TRANSLATE_NOOP("Lessons", "GPU, 25 epochs; on a CPU 63.61% after 10 epochs")),
)

# The book's CIFAR-10 runs (18.5), for the lesson's "what would this machine take".
CIFAR_BOOK_RUNS = (
    # (where, epochs, test accuracy, seconds per epoch as the lecture reports them)
    ("GPU", 25, 0.7372, 60.0),
    ("CPU (8 cores)", 10, 0.6361, 120.0),
)


# The book's parameter column of the MNIST CNN's layer table (18.3), by our layer name; its conv2
# entry counts one 5×5 kernel per output map, leaving out the 8 input channels (see the lesson).
BOOK_MNIST_PARAMS = {"conv1": "200+8", "conv2": "400+16", "fc1": "8192+32", "fc2": "320+10"}


def section_numbers() -> tuple[str, ...]:
    return tuple(s.number for s in SECTIONS)


def get_step(key: str) -> Step:
    for step in STEPS:
        if step.key == key:
            return step
    raise KeyError(key)


def steps_of(section: str) -> tuple[Step, ...]:
    return tuple(s for s in STEPS if s.section == section)


def table_steps(sections: tuple[str, ...] | None = None) -> tuple[Step, ...]:
    """The steps the chapter table trains (one per run), in the chapter's order; ``None``: every section."""
    return tuple(s for s in STEPS if s.table and (sections is None or s.section in sections))
