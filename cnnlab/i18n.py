"""Marking the core's user-visible texts for translation, without Qt.

The core stays English and Qt-free; a front end translates at display time. ``pyside6-lupdate``
finds translatable texts by the name of the function around them, so marking a text with
``QT_TRANSLATE_NOOP(context, text)`` (an identity function here) puts it into the ``.ts`` files,
and the window shows ``QCoreApplication.translate(context, text)``. Contexts the core uses:

* ``TrainConfig`` — the config fields' labels and help sentences;
* ``Dataset`` — dataset titles and descriptions;
* ``Classes`` — class names (red, T-shirt/top, airplane ...);
* ``ModelCard`` — model card titles and notes;
* ``CoreMessage`` — UserError sentences: ``{name}`` templates, carried with their values by
  :class:`cnnlab.errors.Sentence`.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """``text`` unchanged; marks it as translatable in ``context`` for ``pyside6-lupdate``."""
    del context
    return text
