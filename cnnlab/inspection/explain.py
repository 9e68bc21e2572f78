"""``cnnlab explain``: why a checkpoint decides what it does about one image file, headless.

Prints the prediction and every class's probability, writes the chosen attribution map as a PNG
overlay (``--out``) and as the raw float map (``--save-map``, an H×W ``.npy`` the size of the
image file); ``--json`` ends with one JSON object. Mistakes are one sentence (exit 2).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from cnnlab import strict_json
from cnnlab.errors import UserError, unreadable_image_reason, write_failure
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection.images import ONLY_GRAY_OR_RGB

CLI_METHODS = ("gradcam", "occlusion", "saliency", "guided", "deconv", "ig")  # the command's --method choices
MIN_PNG_SIDE = 224  # pixels: a 28×28 image is enlarged (crisp, by a whole factor) to at least this
PNG_ALPHA = 0.5  # the heat map's weight over the image in the PNG
OCCLUSION_MIN_SPAN = 0.05  # probability span of the occlusion colours at least: a flat map stays flat, not noise


def add_explain_command(sub: argparse._SubParsersAction) -> None:
    """Register ``explain`` on the ``cnnlab`` subcommand parsers."""
    from cnnlab.inspection.attribution import OCCLUSION_PATCH, OCCLUSION_STRIDE

    p = sub.add_parser("explain", help="show why a checkpoint predicts what it does for one image")
    p.add_argument("--checkpoint", required=True, help="a checkpoint.pt from a run folder")
    p.add_argument("--image", required=True, help="the image file to explain (converted to the model's input)")
    p.add_argument("--method", choices=CLI_METHODS, default="gradcam", help="attribution method (default: gradcam)")
    p.add_argument("--layer", help="Grad-CAM's layer (default: the last conv layer with maps of at least 7×7)")
    p.add_argument("--target", help="class name or number to explain (default: the predicted class)")
    p.add_argument("--patch", type=int, default=OCCLUSION_PATCH,
                   help=f"occlusion's square, pixels a side (default: {OCCLUSION_PATCH})")
    p.add_argument("--stride", type=int, default=OCCLUSION_STRIDE,
                   help=f"occlusion's step between squares, pixels (default: {OCCLUSION_STRIDE})")
    p.add_argument("--out", help="write the map over the image as this PNG")
    p.add_argument("--save-map", help="write the raw map, an H×W float32 array the size of the image, as .npy")
    p.add_argument("--json", action="store_true", help="print the result as one JSON object on the last line")
    p.set_defaults(func=cmd_explain)


def read_image(path: Path) -> Image.Image:
    """The image file, decoded; one sentence for a missing or unreadable file."""
    try:
        with Image.open(path) as opened:
            opened.load()
            return opened.copy()
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
    k = max(1, -(-MIN_PNG_SIDE // max(min(h, w), 1)))
    return Image.fromarray(resize_nearest(out, h * k, w * k) if k > 1 else out, "RGB")


def _write(path: Path, save: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(save, Image.Image):
            save.save(path, format="PNG")
        else:
            np.save(path, np.asarray(save), allow_pickle=False)
    except OSError as e:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "{failure}."), failure=write_failure(e, path)) from None


def cmd_explain(args: argparse.Namespace) -> int:
    from cnnlab.engine.checkpoint import load_checkpoint
    from cnnlab.engine.data import normalize
    from cnnlab.inspection.attribution import attribute
    from cnnlab.inspection.mosaic import image_rgb

    ck = load_checkpoint(args.checkpoint)
    meta, model = ck.meta, ck.model.eval()
    image_path = Path(args.image).expanduser()
    im = read_image(image_path)
    check_layer(model, args.layer)
    target = parse_target(args.target, meta.classes)
    if args.patch < 1 or args.stride < 1:
        raise UserError("The occlusion square and its step must be at least 1 pixel.")
    raw = model_input(im, meta.input_shape)  # (C, H, W) uint8
    x = normalize(raw.unsqueeze(0), meta.mean, meta.std)[0]  # (C, H, W) float
    try:
        result = attribute(model, x, args.method, target, layer=args.layer, patch=args.patch, stride=args.stride)
    except ValueError as e:  # a layer the forward pass never reaches, a model without conv layers
        raise UserError(str(e)) from None
    width, height = im.size
    full = resize_map(result.map, height, width)  # (H, W) of the file
    out_path = Path(args.out).expanduser() if args.out else None
    if out_path is not None:
        shown = np.array(im.convert("L" if meta.input_shape[0] == 1 else "RGB"), dtype=np.uint8)
        _write(out_path, overlay_png(image_rgb(shown[None] if shown.ndim == 2 else shown.transpose(2, 0, 1)),
                                     full, args.method))
    if args.save_map:
        _write(Path(args.save_map).expanduser(), full.astype(np.float32))
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
    if args.save_map:
        print(f"map written to {args.save_map}")
    return 0
