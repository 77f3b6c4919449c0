"""Refuse requests whose parameters carry NUL characters, before any view sees them.

PostgreSQL text cannot hold NUL ("\\x00"): a NUL that reaches a query (a list filter, an
admin search, a lookup by token) raises an error deep in the ORM, a 500. No browser sends
one in a form or a link, so the whole request is answered with the 400 page instead.
"""

from django.core.exceptions import BadRequest


def _has_nul(query_dict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values if isinstance(value, str))
        for key, values in query_dict.lists()
    )


class RejectNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET):
            raise BadRequest("NUL character in the URL")
        if request.method == "POST" and _form_body(request) and _has_nul(request.POST):
            raise BadRequest("NUL character in the form")
        return self.get_response(request)


def _form_body(request) -> bool:
    content_type = request.content_type or ""
    return content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}
