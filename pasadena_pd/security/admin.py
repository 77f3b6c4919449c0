"""Admin pieces that turn hostile query strings into the admin's own "invalid filter" notice."""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class BoundedDateChangeList(ChangeList):
    """Django's date_hierarchy turns ?<field>__year=2147483648 or =9999 into an uncaught
    OverflowError/ValueError (a 500); here they are bad filter values like any other."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class SafeDateHierarchyMixin:
    """Mix into every ModelAdmin that sets `date_hierarchy`."""

    def get_changelist(self, request, **kwargs):
        return BoundedDateChangeList
