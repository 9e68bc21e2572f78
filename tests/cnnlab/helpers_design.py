"""The issue's example design; a design with every layer kind and block (the zoo's new ones included), and a
hand-written torch module that computes the same network, layer for layer, with its parameters registered in the
same order."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

ISSUE_EXAMPLE = """
name: my-net
input: [1, 28, 28]        # channels, height, width
classes: 10
layers:
  - conv: {out: 8, kernel: 3, padding: 1}
  - relu
  - maxpool: {kernel: 2}
  - residual:
      - conv: {out: 8, kernel: 3, padding: 1}
      - bn
      - relu
  - flatten
  - linear: {out: 10}
"""

EVERY_KIND = """
name: every kind
input: [3, 15, 15]
classes: 10
layers:
  - gray
  - conv: {out: 8, kernel: 3, padding: 1}
  - lrn: {size: 3, alpha: 1e-3, beta: 0.5, k: 2}
  - maxpool: {kernel: 2, ceil: true}
  - residual:
      shortcut: projection
      layers:
        - conv: {out: 16, kernel: 3, stride: 2, padding: 1, bias: false}
        - bn: {eps: 0.001}
  - relu
  - residual:
      shortcut: pad
      layers: [conv: {out: 24, kernel: 3, stride: 2, padding: 1}]
  - dense: [bn, relu, conv: {out: 6, kernel: 3, padding: 1}]
  - flatten
  - linear: {out: 10}
"""
EVERY_KIND_PARAMS = (8 * 9 + 8) + (8 * 16 * 9 + 2 * 16 + 8 * 16 + 2 * 16) + (16 * 24 * 9 + 24) \
    + (2 * 24 + 24 * 6 * 9 + 6) + (30 * 2 * 2 * 10 + 10)  # counted by hand, row by row
EVERY_KIND_FLOPS = 2 * (8 * 9 * 225 + 16 * 72 * 16 + 16 * 8 * 16 + 24 * 144 * 4 + 6 * 216 * 4 + 120 * 10)


class HandEveryKind(nn.Module):
    """EVERY_KIND written by hand: (N, 3, 15, 15) -> (N, 10)."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 8, 3, padding=1)                      # (N, 8, 15, 15)
        self.lrn = nn.LocalResponseNorm(3, alpha=1e-3, beta=0.5, k=2.0)
        self.pool = nn.MaxPool2d(2, ceil_mode=True)                    # (N, 8, 8, 8): 15 / 2 rounded up
        self.conv_a = nn.Conv2d(8, 16, 3, stride=2, padding=1, bias=False)  # (N, 16, 4, 4)
        self.bn_a = nn.BatchNorm2d(16, eps=1e-3)
        self.skip_conv = nn.Conv2d(8, 16, 1, stride=2, bias=False)     # (N, 16, 4, 4)
        self.skip_bn = nn.BatchNorm2d(16)
        self.conv_b = nn.Conv2d(16, 24, 3, stride=2, padding=1)        # (N, 24, 2, 2)
        self.bn_c = nn.BatchNorm2d(24)
        self.conv_c = nn.Conv2d(24, 6, 3, padding=1)                   # (N, 6, 2, 2)
        self.fc = nn.Linear(30 * 2 * 2, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = (x * torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1)).sum(dim=1, keepdim=True)  # (N, 1, 15, 15)
        x = self.pool(self.lrn(self.conv(x)))
        x = torch.relu(self.bn_a(self.conv_a(x)) + self.skip_bn(self.skip_conv(x)))
        x = self.conv_b(x) + F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, 0, 8))  # 16 channels padded to 24
        x = torch.cat([x, self.conv_c(torch.relu(self.bn_c(x)))], dim=1)  # (N, 30, 2, 2)
        return self.fc(x.flatten(1))


def shuffle_statistics(model: nn.Module) -> None:
    """Running means and variances that are not the identity, as after training."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                assert m.running_mean is not None and m.running_var is not None
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
