"""The ``Recipe`` (re-exported by ``cnnlab.engine.recipes``) and every classic net's own recipes,
:data:`MODEL_RECIPES`.

They live with the models so that the models' training defaults need neither the engine nor torch: the
window fills its form from them before torch is imported, and each model registers with its entry
(:func:`cnnlab.models.registry.register_model`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Recipe:
    epochs: int
    batch_size: int
    lr: float
    optimizer: str
    schedule: str = "one-cycle"  # warm-up then anneal: robust for short runs
    weight_decay: float = 0.0  # the chapter's nets are small; they barely overfit in these epochs
    augment: str = "none"  # generated shapes gain nothing from flips (a triangle stays a triangle)


def zoo_recipes(*, epochs: int, lr: float, cifar10: Recipe) -> dict[str | None, Recipe]:
    """A classic net's recipes: Adam for ``epochs`` at peak ``lr`` on any dataset, ``cifar10`` on CIFAR-10."""
    return {
        None: Recipe(
            epochs=epochs,
            batch_size=64,  # enough steps for one-cycle's warm-up even on a 10 000-image subset
            lr=lr,
            optimizer="adam",
        ),
        "cifar10": cifar10,
    }


# CIFAR-10 recipes for the classic zoo, meant for a GPU, written once for the nets that share them.

def cifar10_adam(lr: float) -> Recipe:
    """Adam for the nets without batch norm (AlexNet, ZFNet, VGG): ``lr`` as on MNIST, kept small."""
    return Recipe(
        epochs=30,  # CIFAR-10 needs many passes; meant for a GPU
        batch_size=128,  # larger batches keep a GPU busy
        lr=lr,  # as on MNIST: the network has no batch norm
        optimizer="adam",
        augment="flip+shift",  # the papers' own augmentation was flips and crops
    )


# SGD with momentum for the batch-norm nets (GoogLeNet, ResNet, DenseNet).
CIFAR10_SGD = Recipe(
    epochs=30,  # CIFAR-10 needs many passes; meant for a GPU
    batch_size=128,  # larger batches keep a GPU busy (and the ResNet paper's batch for CIFAR-10)
    lr=0.1,  # the papers' SGD learning rate, here as the one-cycle peak
    optimizer="momentum",  # SGD with momentum 0.9 (DenseNet's paper used Nesterov momentum)
    weight_decay=5e-4,  # the usual CIFAR value for short schedules (the papers' 1e-4 ran 160-300 epochs)
    augment="flip+shift",  # mirrored and shifted objects are the same class: the papers' flips and shifts
)


# Each classic net's own recipes (key None: any dataset); the chapter's nets have none and use the dataset's.

# Default recipe, AlexNet's and ZFNet's alike: after one epoch on 10 000 MNIST digits (2-core CPU, a few
# minutes) AlexNet reaches 96.5%, ZFNet 96.3%.
_ALEXNET = zoo_recipes(
    epochs=3,  # few: 22-23 M parameters make each MNIST epoch take minutes on a CPU
    lr=3e-4,  # Adam's peak; no batch norm here, so the steps stay small
    cifar10=cifar10_adam(lr=3e-4),  # the papers' own augmentation was flips and crops
)
# Default recipe: 98.1% on MNIST after one epoch on 10 000 digits (2-core CPU, a few minutes).
_DENSENET = zoo_recipes(
    epochs=2,  # 121 layers make each MNIST epoch take many minutes on a CPU
    lr=2e-3,  # Adam's peak; batch norm tolerates larger steps than the nets without it
    cifar10=CIFAR10_SGD,  # the paper's SGD learning rate 0.1 as the one-cycle peak, flips and shifts
)
# Default recipe: 97.8% on MNIST after one epoch on 10 000 digits (2-core CPU, a minute or two).
_GOOGLENET = zoo_recipes(
    epochs=3,  # batch norm makes it converge fast; each MNIST epoch takes minutes on a CPU
    lr=2e-3,  # Adam's peak; batch norm tolerates larger steps than the nets without it
    cifar10=CIFAR10_SGD,  # SGD with momentum, one-cycle peak 0.1: the usual setting for batch-norm nets
)
# Default recipe: 99.3% on MNIST in five epochs of about 8 s each on a 2-core CPU.
_LENET5: dict[str | None, Recipe] = {
    None: Recipe(
        epochs=5,  # 99.0% after three, 99.3% after five: cheap enough to take the extra two
        batch_size=64,  # 850 steps per MNIST epoch: small batches suit a 62 k-parameter net
        lr=3e-3,  # Adam's one-cycle peak, as the dataset recipes of the chapter's nets of this size
        optimizer="adam",
    ),
    "cifar10": Recipe(
        epochs=30,  # a small net on natural images: many cheap epochs
        batch_size=64,  # as on MNIST
        lr=2e-3,  # a little below MNIST's: augmented CIFAR images are noisier targets
        optimizer="adam",
        augment="flip+shift",  # CIFAR's objects are mirror-symmetric and move around the frame
    ),
}
# Default recipes: 98.0% (ResNet-18) and 97.5% (ResNet-20) on MNIST after one epoch on 10 000 digits.
_RESNET18 = zoo_recipes(
    epochs=3,  # batch norm makes it converge fast; each MNIST epoch takes minutes on a CPU
    lr=2e-3,  # Adam's peak; batch norm tolerates larger steps than the nets without it
    cifar10=CIFAR10_SGD,  # the paper's batch 128, SGD at 0.1 with momentum 0.9, flips and 4-pixel shifts
)
_RESNET20 = zoo_recipes(
    epochs=5,  # 0.27 M parameters but full-resolution stages: a few minutes per MNIST epoch on a CPU
    lr=3e-3,  # Adam's peak, as for the chapter's small nets
    cifar10=CIFAR10_SGD,
)
# Default recipes: one epoch on 10 000 MNIST digits reaches 95% with either network (2-core CPU).
_VGG = zoo_recipes(
    epochs=2,  # 28-34 M parameters: each MNIST epoch takes many minutes on a CPU
    lr=2e-4,  # Adam's peak, small as the net has no batch norm (VGG-16: 95% at 2e-4, 94.6% at 1e-4)
    cifar10=cifar10_adam(lr=2e-4),  # the paper's flips and crops
)

MODEL_RECIPES: dict[str, dict[str | None, Recipe]] = {
    "alexnet": _ALEXNET, "zfnet": _ALEXNET, "densenet121": _DENSENET, "googlenet": _GOOGLENET, "lenet5": _LENET5,
    "resnet18": _RESNET18, "resnet20": _RESNET20, "vgg11": _VGG, "vgg16": _VGG,
}
