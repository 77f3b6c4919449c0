"""List filters of the request admin: weekend, event date range, "needs my action"."""

import datetime

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy

from outreach.models import PresentationRequest, ResourceBooking
from outreach.permissions import can

Status = PresentationRequest.Status


class WeekendFilter(admin.SimpleListFilter):
    title = gettext_lazy("weekend")
    parameter_name = "weekend"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("Weekend")), ("no", gettext_lazy("Weekday"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.weekend()
        if self.value() == "no":
            return queryset.weekday()
        return queryset


class DateRangeFilter(admin.SimpleListFilter):
    title = gettext_lazy("event date")
    parameter_name = "when"
    RANGES = {
        "past": (None, -1),
        "next7": (0, 7),
        "next30": (0, 30),
        "next90": (0, 90),
        "later": (91, None),
    }

    def lookups(self, request, model_admin):
        return [
            ("past", gettext_lazy("Past")),
            ("next7", gettext_lazy("Next 7 days")),
            ("next30", gettext_lazy("Next 30 days")),
            ("next90", gettext_lazy("Next 90 days")),
            ("later", gettext_lazy("More than 90 days ahead")),
        ]

    def queryset(self, request, queryset):
        if self.value() not in self.RANGES:
            return queryset
        today = timezone.localdate()
        first, last = self.RANGES[self.value()]
        if first is not None:
            queryset = queryset.filter(date__gte=today + datetime.timedelta(days=first))
        if last is not None:
            queryset = queryset.filter(date__lte=today + datetime.timedelta(days=last))
        return queryset


class NeedsMyActionFilter(admin.SimpleListFilter):
    title = gettext_lazy("needs my action")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("Needs my action"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        user = request.user
        wanted = PresentationRequest.objects.none()
        # Each role's next step, asked by the rule of that step.
        if can(user, "outreach.approve_weekend_request"):
            wanted |= queryset.filter(status=Status.AWAITING_SUPERVISOR_APPROVAL)
        if can(user, "outreach.schedule_request"):
            wanted |= queryset.filter(status=Status.PENDING_REVIEW)
        if can(user, "outreach.confirm_booking"):
            wanted |= queryset.filter(
                status__in=PresentationRequest.OPEN_STATES,
                bookings__state=ResourceBooking.State.PENDING_PREPLANNING,
            )
        return wanted.distinct()
