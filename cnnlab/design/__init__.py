"""Designs: networks written as a table of layers (a YAML file), built into modules, X-rayed row by row.

:mod:`~cnnlab.design.spec` holds the plain data (no torch), :mod:`~cnnlab.design.files` reads and writes the
YAML, :mod:`~cnnlab.design.shapes` works out every row's shape, parameters and receptive field by arithmetic
and explains a design that cannot work, :mod:`~cnnlab.design.build` makes the ``nn.Module``,
:mod:`~cnnlab.design.xray` adds the FLOPs, :mod:`~cnnlab.design.from_model` turns a built-in model into a
design and :mod:`~cnnlab.design.compare` lists what differs between two designs. The package sits above the
models (it reads them) and below the engine (which rebuilds a design run from its checkpoint).
"""
