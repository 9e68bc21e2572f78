"""The PySide6 desktop application. Imports ``cnnlab``; ``cnnlab`` never imports this package."""
