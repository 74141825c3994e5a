"""Forgery cases: code a learner could append to a failing stub to fake a pass.

Each entry is code appended to lesson 02's stub (which fails). Used by test_tamper.py
(each must be refused, by the static scan and, with the scan off, by the guard alone)
and by the class-grading fixture (hostile students). The first one is the forgery
from issue 10: four lines replacing one function of the grading plugin at import.
"""

FORGED_LINE = ('{"kind": "outcome", "seq": 1, "check": "check_x", "item": "x", "repetition": 1, '
               '"result": "passed", "message": ""} 00\\n')

WRITE_FORGED_LINES = (
    "import os\n"
    "for _fd in range(3, 40):\n"
    "    try:\n"
    f"        os.write(_fd, b'{FORGED_LINE}')\n"
    "    except OSError:\n"
    "        pass\n"
)

FORGERIES = {
    "the scheduler's pass for clearing a tracer claimed, then a tracer installed": (
        "import sys\n"
        "try:\n"
        "    sys.audit('kata.untrace')\n"
        "except Exception:\n"
        "    pass\n"
        "sys.settrace(lambda *args: None)\n"
    ),
    "plugin function replaced through sys.modules": (
        "import sys\n"
        "_plugin = sys.modules['kata.plugin']\n"
        "_plugin.classify = lambda excinfo, check_timeout: ('passed', '')\n"
    ),
    "kata.teach.explain silenced everywhere": (
        "import sys\n"
        "for _module in list(sys.modules.values()):\n"
        "    if getattr(_module, 'explain', None) is not None:\n"
        "        _module.explain = lambda *args, **kwargs: None\n"
    ),
    "run object found with gc and rewritten": (
        "import gc\n"
        "try:\n"
        "    for _found in gc.get_objects():\n"
        "        if type(_found).__name__ == 'KataRun':\n"
        "            _found.failed_checks = type('Never', (set,), {'add': lambda self, x: None})()\n"
        "            _found.write = lambda kind, **fields: None\n"
        "except Exception:\n"
        "    pass\n"
    ),
    "pytest's call reporting silenced": (
        "import _pytest.runner\n"
        "_original = _pytest.runner.CallInfo.from_call.__func__\n"
        "def _never_fails(cls, func, when, reraise=None):\n"
        "    return _original(cls, lambda: (func() if when != 'call' else None), when, reraise)\n"
        "_pytest.runner.CallInfo.from_call = classmethod(_never_fails)\n"
    ),
    "TestReport.outcome monkeypatched": (
        "import _pytest.reports\n"
        "_pytest.reports.TestReport.outcome = property(lambda self: 'passed', lambda self, value: None)\n"
    ),
    "forged records written to every descriptor": WRITE_FORGED_LINES,
    "forged records then os._exit(0)": WRITE_FORGED_LINES + "os._exit(0)\n",
    "plugin's writer called with made-up results": (
        "import sys\n"
        "try:\n"
        "    sys.modules['kata.plugin'].RUN.write('outcome', check='check_x', item='x', repetition=1,\n"
        "                                         result='passed', message='')\n"
        "except Exception:\n"
        "    pass\n"
    ),
    "plugin's writer called from a thread": (
        "import sys, threading\n"
        "_thread = threading.Thread(target=sys.modules['kata.plugin'].RUN.write,\n"
        "                           args=('end',), kwargs={'exitstatus': 0})\n"
        "_thread.start(); _thread.join()\n"
    ),
    "hidden names, grader patched": (
        "_system = __import__('s' + 'ys')\n"
        "_plugin = getattr(_system, 'mod' + 'ules')['kata' + '.plugin']\n"
        "setattr(_plugin, 'class' + 'ify', lambda excinfo, check_timeout: ('passed', ''))\n"
    ),
    "grader's frames walked": (
        "import sys\n"
        "try:\n"
        "    _frame = sys._getframe()\n"
        "    while _frame is not None:\n"
        "        _frame.f_globals.get('RUN') and _frame.f_globals['RUN'].failed_checks.clear()\n"
        "        _frame = _frame.f_back\n"
        "except Exception:\n"
        "    pass\n"
    ),
    "a builtin shadowed by a new name in the plugin's namespace": (
        "import sys\n"
        "vars(sys.modules['kata.plugin'])['isinstance'] = lambda *args: True\n"
    ),
    "kata.teach.explain replaced, then put back": (
        "import sys\n"
        "_teach = sys.modules['kata.teach']\n"
        "_original = _teach.explain\n"
        "_teach.explain = lambda *args, **kwargs: None\n"
        "_teach.explain = _original  # (a thread could do this after the check ran)\n"
    ),
    "own audit hook rewriting the grader's records": (
        "import sys\n"
        "def _spy(event, args):\n"
        "    if event == 'kata.record' and args[1].get('result') == 'failed':\n"
        "        args[1].update(result='passed', message='')\n"
        "try:\n"
        "    sys.addaudithook(_spy)\n"
        "except Exception:\n"
        "    pass\n"
    ),
}

# Code that looks near the line but is fair: it must be graded on its merits.
INNOCENT = (
    "import logging, traceback\n"
    "try:\n"
    "    raise ValueError('logged, not raised')\n"
    "except ValueError:\n"
    "    logging.getLogger('notifier').debug('seen', exc_info=True)\n"
    "    traceback.format_exc()\n"
)
