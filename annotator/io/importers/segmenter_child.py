"""Entry point of the import's segmenter process: `python -m annotator.io.importers.segmenter_child`.

A module of its own (not imported by the package), so running it does not load it twice."""

import sys

from annotator.io.importers.segmenting import serve

if __name__ == "__main__":
    _inp, _out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the result stream
    serve(_inp, _out)
