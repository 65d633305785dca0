from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committee.models import Appointment, Committee, Person, Position
from committee.params import BoundedModelChoiceField
from committee.pickers import PeoplePickerField, ordered_people
from committee.web import BootstrapMixin, DateTimeInput
from core.attachments import AttachmentsField
from core.filters import SortFilter
from members.models import Duty, MemberUnit
from members.pickers import UnitPickerField

from . import conf
from .models import AgendaItem, Attendance, Importance, ItemState, Meeting, MeetingKind, MeetingState

OFFICE = "office"


class PersonChoiceField(BoundedModelChoiceField):
    """People labelled with the position they hold: 王建国（主任）."""

    def __init__(self, *args, labels: dict[int, str] | None = None, **kwargs):
        self.labels = labels or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        return self.labels.get(obj.pk, obj.name)


def _people_with_positions(committee: Committee, positions) -> tuple[list[int], dict[int, str]]:
    """The people in force in some positions, in the order of the positions, each labelled with them."""
    order = {position: index for index, position in enumerate(positions)}
    appointments = sorted(
        Appointment.objects.in_force().filter(committee=committee, position__in=positions).select_related("person"),
        key=lambda a: (order[a.position], a.seat or 0, a.person.name),
    )
    labels: dict[int, str] = {}
    for appointment in appointments:
        labels.setdefault(appointment.person_id, f"{appointment.person.name}（{appointment.get_position_display()}）")
    return list(labels), labels


LEADERSHIP_AND_OFFICE = (Position.DIRECTOR, Position.DEPUTY, Position.OFFICE_DIRECTOR, Position.OFFICE_STAFF)


class MeetingForm(BootstrapMixin, forms.ModelForm):
    """Schedule a meeting (Art 21): its kind, time, place, chair, and whom to invite."""

    chair = PersonChoiceField(label=_("主持人"), queryset=Person.objects.none())
    units = UnitPickerField(
        label=_("邀请成员单位"),
        required=False,
        help_text=_("邀请后，单位的委员会成员和联络员都会收到会议通知。"),
    )
    persons = PeoplePickerField(
        label=_("邀请人员"), required=False, help_text=_("主持人随会议一并邀请，无需在此选择。")
    )

    class Meta:
        model = Meeting
        fields = ["kind", "is_ad_hoc", "title", "starts_at", "ends_at", "location"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        chair_ids, chair_labels = _people_with_positions(committee, (Position.DIRECTOR, Position.DEPUTY))
        self.fields["chair"].queryset = ordered_people(chair_ids)
        self.fields["chair"].labels = chair_labels
        self.fields["chair"].help_text = _("主任，或在会议时间有“主持会议”委托的副主任（第二十一条）。")
        self.fields["persons"].offer(committee, LEADERSHIP_AND_OFFICE)
        self.fields["units"].offer(MemberUnit.objects.filter(committee=committee).active())
        self.fields["kind"].help_text = _("全体会议、专题会议研究决定重要事项；办公室会议研究决定一般事项。")


class MeetingEditForm(BootstrapMixin, forms.ModelForm):
    chair = PersonChoiceField(label=_("主持人"), queryset=Person.objects.none())

    class Meta:
        model = Meeting
        fields = ["is_ad_hoc", "title", "starts_at", "ends_at", "location"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        chair_ids, chair_labels = _people_with_positions(committee, (Position.DIRECTOR, Position.DEPUTY))
        if self.instance.pk and self.instance.chair.person_id not in chair_ids:
            chair_ids.append(self.instance.chair.person_id)
        self.fields["chair"].queryset = ordered_people(chair_ids)
        self.fields["chair"].labels = chair_labels
        if self.instance.pk:
            self.initial.setdefault("chair", self.instance.chair.person_id)


class InviteForm(BootstrapMixin, forms.Form):
    units = UnitPickerField(label=_("成员单位"), required=False)
    persons = PeoplePickerField(label=_("人员"), required=False)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        invited = meeting.invitations.all()
        self.fields["units"].offer(
            MemberUnit.objects.filter(committee=meeting.committee)
            .active()
            .exclude(pk__in=invited.exclude(unit=None).values("unit_id"))
        )
        already = set(invited.exclude(person=None).values_list("person_id", flat=True))
        self.fields["persons"].offer(meeting.committee, LEADERSHIP_AND_OFFICE, exclude=already)

    def clean(self):
        data = super().clean()
        if not data.get("units") and not data.get("persons"):
            raise forms.ValidationError(_("请选择要邀请的单位或人员。"))
        return data


class AttendanceForm(BootstrapMixin, forms.Form):
    """One row per invitation: attendance, the substitute's name (for 代为出席), a note."""

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        choices = [("", _("未登记")), *Attendance.choices]
        for invitation in invitations:
            pk = invitation.pk
            name = invitation.invitee
            self.fields[f"attendance_{pk}"] = forms.ChoiceField(
                label=_("%(name)s：出席情况") % {"name": name},
                choices=choices,
                required=False,
                initial=invitation.attendance,
            )
            self.fields[f"substitute_name_{pk}"] = forms.CharField(
                label=_("%(name)s：代为出席人") % {"name": name},
                max_length=60,
                required=False,
                initial=invitation.substitute_name,
            )
            self.fields[f"attendance_note_{pk}"] = forms.CharField(
                label=_("%(name)s：备注") % {"name": name},
                max_length=200,
                required=False,
                initial=invitation.attendance_note,
            )
            self.rows.append((invitation, pk))
        self.apply_classes()

    def apply_classes(self):
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )

    def bound_rows(self):
        return [
            (invitation, self[f"attendance_{pk}"], self[f"substitute_name_{pk}"], self[f"attendance_note_{pk}"])
            for invitation, pk in self.rows
        ]

    def entries(self) -> dict[int, dict]:
        return {
            pk: {
                "attendance": self.cleaned_data.get(f"attendance_{pk}", ""),
                "substitute_name": self.cleaned_data.get(f"substitute_name_{pk}", ""),
                "attendance_note": self.cleaned_data.get(f"attendance_note_{pk}", ""),
            }
            for _invitation, pk in self.rows
        }


class CancelForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=300)


class AgendaItemForm(BootstrapMixin, forms.Form):
    """Propose an agenda item for the office or for one's unit, with its materials."""

    proposer = forms.ChoiceField(label=_("提出方"))
    title = forms.CharField(label=_("议题"), max_length=200)
    description = forms.CharField(
        label=_("议题说明"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    files = AttachmentsField(label=_("会议材料"), required=False)

    def __init__(self, *args, proposers: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposer"].choices = proposers

    def unit(self) -> MemberUnit | None:
        value = self.cleaned_data["proposer"]
        return None if value == OFFICE else MemberUnit.objects.get(pk=int(value))


class MaterialForm(BootstrapMixin, forms.Form):
    files = AttachmentsField(label=_("补充材料"))


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=300, required=False)


class MinutesForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("纪要正文"), widget=forms.Textarea(attrs={"rows": 14}), max_length=50000)


class RevisionForm(BootstrapMixin, forms.Form):
    change_reason = forms.CharField(label=_("修订原因"), max_length=300)
    text = forms.CharField(label=_("纪要正文（新版本）"), widget=forms.Textarea(attrs={"rows": 14}), max_length=50000)


class ReviewForm(BootstrapMixin, forms.Form):
    comment_days = forms.IntegerField(
        label=_("征求意见天数"),
        min_value=1,
        max_value=30,
        help_text=_("审核通过后，出席会议的人员在此期间可以对纪要提出意见，期满后由主持人批准。"),
    )
    note = forms.CharField(label=_("审核意见"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment_days"].initial = conf.comment_days()


class NoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("退回修改意见"), max_length=300, required=False)


class CommentForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class DecisionForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("决定事项"), max_length=200)
    text = forms.CharField(label=_("决定内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    importance = forms.ChoiceField(label=_("事项类别"), choices=Importance.choices)
    duty = BoundedModelChoiceField(label=_("所履行的委员会职责（第五条）"), queryset=Duty.objects.none())
    agenda_item = BoundedModelChoiceField(label=_("所议议题"), queryset=AgendaItem.objects.none(), required=False)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duty"].queryset = Duty.objects.filter(
            committee=meeting.committee, unit=None, is_active=True
        ).order_by("item_number")
        self.fields["duty"].label_from_instance = lambda duty: f"（{duty.item_number}）{duty.text[:60]}"
        self.fields["agenda_item"].queryset = meeting.items.filter(state=ItemState.ACCEPTED).order_by("order")
        self.fields["importance"].initial = Importance.IMPORTANT if meeting.decides_important else Importance.GENERAL
        self.fields["importance"].help_text = (
            _("委员会全体会议、专题会议研究决定重要事项。")
            if meeting.decides_important
            else _("办公室会议研究决定一般事项。")
        )


def _years(committee: Committee) -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(year, f"{year}年") for year in range(this_year + 1, committee.effective_on.year - 1, -1)]


class MeetingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="search")
    kind = django_filters.ChoiceFilter(label=_("会议类别"), choices=MeetingKind.choices, empty_label=_("全部"))
    state = django_filters.ChoiceFilter(label=_("状态"), choices=MeetingState.choices, empty_label=_("全部"))
    year = django_filters.ChoiceFilter(label=_("年度"), method="by_year", empty_label=_("全部"))
    o = SortFilter(
        label=_("排序"),
        fields=(("starts_at", "time"), ("kind", "kind")),
        field_labels={"starts_at": _("会议时间"), "kind": _("会议类别")},
        empty_label=_("默认（最新在前）"),
    )

    class Meta:
        model = Meeting
        fields = ["q", "kind", "state", "year"]

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = _years(committee)
        for field in self.form.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = css

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(location__icontains=value)) if value else queryset

    def by_year(self, queryset, name, value):
        return queryset.filter(starts_at__year=int(value)) if value else queryset
