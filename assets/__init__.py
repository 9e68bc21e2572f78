"""Files the app ships with: the icon, translations (``i18n/``) and sample images (``samples/``).

An installed wheel carries this folder as the package ``cnnlab.assets`` (pyproject.toml maps it);
in a source checkout it is the top-level ``assets/`` folder. ``cnnlab.paths.asset`` finds either.
"""
