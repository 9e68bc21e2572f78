"""The ``Recipe`` a model declares with its registration (re-exported by ``cnnlab.engine.recipes``).

It lives with the models so that a model file can state its training defaults without importing
the engine; the engine reads them back from the model registry.
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
