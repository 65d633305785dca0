from django import template
from django.utils import timezone, translation

from core.numerals import article_label, chinese_date, to_chinese

register = template.Library()


@register.filter
def cn_date(value):
    """2026年3月5日 in Chinese (5 Mar 2026 in the English UI); an aware datetime is first put in Asia/Shanghai."""
    if value is None or value == "":
        return ""
    if hasattr(value, "tzinfo") and getattr(value, "hour", None) is not None and timezone.is_aware(value):
        value = timezone.localtime(value)
    if not (translation.get_language() or "zh").startswith("zh"):
        return f"{value.day} {value:%b %Y}"
    return chinese_date(value)


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
