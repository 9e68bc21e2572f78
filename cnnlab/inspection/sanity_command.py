"""``cnnlab explain --sanity``: the sanity check of every attribution method on one image, as a table or JSON.

The JSON (``--json``, one object on the last line) holds ``sanity``: per method (``gradcam``, ``occlusion``,
``saliency``, ``guided``, ``deconv``, ``ig``) its ``rank_correlation`` (one value per randomised step, top
layer first), ``passes``, ``deletion_auc`` and ``deletion_curve``; beside it ``randomised`` (the layers of
each step), ``random_deletion_auc`` (the same curve for a random pixel order) and ``rank_correlation_limit``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cnnlab import strict_json
from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.inspection.sanity import RANK_CORRELATION_LIMIT, SanityReport, sanity_check

SURVIVES = "its map survives randomisation: it shows the image's edges, not what the network learned"


def check_sanity_args(args: argparse.Namespace) -> None:
    """The options that do not go with ``--sanity``, and the strip's file type, as one sentence before any work."""
    from cnnlab.inspection.sanity_figure import strip_format

    if args.save_map:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "--save-map writes one method's map; with --sanity every "
                                                         "method is checked, so leave --save-map out."))
    if args.out:
        strip_format(Path(args.out).expanduser())


def cmd_sanity(args: argparse.Namespace) -> int:
    """Run the check on the image of ``args``, print it (a table, or JSON), write the strip when ``--out`` asks."""
    from cnnlab.inspection.explain import explain_input, write_file
    from cnnlab.inspection.mosaic import image_rgb
    from cnnlab.inspection.sanity_figure import strip_bytes, strip_format

    check_sanity_args(args)  # before any work
    given = explain_input(args)
    try:
        report = sanity_check(given.model, given.x, given.target, layer=args.layer, patch=args.patch,
                              stride=args.stride, seed=args.seed)
    except ValueError as e:  # a layer the forward pass never reaches
        raise UserError(str(e)) from None
    out_path = Path(args.out).expanduser() if args.out else None
    if out_path is not None:
        write_file(out_path, strip_bytes(report, image_rgb(given.raw.numpy()), strip_format(out_path)))
    classes = given.meta.classes
    probs = {c: round(float(p), 6) for c, p in zip(classes, report.probabilities, strict=True)}
    predicted = classes[int(report.probabilities.argmax())]
    if args.json:
        print(strict_json.dumps({"predicted": predicted, "probabilities": probs, "target": classes[report.target],
                                 "layer": report.layer, "seed": report.seed,
                                 "rank_correlation_limit": RANK_CORRELATION_LIMIT,
                                 "randomised": [list(s) for s in report.steps],
                                 "random_deletion_auc": round(report.random_deletion_auc, 6),
                                 "sanity": report.to_json(), "problems": report.problems,
                                 "out": str(out_path) if out_path else None}))
        return 0
    print(f"{Path(args.image).name}: predicted {predicted} ({probs[predicted]:.1%})")
    for line in table(report, classes):
        print(line)
    if out_path is not None:
        print(f"strip written to {out_path}")
    return 0


def table(report: SanityReport, classes: tuple[str, ...]) -> list[str]:
    """The check as lines of text: the steps, one row of correlations per method, the verdicts."""
    lines = [f"sanity check for class {classes[report.target]} (seed {report.seed}): the weights are "
             f"re-initialised from the top layer down, one step more each column:"]
    lines += [f"  step {i}: {', '.join(step)}" for i, step in enumerate(report.steps, start=1)]
    lines.append(f"rank correlation (Spearman, of |map|) with the real map; passes = below "
                 f"{RANK_CORRELATION_LIMIT:.2f} once every layer is random; deletion area: lower = faster fall")
    head = "".join(f"{i:>7}" for i in range(1, len(report.steps) + 1))
    lines.append(f"  {'method':<10}{head}  {'passes':>6}  deletion area")
    for name, m in report.methods.items():
        row = "".join(f"{c:>+7.2f}" for c in m.rank_correlation)
        verdict = {True: "yes", False: "NO", None: "-"}[m.passes]
        lines.append(f"  {name:<10}{row}  {verdict:>6}  {m.deletion_auc:.3f}")
    lines.append(f"  {'(random pixel order)':<{10 + 7 * len(report.steps) + 10}}{report.random_deletion_auc:.3f}")
    for name in report.survivors:
        lines.append(f"{name}: {SURVIVES}.")
    flat = [name for name, m in report.methods.items() if m.passes is None]
    if flat:
        lines.append(f"{', '.join(flat)}: the real map is flat for this image, so there is no order to compare.")
    for name, why in report.problems.items():
        lines.append(f"{name}: {why}")
    return lines

