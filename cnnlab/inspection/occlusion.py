"""Occlusion's default square and step: plain numbers, shared by :mod:`cnnlab.inspection.attribution`
and the ``cnnlab explain`` options (which list them without loading torch)."""

OCCLUSION_PATCH = 5  # pixels a side of the grey square: about a stroke's width on a 28×28 digit
OCCLUSION_STRIDE = 3  # pixels between patch positions: 9×9 positions on 28×28, fast enough to follow drawing
