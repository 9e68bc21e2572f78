"""Shared torch settings for the core's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import torch


@pytest.fixture
def one_thread() -> Iterator[None]:
    """Run a test on one intra-op thread, then restore the setting.

    The chapter's networks are too small to gain from a second thread; on a busy two-core
    machine the second one mostly waits for a core and makes small batches several times slower.
    """
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
