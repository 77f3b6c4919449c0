"""Benchmarks only: tell the client how many SQL queries a response took.

Turned on by `QUERY_COUNT_HEADER=true` (bench/run.py sets it); never on in production. It sits
first in the middleware list, so that it also counts the queries of the other middleware
(sessions, authentication, the page cache). Counting is a wrapper around each query, without
DEBUG's query log.
"""

from django.db import connections

HEADER = "X-Query-Count"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrappers = [connection.execute_wrapper(counter) for connection in connections.all()]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response[HEADER] = str(count)
        return response
