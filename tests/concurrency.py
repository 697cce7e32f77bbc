"""Run functions at the same moment in threads, each thread on its own database connection."""

import threading

from django.db import connection


def run_at_once(calls):
    """calls: a list of zero-argument functions. Each runs in its own thread with its own PostgreSQL connection;
    all start together once every thread has connected. Returns their results in order; re-raises the first
    error."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def worker(index, call):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=60)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results
