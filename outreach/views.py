from django.views.generic import ListView

from outreach.models import Area


class AreaListView(ListView):
    """Find your Neighborhood Police Specialist."""

    template_name = "outreach/area_list.html"
    context_object_name = "areas"

    def get_queryset(self):
        return Area.objects.select_related("specialist").order_by("name")
