"""Loss and accuracy of the batches trained so far in an epoch, and of the window since the last report.

Totals stay on the device (no sync per batch); a report reads them back once. Epoch figures are
sums over batches, so they never depend on how often progress was reported.
"""

from __future__ import annotations

import torch


class MetricMeter:
    """One epoch's running totals; ``window()`` gives the means since its previous call."""

    def __init__(self, device: torch.device) -> None:
        self.loss = torch.zeros((), device=device)  # () sum of batch-mean loss × batch size
        self.correct = torch.zeros((), device=device, dtype=torch.long)  # () right answers so far
        self.seen = 0  # images so far this epoch
        self._shown = (0.0, 0, 0)  # (loss, correct, seen) totals at the previous window: nothing yet

    def add(self, loss: torch.Tensor, logits: torch.Tensor, target: torch.Tensor) -> None:
        """``loss``: () batch mean; ``logits``: (B, K); ``target``: (B,) class indices."""
        self.loss.add_(loss.detach(), alpha=len(target))  # no autograd involved: detached / integer ops
        self.correct.add_((logits.argmax(1) == target).sum())
        self.seen += len(target)

    def window(self) -> tuple[float, float]:
        """Mean loss and accuracy over the images since the previous call (one device sync)."""
        total_loss, total_correct = self.loss.item(), int(self.correct.item())
        shown_loss, shown_correct, shown_seen = self._shown
        n_win = self.seen - shown_seen
        self._shown = (total_loss, total_correct, self.seen)
        return (total_loss - shown_loss) / n_win, (total_correct - shown_correct) / n_win

    def epoch(self) -> tuple[float, float]:
        """Mean loss and accuracy over the whole epoch so far."""
        return self.loss.item() / max(self.seen, 1), self.correct.item() / max(self.seen, 1)
