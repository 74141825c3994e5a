"""Wrong: right connections, but a pool of one worker whatever  says, so lookups never overlap."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"

_local = threading.local()


def _open(db_path):
    _local.connection = sqlite3.connect(db_path)


def lookup_customers(db_path, customer_ids, workers=4):
    def lookup(customer_id):
        return _local.connection.execute(QUERY, (customer_id,)).fetchone()

    with ThreadPoolExecutor(max_workers=1, initializer=_open, initargs=(db_path,)) as pool:
        return dict(zip(customer_ids, pool.map(lookup, customer_ids)))
