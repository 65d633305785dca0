from django import template
from django.utils import timezone

from core.numerals import article_label, shown_date, to_chinese

register = template.Library()


@register.filter
def cn_date(value):
    """2026年3月5日 in Chinese (5 Mar 2026 in the English UI); an aware datetime is first put in Asia/Shanghai."""
    if value is None or value == "":
        return ""
    if hasattr(value, "tzinfo") and getattr(value, "hour", None) is not None and timezone.is_aware(value):
        value = timezone.localtime(value)
    return shown_date(value)


@register.filter
def cn_datetime(value):
    """2026年3月5日 14:05, 24-hour, Asia/Shanghai."""
    if not value:
        return ""
    value = timezone.localtime(value)
    return f"{cn_date(value)} {value:%H:%M}"


@register.filter
def article(number):
    return article_label(int(number)) if number else ""


@register.filter
def cn_number(value):
    return to_chinese(int(value))


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*pairs):
    """{% breadcrumbs "委员会" url "成员单位" "" %}: label/url pairs after 工作台; the last has no link."""
    return {"crumbs": [(pairs[i], pairs[i + 1] if i + 1 < len(pairs) else "") for i in range(0, len(pairs), 2)]}


@register.filter
def dict_get(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def fast_field(bound_field):
    """A form field as `{{ field }}` renders it; a select is written here rather than through the widget templates
    (an include per option: a filter form of a few selects cost more than the rest of a list page)."""
    from django import forms
    from django.forms.utils import flatatt
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    widget = bound_field.field.widget
    if not isinstance(widget, forms.Select) or isinstance(widget, forms.RadioSelect):
        return bound_field.as_widget()
    attrs = bound_field.build_widget_attrs(dict(widget.attrs), widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
    html = [format_html('<select name="{}"{}>', context["name"], flatatt(context["attrs"]))]
    for group, options, _index in context["optgroups"]:
        if group:
            html.append(format_html('<optgroup label="{}">', group))
        for option in options:
            html.append(
                format_html(
                    '<option value="{}"{}>{}</option>', option["value"], flatatt(option["attrs"]), option["label"]
                )
            )
        if group:
            html.append(mark_safe("</optgroup>"))
    html.append(mark_safe("</select>"))
    return mark_safe("".join(html))  # noqa: S308 - every part above is escaped by format_html
