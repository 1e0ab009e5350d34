from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from gtis.roadmap.choices import Completion, Rag, Results, Status

register = template.Library()

RAG_CLASSES: dict[str, str] = {
    Rag.NONE: "secondary",
    Rag.GREEN: "success",
    Rag.AMBER: "warning",
    Rag.RED: "danger",
}


@register.simple_tag
def status_badge(state: Any) -> SafeString:
    """A deliverable's status as a coloured badge, its colour the warning (RAG)."""
    css = RAG_CLASSES.get(state.rag, "secondary")
    text = "text-bg-" + css
    return format_html(
        '<span class="badge {}" data-status="{}" data-rag="{}">{}</span>',
        text,
        state.status,
        state.rag,
        Status(state.status).label,
    )


@register.simple_tag
def rag_dot(rag: str) -> SafeString:
    css = RAG_CLASSES.get(rag, "secondary")
    return format_html('<span class="gtis-rag bg-{}" title="{}"></span>', css, Rag(rag).label)


@register.filter
def status_label(value: str) -> str:
    return str(Status(value).label)


@register.filter
def completion_label(value: str) -> str:
    return str(Completion(value).label) if value else "—"


@register.filter
def results_label(value: str) -> str:
    return str(Results(value).label) if value else "—"


@register.filter
def rag_class(rag: str) -> str:
    return RAG_CLASSES.get(rag, "secondary")
