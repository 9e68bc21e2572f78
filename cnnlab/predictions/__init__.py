"""Predict, then see: a question asked before its answer is shown, the guess beside the truth, and a log of
every guess kept with the runs that shows how calibrated a student's guesses have become.

:mod:`~cnnlab.predictions.record` holds a revealed prediction, :mod:`~cnnlab.predictions.question` a
question and its truth, :mod:`~cnnlab.predictions.scoring` how close a guess came and the calibration
summary, :mod:`~cnnlab.predictions.log` the log file (``predictions.jsonl`` in the runs folder),
:mod:`~cnnlab.predictions.chapter` the lessons' questions and where their truths come from, and
:mod:`~cnnlab.predictions.command` the ``cnnlab predictions`` view.
"""

from cnnlab.predictions.log import LogRead, PredictionLog
from cnnlab.predictions.question import Choice, NoTruth, Question
from cnnlab.predictions.record import Prediction
from cnnlab.predictions.scoring import Calibration, Score, calibrate, gap_sentence, score, value_text

__all__ = ["Calibration", "Choice", "LogRead", "NoTruth", "Prediction", "PredictionLog", "Question", "Score",
           "calibrate", "gap_sentence", "score", "value_text"]
