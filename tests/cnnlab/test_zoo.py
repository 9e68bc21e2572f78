"""The model zoo: every registered model builds for the chapter's image shapes, learns and summarises;
the classic networks match torchvision's parameter counts or their papers' layer tables at 224×224."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import pytest
import torch
import torchvision
from torch import nn
from torch.nn import functional as F

from cnnlab.engine.recipes import recipe_for
from cnnlab.engine.steps import classification_loss
from cnnlab.errors import ModelError
from cnnlab.models import build_model, get_model_spec, list_models, summarize
from cnnlab.models.googlenet import GoogLeNet

ALL = list_models()
ZOO = [n for n in ALL if get_model_spec(n).card.family != "chapter"]
SMALL = [(1, 28, 10), (3, 32, 7)]  # (channels, side, classes): MNIST-like and CIFAR-like inputs
BATCH = 2  # the smallest batch batch norm accepts in training mode


@pytest.fixture(autouse=True, scope="module")
def _one_thread() -> Iterator[None]:
    """Batches of two gain nothing from a second thread, and on a shared CPU its spin-waits cost seconds."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _build(name: str, channels: int, side: int, classes: int, **options: object) -> nn.Module:
    torch.manual_seed(0)
    return build_model(name, in_channels=channels, image_size=side, num_classes=classes, **options)


def _count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def _meta_count(name: str, **options: object) -> int:
    """Parameters at 224×224 RGB with 1000 classes, built on the meta device (no memory, no init cost)."""
    with torch.device("meta"):
        return _count(build_model(name, in_channels=3, image_size=224, num_classes=1000, **options))


def test_the_lectures_classic_models_are_registered_with_cards() -> None:
    assert {"lenet5", "alexnet", "zfnet", "vgg11", "vgg16", "googlenet", "resnet18", "resnet20",
            "densenet121"} <= set(ZOO)
    for name in ZOO:
        card = get_model_spec(name).card
        assert card.year and 1990 < card.year < 2030, name
        assert card.authors and card.paper and card.idea and card.notes, name


@pytest.mark.parametrize("name", ZOO)
def test_every_classic_model_has_its_own_recipes(name: str) -> None:
    generic = recipe_for("mnist", "a-model-without-recipes")
    assert recipe_for("mnist", name) != generic
    assert recipe_for("cifar10", name).augment == "flip+shift"  # CIFAR objects survive flips and shifts


@pytest.mark.parametrize("name", ZOO)
def test_builders_are_keyword_only(name: str) -> None:
    params = inspect.signature(get_model_spec(name).builder).parameters.values()
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params)


@pytest.mark.parametrize("channels, side, classes", SMALL)
@pytest.mark.parametrize("name", ALL)
def test_forward_on_small_images(name: str, channels: int, side: int, classes: int) -> None:
    model = _build(name, channels, side, classes)
    x = torch.randn(BATCH, channels, side, side)
    model.eval()
    with torch.no_grad():
        y = model(x)
    assert isinstance(y, torch.Tensor) and y.shape == (BATCH, classes)
    assert torch.isfinite(y).all()
    model.train()
    with torch.no_grad():
        out = model(x)
    outputs = out if isinstance(out, tuple) else (out,)
    assert all(o.shape == (BATCH, classes) for o in outputs)
    assert len(outputs) == (3 if name == "googlenet" else 1)


@pytest.mark.parametrize("name", ALL)
def test_gradients_reach_the_first_layer(name: str) -> None:
    model = _build(name, 1, 28, 10)
    model.train()
    out = model(torch.randn(BATCH, 1, 28, 28))
    loss, _ = classification_loss(out, torch.tensor([3, 7]), float(getattr(model, "aux_weight", 0.3)))
    loss.backward()
    first = next(m for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear)))
    assert first.weight.grad is not None and first.weight.grad.abs().sum() > 0


@pytest.mark.parametrize("channels, side, classes", SMALL)
def test_googlenet_adds_two_auxiliary_heads_in_training_only(channels: int, side: int, classes: int) -> None:
    model = _build("googlenet", channels, side, classes)
    assert isinstance(model, GoogLeNet)
    assert model.aux_weight == 0.3  # the paper's weighting
    x, target = torch.randn(BATCH, channels, side, side), torch.tensor([0, 1])
    model.train()
    torch.manual_seed(1)
    logits, aux1, aux2 = model(x)
    assert aux1.shape == aux2.shape == (BATCH, classes)
    loss, main = classification_loss((logits, aux1, aux2), target, model.aux_weight)
    expected = F.cross_entropy(logits, target) + 0.3 * (F.cross_entropy(aux1, target) + F.cross_entropy(aux2, target))
    assert torch.allclose(loss, expected) and main is logits
    model.eval()
    with torch.no_grad():
        assert model(x).shape == (BATCH, classes)


@pytest.mark.parametrize("channels, side, classes", SMALL)
@pytest.mark.parametrize("name", ALL)
def test_summary_lists_every_parameter_once(name: str, channels: int, side: int, classes: int) -> None:
    model = _build(name, channels, side, classes)
    summary = summarize(model, (channels, side, side))
    assert summary.total_params == _count(model)
    assert summary.rows and summary.rows[-1].output_shape == [classes]
    # GoogLeNet's auxiliary heads only run in training, so the evaluation table leaves them out.
    unused = sum(_count(m) for n, m in model.named_children() if n.startswith("aux"))
    assert sum(r.params for r in summary.rows) == summary.total_params - unused


@pytest.mark.parametrize("name, block, note, count", [
    ("googlenet", "Inception", "concat of 4 branches", 9),        # 3a-3b, 4a-4e, 5a-5b
    ("googlenet", "Branch", "1×1 reduce → 5×5", 9),               # the paper's 5×5 branch in every module
    ("resnet18", "BasicBlock", "out = ReLU(F(x) +", 8),           # four stages of two blocks
    ("resnet18", "Projection", "projection shortcut 1×1, S=2", 3),  # where stages 2-4 halve the map
    ("resnet20", "BasicBlock", "out = ReLU(F(x) +", 9),           # three stages of three blocks
    ("resnet20", "ZeroPadShortcut", "S=2", 2),                    # option A where stages 2-3 begin
    ("densenet121", "DenseLayer", "concat(x, F(x))", 6 + 12 + 24 + 16),
    ("densenet121", "Transition", "transition", 3),
])
def test_summary_shows_branches_skips_and_concatenations(name: str, block: str, note: str, count: int) -> None:
    summary = summarize(_build(name, 3, 32, 10), (3, 32, 32))
    rows = [r for r in summary.rows if r.type == block and note in r.note]
    assert len(rows) == count
    if block != "ZeroPadShortcut":  # the others hold layers, listed right below them and indented
        assert all(summary.rows[r.index].depth == r.depth + 1 for r in rows)  # index is 1-based
    text = summary.to_text().splitlines()
    assert sum(1 for line in text if f" {block} " in line and note in line) == count


@pytest.mark.parametrize("name, layers", [
    ("lenet5", 5), ("alexnet", 8), ("zfnet", 8), ("vgg11", 11), ("vgg16", 16),
    ("resnet18", 18), ("resnet20", 20), ("densenet121", 121),
])
def test_the_number_in_the_name_counts_the_weight_layers(name: str, layers: int) -> None:
    with torch.device("meta"):
        model = build_model(name, in_channels=3, image_size=32, num_classes=10)
    shortcuts = {id(m) for s in model.modules() if type(s).__name__ == "Projection" for m in s.modules()}
    weighted = [m for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear)) and id(m) not in shortcuts]
    assert len(weighted) == layers


@pytest.mark.parametrize("name, options, reference", [
    ("vgg11", {}, lambda: torchvision.models.vgg11()),
    ("vgg11", {"batch_norm": True}, lambda: torchvision.models.vgg11_bn()),
    ("vgg16", {}, lambda: torchvision.models.vgg16()),
    ("vgg16", {"batch_norm": True}, lambda: torchvision.models.vgg16_bn()),
    ("googlenet", {"wide_kernel": 3}, lambda: torchvision.models.googlenet(aux_logits=True, init_weights=False)),
    ("resnet18", {}, lambda: torchvision.models.resnet18()),
    ("densenet121", {}, lambda: torchvision.models.densenet121()),
])
def test_imagenet_parameter_counts_equal_torchvision(name: str, options: dict, reference) -> None:
    with torch.device("meta"):
        expected = _count(reference())
    assert _meta_count(name, **options) == expected


def test_googlenet_default_has_the_papers_5x5_branches() -> None:
    # Table 1: (#5×5 reduce, #5×5) of 3a, 3b, 4a-4e, 5a, 5b; a 5×5 kernel has 25 - 9 more weights than a 3×3.
    five = [(16, 32), (32, 96), (16, 48), (24, 64), (24, 64), (32, 64), (32, 128), (32, 128), (48, 128)]
    extra = sum(r * c * (25 - 9) for r, c in five)
    assert _meta_count("googlenet") == _meta_count("googlenet", wide_kernel=3) + extra == 13_385_816


def test_alexnet_follows_the_papers_layer_table() -> None:
    def conv(cin, cout, k, groups=1):
        return cout * (cin // groups) * k * k + cout
    def fc(cin, cout):
        return cin * cout + cout
    expected = (conv(3, 96, 11) + conv(96, 256, 5, 2) + conv(256, 384, 3) + conv(384, 384, 3, 2)
                + conv(384, 256, 3, 2) + fc(256 * 6 * 6, 4096) + fc(4096, 4096) + fc(4096, 1000))
    assert _meta_count("alexnet") == expected == 60_965_224


def test_zfnet_follows_the_papers_layer_table() -> None:
    def conv(cin, cout, k):
        return cout * cin * k * k + cout
    def fc(cin, cout):
        return cin * cout + cout
    expected = (conv(3, 96, 7) + conv(96, 256, 5) + conv(256, 384, 3) + conv(384, 384, 3) + conv(384, 256, 3)
                + fc(256 * 6 * 6, 4096) + fc(4096, 4096) + fc(4096, 1000))
    assert _meta_count("zfnet") == expected == 62_357_608


@pytest.mark.parametrize("name, first_fc", [("alexnet", 256 * 6 * 6), ("zfnet", 256 * 6 * 6), ("vgg16", 512 * 7 * 7)])
def test_imagenet_inputs_reach_the_papers_feature_size(name: str, first_fc: int) -> None:
    with torch.device("meta"):
        model = build_model(name, in_channels=3, image_size=224, num_classes=1000)
        fc = next(m for m in model.modules() if isinstance(m, nn.Linear))
        assert fc.in_features == first_fc
        assert model(torch.zeros(1, 3, 224, 224)).shape == (1, 1000)


@pytest.mark.parametrize("channels, side", [(1, 28), (3, 32)])
def test_lenet5_has_the_1998_layer_sizes(channels: int, side: int) -> None:
    summary = summarize(_build("lenet5", channels, side, 10), (channels, side, side))
    shapes = {r.name: r.output_shape for r in summary.rows}
    assert shapes["conv1"] == [6, 28, 28] and shapes["pool1"] == [6, 14, 14]
    assert shapes["conv2"] == [16, 10, 10] and shapes["pool2"] == [16, 5, 5]
    assert shapes["fc1"] == [120] and shapes["fc2"] == [84] and shapes["fc3"] == [10]
    # C1 6·(c·25 + 1), C3 16·(6·25 + 1), C5 400·120 + 120, F6 120·84 + 84, output 84·10 + 10
    assert summary.total_params == 6 * (channels * 25 + 1) + 16 * 151 + 48_120 + 10_164 + 850


def test_resnet20_is_the_papers_027m_cifar_network() -> None:
    model = _build("resnet20", 3, 32, 10)
    assert 260_000 <= _count(model) <= 280_000
    summary = summarize(model, (3, 32, 32))
    stages = [r.output_shape for r in summary.rows if r.type == "Stage"]
    assert stages == [[16, 32, 32], [32, 16, 16], [64, 8, 8]]


@pytest.mark.parametrize("name", ZOO)
def test_images_too_small_for_the_network_are_a_model_error(name: str) -> None:
    with pytest.raises(ModelError) as info:
        build_model(name, in_channels=1, image_size=4, num_classes=10)
    message = str(info.value)
    assert message.endswith(".") and "\n" not in message and "4×4" in message
