"""What a step may touch, for the search's partial-order reduction (sleep sets).

A step is a thread's run from one choice to the next. Two steps are independent
when running them in either order gives the same state; then the search need not
try both orders. A step's Footprint is built while it runs:

* the switch points it passes: `self.x` read or written is the key ('attr', 'x')
  (any object: names are enough to be safe), `d[k]` is ('item',) for every
  container, globals and nonlocals by name;
* every other instruction of the watched code that reads a value it did not make
  (a loop over a dict, a comparison, `if items:`) marks the step as reading any
  data; an in-place operator (`total += x` may extend a list) or an import as
  writing any data. Those instructions are "effect points": they cost a callback,
  never a choice (see _points.py, built only when the search reduces);
* a call from watched code is judged by what it calls, found without running
  anything: the learner's own functions and the threading, queue and
  concurrent.futures code (whose shared state sits behind the primitives it uses)
  touch nothing by the call itself; a builtin that only reads (len, sum, d.get)
  reads any data; anything else (list.append, a library we do not know) reads and
  writes any data, for the whole call, including code it calls back;
* every cooperative primitive it uses (by identity), and objects a check's own
  code declares with `uses()` (the order calls start and end). The primitives
  inside a Future, an Event and a first-in-first-out queue count by what the
  operation means: waiting for a result commutes with setting it, a blocking put
  with a blocking get (see _sync._touch);
* a thread the code under test started (an actor's owner thread, a pool worker)
  is footprinted like a body when what it runs is judged as a call would be:
  its target (the learner's function, or a pool's worker loop), the pool's
  initializer, and each work item's function, judged as it is taken. Otherwise
  (`pool.submit(results.append, x)`, a Timer's function) each of its steps
  reads and writes any data, until the next work item.

Only watched files are looked into. Code outside them is taken to share nothing
but through primitives: the grader's own bodies, and the library modules above.
"""

import abc
import ast
import builtins
import collections
import concurrent.futures
import dis
import threading
import types

from ._points import TABLE, UNRESOLVED

# Their code touches the learner's data only by calling the learner's code (watched)
# or through primitives (noted): with-statement helpers call __enter__/__exit__.
_MODULES_SHARING_ONLY_THROUGH_PRIMITIVES = ("threading", "queue", "concurrent.futures", "contextlib",
                                            "kata.scheduler")

_READING_BUILTINS = frozenset({
    "len", "sum", "min", "max", "sorted", "any", "all", "isinstance", "issubclass", "abs",
    "round", "divmod", "hash", "id", "callable", "repr", "str", "int", "float", "bool",
    "tuple", "list", "dict", "set", "frozenset", "enumerate", "zip", "range", "reversed",
    "format", "getattr", "hasattr", "type", "iter", "map", "filter", "chr", "ord",
})
_READING_METHODS = frozenset({
    "get", "keys", "values", "items", "copy", "count", "index", "find", "rfind", "startswith",
    "endswith", "join", "format", "split", "rsplit", "strip", "lstrip", "rstrip", "upper",
    "lower", "replace", "partition", "isdigit", "isalpha", "issubset", "issuperset",
    "union", "intersection", "difference", "isdisjoint", "__getitem__", "__contains__",
    "__len__", "__iter__", "__eq__", "__lt__", "__le__", "__gt__", "__ge__", "__ne__",
    "__hash__", "__repr__", "__str__", "__format__", "__bool__", "bit_length", "done",
    "cancelled", "running",
})
_PURE_CONSTRUCTORS = (object.__init__, object.__new__, BaseException.__init__, BaseException.__new__)

# How a call's effect is judged.
PURE, READS, UNKNOWN = "pure", "reads", "unknown"
_MISSING = object()


class Footprint:
    __slots__ = ("reads_any", "writes_any", "reads", "writes", "uses", "looks", "threads",
                 "touches_data", "writes_data", "inert")

    def __init__(self, reads_any, writes_any, reads, writes, uses, looks, threads):
        self.reads_any, self.writes_any = reads_any, writes_any
        self.reads, self.writes = reads, writes  # data keys
        self.uses, self.looks = uses, looks      # primitives and check objects: used, only looked at
        self.threads = threads                   # the threads that ran in the step
        self.writes_data = writes_any or bool(writes)
        self.touches_data = self.writes_data or reads_any or bool(reads)
        self.inert = not (self.touches_data or uses or looks)  # commutes with every step

    def independent(self, other):
        if self.inert or other.inert:
            return True
        if self.uses and (self.uses & other.uses or self.uses & other.looks) or self.looks & other.uses:
            return False
        if (self.writes_any and other.touches_data) or (other.writes_any and self.touches_data):
            return False
        if (self.reads_any and other.writes_data) or (other.reads_any and self.writes_data):
            return False
        return not (self.writes & (other.reads | other.writes) or other.writes & self.reads)

    def __repr__(self):
        return (f"Footprint(reads_any={self.reads_any}, writes_any={self.writes_any}, "
                f"reads={set(self.reads)}, writes={set(self.writes)}, uses={len(self.uses)})")


class StepEffects:
    """The footprint of the step in progress, as it accumulates."""

    __slots__ = ("reads_any", "writes_any", "reads", "writes", "uses", "looks", "threads")

    def __init__(self):
        self.reads_any = self.writes_any = False
        self.reads, self.writes, self.uses, self.looks = set(), set(), set(), set()
        self.threads = set()

    def everything(self):
        self.reads_any = self.writes_any = True

    def judged(self, effect):
        if effect is not PURE:
            self.reads_any = True
            if effect is UNKNOWN:
                self.writes_any = True

    def frozen(self):
        return Footprint(self.reads_any, self.writes_any, _frozen(self.reads), _frozen(self.writes),
                         _frozen(self.uses), _frozen(self.looks), frozenset(self.threads))


_NOTHING = frozenset()


def _frozen(keys):
    return frozenset(keys) if keys else _NOTHING


# ---------------------------------------------------------------- switch points

def note_point(effects, ts, point, frame_getter, watched):
    """Add what the instruction at switch point `point` does to `effects`."""
    target = point.target
    if target == "call":
        frame = frame_getter()
        effect = call_effect(point, frame, watched) if frame is not None else UNKNOWN
        effects.judged(effect)
        if effect is not PURE:
            ts.open_call = (frame, effect)  # code it calls back runs inside it
        return
    key = ("item",) if target == "item" else (target, point.name)
    if point.action == "read":
        effects.reads.add(key)
    else:
        effects.writes.add(key)


def note_nested(effects, ts, frame):
    """A point or effect point in `frame`: if a call judged not pure is still in
    progress below it (a builtin calling back into watched code), its effect
    covers this step too; once its own frame moves on, it is over."""
    calling_frame, effect = ts.open_call
    if frame is calling_frame:
        ts.open_call = None
        return
    outer = frame.f_back if frame is not None else None
    while outer is not None:
        if outer is calling_frame:
            effects.judged(effect)
            return
        outer = outer.f_back
    ts.open_call = None


# ---------------------------------------------------------------- started threads

def started_thread_effect(thread, watched):
    """PURE, READS or UNKNOWN: what a thread the code under test started does
    outside the code we see into, judged as a call: a run() of its own outside the
    watched files (threading.Timer's calls a function of the learner's choice),
    its target, and a pool worker's initializer."""
    run = _class_attribute(type(thread), "run")
    if run is not threading.Thread.run:
        watched_run = type(run) is types.FunctionType and watched.watches_function(run)
        return PURE if watched_run else UNKNOWN
    target = getattr(thread, "_target", None)
    if target is None:
        return PURE
    effect = _effect_of_callable(target, watched)
    if effect is PURE and getattr(target, "__module__", None) == "concurrent.futures.thread":
        args = getattr(thread, "_args", ())
        initializer = args[2] if len(args) > 2 else None
        return PURE if initializer is None else _effect_of_callable(initializer, watched)
    return effect


def work_item_effect(item, watched):
    """A pool worker took `item` (a work item, or None to stop): the effect of its
    function, which the pool's code calls."""
    if item is None:
        return PURE
    if type(item).__module__ != "concurrent.futures.thread":
        return UNKNOWN
    return _effect_of_callable(getattr(item, "fn", None), watched)


# ---------------------------------------------------------------- calls

def call_effect(point, frame, watched):
    """PURE, READS or UNKNOWN for the call at `point`, by what it calls."""
    expression = point.callee_expression
    if expression is UNRESOLVED:
        expression = point.callee_expression = _callee_expression(point, point.code)
    if expression is None:
        return UNKNOWN
    kind, node = expression
    if kind == "pure":
        return PURE
    if kind == "with" and isinstance(node, ast.Call):
        return _effect_of_made_context(_evaluate(node.func, frame, point.code), watched)
    if kind == "call" and _calls_a_method_of_a_new_future(node, frame, point.code):
        return PURE  # pool.submit(...).result(): the Future's methods share through its lock
    value = _evaluate(node, frame, point.code)
    if value is _MISSING:
        return UNKNOWN
    if kind == "call":
        return _effect_of_callable(value, watched)
    # `with value:` enters here and leaves by another call on the same expression.
    return _effect_of_context_class(type(value), watched)


def _calls_a_method_of_a_new_future(node, frame, code):
    """`<executor>.submit(...).<method>`: the callee is a method of the Future that
    submit() returns (it cannot be evaluated without calling submit() again)."""
    if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Call)):
        return False
    maker = _evaluate(node.value.func, frame, code)  # a method is found as its class's function
    function = maker.__func__ if type(maker) is types.MethodType else maker
    return (type(function) is types.FunctionType and function.__name__ == "submit"
            and getattr(function, "__module__", "").startswith("concurrent.futures.")
            and _class_attribute(concurrent.futures.Future, node.attr) is not _MISSING)


def _effect_of_context_class(cls, watched):
    enter = _effect_of_callable(_class_attribute(cls, "__enter__"), watched)
    leave = _effect_of_callable(_class_attribute(cls, "__exit__"), watched)
    return UNKNOWN if UNKNOWN in (enter, leave) else READS if READS in (enter, leave) else PURE


def _effect_of_made_context(maker, watched):
    """`with maker(...):` -- the context manager is made by the call: a class says
    what it is; a function of the threading/contextlib kind makes one of its own
    (a @contextmanager's helper runs the learner's generator, which is watched)."""
    kind = type(maker)
    if kind in (type, abc.ABCMeta):
        return _effect_of_context_class(maker, watched)
    if kind is types.MethodType:
        maker, kind = maker.__func__, type(maker.__func__)
    if kind is types.FunctionType and not watched.watches_function(maker) \
            and _shares_only_through_primitives(maker.__globals__.get("__name__")):
        return PURE
    return UNKNOWN


def _effect_of_callable(value, watched):
    # type(), never isinstance(): that may read a learner's __class__ property, and
    # nothing of the learner's may run inside a tracing callback.
    kind = type(value)
    if value is _MISSING:
        return UNKNOWN
    if kind in (staticmethod, classmethod, types.MethodType):
        value = value.__func__
        kind = type(value)
    if kind is types.FunctionType:
        if watched.watches_function(value):
            return PURE  # its own instructions are points and effect points
        # The module it was written in (functools.wraps copies __module__ from the
        # function it wraps: contextmanager's helper says it is the learner's).
        module = value.__globals__.get("__name__")
        return PURE if _shares_only_through_primitives(module) else UNKNOWN
    if issubclass(kind, type):
        return _effect_of_class(value, watched)
    if kind in (types.BuiltinFunctionType, types.MethodWrapperType,
                types.MethodDescriptorType, types.WrapperDescriptorType):
        owner = getattr(value, "__self__", None)
        name = getattr(value, "__name__", "")
        if owner is builtins or owner is None and isinstance(value, types.BuiltinFunctionType):
            return READS if name in _READING_BUILTINS else UNKNOWN
        return READS if name in _READING_METHODS else UNKNOWN
    return UNKNOWN


def _effect_of_class(cls, watched):
    """Calling a class makes a new object: what do its __new__ and __init__ touch?"""
    if type(cls) not in (type, abc.ABCMeta):
        return UNKNOWN  # a metaclass of its own may do anything on a call (or on a lookup)
    module = cls.__module__
    if module == "builtins":
        return READS if cls.__name__ in _READING_BUILTINS or issubclass(cls, BaseException) else UNKNOWN
    if _shares_only_through_primitives(module):
        return PURE
    effects = []
    for name in ("__new__", "__init__"):
        method = _class_attribute(cls, name)
        if type(method) is staticmethod:
            method = method.__func__
        if any(method is known for known in _PURE_CONSTRUCTORS):
            effects.append(PURE)
        else:
            effects.append(_effect_of_callable(method, watched))
    return UNKNOWN if UNKNOWN in effects else READS if READS in effects else PURE


def _shares_only_through_primitives(module):
    return isinstance(module, str) and (
        module in _MODULES_SHARING_ONLY_THROUGH_PRIMITIVES
        or module.startswith(tuple(name + "." for name in _MODULES_SHARING_ONLY_THROUGH_PRIMITIVES)))


def _class_attribute(cls, name):
    for klass in cls.__mro__:
        namespace = vars(klass)
        if name in namespace:
            return namespace[name]
    return _MISSING


def _attribute(value, name):
    """value.name without running any code (no properties, no __getattr__)."""
    kind = type(value)
    if issubclass(kind, types.ModuleType):
        return vars(value).get(name, _MISSING)
    if issubclass(kind, type):
        return _class_attribute(value, name)
    in_class = _class_attribute(kind, name)
    if in_class is not _MISSING and (hasattr(type(in_class), "__set__") or hasattr(type(in_class), "__delete__")):
        return _MISSING  # a property or slot: its value would take running code
    try:
        namespace = object.__getattribute__(value, "__dict__")
    except AttributeError:
        namespace = None
    if type(namespace) is dict and name in namespace:
        return namespace[name]
    return in_class


def _evaluate(node, frame, code):
    """The value of a name or attribute chain in `frame` (running `code`), without running code."""
    if isinstance(node, ast.Name):
        value = _local(frame, code, node.id)
        if value is _MISSING:
            value = frame.f_globals.get(node.id, _MISSING)
        if value is _MISSING:
            value = vars(builtins).get(node.id, _MISSING)
        return value
    if isinstance(node, ast.Attribute):
        owner = _evaluate(node.value, frame, code)
        return _MISSING if owner is _MISSING else _attribute(owner, node.attr)
    return _MISSING


def _local(frame, code, name):
    if name not in code.co_varnames and name not in code.co_cellvars and name not in code.co_freevars:
        return _MISSING
    try:
        return frame.f_locals.get(name, _MISSING)
    except Exception:  # noqa: BLE001 - a frame we cannot read is a call we cannot judge
        return _MISSING


# ---------------------------------------------------------------- what a call instruction calls

class _Expressions:
    """The call and with-statement expressions of one file, by source position."""

    def __init__(self, tree):
        # (line, col, end_line, end_col) -> {kind: node}: a call that makes a
        # with-statement's context manager has the same span as that expression.
        self.by_span = {}
        # (line, code) -> [(kind, node)]: 3.10 has no columns, only lines, and a line
        # may hold calls of several code objects (a lambda's, a comprehension's), each
        # known by (co_name, co_firstlineno).
        self.by_line = {}
        self.codes = collections.Counter()  # how many code objects share each such key
        self.spanned = set()  # lines a call written over several lines covers
        self.calls = {}  # (line, code) -> the Call nodes, in source order (outer before inner)
        self._visit(tree, ("<module>", 1))

    def _add(self, node, kind, value, code):
        span = (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)
        self.by_span.setdefault(span, {}).setdefault(kind, value)
        self.by_line.setdefault((span[0], code), []).append((kind, value))

    def _visit(self, node, code):
        if isinstance(node, ast.Call):
            self._add(node, "call", node.func, code)
            self.calls.setdefault((node.lineno, code), []).append(node)
            if node.end_lineno != node.lineno:
                self.spanned.update(range(node.lineno, node.end_lineno + 1))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            # 3.11/3.12 give a with-statement's enter and exit the span of the
            # whole statement, 3.13 that of its context expression.
            self._add(node, *(("with", node.items[0].context_expr) if len(node.items) == 1
                              else ("unknown", None)), code)
            for item in node.items:
                self._add(item.context_expr, "with", item.context_expr, code)
        elif isinstance(node, (ast.GeneratorExp, ast.ListComp, ast.SetComp, ast.DictComp)):
            # 3.10/3.11 call a comprehension's own code: watched, so judged as it runs.
            self._add(node, "pure", None, code)
        for child, child_code in _children_by_code(node, code):
            self._visit(child, child_code)
        if isinstance(node, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                             ast.GeneratorExp, ast.ListComp, ast.SetComp, ast.DictComp)):
            self.codes[_code_key(node)] += 1


_COMPREHENSION_NAMES = {ast.GeneratorExp: "<genexpr>", ast.ListComp: "<listcomp>",
                        ast.SetComp: "<setcomp>", ast.DictComp: "<dictcomp>"}


def _code_key(node):
    """(co_name, co_firstlineno) of the code object 3.10 compiles `node` into."""
    if isinstance(node, ast.Lambda):
        return ("<lambda>", node.lineno)
    if type(node) in _COMPREHENSION_NAMES:
        return (_COMPREHENSION_NAMES[type(node)], node.lineno)
    return (node.name, min([node.lineno] + [decorator.lineno for decorator in node.decorator_list]))


def _children_by_code(node, code):
    """(child, key of the code object it runs in): a function's, lambda's or class's
    body and most of a comprehension run in code of their own; decorators, argument
    defaults and annotations, bases and a comprehension's first iterable in the code
    around them."""
    if isinstance(node, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        own = _code_key(node)
        if isinstance(node, ast.ClassDef):
            outside = [*node.decorator_list, *node.bases, *node.keywords]
        else:  # the arguments' defaults and annotations, and the return annotation
            returns = getattr(node, "returns", None)  # a lambda has none
            outside = [*getattr(node, "decorator_list", ()), node.args, *([returns] if returns else [])]
        inside = [child for child in ast.iter_child_nodes(node)
                  if not any(child is other for other in outside)]
        return [(child, code) for child in outside] + [(child, own) for child in inside]
    if type(node) in _COMPREHENSION_NAMES:
        own = _code_key(node)
        first_iterable = node.generators[0].iter
        return [(first_iterable, code)] + [(child, own) for child in _children_but(node, first_iterable)]
    return [(child, code) for child in ast.iter_child_nodes(node)]


def _children_but(node, skipped):
    """The child nodes of `node`, a comprehension, with its clause that holds `skipped`
    (the first iterable, which runs elsewhere) replaced by that clause's other children."""
    children = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.comprehension) and child.iter is skipped:
            children += [grandchild for grandchild in ast.iter_child_nodes(child) if grandchild is not skipped]
        else:
            children.append(child)
    return children


def _callee_expression(point, code):
    """('call', func node) | ('with', context node) | ('pure', None), or None."""
    expressions = _expressions_of(code.co_filename)
    if expressions is None:
        return None
    position = _position(code, point.offset)
    if position is not None:
        entry = _by_span(expressions.by_span.get(position, {}), code, point, position)
    else:
        entry = _only_on_line(expressions, code, point)
    if entry is None or entry[0] == "unknown":
        return None
    if entry[0] == "call" and point.opname in _WITH_OPS:
        return None
    if entry[0] == "with" and point.opname not in _WITH_OPS and point.opname not in TABLE.calls:
        return None
    return entry


_WITH_OPS = frozenset({"BEFORE_WITH", "SETUP_WITH", "WITH_EXCEPT_START", "BEFORE_ASYNC_WITH"})


def _by_span(kinds, code, point, position):
    """The expression an instruction with source span `position` calls."""
    if "unknown" in kinds:
        return ("unknown", None)
    if point.opname in _WITH_OPS:
        return ("with", kinds["with"]) if "with" in kinds else None
    if "call" in kinds and "with" in kinds:
        # `with make():` -- the call of make() comes before the with-statement
        # enters; a call with the same span after that leaves it (3.13).
        entered = [instruction.offset for instruction in dis.get_instructions(code)
                   if instruction.opname in _WITH_OPS and _position(code, instruction.offset) == position]
        if any(offset < point.offset for offset in entered):
            return ("with", kinds["with"])
        return ("call", kinds["call"])
    for kind in ("call", "with", "pure"):
        if kind in kinds:
            return (kind, kinds[kind])
    return None


def _position(code, offset):
    positions = getattr(code, "co_positions", None)
    if positions is None:
        return None
    for index, (line, end_line, column, end_column) in enumerate(positions()):
        if index * 2 == offset:
            position = (line, column, end_line, end_column)
            return position if None not in position else None
    return None


def _only_on_line(expressions, code, point):
    """3.10: a line with one call (or one `with` and no call) names it; on a line
    with several, a method call is told apart by its name, calls nested in one
    another by their order (see _by_method_names); on the line of a with-statement,
    the calls before it enters make its context manager, those after leave it."""
    key = (code.co_name, code.co_firstlineno)
    if expressions.codes[key] > 1:
        return None  # two lambdas on one line, say: which one this code is is not told
    entries = expressions.by_line.get((point.line, key), [])
    calls = [entry for entry in entries if entry[0] == "call"]
    withs = [entry for entry in entries if entry[0] == "with"]
    if withs:
        return _on_a_with_line(entries, calls, withs, code, point)
    instructions = _calls_on_line(code, point.line)
    if len(calls) == 1 and len(instructions) == 1:
        return calls[0]
    if point.line in expressions.spanned:
        return None  # which line 3.10 gives each call of a long one is not told apart
    return _by_method_names(entries, instructions, expressions.calls.get((point.line, key), [])).get(point.offset)


def _on_a_with_line(entries, calls, withs, code, point):
    """3.10, the line of a with-statement of one context manager (the statement and
    its item are both entries, of the same expression): SETUP_WITH enters it; the
    calls on the line before that instruction are all of the line's calls, in its
    context expression, and those after it call __exit__ (when the block ends, and
    when a return or break leaves it)."""
    if any(value is not withs[0][1] for _, value in withs) or any(kind == "unknown" for kind, _ in entries):
        return None  # two context managers, or two with-statements, on one line
    if point.opname in _WITH_OPS:
        return withs[0]
    entered = [instruction.offset for instruction in _instructions_on_line(code, point.line)
               if instruction.opname == "SETUP_WITH"]
    if len(entered) != 1:
        return None  # an async with-statement, say
    if sum(offset < entered[0] for offset, _ in _calls_on_line(code, point.line)) != len(calls):
        return None  # a body written on the with-statement's line, say
    if point.offset > entered[0]:
        return withs[0]
    if len(calls) == 1:
        return calls[0]
    return None  # several calls make the context manager: rare enough to leave unjudged


def _calls_on_line(code, line):
    """(offset, method name) of each call instruction of `code` on `line`: the name
    a CALL_METHOD calls is that of its LOAD_METHOD, which nest like parentheses
    (None for the other calls)."""
    found, methods = [], []
    for instruction, current in _instructions_with_lines(code):
        if instruction.opname == "LOAD_METHOD":
            methods.append(instruction.argval)
        name = (methods.pop() if methods else None) if instruction.opname == "CALL_METHOD" else None
        if current == line and instruction.opname in TABLE.calls:
            found.append((instruction.offset, name))
    return found


def _instructions_on_line(code, line):
    return [instruction for instruction, current in _instructions_with_lines(code) if current == line]


def _instructions_with_lines(code):
    """(instruction, its line) of `code` (3.10 marks only the first of a line)."""
    current = None
    for instruction in dis.get_instructions(code):
        if instruction.starts_line is not None:
            current = instruction.starts_line
        yield instruction, current


def _by_method_names(entries, instructions, call_nodes):
    """3.10, several calls on one line, e.g. `pool.submit(f, *args).result()`:
    offset -> entry for the call instructions it can tell apart. Only when the
    line's calls (comprehensions included, which 3.10 calls) are as many as the
    instructions of this code object: a call in a lambda on the line, compiled
    elsewhere, leaves the line unjudged. A CALL_METHOD names its entry when one
    call on the line has that attribute. The calls left over are told apart when
    there is one, or when each is nested in the one before (`sorted(set(names))`):
    a call's arguments and callee are evaluated before it, so the innermost call
    comes first in the code."""
    if len(entries) != len(instructions):
        return {}
    left = list(entries)
    named = {}
    for offset, name in instructions:
        matching = [entry for entry in left
                    if entry[0] == "call" and isinstance(entry[1], ast.Attribute) and entry[1].attr == name]
        if name is not None and len(matching) == 1:
            named[offset] = matching[0]
            left.remove(matching[0])
    unnamed = [offset for offset, _ in instructions if offset not in named]
    if len(unnamed) == 1 and len(left) == 1:
        named[unnamed[0]] = left[0]
    elif len(unnamed) == len(left) > 1:
        named.update(zip(unnamed, _innermost_first(left, call_nodes)))
    return named


def _innermost_first(entries, call_nodes):
    """The call entries, innermost first, when each is nested in the one before it
    (in source order); [] otherwise."""
    nodes = [node for node in call_nodes if any(entry[1] is node.func for entry in entries)]
    if len(nodes) != len(entries) or any(entry[0] != "call" for entry in entries):
        return []
    for outer, inner in zip(nodes, nodes[1:]):
        if not any(descendant is inner for descendant in ast.walk(outer)):
            return []
    return [("call", node.func) for node in reversed(nodes)]


_tree_cache = {}


def _expressions_of(filename):
    try:
        with open(filename, encoding="utf-8") as handle:
            source = handle.read()
    except (OSError, ValueError):
        return None
    key = (filename, source)
    if key not in _tree_cache:
        try:
            _tree_cache[key] = _Expressions(ast.parse(source, filename))
        except (SyntaxError, ValueError, RecursionError):  # nested too deep: nothing judged
            _tree_cache[key] = None
    return _tree_cache[key]

