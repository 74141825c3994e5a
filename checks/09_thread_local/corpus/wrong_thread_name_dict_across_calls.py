"""Wrong: a module-level plain dict caches connections by thread name across calls; with a fixed thread_name_prefix the next call's threads pick up connections opened by old threads (and for an old db_path)."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"

# thread name -> connection, kept between reports so we never reconnect
_connections = {}


def _lookup_customer(db_path, customer_id):
    name = threading.current_thread().name
    if name not in _connections:
        _connections[name] = sqlite3.connect(db_path)
    return _connections[name].execute(QUERY, (customer_id,)).fetchone()


def lookup_customers(db_path, customer_ids, workers=4):
    """Look up every id of `customer_ids` in the database file `db_path`, one task per
    id on a pool of `workers` threads.

    Returns {customer_id: (name, country)}, with None for an id that is not in the
    database.
    """
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="crm-lookup") as pool:
        results = pool.map(lambda cid: _lookup_customer(db_path, cid), customer_ids)
        return dict(zip(customer_ids, results))
