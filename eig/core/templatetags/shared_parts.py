"""Parts of the page layout that are the same for everyone, rendered once per process and language.

    {% load shared_parts %}
    {% shared_part "footer" %}{% include "includes/footer.html" %}{% endshared_part %}
    {% shared_part "header-nav" nav_item %}…{% if nav_item == "faq" %} aria-current="page"{% endif %}…{% endshared_part %}

The footer, the DSFR's stylesheets, scripts and icons, the skip links: on a signed-in page (which the
page cache cannot keep, eig.core.pagecache) they cost about a millisecond of rendering, on every request,
for the same HTML each time. What the tag encloses must depend on nothing but the active language:
no person, no request, no token, no database row (the site's banner stays outside). Its output is
kept under (name, language) in this process; a deployment starts new processes.

A second argument, a variable, joins the key: the part is kept once per value (the main menu once per
item it marks as the current page). Its values must come from a small fixed set, never from what a
visitor sends; past MAX_PARTS parts, a part is rendered each time and not kept.
"""

import threading

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

MAX_PARTS = 1000
_parts: dict[tuple[str, str, str], str] = {}
_lock = threading.Lock()


class SharedPartNode(template.Node):
    def __init__(self, name: str, nodelist, variant=None):
        self.name = name
        self.nodelist = nodelist
        self.variant = variant  # a FilterExpression, or None

    def render(self, context):
        variant = "" if self.variant is None else str(self.variant.resolve(context))
        key = (self.name, get_language() or "", variant)
        html = _parts.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(_parts) < MAX_PARTS:
                with _lock:
                    _parts.setdefault(key, html)
        return mark_safe(html)  # noqa: S308 (the enclosed templates' own output, escaped by them)


@register.tag
def shared_part(parser, token):
    bits = token.split_contents()
    if len(bits) not in (2, 3) or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('{% shared_part "name" [variable] %} takes a quoted name and a variable')
    nodelist = parser.parse(("endshared_part",))
    parser.delete_first_token()
    variant = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return SharedPartNode(bits[1][1:-1], nodelist, variant)


def forget() -> None:
    """Empty this process's parts (tests that change a template's output, or the language files)."""
    _parts.clear()
