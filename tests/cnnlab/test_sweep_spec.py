"""Sweep files: what a good one means, and one sentence naming the key for every bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from cnnlab.cli import main
from cnnlab.sweep.spec import SweepError, load_sweep, parse_sweep

ISSUE_EXAMPLE = """\
name: lr-and-seeds
base: {dataset: shapes, model: shape-cnn, epochs: 5}
vary:                      # a list is a grid axis; {min, max, log} a range to search
  lr: [0.001, 0.003, 0.01]
  seed: [1, 2, 3]          # repeats
search: grid               # grid | random | tpe
trials: 20                 # for random and tpe
"""


def write(tmp_path: Path, text: str, name: str = "sweep.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_issues_example_is_a_grid_of_three_rates_each_with_three_seeds(tmp_path: Path) -> None:
    spec = load_sweep(write(tmp_path, ISSUE_EXAMPLE))
    assert spec.name == "lr-and-seeds" and spec.search == "grid"
    assert spec.base == {"dataset": "shapes", "model": "shape-cnn", "epochs": 5}
    assert spec.varied == ("lr",) and spec.seeds == (1, 2, 3)
    assert spec.grid() == [{"lr": 0.001}, {"lr": 0.003}, {"lr": 0.01}]
    assert (spec.configurations, spec.total_runs) == (3, 9)  # trials: 20 is for random and tpe only
    assert spec.prune is None  # a grid is never cut short: every configuration gets its error bar
    config = spec.train_config({"lr": 0.003}, 2, threads=1)
    assert (config.lr, config.seed, config.epochs, config.reproducible, config.threads) == (0.003, 2, 5, True, 1)
    assert parse_sweep(spec.to_dict()) == spec  # what the manifest keeps reads back as the same sweep


def test_a_search_samples_ranges_and_choices_and_prunes_by_default(tmp_path: Path) -> None:
    (tmp_path / "nets").mkdir()
    spec = load_sweep(write(tmp_path, """\
name: search-1
base: {dataset: shapes}
vary:
  lr: {min: 0.0001, max: 0.1, log: true}
  batch_size: {min: 16, max: 128}
  optimizer: [adam, sgd]
  model: [shape-cnn, nets/my.yaml]
search: tpe
trials: 7
first: [{lr: 0.003, optimizer: adam}]
"""))
    lr, batch, optimizer, model = spec.axes
    assert (lr.low, lr.high, lr.log, batch.low, batch.high, batch.log) == (0.0001, 0.1, True, 16, 128, False)
    assert optimizer.values == ("adam", "sgd")
    assert model.values == ("shape-cnn", str(tmp_path / "nets" / "my.yaml"))  # relative to the sweep file
    assert spec.seeds == (0,) and (spec.configurations, spec.total_runs) == (7, 7)
    assert spec.prune is not None and spec.first == ({"lr": 0.003, "optimizer": "adam"},)
    assert type(batch.distribution()).__name__ == "IntDistribution"
    assert type(lr.distribution()).__name__ == "FloatDistribution" and lr.distribution().log


BAD = [  # (file text, what the one sentence must name)
    ("name: x\nvary: {lr: [0.1]}\nsearh: grid\n", "searh"),
    ("vary: {lr: [0.1]}\n", "the name entry is missing"),
    ("name: 'my sweep!'\nvary: {lr: [0.1]}\n", "name"),
    ("name: x\nbase: {dataset: shapes, epocs: 3}\nvary: {lr: [0.1]}\n", "base.epocs"),
    ("name: x\nbase: {epochs: five}\nvary: {lr: [0.1]}\n", "base.epochs"),
    ("name: x\nbase: {epochs: 0}\nvary: {lr: [0.1]}\n", "base.epochs"),
    ("name: x\nbase: {out_dir: /tmp/x}\nvary: {lr: [0.1]}\n", "base.out_dir"),
    ("name: x\nbase: {reproducible: false}\nvary: {lr: [0.1]}\n", "base.reproducible"),
    ("name: x\nvary: {lr: [0.1, -1]}\n", "vary.lr"),
    ("name: x\nvary: {lr: 0.1}\n", "vary.lr"),
    ("name: x\nvary: {lr: []}\n", "vary.lr"),
    ("name: x\nvary: {lr: [0.1, 0.1]}\n", "vary.lr"),
    ("name: x\nvary: {lr: {min: 0.1, max: 0.01}}\nsearch: random\n", "vary.lr"),
    ("name: x\nvary: {lr: {min: 0, max: 0.01, log: true}}\nsearch: random\n", "vary.lr"),
    ("name: x\nvary: {lr: {min: 0.001, max: 0.01}}\n", "vary.lr"),  # a range in a grid
    ("name: x\nvary: {optimizer: {min: 1, max: 2}}\nsearch: random\n", "vary.optimizer"),
    ("name: x\nvary: {optimizer: [adam, lion]}\n", "vary.optimizer"),
    ("name: x\nvary: {dataset: [shapes, colors]}\n", "vary.dataset"),
    ("name: x\nvary: {seed: [1, -2]}\n", "vary.seed"),
    ("name: x\nbase: {lr: 0.1}\nvary: {lr: [0.1]}\n", "vary.lr"),
    ("name: x\nvary: {seed: [1, 2]}\nsearch: random\n", "vary"),
    ("name: x\nvary: {lr: [0.1]}\nsearch: bayes\n", "search"),
    ("name: x\nvary: {lr: [0.1]}\nsearch: random\ntrials: 0\n", "trials"),
    ("name: x\nvary: {lr: [0.1]}\nprune: {startup_trials: -1}\n", "prune.startup_trials"),
    ("name: x\nvary: {lr: [0.1, 0.2]}\nsearch: random\nfirst: [{lr: 0.3}]\n", "first[1].lr"),
    ("name: x\nvary: {lr: [0.1]}\nfirst: [{lr: 0.1}]\n", "first"),
    ("name: x\nvary: {lr: [0.1]}\nresources: {cpus: 0}\n", "resources.cpus"),
    ("- just\n- a list\n", "not a list"),
    ("name: x\nvary: {lr: [0.1\n", "not valid YAML"),
]


@pytest.mark.parametrize(("text", "named"), BAD)
def test_a_bad_sweep_file_is_one_sentence_naming_the_key(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         text: str, named: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SweepError) as caught:
        load_sweep(path)
    said = str(caught.value)
    assert named in said and str(path) in said and "\n" not in said
    assert main(["sweep", str(path)]) == 2  # the command says it in the same one sentence, exit code 2
    err = capsys.readouterr().err
    assert err == f"cnnlab: {said}\n"


def test_a_value_that_cannot_train_is_named_before_anything_trains(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CNNLAB_RUNS", str(tmp_path / "runs"))
    path = write(tmp_path, "name: x\nbase: {dataset: shapes, epochs: 1}\nvary: {model: [shape-cnn, no-such-net]}\n")
    assert main(["sweep", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"cnnlab: In the sweep file {path}, vary.model: Unknown model 'no-such-net'")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "runs").exists()  # nothing was made: no sweep folder, no run folder
    empty = tmp_path / "empty"
    empty.mkdir()
    no_data = write(tmp_path, f"name: y\nbase: {{dataset: mnist, data_root: {empty}}}\nvary: {{lr: [0.1]}}\n", "m.yaml")
    assert main(["sweep", str(no_data)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"cnnlab: In the sweep file {no_data}, base.dataset: ") and err.count("\n") == 1
    assert str(empty) in err
    missing = tmp_path / "nowhere.yaml"
    assert main(["sweep", str(missing)]) == 2
    assert capsys.readouterr().err == f"cnnlab: The sweep file {missing} does not exist.\n"


def test_the_plot_draws_each_configurations_mean_with_its_spread(tmp_path: Path) -> None:
    """Optimizers side by side on the x axis, one line per learning rate; the points are the means (%), the bars
    the sample standard deviations, computed here by hand."""
    from PIL import Image

    from cnnlab.sweep.plot import draw, save_plot
    from cnnlab.sweep.results import ConfigResult, SweepResults

    spec = parse_sweep({"name": "opt", "vary": {"optimizer": ["adam", "sgd"], "lr": [0.01, 0.1]}})
    accs = {("adam", 0.01): [0.90, 0.92], ("sgd", 0.01): [0.80, 0.86], ("adam", 0.1): [0.5, 0.7],
            ("sgd", 0.1): [0.6]}
    configs = [ConfigResult({"optimizer": o, "lr": lr}, seeds=list(range(len(a))), runs=[""] * len(a), test_acc=a)
               for (o, lr), a in accs.items()]
    results = SweepResults("opt", spec, tmp_path, configs)
    ax = draw(results).axes[0]
    series = {c.get_label(): c.lines for c in ax.containers}  # errorbar: (data line, caps, bars) per label
    assert sorted(series) == ["lr=0.01", "lr=0.1"]
    assert list(series["lr=0.01"][0].get_ydata()) == pytest.approx([91.0, 83.0])
    assert list(series["lr=0.1"][0].get_ydata()) == pytest.approx([60.0, 60.0])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["adam", "sgd"]
    spans = [seg[1][1] - seg[0][1] for seg in series["lr=0.01"][2][0].get_segments()]  # a bar is 2 std long
    assert spans == pytest.approx([2 * 100 * 0.02 / 2 ** 0.5, 2 * 100 * 0.06 / 2 ** 0.5])
    assert [seg[1][1] - seg[0][1] for seg in series["lr=0.1"][2][0].get_segments()] == pytest.approx(
        [2 * 100 * 0.2 / 2 ** 0.5, 0.0])  # one run: no spread to draw
    out = save_plot(results, tmp_path / "opt.png")
    with Image.open(out) as image:
        assert image.format == "PNG"
