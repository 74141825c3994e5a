"""`nox -s watch` driven as a learner would: saves simulated by writing the file and
bumping its mtime, keys typed through a pipe (lines) and through a pseudo-terminal
(single key presses, Ctrl-C), in a throw-away workspace (see learner_workspace.py)."""

import os
import re
import select
import signal
import subprocess
import time

import pytest

# The harness drives watch through select() on pipes and a pseudo-terminal: POSIX only.
# On Windows, host.key_input's console and pipe readers are covered by test_host.py.
termios = pytest.importorskip("termios")
from conftest import LESSONS, REPO_DIR
from learner_workspace import workspace  # noqa: F401

from kata.runner import PASS

FIRST = LESSONS[0]
WAIT = 120  # seconds: a lesson's stub may take a while to fail its checks
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class Learner:
    """Reads what watch prints (from a pipe or a pty master) and types keys into it."""

    def __init__(self, read_fd, write, process):
        self.read_fd, self.write, self.process = read_fd, write, process
        self.seen = ""  # everything printed so far, ANSI codes included
        self.mark = 0  # `expect` looks only after what the last expect matched

    def pump(self, timeout):
        ready, _, _ = select.select([self.read_fd], [], [], timeout)
        if ready:
            try:
                data = os.read(self.read_fd, 65536)
            except OSError:  # pty master after the child closed its side
                data = b""
            self.seen += data.decode(errors="replace").replace("\r\n", "\n")
            return bool(data)
        return True

    def expect(self, text, timeout=WAIT):
        deadline = time.monotonic() + timeout
        while True:
            plain = ANSI.sub("", self.seen)
            found = plain.find(text, self.mark)
            if found >= 0:
                self.mark = found + len(text)
                return
            if time.monotonic() > deadline or not self.pump(min(0.2, deadline - time.monotonic())):
                raise AssertionError(f"watch never printed {text!r}; it printed:\n{plain[-3000:]}")

    def idle(self, seconds):
        """Keep reading for a while without expecting anything."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.pump(0.1)

    def type(self, keys):
        self.write(keys.encode())

    def finish(self, timeout=30):
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self.pump(0.1)
        self.pump(0.1)
        assert self.process.poll() is not None, "watch did not quit"
        return self.process.returncode


@pytest.fixture
def piped(workspace):
    process = subprocess.Popen(workspace.command("watch"), cwd=REPO_DIR, env=workspace.env,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def write(data):
        process.stdin.write(data)
        process.stdin.flush()

    learner = Learner(process.stdout.fileno(), write, process)
    yield learner
    if process.poll() is None:
        process.kill()
    process.wait()


def test_watch_regrades_on_save_and_asks_before_moving_on(workspace, piped):
    piped.expect("Welcome")
    piped.expect(f"{FIRST.number:02d} {FIRST.title}")
    piped.expect("Save the file to regrade")
    assert "Revisit:" in piped.seen, "the teaching message of the lesson in progress"

    piped.type("n\n")
    piped.expect("does not pass yet")
    piped.type("h\n")
    piped.expect(f"Hint 1 of {len(FIRST.hints)}")

    workspace.save(FIRST, "def broken(:\n")
    piped.expect("ERROR")
    workspace.solve(FIRST)
    piped.expect(f"{FIRST.title} passes!")
    piped.expect("quick check")
    piped.expect("Save the file to regrade")
    piped.idle(1.5)
    assert "grading" not in piped.seen[piped.seen.rfind("Save the file"):], "it never moves on by itself"
    assert workspace.state()["lessons"][FIRST.name]["status"] == PASS

    piped.type("s\n")
    piped.expect(f"solutions/{FIRST.name}/{FIRST.filename}")
    piped.type("l\n")
    piped.expect(f"1/{len(LESSONS)} lessons done")
    if len(LESSONS) > 1:
        second = LESSONS[1]
        piped.type("n\n")
        piped.expect(f"{second.number:02d} {second.title}")
        piped.expect("Save the file to regrade")
    piped.type("q\n")
    piped.expect("Stopped watching")
    assert piped.finish() == 0


def test_any_save_under_exercises_regrades_the_lesson_in_progress(workspace, piped):
    piped.expect("Save the file to regrade")
    (workspace.exercises / LESSONS[-1].name / "scratch.py").write_text("x = 1\n")
    piped.expect("grading")
    piped.expect("Save the file to regrade")
    piped.type("q\n")
    assert piped.finish() == 0


def spawn_in_pty(command, env, sigint_ignored=False):
    """Start `command` as the session leader of a new pseudo-terminal, the way a shell
    runs it in a terminal window. Returns (pid, master fd, slave fd kept open here).
    `sigint_ignored`: start it with SIGINT ignored, as a non-interactive shell starts a
    background job (an ignored signal stays ignored across exec)."""
    master, slave = os.openpty()
    name = os.ttyname(slave)
    pid = os.fork()
    if pid == 0:  # child: only async-signal-safe calls until exec
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN if sigint_ignored else signal.SIG_DFL)
            os.setsid()
            terminal = os.open(name, os.O_RDWR)  # becomes the controlling terminal
            for fd in (0, 1, 2):
                os.dup2(terminal, fd)
            os.closerange(3, 256)
            os.chdir(str(REPO_DIR))
            os.execve(command[0], command, env)
        finally:
            os._exit(127)
    return pid, master, slave


class PtyProcess:
    def __init__(self, pid):
        self.pid, self.returncode = pid, None

    def poll(self):
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode


@pytest.fixture
def terminal(workspace):
    # Started with SIGINT ignored, the harder case: Ctrl-C must still stop watch.
    pid, master, slave = spawn_in_pty(workspace.command("watch"), {**workspace.env, "COLUMNS": "100"},
                                      sigint_ignored=True)
    before = termios.tcgetattr(slave)
    process = PtyProcess(pid)
    learner = Learner(master, lambda data: os.write(master, data), process)
    learner.slave_modes = (before, slave)
    yield learner
    if process.poll() is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(master)
    os.close(slave)


def test_watch_in_a_terminal_takes_single_keys_and_quits_cleanly_on_ctrl_c(workspace, terminal):
    terminal.expect("Save the file to regrade")
    assert "\x1b[2J" not in terminal.seen, "the first screen keeps the welcome"
    assert re.search(r"\x1b\[[0-9;]*3[1-6]m", terminal.seen), "colour on a terminal"
    before, slave = terminal.slave_modes
    during = termios.tcgetattr(slave)
    assert not during[3] & termios.ICANON and not during[3] & termios.ECHO, "cbreak while watching"

    terminal.type("h")  # a single key press, no Enter
    terminal.expect(f"Hint 1 of {len(FIRST.hints)}")
    workspace.solve(FIRST)
    terminal.expect(f"{FIRST.title} passes!")
    terminal.expect("Save the file to regrade")
    assert "\x1b[2J" in terminal.seen, "the screen is cleared for each new verdict"

    terminal.type("\x03")  # Ctrl-C: the terminal sends SIGINT to watch
    terminal.expect("Stopped watching")
    assert terminal.finish() == 0
    assert termios.tcgetattr(slave) == before, "the terminal modes are restored"


def test_watch_respects_no_color_and_quits_on_q(workspace):
    pid, master, slave = spawn_in_pty(workspace.command("watch"), {**workspace.env, "NO_COLOR": "1"})
    learner = Learner(master, lambda data: os.write(master, data), PtyProcess(pid))
    try:
        before = termios.tcgetattr(slave)
        learner.expect("Save the file to regrade")
        assert not re.search(r"\x1b\[[0-9;]*m", learner.seen), "no colour under NO_COLOR"
        learner.type("q")
        learner.expect("Stopped watching")
        assert learner.finish() == 0
        assert termios.tcgetattr(slave) == before
    finally:
        if learner.process.poll() is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(master)
        os.close(slave)


def test_sigterm_also_restores_the_terminal(workspace, terminal):
    terminal.expect("Save the file to regrade")
    os.kill(terminal.process.pid, signal.SIGTERM)
    terminal.expect("Stopped watching")
    terminal.finish()
    before, slave = terminal.slave_modes
    assert termios.tcgetattr(slave) == before

