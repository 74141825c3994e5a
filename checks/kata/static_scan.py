"""The first layer against tampering: a static look at the learner's files, done by the
trusted parent before any of their code runs.

It stops the plain, readable ways of reaching into the grader: importing its modules
(kata, pytest, pluggy...) or the tools that find objects in memory (gc, ctypes,
inspect), reading sys.modules or the interpreter's frames, code objects and globals,
swapping builtins, and running code built at run time (exec, eval, compile,
__import__). Exercise code never needs any of these. Code that hides its intent
(e.g. getattr with a computed name) gets past this layer: kata.guard's audit hook and
integrity checks are there for it.
"""

import ast
from pathlib import Path

FORBIDDEN_MODULES = frozenset({
    "kata", "lessons", "pytest", "_pytest", "pluggy", "pytest_timeout", "pytest_repeat",
    "gc", "ctypes", "_ctypes", "inspect", "importlib", "builtins",
})
FORBIDDEN_ATTRIBUTES = frozenset({
    "modules", "_getframe", "_current_frames", "_current_exceptions", "settrace", "setprofile",
    "monitoring", "__code__", "__globals__", "__closure__", "__builtins__", "__subclasses__",
    "f_back", "f_globals", "f_locals", "f_builtins", "tb_frame", "gi_frame", "cr_frame", "ag_frame",
    "addaudithook", "__dict__",
})
FORBIDDEN_CALLS = frozenset({"exec", "eval", "compile", "__import__", "globals", "vars", "breakpoint"})
FORBIDDEN_NAMES = frozenset({"__builtins__"})


def findings(folder: Path) -> list:
    """`file:line  what` for each grader-reaching construct in the folder's .py files."""
    found = []
    for path in sorted(Path(folder).glob("*.py")):
        found += [f"{path.name}:{line}  {what}" for line, what in findings_in_source(path.read_text(errors="replace"))]
    return found


def findings_in_source(source: str) -> list:
    """(line, what) for each grader-reaching construct in one module's source."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []  # the grader reports a file that does not compile
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import):
            found += [(line, f"imports {alias.name}") for alias in node.names
                      if alias.name.partition(".")[0] in FORBIDDEN_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").partition(".")[0] in FORBIDDEN_MODULES:
            found.append((line, f"imports from {node.module}"))
        elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            found.append((line, f"uses .{node.attr}"))
        elif isinstance(node, ast.Name) and node.id in FORBIDDEN_NAMES:
            found.append((line, f"uses {node.id}"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in FORBIDDEN_CALLS:
                found.append((line, f"calls {node.func.id}()"))
            elif node.func.id in ("getattr", "setattr", "delattr") and constant_name(node) in FORBIDDEN_ATTRIBUTES:
                found.append((line, f"uses .{constant_name(node)} through {node.func.id}()"))
    return sorted(set(found))


def constant_name(call):
    if len(call.args) >= 2 and isinstance(call.args[1], ast.Constant):
        return call.args[1].value
    return None
