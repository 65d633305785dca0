from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committee.params import BoundedModelMultipleChoiceField
from committee.web import BootstrapMixin, DateInput
from meetings.models import Decision
from members.models import MemberUnit
from members.pickers import UnitPickerField

from .models import (
    DEFAULT_REMINDER_DAYS,
    FollowUpState,
    IssueKind,
    ReportCycle,
    ResearchTopic,
    TopicStatus,
)
from .services import DraftContent

TEXT_LIMIT = 20000


class CycleForm(BootstrapMixin, forms.ModelForm):
    """Art 22: opening the year's reports; every active unit is ticked unless the office says otherwise."""

    units = BoundedModelMultipleChoiceField(
        label=_("报送单位"),
        queryset=MemberUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("默认为全部在册成员单位。"),
    )

    class Meta:
        model = ReportCycle
        fields = [
            "year",
            "deadline",
            "remind_days_before",
            "remind_weekly_after",
            "requires_head_confirmation",
            "instructions",
        ]
        widgets = {"deadline": DateInput(), "instructions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        units = committee.units.active().order_by("sort_order", "code")
        self.fields["units"].queryset = units
        self.fields["units"].label_from_instance = lambda unit: unit.name
        today = timezone.localdate()
        if not self.is_bound:
            self.initial.setdefault("year", today.year)
            self.initial.setdefault("deadline", today + datetime.timedelta(days=30))
            self.initial.setdefault("remind_days_before", DEFAULT_REMINDER_DAYS)
            self.initial.setdefault("units", list(units))

    def clean_remind_days_before(self):
        return self.cleaned_data["remind_days_before"].replace("，", ",").replace(" ", "")


class ReportContentForm(BootstrapMixin, forms.Form):
    """The four parts as the liaison fills them in: one field per entry, built from the report's rows."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    key_work = forms.CharField(
        label=_("三、重点工作落实情况"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, report, duty_entries, task_entries, issues, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.duty_entries, self.task_entries, self.issues = duty_entries, task_entries, issues
        if not self.is_bound:
            self.initial["revision"] = report.revision
            self.initial["key_work"] = report.key_work
        for entry in duty_entries:
            self.fields[f"duty-{entry.pk}"] = forms.CharField(
                label=_("履职情况"),
                required=False,
                max_length=TEXT_LIMIT,
                initial=entry.done_text,
                widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": f"duty-text-{entry.pk}"}),
            )
        for entry in task_entries:
            self.fields[f"task-{entry.pk}"] = forms.CharField(
                label=_("完成情况"),
                required=False,
                max_length=TEXT_LIMIT,
                initial=entry.progress_text,
                widget=forms.Textarea(attrs={"rows": 2, "aria-describedby": f"task-text-{entry.pk}"}),
            )
        for issue in issues:
            self.fields[f"issue-{issue.pk}-kind"] = forms.ChoiceField(
                label=_("类别"), choices=IssueKind.choices, initial=issue.kind, required=False
            )
            self.fields[f"issue-{issue.pk}-text"] = forms.CharField(
                label=_("内容"),
                required=False,
                max_length=TEXT_LIMIT,
                initial=issue.text,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # BootstrapMixin styled the fields declared on the class; these were added since.
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            if css not in field.widget.attrs.get("class", ""):
                field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()

    def _rows(self, prefix: str, rows):
        return [(row, self[f"{prefix}-{row.pk}"]) for row in rows]

    @property
    def duty_rows(self):
        return self._rows("duty", self.duty_entries)

    @property
    def task_rows(self):
        return self._rows("task", self.task_entries)

    @property
    def issue_rows(self):
        return [(issue, self[f"issue-{issue.pk}-kind"], self[f"issue-{issue.pk}-text"]) for issue in self.issues]

    def content(self) -> DraftContent:
        """What was typed, for the services; a field the page did not send is left as it is."""
        data = self.cleaned_data
        sent = set(self.data)
        return DraftContent(
            duties={e.pk: data[f"duty-{e.pk}"] for e in self.duty_entries if f"duty-{e.pk}" in sent},
            tasks={e.pk: data[f"task-{e.pk}"] for e in self.task_entries if f"task-{e.pk}" in sent},
            key_work=data["key_work"] if "key_work" in sent else None,
            issues={
                i.pk: (data[f"issue-{i.pk}-kind"], data[f"issue-{i.pk}-text"])
                for i in self.issues
                if f"issue-{i.pk}-text" in sent and f"issue-{i.pk}-kind" in sent
            },
        )


class SubmitForm(forms.Form):
    """提交 is posted with the whole draft, in the content form's own fields (the ones saving posts): the view binds
    them to the report, so that what was typed since the last save is submitted with it."""

    def clean(self):
        return {"draft": self.data}


class CommentForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(
        label=_("意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RequiredCommentForm(CommentForm):
    comment = forms.CharField(label=_("退回意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("附件"), help_text=_("PDF、Word、Excel或图片，单个不超过20MB。"), allow_empty_file=False
    )


class FollowUpForm(BootstrapMixin, forms.Form):
    follow_up_state = forms.ChoiceField(label=_("办理状态"), choices=FollowUpState.choices)
    follow_up_text = forms.CharField(
        label=_("委员会办理情况"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class TopicForm(BootstrapMixin, forms.ModelForm):
    """A research topic as the office registers it; the lead unit sees only the progress fields."""

    final_report = forms.FileField(label=_("调研报告"), required=False, help_text=_("PDF、Word、Excel或图片。"))
    participating_units = UnitPickerField(label=_("参与单位"), required=False)

    class Meta:
        model = ResearchTopic
        fields = [
            "year",
            "title",
            "lead_unit",
            "participating_units",
            "plan",
            "starts_on",
            "ends_on",
            "status",
            "findings",
            "decisions",
            "related_decisions",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "plan": forms.Textarea(attrs={"rows": 4}),
            "findings": forms.Textarea(attrs={"rows": 4}),
            "related_decisions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, committee, progress_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        units = committee.units.active().order_by("sort_order", "code")
        if progress_only:
            for name in list(self.fields):
                if name not in {"status", "findings", "final_report"}:
                    del self.fields[name]
            return
        self.fields["lead_unit"].queryset = units
        self.fields["participating_units"].offer(units)
        self.fields["decisions"].queryset = (
            Decision.objects.filter(committee=committee, effective_at__isnull=False)
            .select_related("meeting")
            .order_by("-meeting__starts_at", "number")
        )
        self.fields["decisions"].label_from_instance = lambda d: f"{d.meeting.title} · {d.number}. {d.title}"
        self.fields["decisions"].widget.attrs["size"] = 6
        if not self.is_bound and self.instance.pk is None:
            today = timezone.localdate()
            self.initial.setdefault("year", today.year)
            self.initial.setdefault("starts_on", today)
            self.initial.setdefault("status", TopicStatus.PLANNED)

    def _post_clean(self):
        # The services validate and save; the model instance is not touched here.
        pass
