"""Query-string filters of the API lists (django-filter). Ids and years are typed and bounded: a value out of range is
a 400 naming the parameter, never a query the database cannot run."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from committee.models import Committee
from committee.params import MAX_ID, MAX_YEAR, MIN_YEAR
from documents.models import (
    Classification,
    CommitteeReceipt,
    Document,
    DocumentKind,
    DocumentState,
    Receipt,
    UpperReceiptState,
)
from documents.selectors import receipts_to_sign, upper_receipts_to_sign
from duties.models import FollowUpTask, Signal, TaskStatus
from duties.selectors import signal_q
from meetings.models import Decision, Importance, Meeting, MeetingKind, MeetingState
from members.models import Duty, MemberUnit, UnitKind
from reports.models import AnnualReport, ReportState


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(filters.NumberFilter):
    field_class = forms.IntegerField


def id_filter(field_name: str, label) -> IntegerFilter:
    return IntegerFilter(field_name=field_name, label=label, min_value=1, max_value=MAX_ID)


def year_filter(field_name: str, label, lookup_expr: str = "exact") -> IntegerFilter:
    return IntegerFilter(
        field_name=field_name, lookup_expr=lookup_expr, label=label, min_value=MIN_YEAR, max_value=MAX_YEAR
    )


def committee_filter(field_name: str = "committee__code") -> filters.CharFilter:
    return filters.CharFilter(field_name=field_name, label=_("委员会代码"), max_length=40)


class CommitteeFilter(filters.FilterSet):
    parent = committee_filter("parent__code")

    class Meta:
        model = Committee
        fields = ["parent"]


class UnitFilter(filters.FilterSet):
    committee = committee_filter()
    kind = filters.ChoiceFilter(choices=UnitKind.choices, label=_("类别"))
    is_active = filters.BooleanFilter(label=_("在册"))

    class Meta:
        model = MemberUnit
        fields = ["committee", "kind", "is_active"]


class DutyFilter(filters.FilterSet):
    committee = committee_filter()
    unit = id_filter("unit_id", _("成员单位"))
    of_committee = filters.BooleanFilter(field_name="unit", lookup_expr="isnull", label=_("委员会自身职责（第五条）"))
    article = IntegerFilter(field_name="article_number", label=_("条"), min_value=1, max_value=1000)
    is_active = filters.BooleanFilter(label=_("有效"))

    class Meta:
        model = Duty
        fields = ["committee", "unit", "of_committee", "article", "is_active"]


class MeetingFilter(filters.FilterSet):
    committee = committee_filter()
    year = year_filter("starts_at", _("年度"), "year")
    kind = filters.ChoiceFilter(choices=MeetingKind.choices, label=_("会议类别"))
    state = filters.ChoiceFilter(choices=MeetingState.choices, label=_("状态"))

    class Meta:
        model = Meeting
        fields = ["committee", "year", "kind", "state"]


class DecisionFilter(filters.FilterSet):
    committee = committee_filter()
    meeting = id_filter("meeting_id", _("会议"))
    year = year_filter("meeting__starts_at", _("年度"), "year")
    importance = filters.ChoiceFilter(choices=Importance.choices, label=_("事项类别"))
    effective = filters.BooleanFilter(field_name="effective_at", lookup_expr="isnull", exclude=True, label=_("已生效"))

    class Meta:
        model = Decision
        fields = ["committee", "meeting", "year", "importance", "effective"]


class TaskFilter(filters.FilterSet):
    committee = committee_filter()
    unit = id_filter("unit_id", _("承办单位"))
    decision = id_filter("decision_id", _("来源决定事项"))
    upper_document = id_filter("upper_document_id", _("上级来文"))
    status = filters.ChoiceFilter(choices=TaskStatus.choices, label=_("状态"))
    signal = filters.ChoiceFilter(choices=Signal.choices, method="by_signal", label=_("提示"))
    year = year_filter("deadline", _("办理期限所在年度"), "year")
    deadline_from = filters.DateFilter(field_name="deadline", lookup_expr="gte", label=_("期限自"))
    deadline_to = filters.DateFilter(field_name="deadline", lookup_expr="lte", label=_("期限至"))

    class Meta:
        model = FollowUpTask
        fields = [
            "committee",
            "unit",
            "decision",
            "upper_document",
            "status",
            "signal",
            "year",
            "deadline_from",
            "deadline_to",
        ]

    def by_signal(self, queryset, name, value):
        # The same rule as the 督办 overview's colours (duties.selectors.signal_q).
        return queryset.filter(signal_q(value)) if value else queryset


class ReportFilter(filters.FilterSet):
    committee = committee_filter()
    year = year_filter("cycle__year", _("年度"))
    unit = id_filter("unit_id", _("成员单位"))
    state = filters.ChoiceFilter(choices=ReportState.choices, label=_("状态"))
    late = filters.BooleanFilter(method="by_lateness", label=_("逾期"))

    class Meta:
        model = AnnualReport
        fields = ["committee", "year", "unit", "state", "late"]

    def by_lateness(self, queryset, name, value):
        """The rule of `AnnualReport.is_late`: reached the office after the deadline, or not yet and it has passed."""
        if value is None:
            return queryset
        late = Q(submitted_at__isnull=False, late=True) | Q(
            submitted_at__isnull=True, cycle__deadline__lt=timezone.localdate()
        )
        return queryset.filter(late if value else ~late)


class DocumentFilter(filters.FilterSet):
    committee = committee_filter()
    year = year_filter("doc_year", _("发文年度"))
    kind = filters.ChoiceFilter(choices=DocumentKind.choices, label=_("文种"))
    classification = filters.ChoiceFilter(choices=Classification.choices, label=_("事项类别"))
    state = filters.ChoiceFilter(choices=DocumentState.choices, label=_("状态"))

    class Meta:
        model = Document
        fields = ["committee", "year", "kind", "classification", "state"]


class ToSignFilter(filters.FilterSet):
    """`to_sign=true`: only the receipts this login signs for and nobody has yet (`to_sign_by`); `false`: the others."""

    to_sign = filters.BooleanFilter(method="signed_for_by_me", label=_("待本人签收"))

    def to_sign_by(self, user):
        raise NotImplementedError

    def signed_for_by_me(self, queryset, name, value):
        if value is None:
            return queryset
        mine = self.to_sign_by(self.request.user).values("pk")
        return queryset.filter(pk__in=mine) if value else queryset.exclude(pk__in=mine)


class ReceiptFilter(ToSignFilter):
    committee = committee_filter("document__committee__code")
    document = id_filter("document_id", _("公文"))
    unit = id_filter("unit_id", _("成员单位"))
    received = filters.BooleanFilter(field_name="received_at", lookup_expr="isnull", exclude=True, label=_("已签收"))

    class Meta:
        model = Receipt
        fields = ["committee", "document", "unit", "received", "to_sign"]

    def to_sign_by(self, user):
        """A unit's receipts, signed by its liaison (documents.selectors.receipts_to_sign)."""
        return receipts_to_sign(user, Receipt.objects.all())


class UpperReceiptFilter(ToSignFilter):
    committee = committee_filter()
    issuer = committee_filter("document__committee__code")
    document = id_filter("document_id", _("公文"))
    state = filters.ChoiceFilter(choices=UpperReceiptState.choices, label=_("状态"))

    class Meta:
        model = CommitteeReceipt
        fields = ["committee", "issuer", "document", "state", "to_sign"]

    def to_sign_by(self, user):
        """A committee's receipts of documents from above, signed by its office."""
        return upper_receipts_to_sign(user)
