"""Per-lesson CPU and memory limits for the grading subprocess, where the OS offers them.

The one OS-specific bit of class grading: POSIX has resource.setrlimit; elsewhere
(Windows) the runner's hard wall-clock limit is the only one. Called in the child
before pytest starts, so the learner's code and every process it forks inherit them.
"""

MEMORY_LIMIT = 2 * 1024**3  # bytes of heap (RLIMIT_DATA): far above any exercise's needs


def limit_resources(cpu_seconds: int, memory_bytes: int = MEMORY_LIMIT) -> None:
    """At most `cpu_seconds` of CPU time and `memory_bytes` of data for this process;
    quietly nothing where the OS has no such limits."""
    try:
        import resource
    except ImportError:
        return
    for limit, value in ((getattr(resource, "RLIMIT_CPU", None), cpu_seconds),
                         (getattr(resource, "RLIMIT_DATA", None), memory_bytes)):
        if limit is None:
            continue
        soft, hard = resource.getrlimit(limit)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        try:
            resource.setrlimit(limit, (value, hard))
        except (ValueError, OSError):
            pass  # a platform that refuses this limit keeps its own
