"""Wrong: ids are split into `workers` chunks, one task per chunk with its own connection: one connection per thread, but not one task per id."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor

QUERY = "SELECT name, country FROM customers WHERE id = ?"


def lookup_customers(db_path, customer_ids, workers=4):
    customer_ids = list(customer_ids)
    chunks = [customer_ids[i::workers] for i in range(workers)]

    def lookup_chunk(chunk):
        connection = sqlite3.connect(db_path)  # one per chunk, opened in this thread
        try:
            return {cid: connection.execute(QUERY, (cid,)).fetchone() for cid in chunk}
        finally:
            connection.close()

    report = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for part in pool.map(lookup_chunk, chunks):
            report.update(part)
    return report
