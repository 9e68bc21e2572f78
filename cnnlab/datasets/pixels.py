"""A decoded Pillow image of any mode as 8-bit gray (``L``) or colour (``RGB``) pixels, as a viewer shows it.

Pillow's own ``convert("L")`` / ``convert("RGB")`` clips samples wider than 8 bits to 0..255, so a 16-bit
PNG comes out white and a set of them trains to chance. The rules here:

* 8-bit modes (``1``, ``L``, ``P``, ``RGB``, ``RGBX``, ``YCbCr``, ``HSV``, ``LAB``): Pillow's conversion,
  which is exact for them. ``CMYK``: Pillow's plain formula R = (255 − C)(255 − K) / 255 (likewise G from
  M and B from Y), without a colour profile.
* 16-bit gray (``I;16``, ``I;16L``, ``I;16B``, ``I;16N``): sample / 257, rounded, so 65535 is 255 and
  257 is 1 (the scale 16-bit viewers use).
* 32-bit integer (``I``): taken on the same 16-bit scale, 0..65535, because the files that open as ``I``
  (16-bit PNG in older Pillow, 16-bit TIFF, ``convert("I")`` of 8- and 16-bit images) hold samples of at
  most 16 bits; an image with a sample outside 0..65535 is refused rather than clipped or guessed at.
* 32-bit float (``F``): 0.0 is black and 1.0 white, the convention of float images in numpy,
  scikit-image and TIFF viewers; an image with a sample outside 0..1 (or not a number) is refused.
* Transparency (``LA``, ``La``, ``PA``, ``RGBA``, ``RGBa``, and ``P`` / ``L`` / ``I;16`` / ``RGB`` images
  with a transparent colour): composited over white (``BACKGROUND``), as on a page or a web page, so a
  drawing of dark strokes on a transparent sheet stays visible.

Gray modes give ``L`` images, the others ``RGB``; a palette image is colour even when its palette is gray.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from cnnlab.errors import DataError
from cnnlab.i18n import QT_TRANSLATE_NOOP

BACKGROUND = 255  # transparent areas are shown on white, as on a page
GRAY_MODES = frozenset({"1", "L", "LA", "La", "I", "I;16", "I;16L", "I;16B", "I;16N", "F"})  # one channel of light
_SIXTEEN_BIT = frozenset({"I;16", "I;16L", "I;16B", "I;16N"})
_ALPHA_MODES = {"LA": "LA", "La": "LA", "PA": "RGBA", "RGBA": "RGBA", "RGBa": "RGBA"}  # mode -> straight alpha


def scale_16bit(samples: np.ndarray) -> np.ndarray:
    """0..65535 -> 0..255 as ``round(v / 257)``, in integers: (H, W) -> (H, W) uint8."""
    wide = samples.astype(np.uint32)
    return ((wide * 255 + 32767) // 65535).astype(np.uint8)


def over_background(color: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Composite straight-alpha pixels over ``BACKGROUND``: ``color`` (H, W) or (H, W, 3) uint8, ``alpha``
    (H, W) uint8 -> uint8 of ``color``'s shape, ``round((c·a + bg·(255 − a)) / 255)``."""
    a = alpha.astype(np.uint32)
    if color.ndim == 3:
        a = a[..., None]
    mixed = color.astype(np.uint32) * a + BACKGROUND * (255 - a)
    return ((mixed + 127) // 255).astype(np.uint8)


def _wide_gray(im: Image.Image, path: Path) -> np.ndarray:
    """A 16-bit, 32-bit integer or float gray image as (H, W) uint8 (rules in the module docstring)."""
    samples = np.asarray(im)  # (H, W) uint16, int32 or float32
    if im.mode in _SIXTEEN_BIT or samples.size == 0:
        return scale_16bit(samples)
    if im.mode == "I":
        low, high = int(samples.min()), int(samples.max())
        if low < 0 or high > 65535:
            raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} holds 32-bit samples from {low} to {high}; "
                                                             "only 0 to 65535 can be shown as gray levels."),
                            path=path, low=low, high=high)
        return scale_16bit(samples)
    finite = bool(np.isfinite(samples).all())
    if not finite or float(samples.min()) < 0.0 or float(samples.max()) > 1.0:
        shown = (f"{samples.min():g}", f"{samples.max():g}") if finite else ("nan", "nan")
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} holds floating-point samples outside 0 to 1 "
                                                         "(from {low} to {high}); float images are read with "
                                                         "0 as black and 1 as white."),
                        path=path, low=shown[0], high=shown[1])
    return np.rint(samples.astype(np.float64) * 255.0).astype(np.uint8)


def _keyed_alpha(samples: np.ndarray, key: object) -> np.ndarray | None:
    """Alpha (H, W) uint8 from a transparent-colour key (a gray level or an RGB triple); None when the key
    does not fit the samples."""
    if samples.ndim == 2 and isinstance(key, int):
        return np.where(samples == key, 0, 255).astype(np.uint8)
    if samples.ndim == 3 and isinstance(key, tuple) and len(key) == samples.shape[2]:
        return np.where((samples == np.asarray(key)).all(axis=2), 0, 255).astype(np.uint8)
    return None


def _convert(im: Image.Image, mode: str, path: Path) -> Image.Image:
    try:
        return im.convert(mode)
    except ValueError as e:  # "conversion from X to Y not supported"
        raise DataError(QT_TRANSLATE_NOOP("CoreMessage", "{path} uses the pixel format {mode}, which cannot be "
                                                         "turned into gray or colour pixels ({problem})."),
                        path=path, mode=im.mode, problem=e) from None


def to_8bit(im: Image.Image, path: Path) -> Image.Image:
    """``im`` as an ``L`` image (gray modes) or an ``RGB`` image (the others); errors name ``path``."""
    mode, key = im.mode, im.info.get("transparency")
    if mode in _ALPHA_MODES:
        pixels = np.asarray(_convert(im, _ALPHA_MODES[mode], path))  # (H, W, 2) or (H, W, 4)
        return Image.fromarray(over_background(pixels[..., :-1].squeeze(-1) if mode in ("LA", "La")
                                               else pixels[..., :3], pixels[..., -1]))
    if mode == "P":
        if key is None:
            return _convert(im, "RGB", path)
        rgba = np.asarray(_convert(im, "RGBA", path))  # Pillow applies the palette's transparency
        return Image.fromarray(over_background(rgba[..., :3], rgba[..., 3]))
    if mode in GRAY_MODES:
        gray = _convert(im, "L", path) if mode in ("1", "L") else None
        pixels = np.asarray(gray) if gray is not None else _wide_gray(im, path)  # (H, W) uint8
        alpha = _keyed_alpha(np.asarray(im), key) if key is not None and mode != "1" else None
        return Image.fromarray(pixels if alpha is None else over_background(pixels, alpha))
    rgb = _convert(im, "RGB", path)
    alpha = _keyed_alpha(np.asarray(rgb), key) if key is not None and mode == "RGB" else None
    return rgb if alpha is None else Image.fromarray(over_background(np.asarray(rgb), alpha))
