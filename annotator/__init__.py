"""Annotator: label Korean news about regional innovation policy, offline.

Importing this package stays cheap: spaCy, Kiwi and Qt are imported lazily where they are used.
"""

__version__ = "0.1.0"
