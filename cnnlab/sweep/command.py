"""``cnnlab sweep FILE [--workers N] [--ray ADDRESS]`` and ``cnnlab sweep show NAME [--json] [--plot OUT.png]``.

Running a sweep prints one line per finished trial on stderr and the results table on stdout; a stop
signal stops the trials in progress (each saves what it trained) and the same command continues the
sweep later; a second signal ends at once (what the manifest and the study hold is kept, and continuing
trains the interrupted trials again).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from typing import TYPE_CHECKING, Any

from cnnlab.cli_format import percent, positive_int, print_json, table
from cnnlab.errors import Sentence, UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from cnnlab.sweep.events import SweepEvent
    from cnnlab.sweep.results import SweepResults

EXIT_INTERRUPTED = 130  # as cnnlab train: a signal ended it, and the same command continues it
SHOW = "show"


def _value(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _settings_text(settings: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_value(v)}" for k, v in settings.items()) or "the base setup"


def _pm(mean: float | None, std: float | None, scale: float = 1.0, digits: int = 2, unit: str = "") -> str:
    if mean is None:
        return "-"
    text = f"{scale * mean:.{digits}f}{unit}"
    return text + (f" ± {scale * std:.{digits}f}" if std is not None else "")


def results_table(results: SweepResults) -> str:
    """The results as text: one row per configuration, then the best one."""
    from cnnlab.sweep.results import STD_KIND

    keys = list(results.spec.varied)
    rows = [(*keys, "runs", "seeds", "test acc (%)", "train s", "params", "not completed")]
    for config in results.configs:
        acc, secs, params = config.accuracy, config.seconds, config.parameters
        others = ", ".join(f"{n} {s}" for s, n in config.states.items() if s != "completed")
        rows.append((*(_value(config.settings.get(k, "")) for k in keys), str(len(config.runs)),
                     ",".join(str(s) for s in config.seeds) or "-", _pm(acc.mean, acc.std, 100),
                     _pm(secs.mean, secs.std, digits=1), _pm(params.mean, None, digits=0), others or "-"))
    lines = [f"sweep {results.name} ({results.spec.search}; {results.folder}): mean ± {STD_KIND}", table(rows)]
    best = results.best
    if best is not None:
        lines.append(f"best: {_settings_text(best.settings)}, test accuracy "
                     f"{_pm(best.accuracy.mean, best.accuracy.std, 100)}% over {len(best.runs)} seed(s)")
    for problem in results.problems:
        lines.append(f"note: {problem}")
    return "\n".join(lines)


class _Printer:
    """One line per finished trial on stderr."""

    def __call__(self, event: SweepEvent) -> None:
        from cnnlab.sweep.events import TrialEnded

        if not isinstance(event, TrialEnded):
            return
        what = f"[{event.done}/{event.total}] {_settings_text(event.settings)}, seed {event.seed}: "
        if event.state == "completed":
            what += f"test accuracy {percent(event.test_acc, 2)}"
        else:
            what += event.state + (f" ({event.message})" if event.message else "")
        print(what, file=sys.stderr, flush=True)


def _stop_on_signals(stop: threading.Event) -> None:
    """The first stop signal stops the trials (saved; the same command continues the sweep); a second ends now."""
    import signal

    from cnnlab.processes import STOP_SIGNALS

    def handler(signum: int, frame: object) -> None:
        name = signal.Signals(signum).name
        if stop.is_set():
            said = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "Interrupted by {signal}; the sweep's finished trials "
                                                             "are kept: run the same command to continue it."),
                            signal=name)
            print(f"cnnlab: {said}", file=sys.stderr, flush=True)
            os._exit(EXIT_INTERRUPTED)
        print(f"\n{name}: stopping the trials in progress and saving them (again to end at once)",
              file=sys.stderr, flush=True)
        stop.set()

    for name in STOP_SIGNALS:
        if hasattr(signal, name):  # Windows has no SIGHUP
            try:
                signal.signal(getattr(signal, name), handler)
            except ValueError:  # not the main thread (a test runner's): the caller's handlers stay
                return


def cmd_sweep(args: argparse.Namespace) -> int:
    if args.target == SHOW:
        return _show(args)
    if args.name is not None:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "cnnlab sweep takes one sweep file (or: cnnlab sweep show "
                                                         "NAME), not also {extra}."), extra=repr(args.name))
    from cnnlab.sweep.driver import run_sweep
    from cnnlab.sweep.spec import check_configurations, load_sweep

    spec = load_sweep(args.target)
    check_configurations(spec, data=args.ray is None)  # a value that cannot train is said before anything else
    stop = threading.Event()
    _stop_on_signals(stop)
    where = f"on the Ray cluster at {args.ray}" if args.ray else f"{args.workers} worker(s)"
    print(f"sweep {spec.name}: {spec.configurations} configuration(s) × {len(spec.seeds)} seed(s) = "
          f"{spec.total_runs} trials, {spec.search} search, {where}", file=sys.stderr, flush=True)
    results = run_sweep(spec, workers=args.workers, ray=args.ray, on_event=_Printer(), stop=stop)
    _print(results, args.json)
    if stop.is_set():
        said = Sentence(QT_TRANSLATE_NOOP("CoreMessage", "The sweep was stopped; its finished trials are kept: run "
                                                         "`cnnlab sweep {path}` again to continue it."),
                        path=args.target)
        print(f"cnnlab: {said}", file=sys.stderr)
        return EXIT_INTERRUPTED
    return 0


def _show(args: argparse.Namespace) -> int:
    from cnnlab.sweep.results import sweep_results

    if args.name is None:
        from cnnlab.sweep.folder import list_sweeps

        names = ", ".join(list_sweeps()) or Sentence(QT_TRANSLATE_NOOP("CoreMessage", "none yet"))
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "Name the sweep to show: cnnlab sweep show NAME (the "
                                                         "sweeps: {names})."), names=names)
    results = sweep_results(args.name)
    if args.plot:
        from cnnlab.sweep.plot import save_plot

        path = save_plot(results, args.plot)
        print(f"plot saved to {path}", file=sys.stderr)
    _print(results, args.json)
    return 0


def _print(results: SweepResults, as_json: bool) -> None:
    if as_json:
        print_json(results.to_dict())
    else:
        print(results_table(results))


def add_sweep_command(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("sweep", help="train a sweep (seeds, a grid, random or Bayesian search) from a YAML file, "
                                     "or show one's results with error bars",
                       description="cnnlab sweep FILE [--workers N] [--ray ADDRESS]: train every trial of a sweep "
                                   "file (run it again to continue an interrupted sweep). cnnlab sweep show NAME "
                                   "[--json] [--plot OUT.png]: a sweep's results, mean ± sample standard deviation "
                                   "over its seeds.")
    p.add_argument("target", metavar="FILE", help="the sweep file (YAML), or 'show' followed by a sweep's name")
    p.add_argument("name", metavar="NAME", nargs="?", help="with 'show': the sweep's name")
    p.add_argument("--workers", type=positive_int, default=1,  # one: a sweep never takes the machine unasked
                   help="trials trained at once on this machine, each in its own process with the CPU cores "
                        "shared out (default: 1)")
    p.add_argument("--ray", metavar="ADDRESS", help="train the trials as tasks on the Ray cluster at ADDRESS "
                   "(needs pip install 'cnnlab[cluster]')")
    p.add_argument("--json", action="store_true", help="print the results as one JSON object")
    p.add_argument("--plot", metavar="OUT.png", help="with 'show': also save the varied setting against test "
                   "accuracy, with error bars, as a PNG")
    p.set_defaults(func=cmd_sweep)
