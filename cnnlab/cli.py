"""The ``cnnlab`` command: train, eval, models, datasets, summary, data, runs, sweep, gui.

Scripts, servers and benchmarks rely on this contract: every failure is one sentence on stderr and an
exit code that says whose it is (:data:`EXIT_CODES`); ``--json`` makes the last stdout line one JSON object.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cnnlab.catalog import translate
from cnnlab.cli_format import positive_float, positive_int, print_json, table
from cnnlab.errors import Sentence, UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP
from cnnlab.processes import STOP_SIGNALS

if TYPE_CHECKING:
    from cnnlab.engine import RunControl
    from cnnlab.engine.config import FieldInfo, TrainConfig

EXIT_USER_ERROR = 2  # the conventional "usage" code, also used by argparse
EXIT_MACHINE = 3  # the machine could not do it: disk full, read-only folder, busy or damaged files
EXIT_INTERRUPTED = 130  # a signal ended it (Ctrl+C, SIGTERM, SIGHUP): the shell's 128 + SIGINT
EXIT_CODES = f"""exit codes:
  0    done
  {EXIT_USER_ERROR}    a mistake in what was asked (a bad value, a missing file or dataset, a folder in use)
  {EXIT_MACHINE}    a fault of the machine (disk full, a read-only folder, a damaged or busy file)
  {EXIT_INTERRUPTED}  interrupted (Ctrl+C, SIGTERM, SIGHUP); a run saves what it trained and continues
       with: cnnlab train --resume RUN_FOLDER"""


class _Parser(argparse.ArgumentParser):
    """argparse, but errors are one sentence plus a pointer to --help, exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]  # argparse declares error() NoReturn; this one also ends in SystemExit
        sys.stderr.write(f"{self.prog}: error: {message} (see '{self.prog} --help').\n")
        raise SystemExit(EXIT_USER_ERROR)


def _option_type(info: FieldInfo) -> Any:
    """argparse's check for a config field: the sign of its range (the full range is checked by
    ``TrainConfig.validate``, with its own sentence); None for text and choice fields."""
    if info.kind == "int":
        return positive_int if info.min is not None and info.min >= 1 else int
    if info.kind == "float":
        return positive_float if info.min == 0 and info.min_open else float
    return None


def add_config_option(parser: argparse.ArgumentParser, name: str, **override: Any) -> argparse.Action:
    """Add the ``TrainConfig`` field ``name`` as an option built from its metadata: the option name,
    type, choices, default and help ("help (default: ...)"); ``override`` replaces any of them."""
    from cnnlab.engine.config import config_field

    info = config_field(name)
    assert info.cli is not None, f"{name} is not a command-line option"
    default_text = info.default_text()
    text = info.help.removesuffix(".")
    kwargs: dict[str, Any] = {
        "dest": info.name, "default": info.default, "type": _option_type(info), "choices": info.choices or None,
        "help": (f"{text} (default: {default_text})" if default_text else text).replace("%", "%%"),
    }
    if info.kind == "bool":  # an on/off switch: given means on
        kwargs = {"dest": info.name, "default": info.default, "action": "store_true",
                  "help": text.replace("%", "%%")}
    kwargs.update(override)
    if kwargs.get("action") == "store_true":
        return parser.add_argument(info.cli, **kwargs)
    if kwargs["choices"] is None:  # "--out OUT", not the field's name; choice options list their choices
        kwargs.setdefault("metavar", info.cli.lstrip("-").replace("-", "_").upper())
    return parser.add_argument(info.cli, **kwargs)


def add_config_options(parser: argparse.ArgumentParser, **choices: Sequence[str]) -> None:
    """One option per command-line ``TrainConfig`` field; ``choices`` for fields whose values are
    known only at run time (``dataset=list_datasets()``)."""
    from cnnlab.engine.config import config_fields

    for info in config_fields():
        if info.cli is not None:
            add_config_option(parser, info.name, **({"choices": choices[info.name]} if info.name in choices else {}))


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    """The ``TrainConfig`` of parsed ``add_config_options`` options."""
    from cnnlab.engine.config import TrainConfig, config_fields

    return TrainConfig(**{f.name: getattr(args, f.name) for f in config_fields() if f.cli is not None})


def _input_shape(text: str) -> tuple[int, int, int]:
    try:
        c, h, w = (int(v) for v in text.replace("x", ",").split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not C,H,W (for example 3,32,32)") from None
    if min(c, h, w) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} has a size below 1")
    return c, h, w


# ---------------------------------------------------------------- commands



class Interrupted(KeyboardInterrupt):
    """A stop signal arrived before a run could save anything, or a second one asked to end at once."""

    def __init__(self, signum: int) -> None:
        import signal

        super().__init__(signal.Signals(signum).name)
        self.signal_name = signal.Signals(signum).name


def _install(handler: Callable[[int, object], None]) -> dict[int, Any]:
    """Handle every stop signal with ``handler``; returns the handlers it replaced."""
    import signal

    before: dict[int, Any] = {}
    for name in STOP_SIGNALS:
        if hasattr(signal, name):  # Windows has no SIGHUP
            number = getattr(signal, name)
            try:
                before[number] = signal.signal(number, handler)
            except ValueError:  # not the main thread (e.g. called from a test runner thread)
                break
    return before


def _interrupt_at_once(signum: int, frame: object) -> None:
    raise Interrupted(signum)


def _end_at_once(signum: int, run_dir: Path | None) -> None:
    """A second stop signal: the process ends now, without unwinding through whatever it was doing (an
    exception raised there could wait forever on a lock it interrupted). What an atomic write had under way
    is dropped, so the last finished epoch stays as saved; the folder is given back."""
    import signal

    from cnnlab.runs.claim import release, remove_leftovers

    if run_dir is not None:
        release(run_dir)
        remove_leftovers(run_dir)
    said = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Interrupted by {signal}; what was saved before is kept."),
                    signal=signal.Signals(signum).name)
    print(f"cnnlab: {said}", file=sys.stderr, flush=True)
    os._exit(EXIT_INTERRUPTED)


def _stop_on_signals(control: RunControl, run_dir: Path | None) -> None:
    """The first stop signal ends the run after this batch, saved and resumable (the epoch it was in
    included); a second one interrupts at once (the last finished epoch is kept)."""
    import signal

    def handler(signum: int, frame: object) -> None:
        if control.stop_requested:
            _end_at_once(signum, run_dir)
        name = signal.Signals(signum).name
        print(f"\n{name}: stopping after this batch and saving (again to end at once)", file=sys.stderr)
        control.stop(Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Interrupted by {signal}; the run is saved: run "
                                               "`cnnlab train --resume {path}` to continue it."),
                              signal=name, path=run_dir or ""))

    _install(handler)


def cmd_train(args: argparse.Namespace) -> int:
    from cnnlab.engine import ProgressPrinter, RunControl
    from cnnlab.engine.callbacks import DoctorPrinter
    from cnnlab.engine.device import resolve_device
    from cnnlab.engine.tensorboard import tensorboard_callbacks
    from cnnlab.launch import build_trainer, fit, plan_continuation, plan_run
    from cnnlab.runs.claim import release
    from cnnlab.runs.store import remove_if_empty

    config = config_from_args(args)  # None hyperparameters are filled from the recipe by the plan
    # the run's own settings when continuing; a missing GPU is refused before a run folder is made
    plan = plan_continuation(args.resume, given=config) if args.resume else plan_run(config)
    resolved = plan.config
    control = RunControl()
    try:
        _stop_on_signals(control, plan.run_dir)
        callbacks = (([] if args.quiet else [ProgressPrinter()]) + tensorboard_callbacks(args.tensorboard)
                     + [DoctorPrinter()])  # what the doctor found is said even quietly: a run at chance is no success
        if plan.note and not args.quiet:
            print(plan.note, file=sys.stderr)
        if plan.threads_note and (plan.threads_differ or not args.quiet):  # a differing result is said even quietly
            print(plan.threads_note, file=sys.stderr)
        trainer = build_trainer(plan, callbacks, control)  # kept: --json reports the thread count it chose
    except BaseException:  # a trainer that could not be built, or a stop signal before training
        release(plan.run_dir)  # fit gives the folder back at its end; until then it is given back here
        if plan.continuation is None:
            remove_if_empty(plan.run_dir)
        raise
    end = fit(trainer, plan)
    if args.json:
        print_json({
            "dataset": resolved.dataset, "model": resolved.model, "device": str(resolve_device(resolved.device)),
            "epochs": end.epochs_done, "batch_size": resolved.batch_size, "lr": resolved.lr,
            "optimizer": resolved.optimizer, "test_acc": end.test_acc, "test_loss": end.test_loss,
            "val_acc": end.val_acc, "train_seconds": round(end.train_seconds, 3),
            "samples_per_second": round(end.samples_per_second, 1), "status": end.status,
            "run_dir": end.run_dir, "checkpoint": end.checkpoint,
            "threads": trainer.thread_policy.chosen if trainer.thread_policy else None,  # the last count used
            "threads_used": trainer.thread_policy.used if trainer.thread_policy else [],  # each from its batch
            "reproducible": resolved.reproducible,
            "compile_seconds": end.compile_seconds,  # --compile: the first step's compiling, not in train_seconds
            "diagnoses": [d.to_json() for d in end.diagnoses],  # the training doctor's findings; [] when all is well
        })
    if control.reason:  # ended by a signal: saved, and resumable
        print(f"cnnlab: {control.reason}", file=sys.stderr)
        return EXIT_INTERRUPTED
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from cnnlab.engine.checkpoint_eval import evaluate_checkpoint

    result = evaluate_checkpoint(args.checkpoint, dataset=args.dataset, data_root=args.data_root)
    if args.json:
        print_json(result.to_dict())
        return 0
    print(f"{result.source}: {result.n} images, accuracy {result.test_acc:.4f}")
    rows = [("class", "n", "accuracy")] + [
        (c, str(n), "-" if a is None else f"{a:.4f}")
        for c, n, a in zip(result.classes, result.per_class_n, result.per_class_acc.values(), strict=False)]
    print(table(rows))
    print("confusion (rows: true class, columns: predicted)")
    width = max(len(str(v)) for row in result.confusion for v in row)
    for c, row in zip(result.classes, result.confusion, strict=False):
        print(f"  {' '.join(str(v).rjust(width) for v in row)}  {c}")
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    from cnnlab.models.cards import CARDS, model_names  # the cards alone: no network is built, no torch loaded

    cards = [(n, CARDS[n]) for n in model_names()]
    if args.json:
        print_json([{"name": n, **c.__dict__, "idea_zh": translate("ModelCard", c.idea, "zh_CN")} for n, c in cards])
        return 0
    if args.details:
        for n, c in cards:
            when = f" ({c.year})" if c.year else ""
            print(f"{n}: {c.title}{when}")
            if c.authors or c.paper:
                paper = f"{', ' if c.authors else ''}\"{c.paper}\"" if c.paper else ""
                print(f"  {c.authors}{paper}")
            print(f"  {c.idea}")
            if (chinese := translate("ModelCard", c.idea, "zh_CN")) != c.idea:  # the course's language too
                print(f"  {chinese}")
            if c.notes:
                print(f"  Note: {c.notes}")
            print()
        return 0
    rows = [("name", "family", "year", "key idea")]
    rows += [(n, c.family, str(c.year or ""), c.idea) for n, c in cards]
    print(table(rows))
    return 0


def cmd_datasets(args: argparse.Namespace) -> int:
    from cnnlab.datasets import get_dataset_spec, list_datasets, resolve_source

    out = []
    for name in list_datasets():
        s = get_dataset_spec(name)
        where = resolve_source(name, args.data_root).where  # as train finds it: remembered folders included
        out.append({
            "name": name, "title": s.title, "classes": len(s.classes) if s.classes else None,
            "size": f"{s.size[0]}x{s.size[1]}" if s.size else "any", "channels": s.channels,
            "default_model": s.default_model, "found": where is not None, "where": where or "not found",
            "description": s.description,
        })
    if args.json:
        print_json(out)
        return 0
    rows = [("name", "classes", "size", "channels", "default model", "where")]
    rows += [(str(d["name"]), str(d["classes"] or "from folders"), str(d["size"]), str(d["channels"] or "1 or 3"),
              str(d["default_model"]), str(d["where"])) for d in out]
    print(table(rows))
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from cnnlab.datasets import get_dataset_spec
    from cnnlab.engine.data import DataRequest, load_data
    from cnnlab.models import build_model, summarize

    if args.input is not None:
        shape = args.input
        classes = args.classes or 10
    else:
        spec = get_dataset_spec(args.dataset)
        if spec.channels and spec.size and spec.classes:
            shape, classes = (spec.channels, *spec.size), len(spec.classes)
        else:
            request = DataRequest(dataset=args.dataset, data_root=args.data_root, image_size=args.image_size)
            info = load_data(request).info
            shape, classes = info.input_shape, info.num_classes
        classes = args.classes or classes
    model_name = args.model or (get_dataset_spec(args.dataset).default_model if args.input is None else None)
    if model_name is None:
        raise UserError("Name a model with --model when giving --input.")
    model = build_model(model_name, in_channels=shape[0], image_size=(shape[1], shape[2]), num_classes=classes)
    summary = summarize(model, shape, name=model_name)
    if args.json:
        print_json(summary.to_dict())
    else:
        print(f"{model_name} for input {shape[0]}×{shape[1]}×{shape[2]}, {classes} classes")
        print(summary.to_text())
    return 0


def cmd_data(args: argparse.Namespace) -> int:
    from cnnlab.datasets import cifar10, idx

    target = Path(args.target).expanduser() if args.target else None
    if args.name in ("mnist", "fashion-mnist"):
        where = idx.download(args.name, target)
    else:
        where = cifar10.download(target)
    print(f"{args.name} is ready in {where}")
    return 0


def _has_display() -> bool:
    """False on a Linux/BSD machine with no X11 or Wayland display and no Qt platform chosen."""
    import os

    if sys.platform.startswith(("win", "darwin")) or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _load_frontend(name: str) -> Any:
    """The front end registered under ``name`` in the ``cnnlab.frontends`` entry-point group.

    The desktop app registers itself there (see pyproject.toml), so this core package never
    imports it and runs on machines without Qt.
    """
    from importlib.metadata import entry_points

    found = entry_points(group="cnnlab.frontends", name=name)
    if not found:
        raise UserError("The desktop app is not installed; install cnnlab with pip (pip install -e .) to get it.")
    try:
        return next(iter(found)).load()
    except ImportError as e:
        raise UserError(f"The desktop app cannot start ({e}); reinstall cnnlab with its GUI dependencies.") from None


def cmd_gui(args: argparse.Namespace) -> int:
    if not _has_display():
        raise UserError("No display was found for the desktop app; train headless with 'cnnlab train' "
                        "(see 'cnnlab --help'), or run the app under a desktop session or xvfb-run.")
    gui_main = _load_frontend("gui")
    argv: list[str] = []
    for flag in ("dataset", "model", "run", "lang"):
        value = getattr(args, flag, None)
        if value:
            argv += [f"--{flag}", value]
    return gui_main(argv)


# ---------------------------------------------------------------- parser

def _add_command(sub: argparse._SubParsersAction[_Parser], name: str, func: Callable[[argparse.Namespace], int],
                 summary: str, options: Sequence[tuple[str, str]] = (),
                 switches: Sequence[tuple[str, str]] = ()) -> None:
    """A subcommand that runs ``func``: ``options`` (flag, help) take a value, then on/off ``switches``."""
    p = sub.add_parser(name, help=summary)
    for flag, text in options:
        p.add_argument(flag, help=text)
    for flag, text in switches:
        p.add_argument(flag, action="store_true", help=text)
    p.set_defaults(func=func)


def build_parser() -> argparse.ArgumentParser:
    from cnnlab.datasets import list_datasets

    p = _Parser(prog="cnnlab", description="A teaching lab for convolutional neural networks. "
                "Without a command, opens the desktop app.", epilog=EXIT_CODES,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    from cnnlab import __version__

    p.add_argument("--version", action="version", version=f"cnnlab {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    t = sub.add_parser("train", help="train a model headless and save the run folder", epilog=EXIT_CODES,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    add_config_options(t, dataset=list_datasets())  # one option per TrainConfig field, from its metadata
    t.add_argument("--json", action="store_true", help="print a JSON summary (the training doctor's diagnoses "
                   "included) as the last stdout line")
    t.add_argument("--quiet", action="store_true", help="no progress output")
    t.add_argument("--resume", metavar="RUN_DIR", help="continue this run folder where its checkpoint left it "
                   "(with --epochs N: N epochs in all), with the CPU thread count it last trained with, so it ends "
                   "as the run left alone would have (--threads N: another count, another result)")
    t.add_argument("--tensorboard", metavar="DIR", help="also write TensorBoard event files to DIR "
                   "(needs the tensorboard package)")
    t.set_defaults(func=cmd_train)

    e = sub.add_parser("eval", help="evaluate a checkpoint on a test split or an image folder")
    e.add_argument("--checkpoint", required=True, help="a checkpoint.pt from a run folder")
    add_config_option(e, "dataset", choices=list_datasets(), default=None,
                      help="dataset whose test split to use (default: the checkpoint's)")
    add_config_option(e, "data_root", help="the dataset's files, or an image folder whose class folders match "
                      "the checkpoint's classes")
    e.add_argument("--json", action="store_true", help="print the result as one JSON object")
    e.set_defaults(func=cmd_eval)

    _add_command(sub, "models", cmd_models, "list the models",
                 switches=[("--details", "print each model's card (year, paper, idea, 中文)"),
                           ("--json", "print the cards as JSON")])
    _add_command(sub, "datasets", cmd_datasets, "list the datasets and where their files were found",
                 options=[("--data-root", "look in this folder instead of the usual places")],
                 switches=[("--json", "print as JSON")])

    s = sub.add_parser("summary", help="print a model's layer table (the lecture's form)")
    add_config_option(s, "model", help="model name (default: the dataset's default model)")
    add_config_option(s, "dataset", choices=list_datasets(), help="dataset giving the input shape (default shapes)")
    s.add_argument("--input", type=_input_shape, help="input shape C,H,W instead of the dataset's (e.g. 3,224,224)")
    s.add_argument("--classes", type=positive_int, help="number of classes instead of the dataset's")
    add_config_option(s, "data_root")
    add_config_option(s, "image_size")
    s.add_argument("--json", action="store_true", help="print the table as JSON")
    s.set_defaults(func=cmd_summary)

    dl = sub.add_parser("data", help="fetch datasets (needs internet)")
    dsub = dl.add_subparsers(dest="data_command", parser_class=_Parser, required=True)
    down = dsub.add_parser("download", help="download MNIST, Fashion-MNIST or CIFAR-10 into the data folder")
    down.add_argument("name", choices=["mnist", "fashion-mnist", "cifar10"])
    down.add_argument("--target", help="folder to download into (default: the app data folder)")
    down.set_defaults(func=cmd_data)

    from cnnlab.runs.commands import add_compare_command, add_runs_command

    add_runs_command(sub)  # runs --dataset/--model/--status/--json, from the runs database
    add_compare_command(sub)  # compare RUN_A RUN_B: settings, per-class accuracy, curves, prediction flips
    from cnnlab.chapter.command import add_chapter_command

    add_chapter_command(sub)  # chapter: the chapter's table, the book's accuracy beside ours
    from cnnlab.report.command import add_report_commands

    add_report_commands(sub)  # report and export: a run's report (HTML, PDF) and its model (ONNX)
    from cnnlab.inspection.explain_command import add_explain_command

    add_explain_command(sub)  # explain: prediction and attribution map of one image file
    from cnnlab.design.command import add_design_command

    add_design_command(sub)  # design show / from / diff: a network written as a table of layers
    from cnnlab.predictions.command import add_predictions_command

    add_predictions_command(sub)  # predictions: the guesses made before each answer, and their calibration
    from cnnlab.sweep.command import add_sweep_command

    add_sweep_command(sub)  # sweep FILE / sweep show NAME: seeds, grids and searches with error bars
    _add_command(sub, "gui", cmd_gui, "open the desktop app (the default)",
                 options=[("--dataset", "dataset to select at start"), ("--model", "model to select at start"),
                          ("--run", "run folder to open at start"),
                          ("--lang", "the window's language, zh_CN or en (default: View > Language, else the system)")])
    return p


def main(argv: Sequence[str] | None = None) -> int:
    import signal

    before = _install(_interrupt_at_once)  # until a run can stop cleanly, a stop signal ends the command at once
    try:
        argv = list(sys.argv[1:] if argv is None else argv)
        parser = build_parser()
        try:
            args = parser.parse_args(argv or ["gui"])  # no command opens the desktop app
        except SystemExit as e:  # --help, --version and usage errors (already printed)
            return int(e.code or 0)
        return int(args.func(args) or 0)
    except UserError as e:
        print(f"cnnlab: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt as e:
        said = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Interrupted by {signal}; what was saved before is kept."),
                        signal=e.signal_name if isinstance(e, Interrupted) else "SIGINT")
        print(f"cnnlab: {said}", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        for number, handler in before.items():  # a caller's own handlers (a test runner, a script) come back
            signal.signal(number, handler)


if __name__ == "__main__":
    raise SystemExit(main())
