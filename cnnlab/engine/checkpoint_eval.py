"""The ``cnnlab eval`` job: a saved checkpoint scored on a dataset's test split or on an image folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from cnnlab.datasets import ImageSet, get_dataset_spec
from cnnlab.engine.checkpoint import LoadedCheckpoint, load_checkpoint
from cnnlab.engine.data import DataRequest, load_data, normalize
from cnnlab.engine.scoring import confusion_matrix, per_class_accuracy, predict_logits
from cnnlab.errors import DataError
from cnnlab.i18n import QT_TRANSLATE_NOOP


@dataclass
class EvalResult:
    source: str  # what was evaluated: "mnist test split" or a folder path
    classes: tuple[str, ...]
    n: int
    test_acc: float
    per_class_n: list[int]
    per_class_acc: dict[str, float | None]  # None for a class with no images
    confusion: list[list[int]]  # rows: true class, columns: predicted

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "classes": list(self.classes), "n": self.n, "test_acc": self.test_acc,
                "per_class_n": self.per_class_n, "per_class_acc": self.per_class_acc, "confusion": self.confusion}


def _fit_channels(x: torch.Tensor, channels: int) -> torch.Tensor:
    """uint8 (N, C, H, W) with C in {1, 3} -> (N, channels, H, W): gray is repeated, RGB is averaged to luma."""
    if x.shape[1] == channels:
        return x
    if channels == 3:
        return x.expand(-1, 3, -1, -1).contiguous()
    luma = torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1)
    return (x.float() * luma).sum(1, keepdim=True).round().clamp(0, 255).to(torch.uint8)


def folder_test_set(root: Path, ck: LoadedCheckpoint) -> ImageSet:
    """An image folder (its test/ part when it has one) labelled by the checkpoint's class names."""
    from cnnlab.datasets.folder import read_tree

    tree = root / "test" if (root / "test").is_dir() else root
    c, h, w = ck.meta.input_shape
    if h != w:
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "The checkpoint expects {h}×{w} images; image folders "
                                                         "are resized to squares only."),
                        h=h, w=w)
    _, arr, labels, _ = read_tree(tree, h, list(ck.meta.classes))
    x = torch.from_numpy(arr).permute(0, 3, 1, 2).contiguous()  # (N, 3, H, W)
    return ImageSet(_fit_channels(x, c), torch.from_numpy(labels))


def _holds_own_dataset(root: Path, ck: LoadedCheckpoint) -> bool:
    """True when ``root`` holds the files of the (file-based) dataset the checkpoint was trained on."""
    from cnnlab.datasets import list_datasets

    if ck.meta.dataset not in list_datasets() or not root.is_dir():
        return False
    spec = get_dataset_spec(ck.meta.dataset)
    return not spec.generated and spec.classes is not None and spec.locate(root) is not None


def evaluate_checkpoint(checkpoint: str | Path, *, dataset: str | None = None,
                        data_root: str | Path | None = None) -> EvalResult:
    """Accuracy, per-class accuracy and confusion of a checkpoint.

    With only ``data_root``, the checkpoint's own dataset is read from it when its files are
    there (as ``cnnlab train --data-root`` reads them); otherwise, or with ``dataset="folder"``,
    the folder's class sub-folders are matched to the checkpoint's class names, case-insensitively.
    Without ``data_root``, the named dataset's test split (default: the checkpoint's own dataset,
    generated with the run's seed) is used.
    """
    ck = load_checkpoint(checkpoint)
    classes = ck.meta.classes
    if data_root is not None and dataset is None and _holds_own_dataset(Path(data_root).expanduser(), ck):
        dataset = ck.meta.dataset
    if data_root is not None and dataset in (None, "folder"):
        root = Path(data_root).expanduser()
        if not root.is_dir():
            raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is not a folder."), path=root)
        test, source = folder_test_set(root, ck), str(root)
    else:
        name = dataset or ck.meta.dataset
        if name == "folder":
            raise DataError("Evaluating on an image folder needs --data-root.")
        get_dataset_spec(name)
        root_text = str(data_root) if data_root else ck.config.get("data_root")  # the run's own folder by default
        splits = load_data(DataRequest(dataset=name, data_root=root_text, seed=int(ck.config.get("seed", 0))))
        if tuple(c.lower() for c in splits.info.classes) != tuple(c.lower() for c in classes):
            raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "The checkpoint was trained on classes {names}, "
                                                             "but {name} has {names2}."),
                            names=', '.join(classes), name=name, names2=', '.join(splits.info.classes))
        if splits.info.input_shape != tuple(ck.meta.input_shape):
            raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{name} images are {input_shape}, but the "
                                                             "checkpoint expects {input_shape2}."),
                            name=name, input_shape=splits.info.input_shape, input_shape2=tuple(ck.meta.input_shape))
        test, source = splits.test, f"{name} test split"
    x = normalize(test.x, ck.meta.mean, ck.meta.std)
    pred = predict_logits(ck.model, x).argmax(1)
    cm = confusion_matrix(pred, test.y, len(classes))
    counts = cm.sum(1).tolist()
    acc = per_class_accuracy(cm)
    per_class = {c: (float(acc[i]) if counts[i] else None) for i, c in enumerate(classes)}
    n = int(cm.sum())
    return EvalResult(source=source, classes=classes, n=n, test_acc=cm.diag().sum().item() / max(n, 1),
                      per_class_n=counts, per_class_acc=per_class, confusion=cm.tolist())
