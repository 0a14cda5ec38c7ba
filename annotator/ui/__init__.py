"""The PySide6 desktop app. The only package that imports Qt; core, store and io stay Qt-free."""
