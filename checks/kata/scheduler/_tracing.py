"""Getting control before each switch point of the watched code.

* CPython 3.12+: sys.monitoring (PEP 669). PY_START is enabled globally while a run
  is in progress; the first time a code object of a watched file starts, its
  INSTRUCTION events are enabled (`set_local_events`), and instructions that are not
  switch points answer DISABLE so they cost nothing afterwards. sys.settrace is never
  used there: an opcode tracer that blocks crashed CPython 3.12.1.
* CPython 3.10/3.11: sys.settrace inside each controlled thread, with
  `frame.f_trace_opcodes` turned on only for frames of watched files.

The callbacks never let an exception escape but one: anything unexpected is handed
to the run as an error and the instruction goes on. RunAborted, raised when the
search ends a run early, propagates from the instruction as if it had raised it.
"""

import sys

from .. import thread_hooks
from . import _sync


def choose_backend(watched):
    """(backend, None) or (None, reason the scheduler cannot run here)."""
    if sys.version_info >= (3, 12):
        tool_id = _free_tool_id()
        if tool_id is None:
            return None, "every free sys.monitoring tool id is taken (a debugger, profiler or coverage tool is active)"
        return MonitoringBackend(watched, tool_id), None
    return SettraceBackend(watched), None


def _free_tool_id():
    for tool_id in (3, 4, 2, 5):
        if sys.monitoring.get_tool(tool_id) is None:
            return tool_id
    return None


class _Backend:
    def __init__(self, watched):
        self.watched = watched

    def _switch_point(self, point, frame_getter):
        ts = _sync.controlled_thread()
        if ts is None or ts.free_running:
            if ts is None and _sync.active_run is not None and point.target != "effect":
                _sync.active_run.saw_uncontrolled_thread(point)
            return
        try:
            if point.target == "effect":
                ts.run.at_effect_point(ts, point, frame_getter)
            else:
                ts.run.at_switch_point(ts, point, frame_getter)
        except _sync.RunAborted:
            raise  # the run ended early (covered): the thread leaves the code under test
        except BaseException as exc:  # noqa: B902 - must never escape a callback
            ts.run.internal_error(exc)


class MonitoringBackend(_Backend):
    def __init__(self, watched, tool_id):
        super().__init__(watched)
        self.tool_id = tool_id
        self._enabled_codes = []
        self._active = False

    def start(self):
        monitoring = sys.monitoring
        monitoring.use_tool_id(self.tool_id, "kata.scheduler")
        monitoring.restart_events()  # forget DISABLEs left by an earlier explore()
        events = monitoring.events
        monitoring.register_callback(self.tool_id, events.PY_START, self._on_start)
        monitoring.register_callback(self.tool_id, events.INSTRUCTION, self._on_instruction)
        monitoring.set_events(self.tool_id, events.PY_START)
        self._active = True

    def silence(self):
        """Stop all callbacks (used before a run is abandoned)."""
        if not self._active:
            return
        self._active = False
        monitoring = sys.monitoring
        monitoring.set_events(self.tool_id, 0)
        for code in self._enabled_codes:
            monitoring.set_local_events(self.tool_id, code, 0)

    def resume(self):
        """Undo silence() for the next run."""
        if self._active:
            return
        self._active = True
        monitoring = sys.monitoring
        monitoring.set_events(self.tool_id, monitoring.events.PY_START)
        for code in self._enabled_codes:
            monitoring.set_local_events(self.tool_id, code, monitoring.events.INSTRUCTION)

    def stop(self):
        monitoring = sys.monitoring
        self.silence()
        events = monitoring.events
        monitoring.register_callback(self.tool_id, events.PY_START, None)
        monitoring.register_callback(self.tool_id, events.INSTRUCTION, None)
        monitoring.free_tool_id(self.tool_id)

    def thread_begin(self):
        pass

    def thread_end(self):
        pass

    def leave_for_abort(self):
        pass  # silence() already removed every callback

    def _on_start(self, code, offset):
        try:
            if self.watched.table_for(code) is None:
                return sys.monitoring.DISABLE
            if self._active:
                sys.monitoring.set_local_events(self.tool_id, code, sys.monitoring.events.INSTRUCTION)
                self._enabled_codes.append(code)
            return sys.monitoring.DISABLE
        except BaseException:  # noqa: B902 - must never escape a callback
            return None

    def _on_instruction(self, code, offset):
        try:
            table = self.watched.table_for(code)
            point = table.get(offset) if table else None
            if point is None:
                return sys.monitoring.DISABLE
            self._switch_point(point, _caller_frame)
        except _sync.RunAborted:
            raise
        except BaseException:  # noqa: B902 - must never escape a callback
            pass
        return None


def _caller_frame():
    # Called from run code two levels below the callback: the instrumented frame
    # is the first frame outside this package.
    frame = sys._getframe(1)
    while frame is not None and _sync.is_scheduler_frame(frame):
        frame = frame.f_back
    return frame


class SettraceBackend(_Backend):
    def __init__(self, watched):
        super().__init__(watched)
        # {file: module namespace} of modules whose own file is not watched: their frames
        # are skipped without reading frame.f_code (or calling id()), each of which raises
        # an audit event, and in the grading process the guard's hook runs for every one
        # (a million per lesson). Identity with the stored namespace is what counts, so a
        # module that claims another's __file__ is still traced.
        self._unwatched_namespaces = {}

    def start(self):
        pass

    def silence(self):
        pass

    def resume(self):
        pass

    def stop(self):
        pass

    def thread_begin(self):
        thread_hooks.set_trace(self._global_trace)

    def thread_end(self):
        thread_hooks.set_trace(None)

    def leave_for_abort(self):
        self.stop_tracing_this_thread()

    def _global_trace(self, frame, event, arg):
        try:
            if event != "call":
                return None
            namespace = frame.f_globals
            file = namespace.get("__file__")
            if type(file) is str and self._unwatched_namespaces.get(file) is namespace:
                return None
            code = frame.f_code
            table = self.watched.table_for(code)
            if table is None:
                if type(file) is str and file == code.co_filename:
                    self._unwatched_namespaces[file] = namespace
                return None
            frame.f_trace_lines = False
            frame.f_trace_opcodes = True
            return self._local_tracer(table)
        except BaseException:  # noqa: B902 - must never escape a tracer
            return None

    def _local_tracer(self, table):
        def local_trace(frame, event, arg):
            try:
                if event == "opcode":
                    point = table.get(frame.f_lasti)
                    if point is not None:
                        self._switch_point(point, lambda: frame)
            except _sync.RunAborted:
                # CPython then stops tracing this thread, which is what we want, and
                # says so to the grader's audit hook (kata.guard): tell it first.
                sys.audit("kata.untrace")
                raise
            except BaseException:  # noqa: B902 - must never escape a tracer
                pass
            return local_trace
        return local_trace

    @staticmethod
    def stop_tracing_this_thread():
        """Called in a thread being abandoned: no trace callback may run in it
        again, so an exception injected into it lands in ordinary code."""
        thread_hooks.set_trace(None)
        frame = sys._getframe(1)
        while frame is not None:
            frame.f_trace = None
            frame = frame.f_back
