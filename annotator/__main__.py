import sys

from annotator.cli import main

# Guarded: worker processes started with multiprocessing's spawn import the main module again.
if __name__ == "__main__":
    sys.exit(main())
