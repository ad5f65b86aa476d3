"""{% record_actions record as actions %} and {% record_links record as links %} for
core/_record_actions.html (fazhi.core.links)."""

from django import template

from fazhi.core import links

register = template.Library()


@register.simple_tag(takes_context=True)
def record_actions(context, record):
    request = context.get("request")
    return links.actions_for(record, request.user) if request is not None and record is not None else []


@register.simple_tag(takes_context=True)
def record_links(context, record):
    request = context.get("request")
    return links.links_of(record, request.user) if request is not None and record is not None else []
