"""Make concurrent calls finish in a chosen order, with events instead of sleeps.

`ReverseFinish(inputs)` makes the call for inputs[i] finish only after the call for
inputs[i + 1] has finished, so the last input finishes first and the first input
finishes last. Code that collects results in the order they *finish* (a shared list
appended from threads, `as_completed`) then returns them reversed, every time.

It needs every call running at once (a pool at least len(inputs) wide). If a call
waits `grace` seconds in vain (its successor never ran: the calls were not running at
once, or the code stopped early), `stalled` is set and every waiting call is let go at
once, so wrong code costs one grace period, never one per input. A correct pool never
gets near `grace`.
"""

import threading

GRACE = 5.0


class ReverseFinish:
    def __init__(self, inputs, grace=GRACE):
        self.inputs = list(inputs)
        self.position = {item: index for index, item in enumerate(self.inputs)}
        self.done = [threading.Event() for _ in self.inputs]
        self.grace = grace
        self.stalled = False
        self.finish_order = []  # inputs in the order their calls finished
        self._lock = threading.Lock()

    def wait_for_successor(self, item):
        """Call inside the work function, before it returns or raises."""
        index = self.position.get(item)
        if index is None or index + 1 >= len(self.inputs):
            return
        if not self.done[index + 1].wait(self.grace):
            self.stalled = True
            self.release_all()

    def finished(self, item):
        """Call in the work function's `finally`."""
        with self._lock:
            self.finish_order.append(item)
        index = self.position.get(item)
        if index is not None:
            self.done[index].set()

    def release_all(self):
        """Let every waiting call go (also used to clean up after the check)."""
        for event in self.done:
            event.set()
