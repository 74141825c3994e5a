"""Where threads may be switched: the switch points in the learner's bytecode, and
how to describe in source terms what a step read or wrote.

A switch point is placed before every instruction of a watched file that

* reads shared state: LOAD_ATTR of an attribute that some watched code assigns
  outside a constructor (`__init__`, `__new__`, `__post_init__`), LOAD_GLOBAL of a
  name some watched code assigns with `global`, LOAD_DEREF of a `nonlocal` that is
  assigned, and any subscript read (`d[k]`);
* writes shared state: STORE_/DELETE_ ATTR (outside constructors), GLOBAL, DEREF,
  SUBSCR and slices;
* calls something (CALL*, and the __enter__/__exit__ calls of `with`): a call may
  take a lock, wait, or mutate a shared container (`items.append(x)`).

Method loads (`self._lock.acquire`), reads of names nobody reassigns (modules,
functions, locks stored in __init__) and pure stack or local-variable work are not
switch points. So `self.value += 1` has two: before the read and before the write,
which is exactly the window a lost update needs, and the number of schedules stays
small enough to enumerate.
"""

import ast
import dis
import linecache
import os
import re
import sys
import types

from ._sync import _Primitive

_CONSTRUCTORS = {"__init__", "__new__", "__post_init__", "__init_subclass__"}
_CALLS = {"CALL", "CALL_KW", "CALL_FUNCTION", "CALL_FUNCTION_KW", "CALL_FUNCTION_EX",
          "CALL_METHOD", "BEFORE_WITH", "SETUP_WITH", "WITH_EXCEPT_START"}
_ATTR_WRITES = {"STORE_ATTR": "write", "DELETE_ATTR": "delete"}
_OTHER_WRITES = {"STORE_GLOBAL": ("global", "write"), "DELETE_GLOBAL": ("global", "delete"),
                 "STORE_DEREF": ("deref", "write"), "DELETE_DEREF": ("deref", "delete"),
                 "STORE_SUBSCR": ("item", "write"), "DELETE_SUBSCR": ("item", "delete"),
                 "STORE_SLICE": ("item", "write")}
_ITEM_READS = {"BINARY_SUBSCR", "BINARY_SLICE"}


class SwitchPoint:
    """One instruction before which the running thread may be switched out."""

    __slots__ = ("filename", "line", "offset", "code_name", "target", "name", "action")

    def __init__(self, code, offset, line, target, name, action):
        self.filename = code.co_filename
        self.code_name = code.co_name
        self.offset, self.line = offset, line
        self.target = target  # "attr" | "global" | "deref" | "item" | "call"
        self.name = name      # attribute / variable name, or None
        self.action = action  # "read" | "write" | "delete" | "call"

    def location(self):
        return f"{os.path.basename(self.filename)}:{self.line}"

    def source(self):
        return linecache.getline(self.filename, self.line).strip()


# ---------------------------------------------------------------- what is shared

_names_by_source = {}  # (filename, source) -> SharedNames of that file alone


class SharedNames:
    """Names assigned somewhere in the watched files, outside constructors."""

    def __init__(self):
        self.attrs, self.globals, self.derefs = set(), set(), set()
        self.complete = True  # False when a watched file's source could not be read

    def add_file(self, filename):
        try:
            with open(filename, encoding="utf-8") as handle:
                source = handle.read()
        except (OSError, ValueError):
            self.complete = False
            return
        # explore() is called many times per check on the same file: analyse each
        # content once (the dis pass is most of a one-schedule explore()).
        names = _names_by_source.get((filename, source))
        if names is None:
            try:
                module_code = compile(source, filename, "exec")
            except (SyntaxError, ValueError):
                self.complete = False
                return
            names = SharedNames()
            for code in _all_code_objects(module_code):
                names._add_code(code)
            _names_by_source[(filename, source)] = names
        self.attrs |= names.attrs
        self.globals |= names.globals
        self.derefs |= names.derefs

    def _add_code(self, code):
        for instruction in dis.get_instructions(code):
            name = instruction.opname
            if name in _ATTR_WRITES and code.co_name not in _CONSTRUCTORS:
                self.attrs.add(instruction.argval)
            elif name in ("STORE_GLOBAL", "DELETE_GLOBAL"):
                self.globals.add(instruction.argval)
            elif name in ("STORE_DEREF", "DELETE_DEREF") and instruction.argval in code.co_freevars:
                self.derefs.add(instruction.argval)


def _all_code_objects(code):
    yield code
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from _all_code_objects(constant)


# ---------------------------------------------------------------- per code object

def _line_of_offsets(code):
    lines = {}
    for start, end, line in code.co_lines():
        if line is not None:
            for offset in range(start, end, 2):
                lines[offset] = line
    return lines


def _is_method_load(instruction):
    # 3.12+: LOAD_ATTR with the low bit set loads a method for a call.
    return sys.version_info >= (3, 12) and instruction.arg is not None and instruction.arg & 1


def _classify(instruction, code, shared):
    """(target, name, action) for a switch point, or None."""
    opname, name = instruction.opname, instruction.argval
    in_constructor = code.co_name in _CONSTRUCTORS
    if opname in _CALLS:
        return "call", None, "call"
    if opname in _ATTR_WRITES:
        return None if in_constructor else ("attr", name, _ATTR_WRITES[opname])
    if opname in _OTHER_WRITES:
        target, action = _OTHER_WRITES[opname]
        return target, (None if target == "item" else name), action
    if opname in _ITEM_READS:
        return "item", None, "read"
    if opname == "LOAD_ATTR" and not _is_method_load(instruction) and not in_constructor:
        if not shared.complete or name in shared.attrs:
            return "attr", name, "read"
    if opname == "LOAD_GLOBAL" and (not shared.complete or name in shared.globals):
        return "global", name, "read"
    if opname in ("LOAD_DEREF", "LOAD_CLASSDEREF") and (not shared.complete or name in shared.derefs):
        return "deref", name, "read"
    return None


def switch_points_of(code, shared):
    """{offset: SwitchPoint} for one code object of a watched file."""
    lines = _line_of_offsets(code)
    points = {}
    for instruction in dis.get_instructions(code):
        kind = _classify(instruction, code, shared)
        if kind is not None:
            line = lines.get(instruction.offset, code.co_firstlineno)
            points[instruction.offset] = SwitchPoint(code, instruction.offset, line, *kind)
    return points


class WatchedCode:
    """Which files are watched, and the (cached) switch points of their code."""

    def __init__(self, filenames):
        self.filenames = {os.path.normcase(os.path.abspath(name)) for name in filenames}
        self.shared = SharedNames()
        for filename in sorted(self.filenames):
            self.shared.add_file(filename)
        self._tables = {}
        self._file_cache = {}

    def watches_file(self, filename):
        watched = self._file_cache.get(filename)
        if watched is None:
            watched = os.path.normcase(os.path.abspath(filename)) in self.filenames
            self._file_cache[filename] = watched
        return watched

    def table_for(self, code):
        """The switch points of `code`, or None if it is not in a watched file."""
        table = self._tables.get(code)
        if table is None and code not in self._tables:
            table = switch_points_of(code, self.shared) if self.watches_file(code.co_filename) else None
            self._tables[code] = table
        return table


# ---------------------------------------------------------------- describing a step

_MISSING = object()
_PLAIN_TYPES = (int, float, bool, str, bytes, complex, type(None))
_IDENT = r"[A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_][\w]*)*"


def safe_repr(value, limit=40):
    """repr() only for builtin values: a learner's __repr__ must not run mid-step."""
    if isinstance(value, _PLAIN_TYPES) and type(value) in _PLAIN_TYPES:
        text = repr(value)
    elif type(value) in (list, tuple, set, frozenset, dict) and len(value) <= 8 and _all_plain(value):
        text = repr(value)
    elif type(value) in (list, tuple, set, frozenset, dict):
        text = f"<{type(value).__name__} of {len(value)}>"
    else:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _all_plain(container):
    items = container.items() if isinstance(container, dict) else ((item, None) for item in container)
    return all(type(key) in _PLAIN_TYPES and type(val) in _PLAIN_TYPES for key, val in items)


def is_noise(value):
    """Reads of locks, functions, modules and classes do not help a learner."""
    return isinstance(value, (_Primitive, types.FunctionType, types.MethodType,
                              types.ModuleType, type, types.BuiltinFunctionType))


def _plain_lookup(obj, name):
    """obj.name through the instance (or class) __dict__ only: no properties run."""
    try:
        namespace = vars(obj)
    except TypeError:
        return _MISSING
    return namespace.get(name, _MISSING)


def _resolve_dotted(expression, frame):
    parts = [part.strip() for part in expression.split(".")]
    value = frame.f_locals.get(parts[0], _MISSING)
    if value is _MISSING:
        value = frame.f_globals.get(parts[0], _MISSING)
    for part in parts[1:]:
        if value is _MISSING:
            break
        value = _plain_lookup(value, part)
    return value


def _assignment_split(source):
    """Column where the right-hand side of an assignment starts, or 0."""
    match = re.search(r"(?<![=!<>])(?:[-+*/%&|^@]|//|\*\*|>>|<<)?=(?!=)", source)
    return match.end() if match else 0


def _pick_candidate(source, matches, action):
    if not matches:
        return None
    split = _assignment_split(source)
    if action == "read":
        preferred = [m for m in matches if m.start() >= split]
    else:
        preferred = [m for m in matches if m.start() < split]
    return (preferred or matches)[0]


class Access:
    """What one step read or wrote (`value`, `balances['bob']`, `count`), and how
    to look at its value again once the step has run."""

    def __init__(self, label, action, getter, identity):
        self.label, self.action = label, action
        self.current_value = getter    # () -> value, or MISSING
        self.identity = identity       # same object and name -> same identity


def describe_access(point, frame):
    """An Access for the instruction at `point` in `frame`, or None."""
    source = point.source()
    name = point.name
    if point.target == "attr":
        pattern = re.compile(r"(" + _IDENT + r")\s*\.\s*" + re.escape(name) + r"\b")
        match = _pick_candidate(source, list(pattern.finditer(source)), point.action)
        owner = _MISSING if match is None else _resolve_dotted(match.group(1), frame)
        if owner is _MISSING:
            return None
        return Access(name, point.action, lambda: _plain_lookup(owner, name), (id(owner), name))
    if point.target == "global":
        namespace = frame.f_globals
        return Access(name, point.action, lambda: namespace.get(name, _MISSING), (id(namespace), name))
    if point.target == "deref":
        return Access(name, point.action, lambda: frame.f_locals.get(name, _MISSING),
                      (id(frame.f_code), name))
    if point.target == "item":
        return _describe_item(source, point, frame)
    return None


def _describe_item(source, point, frame):
    pattern = re.compile(r"(" + _IDENT + r")\s*\[([^\[\]]+)\]")
    match = _pick_candidate(source, list(pattern.finditer(source)), point.action)
    if match is None:
        return None
    container = _resolve_dotted(match.group(1), frame)
    key = _evaluate_key(match.group(2).strip(), frame)
    if container is _MISSING or key is _MISSING:
        return None
    name = match.group(1).split(".")[-1].strip()
    return Access(f"{name}[{safe_repr(key)}]", point.action, lambda: _item_value(container, key),
                  (id(container), repr(key)))


def _item_value(container, key):
    if type(container) is dict:
        return container.get(key, _MISSING)
    if type(container) is list and type(key) is int and -len(container) <= key < len(container):
        return container[key]
    return _MISSING


def _evaluate_key(text, frame):
    if re.fullmatch(r"[A-Za-z_]\w*", text):
        value = frame.f_locals.get(text, _MISSING)
        return frame.f_globals.get(text, _MISSING) if value is _MISSING else value
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return _MISSING


MISSING = _MISSING
