"""The grader's guard inside the grading subprocess: learner code runs in the same
process as the checks and can reach every object of the harness, so the records the
verdict is built from are written, signed and checked by an audit hook (PEP 578) that
learner code can neither remove nor reach.

What each layer stops (the static look at the submission is kata.static_scan, done by
the trusted parent before this process starts):

* Signed, numbered records (`emit`, checked by `verify_line` in the parent). Each
  record carries a sequence number and an HMAC made with a key the parent sends on
  stdin; the key, the counter and the results file's descriptor live only in the
  hook's closure. Stops: forged lines written straight to the results file or its
  descriptor, replayed or dropped records (a gap in the numbers), rewritten fields.
* The writer is who it should be (`check_writer`). A record is accepted only from the
  plugin's own writer, called by one of the plugin's own functions, on the main thread
  (the watchdog excepted), with no learner frame anywhere on the stack. Stops: learner
  code calling the plugin's writer or its hooks with made-up results, at import, in a
  call, or from a thread it started.
* The harness is unchanged (`changed_part`, `WatchedModule`). Before every record the
  namespaces of the harness's modules and classes (the plugin, kata.teach, the
  lesson's checks, pytest, pluggy, builtins, json) are compared with a snapshot taken
  before any learner code ran; and setting an attribute of one of the harness's
  modules is reported the moment it happens, so a change put back before the next
  record is seen too. Stops: replacing, wrapping or silencing any function or class
  attribute of the grader found by name (sys.modules, imports), e.g. the plugin's
  classify, kata.teach.explain, or pytest's TestReport.
* Learner frames that reach for the grader's internals (`refusal`). The hook refuses,
  and records as tampering, the calls that lead from learner code to the harness's
  objects: gc's object searches, sys._getframe, sys._current_frames, traceback and
  generator frames, function code objects, sys.settrace/setprofile, another audit
  hook, sys.monitoring callbacks, ctypes, importing the harness, compiling code under
  a harness file's name, writing to harness files.
  The scheduler and the checks make some of these calls themselves; they are told
  apart by the calling frame's file (harness files are fixed when the guard seals).

Limits (also in the README): this raises the bar, it is not a sandbox. Code that walks
frames handed out by a standard-library helper (traceback.walk_tb, inspect.stack)
and mutates the harness's *instances* (not its modules or classes) is seen only by the
static scan; so is a trace function installed through threading.settrace, and a class
attribute or a module's namespace dict changed directly and put back between records. A check
that compares a learner's return value with `==` trusts that value's __eq__.
"""

import builtins
import hmac
import json
import operator
import os
import sys
import sysconfig
import threading
import types
from json.encoder import encode_basestring_ascii
from pathlib import Path

try:
    from _hashlib import hmac_digest  # C: nothing in it can be replaced from Python
except ImportError:
    hmac_digest = hmac.digest

SEAL, RECORD, MODULE_CHANGE = "kata.seal", "kata.record", "kata.module-change"
# The scheduler ends a run early by raising out of its trace function; CPython then
# clears the thread's tracer itself, which raises "sys.settrace" with the learner's
# frame on top. The scheduler announces it first, from its own frame: one pass.
UNTRACE = "kata.untrace"
KEY_BYTES = 32
# Names rebound in a namespace in normal operation: by the interpreter or copyreg after
# the fact, by pytest around each check (its assertion-rewriting hooks), or by the
# harness itself (the scheduler's patch depth).
VOLATILE_NAMES = frozenset({"__warningregistry__", "__abstractmethods__", "_abc_impl", "__slotnames__",
                            "_reprcompare", "_assertion_pass", "_patch_depth"})
STANDARD_LIBRARY = tuple(
    {str(Path(sysconfig.get_paths()[name]).resolve()) + os.sep for name in ("stdlib", "platstdlib")}
)
# Top-level modules a learner's code has no reason to import.
HARNESS_PACKAGES = frozenset({"kata", "lessons", "pytest", "_pytest", "pluggy", "pytest_timeout",
                              "pytest_repeat", "ctypes", "_ctypes"})
FRAME_ATTRIBUTES = frozenset({"tb_frame", "gi_frame", "cr_frame", "ag_frame", "gi_code", "cr_code",
                              "ag_code", "__code__"})
SEARCHING = frozenset({"gc.get_objects", "gc.get_referrers", "gc.get_referents", "sys._current_frames",
                       "sys._current_exceptions"})
# Ways to watch every frame and event of the process, the grader's included.
FRAME_HOOKS = frozenset({"sys._getframe", "sys.settrace", "sys.setprofile", "sys.addaudithook",
                         "sys.monitoring.register_callback"})
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


class Tampering(RuntimeError):
    """Raised into learner code whose call the guard refused."""


def verify_line(key: bytes, line: str):
    """The record of one results line, or None when the line was not signed with `key`."""
    payload, _, mac = line.rpartition(" ")
    expected = hmac.new(key, payload.encode(), "sha256").hexdigest()
    if not payload or not hmac.compare_digest(expected, mac):
        return None
    try:
        record = json.loads(payload)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def install(key: bytes, results_fd: int) -> None:
    """Add the audit hook. Call once in the grading process, before any learner code
    is imported (kata/child.py imports only pytest and the harness before it); an
    audit hook cannot be removed afterwards.

    Everything the hook uses is bound here, in its closure: learner code that replaces
    a module attribute later (os.write, json, builtins, this module's names) cannot
    change what the hook does. Only the hook keeps the key, the record counter and the
    results descriptor."""
    write, get_ident, getframe, type_of = os.write, threading.get_ident, sys._getframe, type
    quote, mac_of, separator = encode_basestring_ascii, hmac_digest, os.sep
    stdlib_prefixes, harness_packages, frame_attributes = STANDARD_LIBRARY, HARNESS_PACKAGES, FRAME_ATTRIBUTES
    frame_hooks, seal_event, record_event, module_change = FRAME_HOOKS, SEAL, RECORD, MODULE_CHANGE
    untrace_event = UNTRACE
    audit, module_type = sys.audit, types.ModuleType

    class WatchedModule(module_type):
        """The harness's modules after the seal: setting or deleting one of their
        attributes tells the hook, so a grader function replaced and then put back
        before the next record is still seen."""

        def __setattr__(self, name, value):
            audit(module_change, self.__name__, name)
            module_type.__setattr__(self, name, value)

        def __delattr__(self, name):
            audit(module_change, self.__name__, name)
            module_type.__delattr__(self, name)
    searching, volatile, write_flags, refused = SEARCHING, VOLATILE_NAMES, WRITE_FLAGS, Tampering
    missing, code_types, callable = object(), (types.ModuleType, property, classmethod, staticmethod), builtins.callable
    all_of, is_ = builtins.all, operator.is_
    main_thread = get_ident()
    lock = threading.Lock()
    busy = set()  # threads inside the hook: its own calls raise audit events too
    state = {"sealed": False, "sequence": 0, "trusted_files": frozenset(), "trusted_folders": (),
             "snapshot": [], "modules": set(), "writer": None, "callers": frozenset(), "patient_caller": None,
             "untracing": set()}

    def to_json(value) -> str:
        kind = type_of(value)
        if value is None or kind is bool:
            return {None: "null", True: "true", False: "false"}[value]
        if kind is int or kind is float:
            return kind.__repr__(value)
        if kind is dict:
            return "{" + ",".join(quote(str.__str__(k)) + ":" + to_json(v) for k, v in dict.items(value)) + "}"
        if kind is list or kind is tuple:
            return "[" + ",".join(to_json(item) for item in value) + "]"
        return quote(str.__str__(value) if kind is str else object.__repr__(value))

    def emit(kind, fields):
        with lock:
            payload = to_json({**fields, "kind": kind, "seq": state["sequence"]}).encode()
            state["sequence"] += 1
            write(results_fd, payload + b" " + mac_of(key, payload, "sha256").hex().encode() + b"\n")

    def standard(frame) -> bool:
        return is_standard_file(frame.f_code.co_filename)

    def is_standard_file(filename) -> bool:
        return filename.startswith("<frozen ") or (filename.startswith(stdlib_prefixes)
                                                   and "site-packages" not in filename)

    def trusted(frame) -> bool:
        return is_harness_file(frame.f_code.co_filename)

    def is_harness_file(filename) -> bool:
        return filename in state["trusted_files"] or filename.startswith(state["trusted_folders"])

    def responsible(frame):
        """The first frame, from `frame` outwards, that is not the standard library's
        (a stdlib helper acting for its caller): the code to hold to account."""
        while frame is not None and standard(frame):
            frame = frame.f_back
        return frame

    def place(frame) -> str:
        if frame is None:
            return "a thread with no code of yours on it"
        return f"{frame.f_code.co_filename.rpartition(separator)[2]}, line {frame.f_lineno}"

    def writes(args) -> bool:
        mode, flags = args[1], args[2]
        if type_of(mode) is str:
            return any(letter in mode for letter in "wax+")
        return type_of(flags) is int and bool(flags & write_flags)

    def refusal(event, args, caller):
        """Why this event, raised by `caller`, reaches into the grader; None if harmless."""
        if event in searching or event.startswith("ctypes."):
            owner = responsible(caller)
            if owner is None or not trusted(owner):
                return f"it called {event} (at {place(owner)}), which searches the grader's memory"
            return None
        if event == "import":
            owner = responsible(caller)
            if owner is not None and not trusted(owner) and str(args[0]).partition(".")[0] in harness_packages:
                return f"it imported {args[0]} (at {place(owner)}), a module of the grader"
            return None
        if trusted(caller) or standard(caller):
            return None  # the harness, or the standard library acting for it or for itself
        if event in frame_hooks:
            what = "reaches the grader's frames" if event == "sys._getframe" else "watches the grader's frames and events"
            return f"it called {event} (at {place(caller)}), which {what}"
        if event == "object.__getattr__" and args[1] in frame_attributes:
            return f"it read .{args[1]} (at {place(caller)}), which reaches the grader's frames and code"
        if event == "object.__setattr__" and getattr(args[0], "__module__", None) in state["modules"]:
            return f"it changed {args[1]} of the grader's {getattr(args[0], '__qualname__', '?')}"
        if event == "compile" and isinstance(args[1], str) and is_harness_file(args[1]):
            return f"it compiled code under the name of the grader's file {args[1]}"
        if event == "code.__new__":
            return f"it built a code object (at {place(caller)}), e.g. to pass it off as the grader's"
        if event == "open" and writes(args) and isinstance(args[0], str) and is_harness_file(args[0]):
            return f"it opened the grader's file {args[0]} for writing"
        return None

    def changed_part():
        """The first part of the harness that differs from the snapshot, or None. The
        kata's own namespaces must be exactly as they were; in the libraries' (pytest,
        pluggy, builtins, json), which rebind some of their data globals as they run,
        every function, class, module and descriptor must be."""
        # Checked before every record but a check's start. The usual case, a namespace
        # exactly as last seen, is decided in C: the same number of keys, the same key
        # objects in the same order, the same values (no hashing). Only a namespace that
        # differs is judged against the seal by the rules, and, if they allow it (a
        # library rebinding data), remembered as last seen.
        for entry in state["snapshot"]:
            name, namespace, keys, values, saved_keys, everything, seen_keys, seen_values = entry
            if (len(namespace) == len(seen_keys) and all_of(map(is_, namespace, seen_keys))
                    and all_of(map(is_, namespace.values(), seen_values))):
                continue
            changed = changed_key(namespace, keys, values, saved_keys, everything)
            if changed is not None:
                return f"{name}.{changed}"
            entry[6:] = tuple(namespace), tuple(namespace.values())
        return None

    def changed_key(namespace, keys, values, saved_keys, everything):
        """The key of `namespace` rebound against the rules, or None (a library's data
        global rebound to data is fine)."""
        for key, before in zip(keys, values):
            now = namespace.get(key, missing)
            if now is not before and (everything or is_code(before) or is_code(now)):
                return key
        for key in namespace.keys() - saved_keys - volatile:
            if everything or is_code(namespace[key]):
                return key
        return None

    def is_code(value) -> bool:
        return callable(value) or isinstance(value, code_types)

    def check_writer(caller, kind):
        """Why this record request is not the plugin's own; None when it is."""
        if caller.f_code is not state["writer"]:
            return f"something other than the grader's writer asked for a record ({place(caller)})"
        asker = caller.f_back
        if asker is None or asker.f_code not in state["callers"]:
            return f"the grader's writer was called from {place(asker)}"
        if get_ident() != main_thread and asker.f_code is not state["patient_caller"]:
            return "the grader's writer was called from a thread your code started"
        frame = asker
        while frame is not None:
            if not trusted(frame) and not standard(frame):
                return f"the grader's writer was called while your code was running ({place(frame)})"
            frame = frame.f_back
        # A check's start decides nothing (only where a timeout is reported); the
        # outcome that follows it is checked.
        changed = changed_part() if kind != "start" else None
        if changed:
            return f"the grader's {changed} was replaced or removed"
        return None

    def seal(writer, callers, patient_caller):
        """Take the snapshot. Every module loaded so far that is not the standard
        library's belongs to the harness: no learner code has run yet. Its files, and
        every file in its packages (some load later), are the trusted ones."""
        checks_dir = str(Path(__file__).resolve().parents[1]) + separator
        is_kata_file = lambda filename: bool(filename) and str(Path(filename).resolve()).startswith(checks_dir)  # noqa: E731
        folders = {checks_dir}
        files, modules = set(), {}
        for name, module in list(sys.modules.items()):
            filename = getattr(module, "__file__", None)
            if isinstance(filename, str) and not is_standard_file(str(Path(filename).resolve())):
                files.update({filename, str(Path(filename).resolve())})
                if Path(filename).stem == "__init__":
                    folders.add(str(Path(filename).resolve().parent) + separator)
                modules[name] = module
        for name in ("builtins", "json", "json.encoder"):
            modules[name] = sys.modules[name]
        snapshot = []
        for name, module in modules.items():
            ours = is_kata_file(getattr(module, "__file__", None) or "")
            namespaces = [(name, vars(module))]
            namespaces += [(f"{name}.{value.__qualname__}", vars(value)) for value in list(vars(module).values())
                           if isinstance(value, type) and value.__module__ == name]
            for label, namespace in namespaces:
                saved = {key: value for key, value in dict(namespace).items() if key not in volatile}
                snapshot.append([label, namespace, tuple(saved), tuple(saved.values()),
                                 frozenset(namespace.keys()), ours, tuple(namespace), tuple(namespace.values())])
            if type_of(module) is module_type and name not in ("builtins", "json", "json.encoder"):
                module.__class__ = WatchedModule
        state.update(sealed=True, trusted_files=frozenset(files), trusted_folders=tuple(folders),
                     snapshot=snapshot, modules=set(modules), writer=writer, callers=frozenset(callers),
                     patient_caller=patient_caller)

    def hook(event, args):
        if event == "object.__getattr__" and args[1] not in frame_attributes:
            return  # the common case by far (the scheduler reads f_code at its switch points)
        if not (state["sealed"] or event.startswith("kata.")):
            return  # nothing but the harness has run yet
        thread = get_ident()
        if thread in busy:
            return
        busy.add(thread)
        try:
            try:
                caller = getframe(1)
            except ValueError:
                return  # raised from C with no Python code on this thread: nobody to blame
            if event == seal_event:
                if not state["sealed"]:
                    seal(*args)
                    return
                reason = f"it asked the grader to seal itself again ({place(caller)})"
            elif event == module_change:
                owner = responsible(caller.f_back)  # past WatchedModule.__setattr__ and stdlib helpers
                if owner is None or trusted(owner):
                    return
                reason = f"it changed {args[0]}.{args[1]} (at {place(owner)}), a part of the grader"
            elif event == record_event:
                reason = check_writer(caller, args[0]) if state["sealed"] else "a record came before the seal"
                if reason is None:
                    emit(args[0], args[1])
                    return
            elif event == untrace_event:
                if not state["sealed"] or trusted(caller):
                    state["untracing"].add(thread)
                    return
                reason = f"it pretended to be the grader's scheduler ({place(caller)})"
            elif event == "sys.settrace" and thread in state["untracing"]:
                state["untracing"].discard(thread)
                return
            else:
                reason = refusal(event, args, caller)
                if reason is None:
                    return
            emit("tampered", {"reason": reason})
        finally:
            busy.discard(thread)
        raise refused(f"the grader refused this: {reason}")

    sys.addaudithook(hook)
