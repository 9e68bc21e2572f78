"""The Lessons pane: chapter 18 step by step, the book's numbers beside ours (see :mod:`ui.lessons.pane`)."""

from ui.lessons.driver import LessonDriver, StepOutcome, comparison
from ui.lessons.pane import LessonsPane, install_lessons

__all__ = ["LessonDriver", "LessonsPane", "StepOutcome", "comparison", "install_lessons"]
