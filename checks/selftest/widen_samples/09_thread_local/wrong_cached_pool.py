"""Wrong: a module-level pool and thread-local connections kept across calls: the next call's db_path and workers are ignored."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"

_local = threading.local()
_pool = None


def lookup_customers(db_path, customer_ids, workers=4):
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=workers)

    def lookup(customer_id):
        if not hasattr(_local, "connection"):
            _local.connection = sqlite3.connect(db_path)
        return _local.connection.execute(QUERY, (customer_id,)).fetchone()

    return dict(zip(customer_ids, _pool.map(lookup, customer_ids)))
