"""Importers and exporters: one module per format, each selected through a dict."""
