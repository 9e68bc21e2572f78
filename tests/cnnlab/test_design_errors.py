"""Bad designs and bad files, each explained by one exact sentence at the row where it breaks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cnnlab.design.build import build_design, check_fit
from cnnlab.design.files import load_design, parse_design
from cnnlab.errors import DesignError


def net(*layers: Any, classes: int = 10, shape: tuple[int, int, int] = (1, 12, 12)) -> dict[str, Any]:
    return {"name": "t", "input": list(shape), "classes": classes, "layers": list(layers)}


CONV3 = {"conv": {"out": 8, "kernel": 3, "padding": 1}}
POOL2 = {"maxpool": {"kernel": 2}}
HEAD = ["flatten", {"linear": {"out": 10}}]

BAD: list[tuple[Any, str]] = [  # (the file's data, the sentence it must produce)
    (net(CONV3, "relu", POOL2, CONV3, POOL2, {"conv": {"out": 8, "kernel": 5}}, *HEAD),
     "row 6: kernel 5 on a 3×3 input, after two poolings; use a kernel of at most 3, pad the input, or remove a "
     "pooling before it."),
    (net({"conv": {"out": 8, "kernel": 13}}, *HEAD),
     "row 1: kernel 13 on a 12×12 input; use a kernel of at most 12, pad the input, or remove a pooling before it."),
    (net(POOL2, POOL2, POOL2, POOL2, *HEAD),
     "row 4: pooling 2 on a 1×1 input, after three poolings leaves a 0×0 output; remove this pooling or use a "
     "kernel of at most 1."),
    (net(CONV3, {"residual": [{"conv": {"out": 16, "kernel": 3, "padding": 1}}, "relu"]}, *HEAD),
     "row 2: the residual block turns its 8×12×12 input into 16×12×12, so the two cannot be added; keep 8 channels "
     "and the size inside it (stride 1, padding (kernel − 1) / 2), or give the block shortcut: projection."),
    (net(CONV3, {"linear": {"out": 10}}),
     "row 2: linear gets a 8×12×12 input; add a flatten row before it (it then gets 1152 numbers)."),
    (net(CONV3, "flatten", {"linear": {"out": 10, "in": 1000}}),
     "row 3: linear expects 1000 inputs but gets 1152; set in: 1152, or leave in out to have it counted."),
    (net(CONV3, "flatten", {"linear": {"out": 9}}),
     "row 3: the last layer gives 9 outputs but the design has 10 classes; give it out: 10, or set classes: 9."),
    (net(CONV3, "relu"),
     "The network ends with a 8×12×12 output, not 10 class scores; end it with flatten and linear: {out: 10}."),
    (net("flatten", CONV3, *HEAD),
     "row 2: conv needs a channels×height×width input, but gets 144 numbers after the flatten in row 1; move it "
     "before the flatten."),
    (net({"branches": [[CONV3], [{"conv": {"out": 4, "kernel": 3}}]]}, *HEAD),
     "row 1: the branches give 8×12×12, 4×10×10 outputs, which cannot be joined on channels; give every branch "
     "the same height and width (the same strides and paddings, no flatten)."),
    (net({"conv": {"out": 6, "kernel": 3, "groups": 4}}, *HEAD),
     "row 1: groups 4 must divide both the 1 input channels and the 6 output channels."),
    (net({"maxpool": {"kernel": 2, "padding": 2}}, *HEAD),
     "row 1: padding 2 is more than half the kernel 2; a pooling pads at most 1."),
    (net("gray", *HEAD, shape=(2, 8, 8)),
     "row 1: gray turns 3 colour channels into 1, but gets 2; remove it or use a 1- or 3-channel input."),
    (net(CONV3, {"residual": {"shortcut": "pad", "layers": [{"conv": {"out": 4, "kernel": 3, "padding": 1}}]}},
         *HEAD),
     "row 2: a pad shortcut adds zero channels to the 8 input channels, but the block's layers give 4, fewer; use "
     "shortcut: projection."),
    (net(CONV3, {"residual": {"shortcut": "projection", "layers": [{"conv": {"out": 16, "kernel": 3}}]}}, *HEAD),
     "row 2: the projection shortcut with stride 1 turns the 8×12×12 input into 12×12, but the block's layers give "
     "16×10×10; pad its convolutions by (kernel − 1) / 2 so that only strides shrink the map."),
    (net(CONV3, {"residual": {"shortcut": "projection", "layers": ["flatten"]}}, *HEAD),
     "row 2: a projection shortcut needs a channels×height×width input and output, but the block turns 8×12×12 "
     "into 1152; remove the flatten or use a plain residual."),
    (net(CONV3, {"dense": [{"conv": {"out": 4, "kernel": 3, "stride": 2, "padding": 1}}]}, *HEAD),
     "row 2: the dense block turns its 8×12×12 input into 4×6×6, so the two cannot be joined on channels; keep the "
     "height and width inside it (stride 1, padding (kernel − 1) / 2, no pooling or flatten)."),
    (net(CONV3, "flatten", {"lrn": {"size": 5}}, {"linear": {"out": 10}}),
     "row 3: lrn needs a channels×height×width input, but gets 1152 numbers after the flatten in row 2; move it "
     "before the flatten."),
    # bad values in the file
    (net({"lrn": {"alpha": 1e-4}}, *HEAD), "row 1: lrn needs its size setting."),
    (net({"lrn": {"size": 0}}, *HEAD), "row 1: size of lrn must be a whole number of at least 1, not 0."),
    (net({"lrn": {"size": 5, "beta": -0.75}}, *HEAD), "row 1: beta of lrn must be a number above 0, not -0.75."),
    (net({"lrn": {"size": 5, "k": "two"}}, *HEAD), "row 1: k of lrn must be a number above 0, not 'two'."),
    (net({"bn": {"eps": 0}}, *HEAD), "row 1: eps of bn must be a number above 0, not 0."),
    (net({"maxpool": {"kernel": 2, "ceil": "yes"}}, *HEAD), "row 1: ceil of maxpool must be true or false, not 'yes'."),
    (net({"residual": {"shortcut": "conv", "layers": ["relu"]}}, *HEAD),
     "row 1: shortcut of residual is one of identity, projection, pad, not 'conv'."),
    (net({"residual": {"shortcut": "pad"}}, *HEAD), "row 1: residual needs its layers setting."),
    (net({"residual": {"skip": "pad", "layers": ["relu"]}}, *HEAD),
     "row 1: residual has no setting 'skip'; it takes shortcut, layers."),
    (net({"dense": "relu"}, *HEAD), "row 1: a block holds a list of at least one layer, not 'relu'."),
    ({"input": [1, 28, 28], "classes": 10, "layers": HEAD, "note": ["a"]}, "note must be a text, not a list."),
    (net({"conv": {"out": 8}}, *HEAD), "row 1: conv needs its kernel setting."),
    (net({"conv": {"out": 0, "kernel": 3}}, *HEAD), "row 1: out of conv must be a whole number of at least 1, not 0."),
    (net({"conv": {"out": 8, "kernel": 3, "size": 2}}, *HEAD),
     "row 1: conv has no setting 'size'; it takes out, kernel, stride, padding, groups, bias."),
    (net({"relu": {"inplace": True}}, *HEAD), "row 1: relu takes no settings, but has 'inplace'."),
    (net("softmax", *HEAD), "row 1: there is no layer kind 'softmax'; use one of conv, maxpool, avgpool, gap, bn, "
     "lrn, relu, sigmoid, tanh, dropout, flatten, linear, gray, residual, branches, dense."),
    (net({"dropout": {"p": 1.5}}, *HEAD),
     "row 1: p of dropout must be a number from 0 up to (not including) 1, not 1.5."),
    (net({"residual": []}, *HEAD), "row 1: a block holds a list of at least one layer, not a list."),
    (net({"residual": ["relu", {"conv": {"kernel": 3}}]}, *HEAD), "row 1.2: conv needs its out setting."),
    (net({"branches": [["relu"], ["relu", "softmax"]]}, *HEAD),
     "row 1.b2.2: there is no layer kind 'softmax'; use one of conv, maxpool, avgpool, gap, bn, lrn, relu, "
     "sigmoid, tanh, dropout, flatten, linear, gray, residual, branches, dense."),
    (net({"conv": {"out": 8, "kernel": 3, "bias": "no"}}, *HEAD),
     "row 1: bias of conv must be true or false, not 'no'."),
    ({"input": [1, 28], "classes": 10, "layers": HEAD},
     "input must be three whole numbers of at least 1 (channels, height, width), not a list."),
    ({"input": [1, 28, 28], "classes": 1, "layers": HEAD}, "classes must be a whole number of at least 2, not 1."),
    ({"input": [1, 28, 28], "classes": 10}, "The design has no layers entry."),
    ({"input": [1, 28, 28], "classes": 10, "layers": HEAD, "optimizer": "adam"},
     "The design has an entry 'optimizer', which is not one of name, input, classes, layers, note."),
    ([1, 2], "A design is a table with name, input, classes and layers, not a list."),
]


@pytest.mark.parametrize(("data", "sentence"), BAD, ids=[s[:40] for _, s in BAD])
def test_a_bad_design_is_one_exact_sentence(data: Any, sentence: str) -> None:
    with pytest.raises(DesignError) as info:
        build_design(parse_design(data))
    assert str(info.value) == sentence


def test_a_design_that_does_not_fit_the_data_says_what_would() -> None:
    design = parse_design(net(*HEAD))
    with pytest.raises(DesignError) as info:
        check_fit(design, (3, 32, 32), 10, "cifar10")
    assert str(info.value) == "The design t takes 1×12×12 images but cifar10 has 3×32×32; set input: [3, 32, 32] " \
                              "in the design."
    with pytest.raises(DesignError) as info:
        check_fit(design, (1, 12, 12), 5, "shapes")
    assert str(info.value) == "The design t has 10 classes but shapes has 5; set classes: 5 and out: 5 on its last " \
                              "linear layer."


def test_unreadable_files_are_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(DesignError, match=r"^The design file .*nothing\.yaml does not exist\.$"):
        load_design(tmp_path / "nothing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("input: [1, 28, 28\nclasses: 10\n", encoding="utf-8")
    with pytest.raises(DesignError) as info:
        load_design(broken)
    assert str(info.value).startswith(f"The design file {broken} is not valid YAML (line ")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(DesignError, match="cannot be read: it is not UTF-8 text"):
        load_design(binary)
