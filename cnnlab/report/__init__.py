"""Reports of a run for a student to hand in and a teacher to collect: ``cnnlab report`` and File ▸ Export report.

The names below are imported when first used, so ``cnnlab --help`` does not load what reports draw with."""

from typing import TYPE_CHECKING

from cnnlab.lazy import lazy_attributes

if TYPE_CHECKING:
    from cnnlab.report.content import ReportContent, build_report
    from cnnlab.report.render import write_pair_report, write_report

__all__ = ["ReportContent", "build_report", "write_pair_report", "write_report"]
__getattr__ = lazy_attributes(__name__, {"ReportContent": "content", "build_report": "content",
                                         "write_report": "render", "write_pair_report": "render"})
