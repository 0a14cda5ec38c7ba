"""Start the annotation app (same as `python -m annotator` or `annotator`)."""

import sys

from annotator.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
