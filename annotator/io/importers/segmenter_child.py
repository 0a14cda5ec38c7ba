"""Entry point of the import's segmenter process: `python -m annotator.io.importers.segmenter_child`.

A module of its own (not imported by the package), so running it does not load it twice."""

import os
import sys

from annotator.io.importers.segmenting import serve

if __name__ == "__main__":
    _inp, _out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the result stream
    serve(_inp, _out)
    _out.flush()
    sys.stderr.flush()
    # Every result is written and flushed, and the process holds nothing else: end at once, without tearing
    # the interpreter down (~50 ms that the importing process would wait for).
    os._exit(0)
