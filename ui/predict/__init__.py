"""Predict, then see, in the window: a prediction card (a question, an input fitting it, Reveal and Skip,
then the guess beside the truth) and View ▸ My predictions. The lessons ask with it; the designer can too,
through :func:`ask_prediction`."""

from ui.predict.card import PredictionCard, ask_prediction
from ui.predict.dialog import PredictionsDialog, add_predictions_action

__all__ = ["PredictionCard", "PredictionsDialog", "add_predictions_action", "ask_prediction"]
