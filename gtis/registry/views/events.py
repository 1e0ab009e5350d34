"""Pages of expos, forums and ceremonies."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy

from gtis.core import links
from gtis.core.generic import ObjectListView, RecordFormView
from gtis.registry import selectors, services
from gtis.registry.filtersets import EventFilterSet
from gtis.registry.forms import EventForm
from gtis.registry.models import Event
from gtis.registry.tables import EventTable


class EventListView(ObjectListView):
    login_required = False
    filterset_class = EventFilterSet
    table_class = EventTable
    title = gettext_lazy("Events")
    actions_template = "registry/_event_actions.html"

    def get_queryset(self, request: HttpRequest) -> Any:
        return selectors.events()


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.prefetch_related("organisers", "participants"), pk=pk)
    return render(
        request,
        "registry/event_detail.html",
        {
            "event": event,
            "can_change": request.user.has_perm("registry.change_event", event),
            # Deals signed at the event come from the market engine.
            "linked": links.linked_to(request.user, event),
        },
    )


class EventFormView(RecordFormView):
    model = Event
    form_class = EventForm
    save = staticmethod(services.save_event)
    record_argument = "event"
    title = gettext_lazy("Event")
