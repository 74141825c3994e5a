"""The scheduler's switch points on the running interpreter: small samples compiled
here must get the same switch points (what is read, written, called) on every CPython
the kata supports, although the opcode names behind them change between versions;
the trace must show the reads and writes; an interpreter the tables do not cover is
refused with a plain reason, and a check that needs the scheduler then ends in ERROR."""

import dis
import importlib
import sys
import types

import pytest
from conftest import needs_scheduler

from kata import interleavings
from kata.scheduler import cooperative_threading, explore, interpreter_problem
from kata.scheduler import _points
from kata.teach import CannotCheckHere, LearnerCodeBroken, LessonFailure

SAMPLE = '''
import threading

total = 0
lock = threading.Lock()
counts = {"a": 0}
items = [1, 2, 3]


class Counter:
    def __init__(self):
        self.value = 0

    def add(self):
        self.value += 1


def bump(key):
    counts[key] += 1


def drop(key):
    del counts[key]


def locked():
    with lock:
        pass


def call_with_keyword(function):
    function(1, b=2)


def call_method(obj):
    obj.method()


def add_to_total():
    global total
    total = total + 1


def make_counter():
    count = 0

    def inner():
        nonlocal count
        count += 1
    return inner


def read_slice():
    return items[1:3]


def write_slice():
    items[1:3] = [0]
'''

READ, WRITE, CALL = "read", "write", "call"
EXPECTED = {
    "__init__": [],  # constructors write state nobody else can see yet
    "add": [("attr", "value", READ), ("attr", "value", WRITE)],
    "bump": [("item", None, READ), ("item", None, WRITE)],
    "drop": [("item", None, "delete")],
    # enter, exit on the way out, exit on an exception (SETUP_WITH / BEFORE_WITH /
    # LOAD_SPECIAL + CALL, CALL, WITH_EXCEPT_START depending on the version)
    "locked": [("call", None, CALL)] * 3,
    "call_with_keyword": [("call", None, CALL)],
    "call_method": [("call", None, CALL)],  # loading the method is not a switch point
    "add_to_total": [("global", "total", READ), ("global", "total", WRITE)],
    "make_counter": [("deref", "count", WRITE)],
    "inner": [("deref", "count", READ), ("deref", "count", WRITE)],
    "read_slice": [("item", None, READ)],
    "write_slice": [("item", None, WRITE)],
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("switch_points")
    (folder / "shared_state.py").write_text(SAMPLE)
    sys.path.insert(0, str(folder))
    try:
        with cooperative_threading():
            yield importlib.import_module("shared_state")
    finally:
        sys.path.remove(str(folder))
        sys.modules.pop("shared_state", None)


def switch_points(sample):
    watched = _points.WatchedCode([sample.__file__])
    module_code = compile(open(sample.__file__).read(), sample.__file__, "exec")
    found = {}
    for code in _points._all_code_objects(module_code):
        if code.co_name in EXPECTED:
            table = watched.table_for(code)
            found[code.co_name] = (code, [table[offset] for offset in sorted(table)])
    return found


def test_this_interpreter_has_an_opcode_table_whose_names_all_exist_here():
    version = sys.version_info[:2]
    assert version in _points.OPCODE_TABLES, (
        f"no opcode table for Python {version[0]}.{version[1]}: add one to kata/scheduler/_points.py "
        "from its dis documentation (until then lessons 06-08 end in ERROR there)")
    table = _points.OPCODE_TABLES[version]
    missing = sorted(name for name in table.names() if name not in dis.opmap)
    assert not missing, f"the {sys.version_info[:2]} table names opcodes this interpreter lacks: {missing}"
    if table.subscr_binary_op is not None and hasattr(dis, "_nb_ops"):
        assert dis._nb_ops[table.subscr_binary_op][0] == "NB_SUBSCR"


@pytest.mark.parametrize("function", EXPECTED)
def test_the_same_switch_points_on_every_version(sample, function):
    code, points = switch_points(sample)[function]
    got = [(point.target, point.name, point.action) for point in points]
    listing = "\n".join(f"{i.offset:4} {i.opname} {i.argrepr}" for i in dis.get_instructions(code))
    assert got == EXPECTED[function], f"{function} on {sys.version.split()[0]}:\n{listing}"


def test_every_switch_point_sits_on_an_opcode_the_table_names(sample):
    table = _points.OPCODE_TABLES[sys.version_info[:2]]
    known = table.names() | {"STORE_ATTR", "DELETE_ATTR", "STORE_GLOBAL", "DELETE_GLOBAL", "STORE_DEREF",
                             "DELETE_DEREF", "LOAD_ATTR", "LOAD_GLOBAL"}
    for code, points in switch_points(sample).values():
        opnames = {instruction.offset: instruction.opname for instruction in dis.get_instructions(code)}
        assert {opnames[point.offset] for point in points} <= known


@needs_scheduler
def test_the_trace_shows_the_item_read_and_written(sample):
    def fresh():
        sample.counts["a"] = 0
        return sample

    result = explore(fresh, [lambda module: module.bump("a")] * 2,
                     lambda module: None if module.counts["a"] == 2 else f"counts['a'] = {module.counts['a']}",
                     watch=[sample])
    assert result.status == "fail", result.message
    actions = [(step.thread, step.action) for step in result.trace]
    assert actions == [("T1", "reads counts['a'] = 0"), ("T2", "reads counts['a'] = 0"),
                       ("T2", "writes counts['a'] = 1"), ("T1", "writes counts['a'] = 1")]


@needs_scheduler
def test_the_trace_shows_the_global_read_and_written(sample):
    def fresh():
        sample.total = 0
        return sample

    result = explore(fresh, [lambda module: module.add_to_total()] * 2,
                     lambda module: None if module.total == 2 else f"total = {module.total}", watch=[sample])
    assert result.status == "fail", result.message
    assert [step.action for step in result.trace] == ["reads total = 0", "reads total = 0",
                                                      "writes total = 1", "writes total = 1"]


@pytest.mark.parametrize("version, implementation, free_threaded, words", [
    ((3, 16), "cpython", False, "Python 3.16 is newer than the versions it knows"),
    ((4, 0), "cpython", False, "Python 4.0 is newer"),
    ((3, 9), "cpython", False, "needs Python 3.10 or newer"),
    ((3, 13), "pypy", False, "needs CPython"),
    ((3, 14), "cpython", True, "free-threaded"),
])
def test_an_interpreter_without_a_table_is_refused_with_a_reason(version, implementation, free_threaded, words):
    problem = interpreter_problem(version, implementation, free_threaded)
    assert problem is not None and words in problem


def test_every_version_from_3_10_to_3_15_has_a_table():
    assert all(interpreter_problem((3, minor), "cpython", False) is None for minor in range(10, 16))


def test_a_check_that_needs_the_scheduler_is_an_error_never_a_pass_where_it_cannot_run(monkeypatch):
    monkeypatch.setattr(interleavings, "interpreter_problem", lambda: "Python 3.16 is newer than ...")
    with pytest.raises(CannotCheckHere) as raised:
        interleavings.require_every_interleaving(None, [], None, what="two deposits")
    assert isinstance(raised.value, LearnerCodeBroken), "LearnerCodeBroken is what the plugin reports as ERROR"
    message = str(raised.value)
    assert "cannot check the interleavings of two deposits" in message
    assert "not a fault in your code" in message


def test_a_bounded_search_that_found_nothing_is_not_run_again_for_the_same_source_and_inputs(
        monkeypatch, tmp_path):
    learner = tmp_path / "inventory.py"
    learner.write_text("stock = {}\n")
    monkeypatch.setattr(interleavings, "learner_file", lambda: str(learner))
    monkeypatch.setattr(interleavings.plugin, "RUN", types.SimpleNamespace(repetition=1))
    monkeypatch.setattr(interleavings, "_passed", {})
    outcomes, searches = [], []

    def fake_explore(**options):
        searches.append(options)
        return types.SimpleNamespace(status=outcomes.pop(0), explain=lambda: "a lost update")

    monkeypatch.setattr(interleavings, "explore", fake_explore)

    def search(inputs):
        interleavings.require_bounded_interleavings(None, [], None, what="process_orders", inputs=inputs)

    outcomes += ["pass"]
    search(inputs=("lamp", 5))
    search(inputs=("lamp", 5))  # same source, same inputs: remembered
    assert len(searches) == 1
    outcomes += ["pass", "pass"]
    search(inputs=("lamp", 6))  # other inputs
    search(inputs=None)  # nothing to key on: always searched
    assert len(searches) == 3
    learner.write_text("stock = {'lamp': 1}\n")
    outcomes += ["fail", "fail"]
    for _ in range(2):  # an edited source is searched again, and a failure is never remembered
        with pytest.raises(LessonFailure, match="a lost update"):
            search(inputs=("lamp", 5))
    assert len(searches) == 5
