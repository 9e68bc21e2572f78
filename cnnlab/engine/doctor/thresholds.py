"""Every threshold of the training doctor, in one place, each with the reason for its value.

The figures quoted were measured on the chapter's shape CNN (shapes, 5 classes, the default recipe):
a healthy run, runs at learning rate 10 (Adam, plain SGD, momentum SGD), at 1e-6, and on 20 to 40
training images for 20 epochs.
"""

from __future__ import annotations

# --- gradients ------------------------------------------------------------------------------------
GRAD_EVERY = 4  # batches between gradient-norm samples: a blow-up lasts tens of batches, so every 4th sees it, and
# a norm every 4th batch costs under 1 % of a shape-CNN run, the chapter's cheapest steps (benchmarks/results/doctor.md)
GRAD_BASELINE = 3  # samples at the start whose median is the run's starting norm: one sample could be an odd batch
EXPLODE_FACTOR = 100.0  # two orders of magnitude over the start: a healthy run stays within 0.4-1.3x of its starting
# norm, momentum SGD at learning rate 10 reaches 8,000x

# --- dead ReLUs -----------------------------------------------------------------------------------
PROBE_IMAGES = 1000  # validation images the ReLUs are watched on (one evaluation batch): enough that a unit which
# never fires on them is dead, not merely rare
DEAD_SHARE = 0.5  # a layer with half its units never firing has lost half its capacity; healthy chapter nets have
# at most 6 % silent in a layer, learning rate 10 leaves 100 % of the shape CNN's hidden layer silent

# --- answers --------------------------------------------------------------------------------------
ONE_CLASS_SHARE = 0.9  # one class for 9 answers in 10 (or 9 labels in 10) is a collapse: a healthy shapes run
# gives no class more than 30 % of its answers
CHANCE_MARGIN = 0.05  # an accuracy within 5 points of always answering the most common class has learned
# nothing; stuck runs end 0-3 points above it, a healthy shapes run is 65 points above after one epoch
STREAK_EPOCHS = 2  # epochs in a row at chance, or answering one class, before it is said (the run's last epoch
# says it at once): a first epoch of a few batches may still be there in a run that then learns
SMALL_TRAIN = 100  # a run on fewer training images than this (a Train on subset) at chance needs more images, not
# another learning rate; the epoch estimate offers no smaller subset for the same reason

# --- loss -----------------------------------------------------------------------------------------
FLAT_EPOCHS = 2  # epochs before a loss is called stuck: one epoch of a slow start is not yet a verdict
FLAT_CHANGE = 0.03  # a training loss that moved less than 3 % from its first value has not moved: learning rate
# 1e-6 moves it 0.3 % in 3 epochs, a healthy run 90 %
FLAT_LEVEL = 0.5  # ... and is still at least half of a guess's loss (ln of the class count): a run that has
# already learned may well have a flat loss (a continued run, the end of a schedule)

# --- overfitting ----------------------------------------------------------------------------------
OVERFIT_RISE = 0.1  # the validation loss 10 % above its lowest is a rise, not noise: a healthy run's validation
# loss wobbles by a few percent once it has settled
OVERFIT_EPOCHS = 2  # ... for at least 2 epochs after its lowest, while the training loss kept falling

# --- fixes ----------------------------------------------------------------------------------------
LR_STEP = 10.0  # a fix changes the learning rate tenfold: one decade, the usual step of a learning-rate search
FIX_AUGMENT = "shift"  # the augmentation a fix turns on: a shift keeps every class what it is (a flip would turn
# some digits into others), so it suits every dataset
