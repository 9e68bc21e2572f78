"""What the app and ``cnnlab models`` tell a student about each network: its card (title, family, year,
paper, idea, notes), one per model, in plain Python, so the model list and ``cnnlab models`` need no torch.

This table is the one list of models: a builder registers under a name found here (and takes its card
from here, see :func:`cnnlab.models.registry.register_model`); each card's ``family`` names the module
under :mod:`cnnlab.models` that builds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from cnnlab.i18n import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class ModelCard:
    """What the app and ``cnnlab models --details`` tell a student about a network."""

    title: str
    family: str  # "chapter" for the lecture's own nets, else the classic family name (and its module's name)
    year: int | None = None
    authors: str = ""
    paper: str = ""
    idea: str = ""  # one line: what it introduced / why it is in the chapter (translated in the .ts files)
    notes: str = ""  # what changed for small images, and why


# The lecture's networks in the chapter's order (REFERENCE §2); ``model_names`` shows them first.
CHAPTER_ORDER = ("dnn", "color-cnn", "shape-cnn", "color-shape-cnn", "mnist-cnn", "fashion-cnn", "cifar-cnn")

_CHAPTER = partial(ModelCard, family="chapter")  # the chapter's own networks: no paper, no year
_VGG = partial(  # the paper's networks share the family, year, authors, paper and note
    ModelCard, family="vgg", year=2014, authors="Karen Simonyan, Andrew Zisserman",
    paper="Very Deep Convolutional Networks for Large-Scale Image Recognition",
    notes=QT_TRANSLATE_NOOP(
        "ModelCard",
        "Small images: max pools round up, so 28×28 digits reach the classifier as 512@1×1 after five pools; "
        "nothing else changes. batch_norm=True adds BN after each conv (not in the 2014 paper)."))
_RESNET = partial(  # the paper's networks share the family, year, authors and paper
    ModelCard, family="resnet", year=2015, authors="Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun",
    paper="Deep Residual Learning for Image Recognition")

CARDS: dict[str, ModelCard] = {
    "dnn": _CHAPTER(
        title=QT_TRANSLATE_NOOP("ModelCard", "Fully connected baseline (DNN)"),
        idea=QT_TRANSLATE_NOOP(
            "ModelCard",
            "784 → 128 → 64 → K on flattened pixels: the baseline every CNN in the chapter is compared with."),
        notes=QT_TRANSLATE_NOOP(
            "ModelCard",
            "Colour images are converted to gray first, as the course does; batch_norm=True gives the Fashion-MNIST "
            "variant."),
    ),
    "color-cnn": _CHAPTER(
        title=QT_TRANSLATE_NOOP("ModelCard", "Colour CNN (1×1 then 3×3)"),
        idea=QT_TRANSLATE_NOOP("ModelCard", "Two 1×1 kernels mix the RGB channels at each pixel, "
                                            "then three 3×3 kernels: "
             "colour is cross-channel, not spatial."),
        notes=QT_TRANSLATE_NOOP(
            "ModelCard",
            "The 1×1 kernels start with positive weights, so every colour lights both channels at the start; with the "
            "usual signed start a channel can be dead for every colour and some seeds stall at chance."),
    ),
    "shape-cnn": _CHAPTER(
        title=QT_TRANSLATE_NOOP("ModelCard", "Shape CNN (8@3×3, 16@3×3)"),
        idea=QT_TRANSLATE_NOOP("ModelCard", "Eight 3×3 edge detectors, then sixteen: "
             "each first-layer kernel learns a role (edges, corners, filled areas)."),
    ),
    "color-shape-cnn": _CHAPTER(
        title=QT_TRANSLATE_NOOP("ModelCard", "Colour-shape CNN"),
        idea=QT_TRANSLATE_NOOP(
            "ModelCard",
            "The shape CNN with three input channels: one network tells colour and shape at once (9 classes)."),
    ),
    "mnist-cnn": _CHAPTER(
        title=QT_TRANSLATE_NOOP("ModelCard", "MNIST CNN (8@5×5, 16@5×5)"),
        idea=QT_TRANSLATE_NOOP(
            "ModelCard",
            "Two 5×5 conv / ReLU / max-pool stages and a 32-unit BN layer: 98.4% on MNIST with 12 k parameters."),
        notes=QT_TRANSLATE_NOOP(
            "ModelCard",
            "The lecture's table lists 400+16 for the second conv, counting one 5×5 kernel per "
            "output; with its 8 input "
            "channels the layer has 16×8×5×5 = 3200 weights + 16 biases."),
    ),
    "fashion-cnn": _CHAPTER(
        title=QT_TRANSLATE_NOOP("ModelCard", "Fashion CNN (32@3×3)"),
        idea=QT_TRANSLATE_NOOP(
            "ModelCard",
            "One wide conv layer (32 kernels of 3×3), max-pool and a 128-unit dense layer: 91% on Fashion-MNIST."),
    ),
    "cifar-cnn": _CHAPTER(
        title=QT_TRANSLATE_NOOP("ModelCard", "CIFAR-10 CNN (Keras example)"),
        idea=QT_TRANSLATE_NOOP("ModelCard", "Two stages of conv-conv-pool-dropout (32, then 64 kernels), "
             "dense 512 with dropout: the course's Keras model."),
    ),
    "lenet5": ModelCard(
        title="LeNet-5", family="lenet", year=1998,
        authors="Yann LeCun, Léon Bottou, Yoshua Bengio, Patrick Haffner",
        paper="Gradient-Based Learning Applied to Document Recognition",
        idea=QT_TRANSLATE_NOOP("ModelCard", "Convolution, sub-sampling and fully connected layers trained "
             "end to end by back-propagation: the template of CNNs."),
        notes=QT_TRANSLATE_NOOP(
            "ModelCard",
            "ReLU and max pooling as the lecture teaches, full C3 connections and a linear output; 28×28 inputs get "
            "padding 2 on the first conv so its maps are 6@28×28 as in the paper."),
    ),
    "alexnet": ModelCard(
        title="AlexNet", family="alexnet", year=2012,
        authors="Alex Krizhevsky, Ilya Sutskever, Geoffrey E. Hinton",
        paper="ImageNet Classification with Deep Convolutional Neural Networks",
        idea=QT_TRANSLATE_NOOP("ModelCard", "A deep CNN (5 conv + 3 FC, 60 M parameters) with ReLU, "
             "dropout and LRN, trained on two GPUs, won ImageNet 2012."),
        notes=QT_TRANSLATE_NOOP(
            "ModelCard",
            "Small images: the first conv is 3×3 with stride 1 instead of 11×11 with stride 4, so a 28×28 digit is not "
            "reduced to 5×5 at once; the rest, the two-GPU grouping included, is the paper's."),
    ),
    "zfnet": ModelCard(
        title="ZFNet", family="zfnet", year=2013,
        authors="Matthew D. Zeiler, Rob Fergus",
        paper="Visualizing and Understanding Convolutional Networks",
        idea=QT_TRANSLATE_NOOP("ModelCard", "Deconvnet pictures of what each layer sees led to a 7×7 "
             "stride-2 first layer instead of AlexNet's 11×11 stride 4."),
        notes=QT_TRANSLATE_NOOP(
            "ModelCard",
            "Small images: the first conv is 3×3 with stride 1 and the second gets padding 2, so "
            "28×28 digits reach the "
            "classifier as 1×1×256 instead of vanishing; the rest is the paper's."),
    ),
    "vgg11": _VGG(
        title="VGG-11",
        idea=QT_TRANSLATE_NOOP(
            "ModelCard",
            "Only 3×3 convolutions, in five stages of doubling width: configuration A, 8 conv + 3 FC layers."),
    ),
    "vgg16": _VGG(
        title="VGG-16",
        idea=QT_TRANSLATE_NOOP(
            "ModelCard",
            "Sixteen weight layers of 3×3 convolutions (configuration D): depth itself buys "
            "accuracy; 138 M parameters."),
    ),
    "googlenet": ModelCard(
        title="GoogLeNet (Inception v1)", family="googlenet", year=2014,
        authors="Christian Szegedy, Wei Liu, Yangqing Jia, Pierre Sermanet, Scott Reed, Dragomir Anguelov, "
                "Dumitru Erhan, Vincent Vanhoucke, Andrew Rabinovich",
        paper="Going Deeper with Convolutions",
        idea=QT_TRANSLATE_NOOP(
            "ModelCard",
            "Inception modules: parallel 1×1, 3×3, 5×5 and pool branches with 1×1 bottlenecks; 2 "
            "auxiliary losses × 0.3."),
        notes=QT_TRANSLATE_NOOP(
            "ModelCard",
            "Batch norm after each conv and no LRN, as torchvision; small images get a 3×3 stride-1 first conv (28×28 "
            "reaches 4a-4e as 3×3 maps) and the auxiliary heads pool to at most the map's own size."),
    ),
    "resnet18": _RESNET(
        title="ResNet-18",
        idea=QT_TRANSLATE_NOOP(
            "ModelCard",
            "Residual blocks out = F(x) + x: gradients flow through the identity skips, so very deep networks train."),
        notes=QT_TRANSLATE_NOOP(
            "ModelCard",
            "Small images: the first conv is 3×3 with stride 1 instead of 7×7 with stride 2 (max pool kept), so 28×28 "
            "digits go through the stages at 14, 7, 4 and 2 pixels."),
    ),
    "resnet20": _RESNET(
        title="ResNet-20 (CIFAR)",
        idea=QT_TRANSLATE_NOOP(
            "ModelCard",
            "The paper's CIFAR ResNet: 3 stages × 3 residual blocks at 16, 32, 64 maps, "
            "parameter-free shortcuts, 0.27 M."),
        notes=QT_TRANSLATE_NOOP(
            "ModelCard",
            "The CIFAR-10 network of the paper's section 4.2 (n = 3), built for 32×32 images as there; 28×28 digits go "
            "through the stages at 28, 14 and 7 pixels."),
    ),
    "densenet121": ModelCard(
        title="DenseNet-121", family="densenet", year=2016,
        authors="Gao Huang, Zhuang Liu, Laurens van der Maaten, Kilian Q. Weinberger",
        paper="Densely Connected Convolutional Networks",
        idea=QT_TRANSLATE_NOOP(
            "ModelCard",
            "In a dense block each layer takes all earlier maps, concatenated, and adds k = 32 new "
            "ones; 8 M parameters."),
        notes=QT_TRANSLATE_NOOP(
            "ModelCard",
            "Small images: the first conv is 3×3 with stride 1 instead of 7×7 with stride 2 (max pool kept), so 28×28 "
            "digits go through the dense blocks at 14, 7, 3 and 1 pixels."),
    ),
}


def _order(name: str) -> tuple[int, int, str]:
    """The chapter's nets in chapter order, then the zoo by year (ties by name)."""
    card = CARDS[name]
    if card.family == "chapter":
        rank = CHAPTER_ORDER.index(name) if name in CHAPTER_ORDER else len(CHAPTER_ORDER)
        return (0, rank, name)
    return (1, card.year if card.year is not None else 10_000, name)


def model_names(family: str | None = None) -> list[str]:
    """Every model's name as lists show them (the chapter's first, then by year); ``family``: that one only."""
    return [n for n in sorted(CARDS, key=_order) if family is None or CARDS[n].family == family]
