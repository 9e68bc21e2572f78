"""The ``cnnlab explain`` options: registered without loading torch, numpy or Pillow, which
:mod:`cnnlab.inspection.explain` (the command's work) imports when the command runs."""

from __future__ import annotations

import argparse

from cnnlab.inspection.occlusion import OCCLUSION_PATCH, OCCLUSION_STRIDE

CLI_METHODS = ("gradcam", "occlusion", "saliency", "guided", "deconv", "ig")  # the command's --method choices


def _explain(args: argparse.Namespace) -> int:
    if args.sanity:
        from cnnlab.inspection.sanity_command import cmd_sanity

        return cmd_sanity(args)
    from cnnlab.inspection.explain import cmd_explain

    return cmd_explain(args)


def add_explain_command(sub: argparse._SubParsersAction) -> None:
    """Register ``explain`` on the ``cnnlab`` subcommand parsers."""
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
    p.add_argument("--out", help="write the map over the image to this file; its suffix (.png, .jpg, .webp, .bmp, "
                                 ".tif) decides the format")
    p.add_argument("--save-map", help="write the raw map, an H×W float32 array the size of the image, as this .npy "
                                      "file")
    p.add_argument("--sanity", action="store_true",
                   help="check every method: randomise the weights layer by layer from the top and print the rank "
                        "correlation of each map with the real one (Adebayo et al. 2018), and a deletion-curve area; "
                        "--out then writes the strip of maps (.png, .pdf or .svg)")
    p.add_argument("--seed", type=int, default=0, help="the random weights of --sanity (default: 0)")
    p.add_argument("--json", action="store_true", help="print the result as one JSON object on the last line")
    p.set_defaults(func=_explain)
