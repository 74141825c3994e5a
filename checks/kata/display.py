"""How the kata's commands look: colour on a terminal, plain text otherwise.

ANSI codes are written only when the stream is a terminal, TERM is not `dumb` and
NO_COLOR is unset (https://no-color.org). Everything here also reads well as plain
text, which is what tests, pipes and log files get.
"""

import itertools
import os
import sys
import threading
import time

from kata.runner import ERROR, FAIL, NOT_STARTED, PASS, TAMPERED, TIMEOUT

STATUS_STYLES = {
    PASS: ("green", "bold"),
    FAIL: ("red", "bold"),
    TIMEOUT: ("magenta", "bold"),
    TAMPERED: ("red", "bold"),
    ERROR: ("red", "bold"),
    NOT_STARTED: ("dim",),
}
CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34",
         "magenta": "35", "cyan": "36"}


def is_terminal(stream) -> bool:
    """A terminal that understands cursor movement (a spinner, clearing the screen)."""
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def wants_colour(stream) -> bool:
    return is_terminal(stream) and not os.environ.get("NO_COLOR")


class Style:
    """`style(text, "green", "bold")` paints text when colour is on, else returns it."""

    def __init__(self, colour: bool, encoding: str = "ascii"):
        self.colour = colour
        self.fancy = colour and "utf" in (encoding or "").lower()  # block characters

    def __call__(self, text, *styles) -> str:
        if not self.colour or not styles:
            return text
        return f"\x1b[{';'.join(CODES[name] for name in styles)}m{text}\x1b[0m"

    def status(self, status: str, width: int = 0) -> str:
        """A status word padded to `width` (padding outside the colour codes)."""
        return self(status, *STATUS_STYLES.get(status, ("yellow",))) + " " * max(0, width - len(status))

    def bar(self, done: int, total: int, width: int = 24) -> str:
        filled = round(width * done / total) if total else width
        full, empty = ("█", "░") if self.fancy else ("#", "-")
        return "[" + self(full * filled, "green") + empty * (width - filled) + "]"


PLAIN = Style(False)


def style_for(stream=None) -> Style:
    stream = stream or sys.stdout
    return Style(wants_colour(stream), getattr(stream, "encoding", "ascii"))


def clear_screen(stream) -> None:
    if is_terminal(stream):
        stream.write("\x1b[2J\x1b[H")


class Ticker:
    """`label ... verdict` on one line. On a terminal a spinner and the elapsed
    seconds keep the line alive while the work runs; elsewhere the label is printed
    first and the verdict appended when `done(text)` is called."""

    FRAMES = "|/-\\"

    def __init__(self, label: str, stream=None):
        self.label = label
        self.stream = stream or sys.stdout
        self.live = is_terminal(self.stream)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.spin, daemon=True)
        self.started = time.monotonic()

    def spin(self):
        for frame in itertools.cycle(self.FRAMES):
            elapsed = time.monotonic() - self.started
            self.stream.write(f"\r{self.label} {frame} {elapsed:.1f} s\x1b[K")
            self.stream.flush()
            if self.stop.wait(0.1):
                return

    def __enter__(self):
        if self.live:
            self.thread.start()
        else:
            self.stream.write(f"{self.label} ... ")
            self.stream.flush()
        return self

    def halt(self):
        if self.thread.is_alive():
            self.stop.set()
            self.thread.join()

    def done(self, text: str):
        self.halt()
        if self.live:
            self.stream.write(f"\r{self.label} ... {text}\x1b[K\n")
        else:
            self.stream.write(f"{text}\n")
        self.stream.flush()

    def __exit__(self, kind, error, trace):
        if self.thread.is_alive():  # interrupted before done(): leave a clean line
            self.halt()
            self.stream.write("\r\x1b[K")
            self.stream.flush()
        return False
