"""The training doctor: while a run trains, the checks a teacher would make (a loss that is not finite,
exploding gradients, dead ReLUs, overfitting, a run at chance or answering one class, a loss that does
not move, a class with too few images), each a :class:`Diagnosis` at the epoch it is first seen, with
the change of settings that should fix it (:func:`fixed_config`).

* :mod:`.thresholds` — every threshold, each with its reason;
* :mod:`.diagnosis` — a finding as data (no torch: the runs index and the window read it);
* :mod:`.checks` — the checks, as functions of numbers;
* :mod:`.probes` — what is measured on the device, read back once per report window or epoch;
* :mod:`.doctor` — the object the trainer calls;
* :mod:`.fixes` — "fix and rerun": the changed settings, and the same as command-line options.
"""
