"""Forms of the supervision inspection pages (Art 23); the services decide, the forms only collect."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from committee.params import MAX_ID, BoundedModelChoiceField, id_or_none
from committee.pickers import PeoplePickerField
from committee.web import BootstrapMixin, DateInput
from members.models import MemberUnit
from members.pickers import UnitPickerField

from .inspections_services import FindingRow
from .models import NEEDS_CORRECTION, FindingResult, InspectionFinding, InspectionItem, InspectionSubject

OFFICE = "office"


class ProposeForm(BootstrapMixin, forms.Form):
    proposer = forms.ChoiceField(label=_("提议方"))
    subject = forms.ChoiceField(label=_("检查事项类别"), choices=InspectionSubject.choices)
    title = forms.CharField(label=_("检查名称"), max_length=200)
    target_units = UnitPickerField(label=_("被检查单位"))
    reason = forms.CharField(label=_("提议理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def __init__(self, *args, committee, proposers: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposer"].choices = proposers
        self.fields["target_units"].offer(MemberUnit.objects.filter(committee=committee).active())
        self.committee = committee

    def proposing_unit(self) -> MemberUnit | None:
        code = self.cleaned_data["proposer"]
        return None if code == OFFICE else MemberUnit.objects.get(committee=self.committee, code=code)


class DecisionForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("审批意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("同意时可不填（记为“同意”）；不同意时须写明理由。"),
    )


class PlanForm(BootstrapMixin, forms.Form):
    team = PeoplePickerField(label=_("检查组成员"), help_text=_("可输入姓名、职务或单位查找。"))
    starts_on = forms.DateField(label=_("开始日期"), widget=DateInput())
    ends_on = forms.DateField(label=_("结束日期"), widget=DateInput())
    note = forms.CharField(
        label=_("方案说明"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].offer(committee)


class FindingRowForm(BootstrapMixin, forms.Form):
    """One row of the findings form: a checklist item's conclusion (the item's id travels hidden), or a matter to add
    (its unit and text). Only the types are checked here; what may be recorded is `findings_save`'s to say."""

    item = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    unit = BoundedModelChoiceField(
        label=_("被检查单位"), queryset=MemberUnit.objects.none(), required=False, empty_label=_("请选择被检查单位")
    )
    text = forms.CharField(
        label=_("检查内容"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    result = forms.ChoiceField(label=_("检查结论"), required=False)
    note = forms.CharField(
        label=_("情况说明"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, items: dict, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda unit: unit.short_name
        self.fields["result"].choices = [("", _("未记录")), *FindingResult.choices]
        self.fields["note"].widget.attrs["placeholder"] = _("基本符合或不符合时必填")
        for name in ("unit", "text", "result", "note"):
            widget = self.fields[name].widget
            small = "form-select-sm" if isinstance(widget, forms.Select) else "form-control-sm"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {small}".strip()
            # A table of short notes: the length limit stays, without a counter under every row.
            widget.attrs.pop("data-counter", None)

    @property
    def checklist_item(self) -> InspectionItem | None:
        """The item this row records, read from the posted id (or the initial one): rows stay with their items
        even if the checklist grew since the page was loaded."""
        raw = self.data.get(self.add_prefix("item")) if self.is_bound else self.initial.get("item")
        return self.items.get(id_or_none(raw))

    def clean_item(self) -> InspectionItem | None:
        value = self.cleaned_data["item"]
        if value is None:
            return None
        if value not in self.items:
            raise forms.ValidationError(_("该检查项不属于本次督导检查。"))
        return self.items[value]

    def row(self) -> FindingRow:
        data = getattr(self, "cleaned_data", {})
        return FindingRow(
            item=data.get("item"),
            unit=data.get("unit"),
            text=data.get("text", ""),
            result=data.get("result", ""),
            note=data.get("note", ""),
            delete=bool(data.get(forms.formsets.DELETION_FIELD_NAME)),
        )


class BaseFindingFormSet(forms.BaseFormSet):
    """Every checklist item of the inspection, one row each, and blank rows to add matters to the checklist: all
    recorded in one submission (`findings_save`). "添加一行" adds a blank row by script, or, without script, by
    posting the form back with one row more (`with_row_added`), keeping what was typed."""

    def __init__(self, *args, inspection, **kwargs):
        self.inspection = inspection
        self.checklist = list(
            InspectionItem.objects.filter(inspection=inspection)
            .select_related("unit", "duty", "finding__recorded_by__person")
            .order_by("position")
        )
        units = MemberUnit.objects.filter(pk__in=inspection.target_units.values("pk")).order_by("sort_order", "pk")
        kwargs.setdefault(
            "initial",
            [
                {
                    "item": item.pk,
                    "result": getattr(getattr(item, "finding", None), "result", ""),
                    "note": getattr(getattr(item, "finding", None), "note", ""),
                }
                for item in self.checklist
            ],
        )
        kwargs["form_kwargs"] = {"items": {item.pk: item for item in self.checklist}, "units": units}
        kwargs.setdefault("prefix", "findings")
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if forms.formsets.DELETION_FIELD_NAME in form.fields:
            form.fields[forms.formsets.DELETION_FIELD_NAME].label = pgettext_lazy("action", "删除")
            form.fields[forms.formsets.DELETION_FIELD_NAME].widget.attrs["class"] = "form-check-input"

    def rows(self) -> list[FindingRow]:
        """The rows as the service takes them, in the forms' order (errors come back by the same index)."""
        return [form.row() for form in self.forms]

    def add_row_errors(self, rows: dict[int, dict[str, list[str]]]) -> None:
        for index, fields in rows.items():
            form = self.forms[index]
            for field, messages in fields.items():
                form.add_error(field if field in form.fields else None, messages)

    def with_row_added(self) -> BaseFindingFormSet:
        """The same submission with one blank row more, for "添加一行" without script."""
        data = self.data.copy()
        key = f"{self.prefix}-{forms.formsets.TOTAL_FORM_COUNT}"
        data[key] = str((id_or_none(data.get(key)) or self.initial_form_count()) + 1)
        return type(self)(data, inspection=self.inspection, prefix=self.prefix)

    @property
    def item_forms(self) -> list:
        return [form for form in self.forms if form.checklist_item is not None]

    @property
    def new_forms(self) -> list:
        return [form for form in self.forms if form.checklist_item is None]

    @property
    def row_errors(self) -> list[tuple[str, str, list[str]]]:
        """For the summary above the form: where (the row's anchor), which row, and what is wrong."""
        found, added = [], 0
        for form in self.forms:
            item = form.checklist_item
            added += 1 if item is None else 0
            messages = [message for errors in form.errors.values() for message in errors]
            if not messages:
                continue
            if item is not None:
                found.append((f"item-{item.pk}", _("第%(n)s项") % {"n": item.position}, messages))
            else:
                found.append((form.prefix, _("新增第%(n)s项") % {"n": added}, messages))
        return found


FindingFormSet = forms.formset_factory(
    FindingRowForm, formset=BaseFindingFormSet, extra=1, can_delete=True, can_delete_extra=False, max_num=500
)


class CorrectiveTaskForm(BootstrapMixin, forms.Form):
    finding = BoundedModelChoiceField(label=_("需整改的检查项"), queryset=InspectionFinding.objects.none())
    title = forms.CharField(label=_("整改事项"), max_length=200)
    requirement = forms.CharField(
        label=_("整改要求"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(label=_("整改期限"), widget=DateInput())

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = (
            InspectionFinding.objects.filter(item__inspection=inspection, result__in=sorted(NEEDS_CORRECTION))
            .select_related("item__unit")
            .order_by("item__position")
        )
        self.fields["finding"].label_from_instance = lambda f: (
            f"{f.item.position}. {f.item.unit.short_name}：{f.get_result_display()} · {f.note[:40]}"
        )


class ReportForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("报告标题"), max_length=200)
    classification = forms.ChoiceField(label=_("事项类别"), choices=())
    body = forms.CharField(label=_("报告正文"), widget=forms.Textarea(attrs={"rows": 10}), max_length=50000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        try:
            from documents.models import Classification
        except ImportError:
            return
        self.fields["classification"].choices = Classification.choices
        self.fields["classification"].initial = Classification.IMPORTANT
