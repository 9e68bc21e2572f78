"""Chapter 18 as a course: its sections and steps, the book's numbers, finding and training each
step's run (``cnnlab chapter`` and the window's Lessons pane share it)."""

from cnnlab.chapter.sections import SECTIONS, STEPS, TABS, Section, Step, get_step, steps_of, table_steps

__all__ = ["SECTIONS", "STEPS", "TABS", "Section", "Step", "get_step", "steps_of", "table_steps"]
