"""Reports of a run for a student to hand in and a teacher to collect: ``cnnlab report`` and File ▸ Export report."""

from cnnlab.report.content import ReportContent, build_report
from cnnlab.report.render import write_pair_report, write_report

__all__ = ["ReportContent", "build_report", "write_pair_report", "write_report"]
