"""Holding the window's background writers still while a job needs the project to itself (a merge).

The background pre-annotation (a child process) and the search indexer (a thread) write on connections of their
own. The merge dialog is window-modal, so no label is written meanwhile, but those two would go on: a suggestion
write could land between what the merge read and what it wrote, or wait behind its transaction and fail on the
lock. hold() asks each to stop after the step at hand (the worker finishes its document and ends, the indexer
stops between batches), calls on_idle once both have, and keeps them from starting again until release(): then
they go on where they were (the open document and the queue are asked for again, the index resumes).
"""

from __future__ import annotations

from typing import Callable, Sequence


class BackgroundHold:
    """hold(on_idle) / release() over writers each with pause(on_idle) and resume()."""

    def __init__(self, writers: Sequence):
        self.writers = list(writers)
        self.held = False

    def hold(self, on_idle: Callable[[], None]) -> None:
        self.held = True
        waiting = set(range(len(self.writers)))

        def idle(n: int) -> None:
            if n in waiting:
                waiting.discard(n)
                if not waiting and self.held:
                    on_idle()

        if not self.writers:
            on_idle()
        for n, writer in enumerate(self.writers):
            writer.pause(lambda n=n: idle(n))

    def release(self) -> None:
        if self.held:
            self.held = False
            for writer in self.writers:
                writer.resume()


def window_hold(window) -> BackgroundHold:
    """The hold over a main window's background pre-annotation and search indexer."""
    return BackgroundHold([w for w in (getattr(window, "background_suggestions", None), getattr(window, "indexer", None))
                           if w is not None])


__all__ = ["BackgroundHold", "window_hold"]
