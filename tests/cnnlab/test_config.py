"""TrainConfig's field metadata: complete, in step with validate(), and what the command line is built from."""

from __future__ import annotations

import argparse
import json
from typing import Any

import pytest

from cnnlab.cli import build_parser, config_from_args
from cnnlab.engine.config import TrainConfig, config_fields, form_fields, recipe_fields, resolve_config
from cnnlab.engine.data import DataRequest
from cnnlab.errors import UserError


def _subparser(name: str) -> argparse.ArgumentParser:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices[name]


def test_every_field_has_label_help_and_a_known_kind() -> None:
    infos = config_fields()
    assert [f.name for f in infos] == [f for f in TrainConfig.__dataclass_fields__]
    for f in infos:
        assert f.label.strip() and f.label[0].isupper(), f.name
        assert f.help.strip().endswith("."), f.name
        assert f.kind in ("int", "float", "str", "bool", "choice"), f.name
        assert not f.choices or f.kind == "choice"
        assert f.default == getattr(TrainConfig(), f.name)
        if f.default is None and not f.from_recipe and f.cli:
            assert f.none_means or f.name == "image_size", f"{f.name}: say what leaving it out means"
    assert recipe_fields() == ("epochs", "batch_size", "lr", "optimizer", "weight_decay", "schedule", "augment")
    assert [f.name for f in form_fields()] == ["epochs", "batch_size", "lr", "optimizer", "schedule", "augment",
                                               "weight_decay", "seed", "reproducible", "train_limit", "threads",
                                               "compile_model"]


def test_the_metadata_ranges_are_the_ones_validate_checks() -> None:
    for f in config_fields():
        def ok(value: object, name: str = f.name) -> bool:
            try:
                fields: dict[str, Any] = {name: value}  # any value, of any type: validate() is what judges it
                TrainConfig(**fields).validate()
            except UserError:
                return False
            return True

        if f.choices:
            assert all(ok(c) for c in f.choices) and not ok("no-such-choice"), f.name
        if f.min is not None:
            step = 1 if f.kind == "int" else 1e-9
            assert ok(f.min) is not f.min_open, f.name
            assert not ok(f.min - step), f.name
        if f.max is not None:
            step = 1 if f.kind == "int" else 1e-9
            assert ok(f.max) is not f.max_open, f.name
            assert not ok(f.max + step), f.name


def test_train_has_exactly_one_option_per_field_with_its_default() -> None:
    train = _subparser("train")
    by_dest: dict[str, list[argparse.Action]] = {}
    for action in train._actions:
        by_dest.setdefault(action.dest, []).append(action)
    cli_fields = [f for f in config_fields() if f.cli is not None]
    assert {f.name for f in cli_fields} == {f.name for f in config_fields()}  # every field is on the command line
    for f in cli_fields:
        actions = by_dest.get(f.name, [])
        assert len(actions) == 1, f.name
        assert actions[0].option_strings == [f.cli], f.name
        assert actions[0].default == f.default, f.name
        assert f.help.removesuffix(".") in (actions[0].help or ""), f.name
        if f.choices:
            assert tuple(actions[0].choices or ()) == f.choices, f.name
    options = [o for a in train._actions for o in a.option_strings]
    assert len(options) == len(set(options))
    assert set(options) == {f.cli for f in cli_fields} | {"-h", "--help", "--json", "--quiet",
                                                           "--resume", "--tensorboard"}  # about the run, not its config
    assert "--out" in options and "--batch-size" in options  # today's names


def test_options_left_out_are_filled_from_the_recipe() -> None:
    args = build_parser().parse_args(["train", "--dataset", "shapes", "--lr", "0.01", "--out", "x"])
    config = config_from_args(args)
    assert config == TrainConfig(dataset="shapes", lr=0.01, out_dir="x")
    assert config.epochs is None and config.batch_size is None
    resolved = resolve_config(config)
    recipe = resolve_config(TrainConfig(dataset="shapes"))
    assert resolved.lr == 0.01
    assert (resolved.epochs, resolved.batch_size, resolved.optimizer) == (recipe.epochs, recipe.batch_size,
                                                                           recipe.optimizer)


def test_shared_options_use_the_same_metadata() -> None:
    summary, train = _subparser("summary"), _subparser("train")
    for dest in ("image_size", "data_root"):
        a = next(x for x in summary._actions if x.dest == dest)
        b = next(x for x in train._actions if x.dest == dest)
        assert (a.option_strings, a.type, a.default) == (b.option_strings, b.type, b.default)


@pytest.mark.parametrize("request_", [
    DataRequest(dataset="shapes"),
    DataRequest(dataset="folder", data_root="/tmp/images", seed=3, val_fraction=0.25, train_limit=100, image_size=64),
])
def test_data_request_round_trips_through_json(request_: DataRequest) -> None:
    data = json.loads(json.dumps(request_.to_dict()))
    back = DataRequest.from_dict(data)
    assert back == request_ and hash(back) == hash(request_)
    assert set(data) == {"dataset", "data_root", "seed", "val_fraction", "train_limit", "image_size"}


def test_data_request_from_a_run_config() -> None:
    config = TrainConfig(dataset="mnist", seed=5, val_fraction=0.2, train_limit=50, data_root="/d", lr=0.1)
    saved = json.loads(json.dumps(config.to_dict()))  # as a run folder's config.json holds it
    request = DataRequest.from_dict(saved)
    assert request == DataRequest.for_config(config)
    assert request == DataRequest(dataset="mnist", data_root="/d", seed=5, val_fraction=0.2, train_limit=50)
    assert DataRequest.from_dict({"dataset": "shapes"}) == DataRequest(dataset="shapes")
