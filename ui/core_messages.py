"""The core's common UserError sentences as ``{0}`` templates, for :func:`ui.i18n.core_message`.

The core (Qt-free, English) words its sentences with the values in them ("The run folder /x does
not exist."); the window translates a sentence by finding the template it fits and translating
the template (context ``CoreMessage``), values kept as they are. Sentences without values are
marked where the core raises them; these are the ones a student meets in the window: missing data,
unreadable files and run folders, devices, memory. A sentence that fits none stays English.
"""

from __future__ import annotations

from cnnlab.i18n import QT_TRANSLATE_NOOP

TEMPLATES: tuple[str, ...] = (
    # data
    QT_TRANSLATE_NOOP("CoreMessage", "{0} was not found (looked in {1}); run 'cnnlab data download {2}' or pass "
                      "--data-root pointing to a folder with the four IDX files."),
    QT_TRANSLATE_NOOP("CoreMessage", "cifar10 was not found (looked in {0}); run 'cnnlab data download cifar10' or "
                      "pass --data-root pointing to {1} or {2}."),
    QT_TRANSLATE_NOOP("CoreMessage", "The data folder {0} does not exist."),
    QT_TRANSLATE_NOOP("CoreMessage", "{0} has no class sub-folders."),
    QT_TRANSLATE_NOOP("CoreMessage", "The class folder {0} holds no images."),
    QT_TRANSLATE_NOOP("CoreMessage", "{0} is not a readable image: {1}."),
    QT_TRANSLATE_NOOP("CoreMessage", "Cannot read {0}: {1}."),
    QT_TRANSLATE_NOOP("CoreMessage", "The {0} data at {1} has an empty train or test split."),
    QT_TRANSLATE_NOOP("CoreMessage", "The training set has {0} images, fewer than one batch of {1}."),
    # image files
    QT_TRANSLATE_NOOP("CoreMessage", "The file {0} does not exist."),
    QT_TRANSLATE_NOOP("CoreMessage", "{0} is not an image file that can be read: {1}."),
    QT_TRANSLATE_NOOP("CoreMessage", "Only gray or RGB models can take an image file, not {0}-channel ones."),
    # run folders and checkpoints
    QT_TRANSLATE_NOOP("CoreMessage", "The run folder {0} does not exist."),
    QT_TRANSLATE_NOOP("CoreMessage", "{0} is not a folder."),
    QT_TRANSLATE_NOOP("CoreMessage", "{0} is not a cnnlab run folder (it has no {1})."),
    QT_TRANSLATE_NOOP("CoreMessage", "The checkpoint {0} does not exist."),
    QT_TRANSLATE_NOOP("CoreMessage", "Could not make a new run folder in {0}."),
    QT_TRANSLATE_NOOP("CoreMessage", "The runs folder {0} is a file, not a folder; point CNNLAB_RUNS at a folder."),
    # the runs database and comparing two runs
    QT_TRANSLATE_NOOP("CoreMessage", "The runs were trained on different datasets ({0} and {1}); prediction flips "
                      "need both runs tested on the same images."),
    QT_TRANSLATE_NOOP("CoreMessage", "The two {0} runs were tested on different images (their seeds or data folders "
                      "differ: {1} and {2}, {3} and {4}); prediction flips need the same test set."),
    QT_TRANSLATE_NOOP("CoreMessage", "The run {0} has no checkpoint.pt, so its test predictions cannot be computed."),
    QT_TRANSLATE_NOOP("CoreMessage", "{0} is still training; stop it before deleting it."),
    QT_TRANSLATE_NOOP("CoreMessage", "{0} exists again, so the deleted run stays in the trash at {1}."),
    QT_TRANSLATE_NOOP("CoreMessage", "The deleted run is no longer in the trash ({0})."),
    # devices and training
    QT_TRANSLATE_NOOP("CoreMessage", "There is no CUDA GPU {0}; this machine has {1}."),
    QT_TRANSLATE_NOOP("CoreMessage", "Something went wrong ({0})."),
)

# Sentences the core says without values, marked here because they are built from several parts there.
FIXED: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("CoreMessage", "The computer ran out of memory; lower the batch size or train on fewer images."),
    QT_TRANSLATE_NOOP("CoreMessage", "The GPU ran out of memory; lower the batch size or train on the CPU."),
    QT_TRANSLATE_NOOP("CoreMessage", "CUDA was requested but this machine has no usable CUDA GPU; use --device cpu."),
    QT_TRANSLATE_NOOP("CoreMessage", "Apple MPS was requested but is not available here; use --device cpu."),
    QT_TRANSLATE_NOOP("CoreMessage", "The run failed."),
)
