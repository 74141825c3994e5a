"""Wrong: the pool (and its workers' connections) is created once and reused across calls, so a later report on another database file or pool size reads the first one."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"

_local = threading.local()
_pool = None
_pool_lock = threading.Lock()


def _open(db_path):
    _local.connection = sqlite3.connect(db_path)


def _lookup(customer_id):
    return _local.connection.execute(QUERY, (customer_id,)).fetchone()


def _get_pool(db_path, workers):
    # starting threads and opening connections is expensive: do it once per process
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=workers, initializer=_open, initargs=(db_path,))
        return _pool


def lookup_customers(db_path, customer_ids, workers=4):
    pool = _get_pool(db_path, workers)
    return dict(zip(customer_ids, pool.map(_lookup, customer_ids)))
