"""The lessons' words: every text the Lessons pane shows, as English source strings for Qt's
translation (context "Lessons"); the pane translates them when it draws.

The explanations are the project's own: they say what each step of chapter 18 shows and why,
and point at the tab that holds the chapter's figure.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cnnlab.i18n import QT_TRANSLATE_NOOP  # the identity lupdate looks for, typed as returning str

CONTEXT = "Lessons"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


SECTION_TITLES = {
    "18.1": QT_TRANSLATE_NOOP("Lessons", "18.1 Classic models"),
    "18.2": QT_TRANSLATE_NOOP("Lessons", "18.2 Colours and shapes"),
    "18.3": QT_TRANSLATE_NOOP("Lessons", "18.3 MNIST"),
    "18.4": QT_TRANSLATE_NOOP("Lessons", "18.4 Fashion-MNIST"),
    "18.5": QT_TRANSLATE_NOOP("Lessons", "18.5 CIFAR-10"),
}

INTROS = {
    "18.1": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>Before it trains networks of its own, the chapter looks back at seven networks that shaped image "
        "recognition. Each one added an idea that the later ones kept. Pick a row to read its card; "
        "<b>Build on the current dataset</b> puts that network into the setup, which then shows its layer "
        "table for the images you have chosen.</p>"
        "<p>Our counts are taken at the paper's input: 32×32 gray digits for LeNet-5, 224×224 colour photos "
        "and 1000 classes for the others. On the chapter's small images most of them shrink, because the "
        "size of a dense layer follows the size of the feature maps before it.</p>"),
    "18.2": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>Three generated sets of 28×28 pictures, each asking another question: which <i>colour</i>, which "
        "<i>shape</i>, or both at once. On each, the chapter trains a fully connected network (DNN), which "
        "reads the picture as one long row of 784 numbers, and a small CNN, which looks at small "
        "neighbourhoods of pixels wherever they are. Training both on the same images and comparing them is "
        "the chapter's central lesson.</p>"),
    "18.3": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>MNIST holds 70 000 handwritten digits. The chapter's network repeats convolution (5×5), ReLU and "
        "2×2 max pooling twice, with 8 and then 16 kernels, and ends with a 32-unit dense layer, batch "
        "normalisation and ten outputs. Its layer table is below, with the book's parameter column beside "
        "ours.</p>"
        "<p><b>The book's 400+16.</b> The book gives the second convolution 400+16 parameters, as if each of "
        "its 16 kernels were one 5×5 grid (16×25 = 400). That layer reads the 8 maps of the first layer, so "
        "each kernel is 8×5×5: 16×8×25 = 3 200 weights plus 16 biases. The first layer's 200+8 is right, "
        "because it reads a single gray channel (8×25 = 200).</p>"),
    "18.4": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>Fashion-MNIST has MNIST's size and format, but its pictures are clothes, shoes and bags, and some "
        "classes are hard to tell apart even for people: T-shirts, shirts, pullovers and coats share the same "
        "outline. Look at the samples first, three rows per class as the book shows them, then train both "
        "networks.</p>"),
    "18.5": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>CIFAR-10 holds 60 000 colour photos of 32×32 pixels in ten classes: aeroplanes, cars, birds, cats, "
        "deer, dogs, frogs, horses, ships and lorries. Photos vary far more than drawn shapes or digits, so "
        "the network is larger: twice two 3×3 convolutions, pooling and dropout (32, then 64 kernels), then "
        "a 512-unit dense layer with dropout and ten outputs. The book builds it in Keras and trains it with "
        "RMSprop at a small learning rate on randomly shifted and mirrored copies of the photos.</p>"),
}

STEP_TITLES = {
    "colors-dnn": QT_TRANSLATE_NOOP("Lessons", "Colours: the DNN and where it fails"),
    "colors-cnn": QT_TRANSLATE_NOOP("Lessons", "Colours: the CNN against the DNN"),
    "colors-1x1": QT_TRANSLATE_NOOP("Lessons", "Colours: the 1×1 convolution figure"),
    "shapes-dnn": QT_TRANSLATE_NOOP("Lessons", "Shapes: the DNN"),
    "shapes-cnn": QT_TRANSLATE_NOOP("Lessons", "Shapes: the CNN against the DNN"),
    "shapes-roles": QT_TRANSLATE_NOOP("Lessons", "Shapes: the first-layer kernels and their roles"),
    "color-shapes-dnn": QT_TRANSLATE_NOOP("Lessons", "Colour-shapes: the DNN's mistakes"),
    "color-shapes-cnn": QT_TRANSLATE_NOOP("Lessons", "Colour-shapes: the CNN"),
    "mnist-dnn": QT_TRANSLATE_NOOP("Lessons", "MNIST: the DNN baseline"),
    "mnist-cnn": QT_TRANSLATE_NOOP("Lessons", "MNIST: the CNN and both kernel groups"),
    "mnist-maps": QT_TRANSLATE_NOOP("Lessons", "MNIST: conv, ReLU and pool maps"),
    "fashion-dnn": QT_TRANSLATE_NOOP("Lessons", "Fashion-MNIST: the DNN"),
    "fashion-cnn": QT_TRANSLATE_NOOP("Lessons", "Fashion-MNIST: the CNN against the DNN"),
    "cifar-cnn": QT_TRANSLATE_NOOP("Lessons", "CIFAR-10: the Keras model"),
}

STEP_BODIES = {
    "colors-dnn": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>The DNN turns the picture gray and flattens it, so a colour survives only as a brightness. It gets "
        "most pictures right but stumbles on two kinds. In a <b>thin line</b> the few coloured pixels end up "
        "far apart in the flattened row and look like noise. In a <b>large block</b> the coloured pixels "
        "outnumber the background so much that nothing stands out. The Misclassified tab lists its mistakes: "
        "look for lines and big filled shapes.</p>"),
    "colors-cnn": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>The colour CNN begins with two <b>1×1 convolutions</b>. A 1×1 kernel looks at one pixel only, but "
        "across its three channels: it is a weighted mix of red, green and blue, made at every position. "
        "Colour is a question about channels, not about neighbourhoods, so this is the right tool, and it "
        "also turns three channels into two before the 3×3 layer. The curves tab draws this run over the "
        "DNN's, when the DNN has a run, so the gap shows epoch by epoch.</p>"),
    "colors-1x1": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>Feature maps, one sample per class, lays out the book's figure: each colour's picture, what each "
        "1×1 kernel makes of it, the second layer's three maps read as one RGB picture, and the same after "
        "ReLU. The mixed pictures look nothing like the originals, yet every colour ends with its own "
        "pattern of strong and weak channels, which is all the dense layers need.</p>"),
    "shapes-dnn": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>On white shapes the DNN must learn each shape at each place and size on its own: a circle moved "
        "by a few pixels is a different row of numbers to it. Its mistakes are mostly shapes with similar "
        "outlines, such as diamonds, triangles and circles.</p>"),
    "shapes-cnn": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>The shape CNN slides eight 3×3 kernels over the whole picture, so an edge is found wherever it is, "
        "and max pooling then keeps only whether it was found nearby. The curves draw this run over the "
        "DNN's.</p>"),
    "shapes-roles": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>The Kernel roles tab shows the eight first-layer kernels, their outputs for one sample of each "
        "shape, and which kernel responds to which shape. The book's table is below. Expect yours to differ: "
        "a network can share the work among its kernels in many ways and still tell the five shapes apart. "
        "Kernels that answer one direction of edge, and one that fills large areas, tend to come back.</p>"),
    "color-shapes-dnn": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>Nine classes: three colours times three shapes. The DNN mostly gets the colour right and the shape "
        "wrong. The book shows a green rectangle taken for a green circle and two green triangles given the "
        "wrong shape but the right colour. Look for the same kind of mistake in the Misclassified tab.</p>"),
    "color-shapes-cnn": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>The shape CNN with three input channels tells colour and shape at once. In the book it missed one "
        "picture of its grid, a green triangle it called a green circle. The Misclassified tab shows which "
        "pictures still fool this run.</p>"),
    "mnist-dnn": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>The fully connected baseline on the same digits. The book reports 97.49% for it, about one point "
        "below the CNN: on centred digits a DNN does well, and the CNN's gain is smaller than on shapes.</p>"),
    "mnist-cnn": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>The Kernels tab shows both kernel groups: the first layer's eight 5×5 kernels, which look at the "
        "digit itself and often resemble stroke and edge detectors, and the second layer's 16×8 kernels, one "
        "small grid per input map, which are much harder to read by eye. The book gets 98.44% on the slide "
        "and 98.65% in the text.</p>"),
    "mnist-maps": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>Feature maps shows what one digit becomes in each layer: the eight conv maps, the same after ReLU "
        "(negative responses cut to zero), halved by pooling, then the second layer's sixteen maps, which "
        "end as 4×4 maps for the dense layer.</p>"),
    "fashion-dnn": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>The book's DNN adds batch normalisation after each hidden layer and shows only its curves; cnnlab "
        "trains the plain baseline here. Compare its curves with the CNN's below.</p>"),
    "fashion-cnn": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>One wide layer of 32 kernels of 3×3, max pooling and a 128-unit dense layer. Clothes look the same "
        "mirrored, so the tuned recipe also trains on left-right flipped copies. The curves draw this run over "
        "the DNN's.</p>"),
    "cifar-cnn": QT_TRANSLATE_NOOP(
        "Lessons",
        "<p>The book's Keras model in PyTorch. With the course settings it trains 25 epochs, as the book's GPU "
        "run did. On a CPU an epoch takes minutes; measure this machine above before you start.</p>"),
}

# What else the book says about a step's number (by step key).
BOOK_NOTES = {
    "colors-dnn": QT_TRANSLATE_NOOP("Lessons", "75–85% across runs"),
    "mnist-cnn": QT_TRANSLATE_NOOP("Lessons", "98.44% on the slide, 98.65% in the text"),
    "mnist-maps": QT_TRANSLATE_NOOP("Lessons", "98.44% on the slide, 98.65% in the text"),
    "fashion-dnn": QT_TRANSLATE_NOOP("Lessons", "it shows only the curves"),
    "cifar-cnn": QT_TRANSLATE_NOOP("Lessons", "GPU, 25 epochs; on a CPU 63.61% after 10 epochs"),
}

FASHION_SAMPLES_TITLE = QT_TRANSLATE_NOOP("Lessons", "Fashion-MNIST: samples of each class")
FASHION_SAMPLES_BODY = QT_TRANSLATE_NOOP(
    "Lessons", "<p>Three rows per class, in the book's order. Which classes would you confuse?</p>")
FASHION_CLASSES = (  # the book's Chinese names come from the translation
    QT_TRANSLATE_NOOP("Lessons", "T-shirt"), QT_TRANSLATE_NOOP("Lessons", "Trouser"),
    QT_TRANSLATE_NOOP("Lessons", "Pullover"), QT_TRANSLATE_NOOP("Lessons", "Dress"),
    QT_TRANSLATE_NOOP("Lessons", "Coat"), QT_TRANSLATE_NOOP("Lessons", "Sandal"),
    QT_TRANSLATE_NOOP("Lessons", "Shirt"), QT_TRANSLATE_NOOP("Lessons", "Sneaker"),
    QT_TRANSLATE_NOOP("Lessons", "Bag"), QT_TRANSLATE_NOOP("Lessons", "Ankle boot"),
)

# The book's kernel-role table for the shape CNN (18.2): kernel, role, then 1/0 for
# line, triangle, diamond, rectangle, circle.
BOOK_ROLES = (
    (1, QT_TRANSLATE_NOOP("Lessons", "left edges"), (0, 1, 0, 1, 1)),
    (2, QT_TRANSLATE_NOOP("Lessons", "large filled areas"), (0, 1, 1, 1, 1)),
    (3, QT_TRANSLATE_NOOP("Lessons", "upper-left edges"), (0, 1, 1, 0, 1)),
    (4, QT_TRANSLATE_NOOP("Lessons", "short 45° edges"), (1, 1, 1, 0, 1)),
    (5, QT_TRANSLATE_NOOP("Lessons", "right edges, top edges"), (0, 0, 0, 1, 1)),
    (6, QT_TRANSLATE_NOOP("Lessons", "upper-left, upper-right, lower-right"), (0, 1, 1, 0, 1)),
    (7, QT_TRANSLATE_NOOP("Lessons", "left border and lower-right corner"), (0, 0, 0, 1, 1)),
    (8, QT_TRANSLATE_NOOP("Lessons", "upper-left and lower-right, and the background"), (0, 0, 1, 0, 1)),
)
ROLE_SHAPES = (QT_TRANSLATE_NOOP("Lessons", "line"), QT_TRANSLATE_NOOP("Lessons", "triangle"),
               QT_TRANSLATE_NOOP("Lessons", "diamond"), QT_TRANSLATE_NOOP("Lessons", "rectangle"),
               QT_TRANSLATE_NOOP("Lessons", "circle"))

# 18.1: what the usual parameter count is, or why ours differs (by registered model name)
CLASSIC_NOTES = {
    "lenet5": QT_TRANSLATE_NOOP("Lessons", "The paper's 'about 60 000'."),
    "alexnet": QT_TRANSLATE_NOOP("Lessons", "The paper's '60 million'."),
    "zfnet": QT_TRANSLATE_NOOP("Lessons", "The paper gives no total: AlexNet's plan with a 7×7 stride-2 first layer."),
    "vgg16": QT_TRANSLATE_NOOP("Lessons", "The paper's 138 million for VGG-16."),
    "googlenet": QT_TRANSLATE_NOOP(
        "Lessons", "The paper's table sums to about 6.8 million; ours adds the two auxiliary heads used in training."),
    "resnet18": QT_TRANSLATE_NOOP("Lessons", "The usual 11.7 million (the paper tabulates operations, not weights)."),
    "densenet121": QT_TRANSLATE_NOOP("Lessons", "The usual 8.0 million for DenseNet-121."),
}

CIFAR_BOOK_WHERE = {
    "GPU": QT_TRANSLATE_NOOP("Lessons", "GPU"),
    "CPU (8 cores)": QT_TRANSLATE_NOOP("Lessons", "CPU (8 cores)"),
}
