"""Correct: work handed to a thread of its own, then joined (with and without a timeout)."""
import threading
import time


class Report:
    def __init__(self):
        self.lines = []
        self.worker_name = None

    def _write(self, text):
        self.worker_name = threading.current_thread().name
        self.lines.append(text)

    def build(self):
        writer = threading.Thread(target=self._write, args=("header",), name="writer")
        writer.start()
        writer.join()
        return list(self.lines), writer.is_alive()

    def build_with_timeout(self):
        writer = threading.Thread(target=self._write, args=("header",), name="writer")
        writer.start()
        writer.join(timeout=5)
        return writer.is_alive()


class Heartbeat:
    """A daemon thread that polls forever, as background threads do."""

    def __init__(self):
        self.beats = 0

    def _beat(self):
        while True:
            time.sleep(1)
            self.beats += 1

    def start(self):
        threading.Thread(target=self._beat, daemon=True).start()
        time.sleep(2.5)
        return self.beats
