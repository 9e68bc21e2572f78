"""Reading any image file as a model input: converted to the model's channels and input size."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from PIL import Image, UnidentifiedImageError

from cnnlab.datasets.pixels import to_8bit
from cnnlab.errors import UserError, unreadable_image_reason
from cnnlab.i18n import QT_TRANSLATE_NOOP

ONLY_GRAY_OR_RGB = QT_TRANSLATE_NOOP("CoreMessage", "Only gray or RGB models can take an image file, not "
                                                    "{channels}-channel ones.")


def load_image(path: str | Path, channels: int, size: tuple[int, int]) -> torch.Tensor:
    """An image file -> uint8 (channels, H, W), converted to gray or RGB and resized to ``size`` (H, W).

    Raises ``UserError`` with one sentence for a missing or unreadable file.
    """
    path = Path(path)
    if channels not in (1, 3):
        raise UserError(ONLY_GRAY_OR_RGB, channels=channels)
    try:
        with Image.open(path) as opened:
            opened.load()
            im = to_8bit(opened, path).convert("L" if channels == 1 else "RGB")  # 16-bit, float, alpha: as shown
    except FileNotFoundError:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The file {path} does not exist."), path=path) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{name} is not an image file that can be read: {reason}."),
                        name=path.name, reason=unreadable_image_reason(e)) from None
    h, w = size
    im = im.resize((w, h), Image.Resampling.BILINEAR)
    arr = np.array(im, dtype=np.uint8)  # (H, W) or (H, W, 3), a writable copy
    if arr.ndim == 2:
        arr = arr[None]
    else:
        arr = arr.transpose(2, 0, 1)
    return torch.from_numpy(np.ascontiguousarray(arr))  # (C, H, W)
