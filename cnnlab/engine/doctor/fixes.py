"""Fix and rerun: the same setup with the change a diagnosis suggests, as a new run's settings and as the
``cnnlab train`` options that make it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from cnnlab.engine.config import TrainConfig, config_field
from cnnlab.engine.doctor.diagnosis import Diagnosis
from cnnlab.errors import UserError
from cnnlab.i18n import QT_TRANSLATE_NOOP


def fixed_config(config: TrainConfig | dict[str, Any], diagnosis: Diagnosis) -> TrainConfig:
    """``config`` (a TrainConfig, or a run folder's saved settings) with ``diagnosis.fix`` applied, in a new run
    folder; every other setting (seed included) is the same, so the two runs differ only by the fix."""
    if not diagnosis.fix:
        raise UserError(QT_TRANSLATE_NOOP("CoreMessage", "No change of settings fixes this finding ({code}): it "
                                                         "is about the data, not the training."),
                        code=diagnosis.code)
    base = TrainConfig.from_dict(config) if isinstance(config, dict) else config
    fixed = replace(base, **{k: v for k, v in diagnosis.fix.items() if k in TrainConfig.__dataclass_fields__},
                    out_dir=None)
    fixed.validate()
    return fixed


def fix_options(diagnosis: Diagnosis) -> str:
    """The fix as ``cnnlab train`` options: "--lr 0.001", "--augment shift", "no --train-limit" (a setting put back
    to its default); "" when there is none."""
    parts = []
    for key, value in diagnosis.fix.items():
        option = config_field(key).cli if key in TrainConfig.__dataclass_fields__ else None
        if not option:
            continue
        if value is None:
            parts.append(f"no {option}")
        else:
            parts.append(f"{option} {value:g}" if isinstance(value, float) else f"{option} {value}")
    return " ".join(parts)
