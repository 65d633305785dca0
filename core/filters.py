"""The sort menu of every list (UI.md: lists have filters, sorting, pagination and a count).

django-filter's `OrderingFilter` words a descending option as `"%s (descending)" % label` when the filter class is
declared, at import: the field's name is then fixed in the language active at start-up (Chinese, so the English menu
named Chinese fields), and "(descending)" stayed English in the Chinese menu (django-filter ships a `zh_CN` catalogue,
which Django's `zh-hans` never reads). Here both options keep the lazy label and are worded when the menu is shown.
"""

from __future__ import annotations

import django_filters
from django.forms.utils import pretty_name
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def _descending(label) -> str:
    return gettext("%(field)s（降序）") % {"field": label}


descending = lazy(_descending, str)


class SortFilter(django_filters.OrderingFilter):
    """An `OrderingFilter` whose options (日期, 日期（降序）) are worded in the reader's language."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("排序"))
        super().__init__(*args, **kwargs)

    def build_choices(self, fields, labels):
        ascending = [(param, labels.get(field, pretty_name(param))) for field, param in fields.items()]
        descending_ = [(f"-{param}", labels.get(f"-{param}", descending(label))) for param, label in ascending]
        return [choice for pair in zip(ascending, descending_, strict=True) for choice in pair]
