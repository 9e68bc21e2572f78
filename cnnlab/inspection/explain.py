"""``cnnlab explain``: why a checkpoint decides what it does about one image file, headless.

Prints the prediction and every class's probability, writes the chosen attribution map over the
image (``--out``: PNG, JPEG, WebP, BMP or TIFF, as its suffix says) and as the raw float map
(``--save-map``, an H×W ``.npy`` the size of the image); ``--json`` ends with one JSON object.
``--sanity`` checks every method instead (:mod:`cnnlab.inspection.sanity_command`).
Mistakes are one sentence (exit 2). An image larger than ``MAX_SIDE`` pixels a side is reduced as it
is read (a JPEG is even decoded smaller), so a huge photo costs tens of megabytes, not gigabytes; the
overlay and the map then have the reduced size. Files are written whole or not at all (temp file, rename).
"""

from __future__ import annotations

import argparse
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image, features

from cnnlab import strict_json
from cnnlab.datasets.pixels import to_8bit
from cnnlab.engine.checkpoint import CheckpointMeta, write_atomically
from cnnlab.errors import StorageError, UserError, unreadable_image_reason, write_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection.images import ONLY_GRAY_OR_RGB

MIN_PNG_SIDE = 224  # pixels: a 28×28 image is enlarged (crisp, by a whole factor) to at least this
PNG_ALPHA = 0.5  # the heat map's weight over the image in the PNG
OCCLUSION_MIN_SPAN = 0.05  # probability span of the occlusion colours at least: a flat map stays flat, not noise
MAX_SIDE = 1024  # pixels: a larger image is reduced to this a side as it is read (models see 28 to 224 pixels)
MAX_DECODE_BYTES = 160 * 2**20  # the most a file may take decoded at full size: with its reduced copy, < 200 MB
OVERLAY_QUALITY = 95  # JPEG and WebP quality of --out: the default 75 smears the heat map's colour edges
OVERLAY_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP", ".bmp": "BMP", ".tif": "TIFF",
                   ".tiff": "TIFF"}  # --out's suffixes and the format each writes (WebP only where Pillow has it)
REDUCIBLE_MODES = ("L", "LA", "RGB", "RGBA", "RGBX", "CMYK", "YCbCr", "I", "F")  # Image.reduce averages these as is


def overlay_formats() -> dict[str, str]:
    """The suffixes ``--out`` takes here and the Pillow format each writes."""
    return {suffix: fmt for suffix, fmt in OVERLAY_FORMATS.items() if fmt != "WEBP" or features.check("webp")}


def overlay_format(path: Path) -> str:
    """The Pillow format ``path``'s suffix asks for; one sentence listing the known suffixes otherwise."""
    known = overlay_formats()
    fmt = known.get(path.suffix.lower())
    if fmt is None:
        *most, last = known
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The overlay is written as {names}, not {suffix} "
                                                         "({file})."),
                        names=f"{', '.join(most)} or {last}", suffix=path.suffix or "a file without a suffix",
                        file=path.name)
    return fmt


def check_map_file(path: Path) -> None:
    """The raw map is a NumPy array file: its name must say so (np.save would add .npy to any other)."""
    if path.suffix.lower() != ".npy":
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The raw map is written as a .npy file, not {suffix} "
                                                         "({file})."),
                        suffix=path.suffix or "a file without a suffix", file=path.name)


def pixel_bytes(mode: str) -> int:
    """Bytes Pillow keeps in memory per pixel of ``mode`` (RGB takes four, like RGBA)."""
    if mode in ("1", "L", "P"):
        return 1
    return 2 if mode.startswith("I;16") else 4


def reducible_mode(mode: str) -> str:
    """The mode an image of ``mode`` is reduced in: itself when Image.reduce averages it as is; palette,
    1-bit and 16-bit images are converted first (averaging palette indices would mix unrelated colours)."""
    if mode in REDUCIBLE_MODES:
        return mode
    if mode == "1":
        return "L"
    if mode.startswith("I;16"):
        return "I"  # 32-bit integers: averaged without clipping, scaled to 8 bits afterwards
    return "RGBA" if mode in ("P", "PA") else "RGB"  # a palette's transparency is kept, laid over white after


def decode_bytes(mode: str, size: tuple[int, int], max_side: int) -> int:
    """Memory a file of ``mode`` and ``size`` (W, H) takes decoded, plus its converted copy when one is needed."""
    pixels = size[0] * size[1]
    need = pixels * pixel_bytes(mode)
    if max(size) > max_side and reducible_mode(mode) != mode:
        need += pixels * pixel_bytes(reducible_mode(mode))
    return need


def fitted_size(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    """(W, H) scaled so that its longer side is ``max_side`` (the same size when it is no longer)."""
    width, height = size
    scale = min(1.0, max_side / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def read_image(path: Path, max_side: int = MAX_SIDE) -> Image.Image:
    """The image file, decoded and scaled down until its longer side is ``max_side`` (a smaller image as it
    is): a JPEG is decoded at 1/2, 1/4 or 1/8 of its size straight away, other formats in full, then averaged
    over whole-pixel blocks and resized. One sentence for a missing or unreadable file, and for one whose full
    decode alone would take more than ``MAX_DECODE_BYTES``."""
    try:
        with warnings.catch_warnings():  # Pillow's decompression-bomb warning: the memory is checked below
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(path)
        with opened:
            width, height = opened.size
            size = fitted_size(opened.size, max_side)
            opened.draft(None, size)  # JPEG: decode at the smallest scale still at least ``size``
            need = decode_bytes(opened.mode, opened.size, max_side)
            if need > MAX_DECODE_BYTES:
                raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{name} is {width}×{height} pixels, too large to "
                                                                 "read whole ({megabytes} MB of memory); save a "
                                                                 "smaller copy, at most {side} pixels a side, or "
                                                                 "a JPEG, which is read at a reduced size."),
                                name=path.name, width=width, height=height, megabytes=need // 2**20, side=max_side)
            opened.load()
            if opened.size == size:
                return to_8bit(opened, path)  # small enough: 8-bit gray or RGB, outliving the closed file
            work = opened if reducible_mode(opened.mode) == opened.mode else opened.convert(
                reducible_mode(opened.mode))
            factor = max(work.size) // max_side
            if factor >= 2:  # block averages first: no full-size copy (resize would make one for RGBA)
                work = work.reduce(factor)
            # bicubic overshoots, and a wide image's gray scale depends on its range: bilinear keeps it
            resample = Image.Resampling.BILINEAR if work.mode in ("I", "F") else Image.Resampling.BICUBIC
            return to_8bit(work.resize(size, resample), path)  # 16-bit, float, alpha: as a viewer shows them
    except UserError:
        raise
    except FileNotFoundError:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The file {path} does not exist."), path=path) from None
    except IsADirectoryError:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{path} is a folder, not an image file."), path=path) from None
    except Exception as e:  # Pillow raises many kinds for damaged or foreign files
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{name} is not an image file that can be read: {reason}."),
                        name=path.name, reason=unreadable_image_reason(e)) from None


def model_input(im: Image.Image, shape: tuple[int, int, int]) -> torch.Tensor:
    """A decoded image -> uint8 (C, H, W) of the model's channels and size (bilinear)."""
    c, h, w = shape
    if c not in (1, 3):
        raise UserError(ONLY_GRAY_OR_RGB, channels=c)
    arr = np.array(im.convert("L" if c == 1 else "RGB").resize((w, h), Image.Resampling.BILINEAR), dtype=np.uint8)
    arr = arr[None] if arr.ndim == 2 else arr.transpose(2, 0, 1)
    return torch.from_numpy(np.ascontiguousarray(arr))


def parse_target(text: str | None, classes: tuple[str, ...]) -> int | None:
    """A class name (any case) or number -> its index; one sentence naming the classes otherwise."""
    if text is None:
        return None
    lowered = [c.lower() for c in classes]
    if text.lower() in lowered:
        return lowered.index(text.lower())
    if text.strip().lstrip("-").isdigit() and 0 <= int(text) < len(classes):
        return int(text)
    raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The model has no class {text}; its classes are {names} "
                                                     "(or numbers 0 to {last})."),
                    text=repr(text), names=', '.join(classes), last=len(classes) - 1)


def check_layer(model: torch.nn.Module, layer: str | None) -> None:
    from cnnlab.inspection.features import map_layers

    if layer is None:
        return
    known = map_layers(model)
    if layer not in known:
        choices = ", ".join(known) if known else "none (the model has no conv, activation or pool layers)"
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "The model has no layer {layer} with feature maps; its "
                                                         "layers are: {choices}."),
                        layer=repr(layer), choices=choices)


def resize_map(m: np.ndarray, height: int, width: int) -> np.ndarray:
    """A float map (h, w) -> (height, width), bilinear (the same map when the sizes agree)."""
    if m.shape == (height, width):
        return m.astype(np.float32)
    t = torch.from_numpy(np.ascontiguousarray(m, dtype=np.float32))[None, None]
    return torch.nn.functional.interpolate(t, size=(height, width), mode="bilinear",
                                           align_corners=False)[0, 0].numpy()


def heat_colours(m: np.ndarray, method: str) -> np.ndarray:
    """A map (H, W) -> uint8 RGB (H, W, 3): signed maps on a blue–white–red scale centred on 0, occlusion's
    probabilities from their lowest (dark: covering there costs the class most) to their highest, the
    others from 0 to their peak."""
    from cnnlab.inspection.attribution import METHODS
    from cnnlab.inspection.mosaic import colorize, symmetric_range

    if METHODS[method].signed:
        lo, hi = symmetric_range(m)
        return colorize(m, "RdBu_r", lo, hi)
    if method == "occlusion":  # from the lowest probability (dark) to the highest, at least 0.05 apart
        hi = float(m.max())
        return colorize(m, "inferno", min(float(m.min()), hi - OCCLUSION_MIN_SPAN), hi)
    return colorize(m, "jet", 0.0, max(float(m.max()), 1e-12))


def overlay_png(rgb: np.ndarray, m: np.ndarray, method: str) -> Image.Image:
    """The image (H, W, 3) with the map (H, W) blended over it, enlarged by a whole factor when small."""
    from cnnlab.inspection.mosaic import resize_nearest

    blend = (1 - PNG_ALPHA) * rgb.astype(np.float32) + PNG_ALPHA * heat_colours(m, method).astype(np.float32)
    out = np.clip(blend + 0.5, 0, 255).astype(np.uint8)
    h, w = out.shape[:2]
    k = max(1, min(-(-MIN_PNG_SIDE // max(min(h, w), 1)), MAX_SIDE // max(h, w)))  # a 1×900 strip stays small
    return Image.fromarray(resize_nearest(out, h * k, w * k) if k > 1 else out, "RGB")


def image_bytes(image: Image.Image, fmt: str) -> bytes:
    """``image`` encoded as the Pillow format ``fmt`` (made in memory, so a failed write leaves nothing half done)."""
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **({"quality": OVERLAY_QUALITY} if fmt in ("JPEG", "WEBP") else {}))
    return buffer.getvalue()


def array_bytes(array: np.ndarray) -> bytes:
    """``array`` as the contents of a .npy file."""
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (temp file beside it, then rename); one sentence when
    the disk is full or the folder cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda f: f.write(data))
    except OSError as e:
        raise StorageError(QT_TRANSLATE_NOOP("CoreMessage", "{failure}."), failure=write_failure(e, path)) from None


@dataclass(frozen=True)
class ExplainInput:
    """What ``cnnlab explain`` works on: the checkpoint's model and meta, the image as read, the model input
    ``raw`` uint8 (C, H, W) and normalised ``x`` float (C, H, W), and the class asked for (None: predicted)."""

    model: torch.nn.Module
    meta: CheckpointMeta
    image: Image.Image
    raw: torch.Tensor
    x: torch.Tensor
    target: int | None


def explain_input(args: argparse.Namespace) -> ExplainInput:
    """Load the checkpoint and the image of ``args`` and check the layer, class, square and step given."""
    from cnnlab.engine.checkpoint import load_checkpoint
    from cnnlab.engine.data import normalize

    ck = load_checkpoint(args.checkpoint)
    meta, model = ck.meta, ck.model.eval()
    im = read_image(Path(args.image).expanduser())
    check_layer(model, args.layer)
    target = parse_target(args.target, meta.classes)
    if args.patch < 1 or args.stride < 1:
        raise UserError("The occlusion square and its step must be at least 1 pixel.")
    raw = model_input(im, meta.input_shape)  # (C, H, W) uint8
    x = normalize(raw.unsqueeze(0), meta.mean, meta.std)[0]  # (C, H, W) float
    return ExplainInput(model, meta, im, raw, x, target)


def cmd_explain(args: argparse.Namespace) -> int:
    from cnnlab.inspection.attribution import attribute
    from cnnlab.inspection.mosaic import image_rgb

    out_path = Path(args.out).expanduser() if args.out else None
    out_format = overlay_format(out_path) if out_path is not None else None  # before any work
    map_path = Path(args.save_map).expanduser() if args.save_map else None
    if map_path is not None:
        check_map_file(map_path)
    given = explain_input(args)
    model, meta, im, x, target = given.model, given.meta, given.image, given.x, given.target
    image_path = Path(args.image).expanduser()
    try:
        result = attribute(model, x, args.method, target, layer=args.layer, patch=args.patch, stride=args.stride)
    except ValueError as e:  # a layer the forward pass never reaches, a model without conv layers
        raise UserError(str(e)) from None
    width, height = im.size
    full = resize_map(result.map, height, width)  # (H, W) of the image as read (at most MAX_SIDE a side)
    if out_path is not None and out_format is not None:
        shown = np.array(im.convert("L" if meta.input_shape[0] == 1 else "RGB"), dtype=np.uint8)
        overlay = overlay_png(image_rgb(shown[None] if shown.ndim == 2 else shown.transpose(2, 0, 1)), full,
                              args.method)
        write_file(out_path, image_bytes(overlay, out_format))
    if map_path is not None:
        write_file(map_path, array_bytes(full.astype(np.float32)))
    probs = {c: round(float(p), 6) for c, p in zip(meta.classes, result.probabilities, strict=True)}
    predicted = meta.classes[int(result.probabilities.argmax())]
    if args.json:
        print(strict_json.dumps({"predicted": predicted, "probabilities": probs, "method": args.method,
                                 "map_shape": list(full.shape), "out": str(out_path) if out_path else None,
                                 "target": meta.classes[result.target], "layer": result.layer}))
        return 0
    print(f"{image_path.name}: predicted {predicted} ({probs[predicted]:.1%})")
    for c, p in sorted(probs.items(), key=lambda kv: -kv[1]):
        print(f"  {c:>12}  {p:.4f}")
    what = f" of {result.layer}" if result.layer else ""
    print(f"{args.method}{what} for class {meta.classes[result.target]}: map {full.shape[0]}×{full.shape[1]}, "
          f"values {float(full.min()):.4g} to {float(full.max()):.4g}")
    if out_path is not None:
        print(f"overlay written to {out_path}")
    if map_path is not None:
        print(f"map written to {map_path}")
    return 0
