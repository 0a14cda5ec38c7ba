from annotator.cli import exit_process, main

# Guarded: worker processes started with multiprocessing's spawn import the main module again.
if __name__ == "__main__":
    exit_process(main())
