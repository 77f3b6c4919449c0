"""The site's URLs plus a view whose database does not answer."""

from django.db import OperationalError
from django.urls import path

from pasadena_pd.urls import handler500, urlpatterns  # noqa: F401 (handlers on the root URLconf)


def database_gone(request):
    raise OperationalError("connection to server failed: the database system is shutting down")


urlpatterns = [path("test-database-gone/", database_gone), *urlpatterns]
