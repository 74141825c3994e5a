"""Correct: work handed to a thread of its own, then joined (with and without a timeout)."""
import threading


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
