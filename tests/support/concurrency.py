"""Running writes at the same moment, each thread with a database connection of its own
(as separate workers would have): the PostgreSQL concurrency tests."""

import threading

from django.db import connection


def at_once(calls):
    """Run ``calls`` in threads released together; their results, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def work(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:  # reported below, with the others
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    errors = [result for result in results if isinstance(result, Exception)]
    assert not errors, errors
    return results
