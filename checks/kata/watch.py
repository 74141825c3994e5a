"""`nox -s watch`: regrade the lesson in progress every time a file in exercises/ is saved.

The lesson in progress is the first one that does not pass. Saving any .py file under
exercises/ regrades it (a quick check: fewer repetitions than `nox -s grade`) and shows
its verdict and teaching message. When it passes, watch says so and waits for `n`
before moving on. Keys: h hint, n next, l list, s solution (once passing), q quit.

On a terminal the keys act at once (cbreak mode, restored on exit and on Ctrl-C).
When stdin is not a terminal, commands are read as lines ("h", "n", "l", "s", "q"),
which is how the project's tests drive it through a pipe. Files are polled (mtime and
size every 0.3 s), so nothing beyond the standard library is needed.
"""

import os
import signal
import sys
import time

from kata import host, practice, report
from kata.display import Ticker, clear_screen, style_for
from kata.runner import PASS, grade_lesson, processes_kept_ready, processes_per_grading
from kata.state import State, exercises_dir

POLL_SECONDS = 0.3
SETTLE_SECONDS = 0.1  # editors save in several writes; let them finish


def scan(folder):
    """Modification time and size of every .py file under `folder`."""
    snapshot = {}
    for path in folder.rglob("*.py"):
        try:
            info = path.stat()
        except OSError:
            continue
        snapshot[path] = (info.st_mtime_ns, info.st_size)
    return snapshot


class Keys:
    """Single key presses on a terminal, whole lines on a pipe; `read(timeout)` returns
    the commands that arrived (lower-case first letters), waiting at most `timeout`.
    How raw input is read depends on the system: see host.key_input."""

    def __init__(self, stream=None):
        stream = stream or sys.stdin
        try:
            self.fd = stream.fileno()
        except (AttributeError, OSError, ValueError):
            self.fd = None
        self.tty = self.fd is not None and os.isatty(self.fd)
        self.input = None if self.fd is None else host.key_input(self.fd, self.tty)
        self.ended = self.input is None
        self.pending = b""

    def __enter__(self):
        if self.input is not None:
            self.input.__enter__()
        return self

    def __exit__(self, *exc_info):
        if self.input is not None:
            self.input.__exit__(*exc_info)
        return False

    def read(self, timeout):
        if self.ended:  # stdin closed: keep watching, Ctrl-C still quits
            time.sleep(timeout)
            return []
        data = self.input.read(timeout)
        if data is None:
            self.ended = True
            return ["q"] if self.tty else []
        if self.tty:
            return [chr(byte).lower() for byte in data]
        self.pending += data
        *lines, self.pending = self.pending.split(b"\n")
        return [line.strip().decode(errors="replace")[:1].lower() for line in lines if line.strip()]


class Watch:
    def __init__(self, count, out=None):
        self.count = count
        self.out = out or sys.stdout
        self.style = style_for(self.out)
        self.folder = exercises_dir()
        self.lesson = None
        self.passed = False
        self.keep_screen = False  # the first screen keeps the welcome above it

    def say(self, *lines):
        print(*lines, sep="\n", file=self.out, flush=True)

    def keys_line(self):
        keys = [("h", "hint"), ("l", "list"), ("q", "quit")]
        if self.passed:
            keys[:0] = [("n", "next lesson"), ("s", "solution")]
        return "  " + "  ".join(f"{self.style(key, 'bold')} {name}" for key, name in keys)

    def grade(self):
        """Regrade the lesson in progress, record the verdict and show it."""
        lesson = self.lesson
        if not self.keep_screen:
            clear_screen(self.out)
        self.keep_screen = False
        path = practice.learner_file(lesson, self.folder)
        self.say(self.style("Watching exercises/ for saves (Ctrl-C or q to quit)", "dim"),
                 "", self.style(f"{lesson.number:02d} {lesson.title}", "bold") + f"  {practice.shown(path)}")
        fingerprint = practice.fingerprint_of(lesson, self.folder)
        with Ticker(f"  grading (quick check, {self.count} repetition{'s' if self.count != 1 else ''})",
                    self.out) as ticker:
            result = grade_lesson(lesson, self.folder, count=self.count, processes=processes_per_grading())
            ticker.done(f"{self.style.status(result.status)} ({result.seconds:.1f} s)")
        state = State.load()
        if fingerprint is not None:
            practice.record_grade(state, result, fingerprint=fingerprint, count=self.count)
            state.save()
        progress = practice.course(state, self.folder)
        self.passed = result.status == PASS
        self.say("")
        if self.passed:
            self.say(self.style(f"{lesson.number:02d} {lesson.title} passes!", "green", "bold")
                     + f" ({self.count}-repetition quick check; `nox -s grade -- {lesson.number:02d}` "
                       "gives the full verdict)",
                     f"  Compare with the reference solution: press s (or nox -s solution -- {lesson.number:02d})")
            upcoming = practice.next_up(progress)
            if upcoming is None:
                self.say("", practice.congratulation(progress, self.style))
            else:
                self.say(f"  Ready for {upcoming.lesson.number:02d} {upcoming.lesson.title}? "
                         "Press n to move on, or keep editing.")
        else:
            self.say(*report.lesson_details(result, self.style, regrade=False))
        self.say("", report.progress_line(progress, self.style), "",
                 "Save the file to regrade." + self.keys_line())

    def next_lesson(self):
        if not self.passed:
            self.say(f"{self.lesson.number:02d} does not pass yet, so watch stays on it. "
                     "Stuck? Press h for a hint.")
            return True
        upcoming = practice.next_up(practice.course(folder=self.folder))
        if upcoming is None:
            self.say("", practice.congratulation(practice.course(folder=self.folder), self.style))
            return False
        self.lesson = upcoming.lesson
        self.grade()
        return True

    def on_key(self, key):
        """Act on one key; returns False to quit."""
        if key in ("q", "\x04"):
            return False
        if key == "n":
            return self.next_lesson()
        self.say("")
        if key == "h":
            practice.show_hint(self.lesson, self.out, self.style)
        elif key == "l":
            practice.show_list(self.out, self.style, watching=True)
        elif key == "s" and self.passed:
            practice.show_solution(self.lesson, self.out, self.style)
        elif key == "s":
            self.say(f"The reference solution opens once {self.lesson.number:02d} passes.")
        elif key.isprintable() and key.strip():
            self.say("Keys:" + self.keys_line())
        return True

    def run(self) -> int:
        self.keep_screen = practice.welcome_once(self.out, self.style)
        upcoming = practice.next_up(practice.course(folder=self.folder))
        if upcoming is None:
            self.say(practice.congratulation(practice.course(folder=self.folder), self.style))
            return 0
        self.lesson = upcoming.lesson
        with Keys() as keys, processes_kept_ready():
            snapshot = scan(self.folder)
            self.grade()
            while True:
                for key in keys.read(POLL_SECONDS):
                    if not self.on_key(key):
                        self.say("Stopped watching. Your progress is saved; `nox -s watch` resumes it.")
                        return 0
                if scan(self.folder) != snapshot:
                    time.sleep(SETTLE_SECONDS)
                    snapshot = scan(self.folder)
                    self.grade()


def watch(count=2, out=None) -> int:
    def terminated(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminated)
    # Ctrl-C must stop watch even when it was started with SIGINT ignored (a background
    # job of a non-interactive shell, some IDE runners): Python then installs no handler.
    previous_interrupt = signal.signal(signal.SIGINT, signal.default_int_handler)
    session = Watch(count, out)
    try:
        return session.run()
    except KeyboardInterrupt:
        session.say("", "Stopped watching. Your progress is saved; `nox -s watch` resumes it.")
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_interrupt)
