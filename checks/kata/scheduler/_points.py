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
import inspect
import linecache
import os
import re
import sys
import sysconfig
import types

from ._sync import _Primitive

_CONSTRUCTORS = {"__init__", "__new__", "__post_init__", "__init_subclass__"}


# ---------------------------------------------------------------- opcodes per version
#
# The switch points are chosen by opcode name, and CPython renames opcodes between
# versions. One table per version says which names play each part. Each entry was read
# from that version's `dis` documentation (docs.python.org/3.X/library/dis.html) and its
# What's New "CPython bytecode changes"; 3.10-3.13 are also proved on this machine by
# test_switch_points.py, which compiles samples and looks at the instructions.
#
# 3.10  CALL_FUNCTION, CALL_FUNCTION_KW, CALL_METHOD; `with` enters with SETUP_WITH.
# 3.11  one CALL (after PRECALL, which is not a switch point; What's New 3.11 "Replaced
#       opcodes"); `with` enters with BEFORE_WITH.
# 3.12  LOAD_METHOD merged into LOAD_ATTR, a method load when the low bit of its oparg is
#       set (gh-93429); BINARY_SLICE / STORE_SLICE added (gh-94163); LOAD_CLASSDEREF
#       replaced by LOAD_FROM_DICT_OR_DEREF.
# 3.13  CALL_KW replaces KW_NAMES + CALL for calls with keyword arguments (dis 3.13).
# 3.14  BINARY_SUBSCR replaced by BINARY_OP with oparg NB_SUBSCR = 26 (gh-100239, What's
#       New 3.14; Include/opcode.h); BEFORE_WITH removed: `with` loads __enter__ and
#       __exit__ with LOAD_SPECIAL and calls them with CALL (gh-120507).
# 3.15  as 3.14 for every name used here (dis 3.15; opcode.h of v3.15.0a6 still defines
#       NB_SUBSCR 26).
# A newer interpreter has no table: the scheduler reports it unsupported and the
# learner's verdict is ERROR, never a pass (see interpreter_problem()).


class OpcodeTable:
    def __init__(self, *, calls, item_reads, item_writes, deref_reads, subscr_binary_op=None,
                 method_bit_in_load_attr=True):
        self.calls = frozenset(calls)                 # a call happens (incl. `with` enter/exit)
        self.item_reads = frozenset(item_reads)       # d[k], s[a:b]
        self.item_writes = dict(item_writes)          # opname -> "write" | "delete"
        self.deref_reads = frozenset(deref_reads)     # a `nonlocal` read
        self.subscr_binary_op = subscr_binary_op      # BINARY_OP's oparg for d[k] (3.14+)
        self.method_bit_in_load_attr = method_bit_in_load_attr

    def names(self):
        """Every opcode name the table relies on (must all exist on its interpreter)."""
        names = self.calls | self.item_reads | set(self.item_writes) | self.deref_reads
        return names | ({"BINARY_OP"} if self.subscr_binary_op is not None else set())


_ITEM_WRITES = {"STORE_SUBSCR": "write", "DELETE_SUBSCR": "delete"}
_ITEM_WRITES_312 = {**_ITEM_WRITES, "STORE_SLICE": "write"}
_PY312 = dict(calls={"CALL", "CALL_FUNCTION_EX", "BEFORE_WITH", "WITH_EXCEPT_START"},
              item_reads={"BINARY_SUBSCR", "BINARY_SLICE"}, item_writes=_ITEM_WRITES_312,
              deref_reads={"LOAD_DEREF", "LOAD_FROM_DICT_OR_DEREF"})
_PY314 = dict(calls={"CALL", "CALL_KW", "CALL_FUNCTION_EX", "WITH_EXCEPT_START"},
              item_reads={"BINARY_SLICE"}, item_writes=_ITEM_WRITES_312,
              deref_reads={"LOAD_DEREF", "LOAD_FROM_DICT_OR_DEREF"}, subscr_binary_op=26)

OPCODE_TABLES = {
    (3, 10): OpcodeTable(calls={"CALL_FUNCTION", "CALL_FUNCTION_KW", "CALL_FUNCTION_EX", "CALL_METHOD",
                                "SETUP_WITH", "WITH_EXCEPT_START"},
                         item_reads={"BINARY_SUBSCR"}, item_writes=_ITEM_WRITES,
                         deref_reads={"LOAD_DEREF", "LOAD_CLASSDEREF"}, method_bit_in_load_attr=False),
    (3, 11): OpcodeTable(calls={"CALL", "CALL_FUNCTION_EX", "BEFORE_WITH", "WITH_EXCEPT_START"},
                         item_reads={"BINARY_SUBSCR"}, item_writes=_ITEM_WRITES,
                         deref_reads={"LOAD_DEREF", "LOAD_CLASSDEREF"}, method_bit_in_load_attr=False),
    (3, 12): OpcodeTable(**_PY312),
    (3, 13): OpcodeTable(**{**_PY312, "calls": _PY312["calls"] | {"CALL_KW"}}),
    (3, 14): OpcodeTable(**_PY314),
    (3, 15): OpcodeTable(**_PY314),
}
SUPPORTED_VERSIONS = f"{min(OPCODE_TABLES)[0]}.{min(OPCODE_TABLES)[1]}-{max(OPCODE_TABLES)[0]}.{max(OPCODE_TABLES)[1]}"


def interpreter_problem(version=None, implementation=None, free_threaded=None):
    """Why the scheduler cannot run on this interpreter at all, in plain words, or None.
    (Parameters default to the running interpreter; tests pass others.)"""
    version = tuple((version or sys.version_info)[:2])
    implementation = implementation or sys.implementation.name
    if free_threaded is None:
        free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    if implementation != "cpython":
        return f"it needs CPython, not {implementation}"
    if version < min(OPCODE_TABLES):
        return f"it needs Python {SUPPORTED_VERSIONS.split('-')[0]} or newer (this is {version[0]}.{version[1]})"
    if version not in OPCODE_TABLES:
        return (f"Python {version[0]}.{version[1]} is newer than the versions it knows the bytecode "
                f"of ({SUPPORTED_VERSIONS})")
    if free_threaded:
        return "free-threaded CPython builds (no GIL) are not supported yet"
    return None


TABLE = OPCODE_TABLES.get(sys.version_info[:2])

_ATTR_WRITES = {"STORE_ATTR": "write", "DELETE_ATTR": "delete"}
_OTHER_WRITES = {"STORE_GLOBAL": ("global", "write"), "DELETE_GLOBAL": ("global", "delete"),
                 "STORE_DEREF": ("deref", "write"), "DELETE_DEREF": ("deref", "delete")}


UNRESOLVED = object()


class SwitchPoint:
    """One instruction before which the running thread may be switched out (or,
    with target "effect", only an instruction whose effect a footprint notes)."""

    __slots__ = ("code", "filename", "line", "offset", "code_name", "target", "name", "action", "opname",
                 "callee_expression")

    def __init__(self, code, offset, line, target, name, action, opname=None):
        self.code = code  # the frame's f_code, without the audit event reading it raises
        self.filename = code.co_filename
        self.code_name = code.co_name
        self.offset, self.line = offset, line
        self.target = target  # "attr" | "global" | "deref" | "item" | "call" | "effect"
        self.name = name      # attribute / variable name, or None
        self.action = action  # "read" | "write" | "delete" | "call"; effects: "reads" | "writes"
        self.opname = opname
        self.callee_expression = UNRESOLVED  # what a call calls (_footprint), looked up once

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


def _is_method_load(instruction, table):
    # 3.12+: LOAD_ATTR with the low bit set loads a method for a call.
    return table.method_bit_in_load_attr and instruction.arg is not None and instruction.arg & 1


def _classify(instruction, code, shared):
    """(target, name, action) for a switch point, or None."""
    table = TABLE
    opname, name = instruction.opname, instruction.argval
    in_constructor = code.co_name in _CONSTRUCTORS
    if opname in table.calls:
        return "call", None, "call"
    if opname in _ATTR_WRITES:
        return None if in_constructor else ("attr", name, _ATTR_WRITES[opname])
    if opname in _OTHER_WRITES:
        target, action = _OTHER_WRITES[opname]
        return target, name, action
    if opname in table.item_writes:
        return "item", None, table.item_writes[opname]
    if opname in table.item_reads or (opname == "BINARY_OP" and instruction.arg == table.subscr_binary_op):
        return "item", None, "read"
    if opname == "LOAD_ATTR" and not _is_method_load(instruction, table) and not in_constructor:
        if not shared.complete or name in shared.attrs:
            return "attr", name, "read"
    if opname == "LOAD_GLOBAL" and (not shared.complete or name in shared.globals):
        return "global", name, "read"
    if opname in table.deref_reads and (not shared.complete or name in shared.derefs):
        return "deref", name, "read"
    return None


# Instructions that read no value they did not make themselves: loads of locals and
# constants, stack shuffles, jumps, building new containers from the stack. A name
# missing here (a new opcode) only makes the reduction more careful.
_PURE_OPS = frozenset({
    "NOP", "RESUME", "CACHE", "EXTENDED_ARG", "POP_TOP", "ROT_TWO", "ROT_THREE", "ROT_FOUR", "ROT_N",
    "DUP_TOP", "DUP_TOP_TWO", "SWAP", "COPY", "PUSH_NULL", "LOAD_CONST", "LOAD_SMALL_INT",
    "LOAD_FAST", "LOAD_FAST_CHECK", "LOAD_FAST_AND_CLEAR", "LOAD_FAST_LOAD_FAST", "LOAD_FAST_BORROW",
    "LOAD_FAST_BORROW_LOAD_FAST_BORROW", "STORE_FAST", "STORE_FAST_LOAD_FAST", "STORE_FAST_STORE_FAST",
    "STORE_FAST_MAYBE_NULL", "DELETE_FAST", "LOAD_CLOSURE", "MAKE_CELL", "COPY_FREE_VARS",
    # Not switch points, so their names are never reassigned (or only in a constructor):
    "LOAD_DEREF", "LOAD_CLASSDEREF", "LOAD_FROM_DICT_OR_DEREF", "LOAD_GLOBAL", "LOAD_ATTR",
    "LOAD_METHOD", "LOAD_SPECIAL", "STORE_ATTR", "DELETE_ATTR", "LOAD_ASSERTION_ERROR",
    "BUILD_TUPLE", "BUILD_LIST", "BUILD_SET", "BUILD_MAP", "BUILD_CONST_KEY_MAP", "BUILD_STRING",
    "BUILD_SLICE", "LIST_APPEND", "SET_ADD", "MAP_ADD", "LIST_TO_TUPLE", "KW_NAMES", "PRECALL",
    "MAKE_FUNCTION", "SET_FUNCTION_ATTRIBUTE", "JUMP_FORWARD", "JUMP_BACKWARD",
    "JUMP_BACKWARD_NO_INTERRUPT", "JUMP_ABSOLUTE", "JUMP", "JUMP_NO_INTERRUPT", "POP_JUMP_IF_NONE",
    "POP_JUMP_IF_NOT_NONE", "POP_JUMP_FORWARD_IF_NONE", "POP_JUMP_FORWARD_IF_NOT_NONE",
    "POP_JUMP_BACKWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NOT_NONE", "NOT_TAKEN", "IS_OP", "POP_BLOCK",
    "SETUP_FINALLY", "SETUP_CLEANUP", "SETUP_WITH", "POP_EXCEPT", "PUSH_EXC_INFO", "CHECK_EXC_MATCH",
    "CHECK_EG_MATCH", "JUMP_IF_NOT_EXC_MATCH", "RETURN_VALUE", "RETURN_CONST", "RAISE_VARARGS",
    "RERAISE", "GEN_START", "RETURN_GENERATOR", "END_FOR", "POP_ITER",
})
# Reading any data is the default for the rest; these may also write some.
_WRITING_OPS = frozenset({"IMPORT_NAME", "IMPORT_FROM", "IMPORT_STAR", "STORE_NAME", "DELETE_NAME",
                          "SETUP_ANNOTATIONS", "PRINT_EXPR", "CALL_INTRINSIC_1", "CALL_INTRINSIC_2"})
_INPLACE_BINARY_OPS = range(13, 26)  # BINARY_OP's NB_INPLACE_ADD .. NB_INPLACE_XOR (3.11+)


# Opcodes that only read the value on top of the stack, and (3.12+) the intrinsic
# that turns the list just built for a call's *args into a tuple.
_READS_TOP = frozenset({"LIST_EXTEND", "SET_UPDATE", "DICT_MERGE", "DICT_UPDATE", "GET_ITER",
                        "UNPACK_SEQUENCE", "UNPACK_EX"})
_INTRINSIC_LIST_TO_TUPLE = 6


def _own_arguments(code):
    """The names of `*args` and `**kwargs` when the code never rebinds them: each call
    makes them afresh, so reading them reads no shared data."""
    names = []
    position = code.co_argcount + code.co_kwonlyargcount
    if code.co_flags & inspect.CO_VARARGS:
        names.append(code.co_varnames[position])
        position += 1
    if code.co_flags & inspect.CO_VARKEYWORDS:
        names.append(code.co_varnames[position])
    if not names:
        return frozenset()
    rebound = {instruction.argval for instruction in dis.get_instructions(code)
               if instruction.opname.startswith(("STORE_FAST", "DELETE_FAST"))}
    return frozenset(name for name in names if name not in rebound)


def _effect(instruction, previous=None, own_arguments=frozenset()):
    """'reads' or 'writes' for an instruction that is no switch point, or None."""
    name = instruction.opname
    if name in _PURE_OPS:
        return None
    if name == "CALL_INTRINSIC_1" and instruction.arg == _INTRINSIC_LIST_TO_TUPLE:
        return None
    if (name in _READS_TOP and previous is not None and previous.opname.startswith("LOAD_FAST")
            and previous.argval in own_arguments):
        return None
    if (name.startswith("INPLACE_") or name in _WRITING_OPS
            or (name == "BINARY_OP" and instruction.arg in _INPLACE_BINARY_OPS)):
        return "writes"
    return "reads"


def switch_points_of(code, shared, effects=False):
    """{offset: SwitchPoint} for one code object of a watched file (with effects:
    also the effect points the search's footprints need, see _footprint.py)."""
    lines = _line_of_offsets(code)
    points = {}
    own_arguments = _own_arguments(code) if effects else frozenset()
    previous = None
    for instruction in dis.get_instructions(code):
        kind = _classify(instruction, code, shared)
        if kind is None and effects:
            effect = _effect(instruction, previous, own_arguments)
            kind = None if effect is None else ("effect", None, effect)
        previous = instruction
        if kind is not None:
            line = lines.get(instruction.offset, code.co_firstlineno)
            points[instruction.offset] = SwitchPoint(code, instruction.offset, line, *kind,
                                                     opname=instruction.opname)
    return points


class WatchedCode:
    """Which files are watched, and the (cached) switch points of their code."""

    def __init__(self, filenames, effects=False):
        self.effects = effects  # effect points too, for the search's footprints
        self.filenames = {os.path.normcase(os.path.abspath(name)) for name in filenames}
        self.shared = SharedNames()
        for filename in sorted(self.filenames):
            self.shared.add_file(filename)
        self._tables = {}
        self._file_cache = {}
        self._function_cache = {}  # function -> watched (kept alive while this search runs)
        # A scenario check calls explore() dozens of times on the same code: the
        # tables of one code object are the same while the shared names are.
        self._cache_key = (effects, self.shared.complete, frozenset(self.shared.attrs),
                           frozenset(self.shared.globals), frozenset(self.shared.derefs))

    def watches_file(self, filename):
        watched = self._file_cache.get(filename)
        if watched is None:
            watched = os.path.normcase(os.path.abspath(filename)) in self.filenames
            self._file_cache[filename] = watched
        return watched

    def watches_function(self, function):
        """Whether a Python function's code is in a watched file. Cached: reading
        __code__ is an audit event, and the guard's hook runs for each one."""
        watched = self._function_cache.get(function)
        if watched is None:
            watched = self._function_cache[function] = self.watches_file(function.__code__.co_filename)
        return watched

    def table_for(self, code):
        """The switch points of `code`, or None if it is not in a watched file."""
        table = self._tables.get(code)
        if table is None and code not in self._tables:
            table = None
            if self.watches_file(code.co_filename):
                key = (code, self._cache_key)
                table = _tables_by_names.get(key)
                if table is None:
                    if len(_tables_by_names) > 10_000:  # `nox -s watch` reloads code for hours
                        _tables_by_names.clear()
                    table = _tables_by_names[key] = switch_points_of(code, self.shared, self.effects)
            self._tables[code] = table
        return table


_tables_by_names = {}  # (code, WatchedCode._cache_key) -> its switch points


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
