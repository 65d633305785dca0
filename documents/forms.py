"""Forms of the document pages; each hands its data to a service, which decides and records."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from committee.models import Committee
from committee.params import BoundedModelMultipleChoiceField
from committee.pickers import PickerSelectMultiple, described
from committee.web import BootstrapMixin
from members.models import MemberUnit
from members.pickers import UnitPickerField

from .models import Classification, Document, DocumentKind, Secrecy, Urgency


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.replace("、", "\n").replace("，", "\n").splitlines() if name.strip()]


class CommitteePickerField(BoundedModelMultipleChoiceField):
    """Art 5: the committees directly below the issuing one (a district's towns and streets), searchable by name."""

    widget = PickerSelectMultiple

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Committee.objects.none())
        super().__init__(*args, **kwargs)

    def offer(self, committees) -> None:
        self.queryset = committees.order_by("code")
        described(self, lambda committee: (0, str(_("下级委员会"))), lambda committee: (committee.short_name, ""))


class DocumentForm(BootstrapMixin, forms.Form):
    """拟稿 and changes to a draft."""

    kind = forms.ChoiceField(label=_("文种"), choices=DocumentKind.choices)
    classification = forms.ChoiceField(
        label=_("事项类别"),
        choices=Classification.choices,
        widget=forms.RadioSelect,
        help_text=Document._meta.get_field("classification").help_text,
    )
    title = forms.CharField(label=_("标题"), max_length=200)
    main_all = forms.BooleanField(label=_("主送全部成员单位（印为“各成员单位”）"), required=False)
    main_units = UnitPickerField(label=_("主送单位"), required=False)
    main_extra = forms.CharField(
        label=_("其他主送机关"),
        max_length=300,
        required=False,
        help_text=Document._meta.get_field("main_extra").help_text,
    )
    copy_units = UnitPickerField(label=_("抄送单位"), required=False)
    main_committees = CommitteePickerField(
        label=_("主送下级委员会"),
        required=False,
        help_text=_("上级委员会的决策部署发至直属下级委员会，由其办公室签收并抓好落实（第五条）。"),
    )
    main_all_committees = forms.BooleanField(label=_("主送全部下级委员会"), required=False)
    copy_committees = CommitteePickerField(label=_("抄送下级委员会"), required=False)
    copy_extra = forms.CharField(label=_("其他抄送机关"), max_length=300, required=False)
    body = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "每段一行。以“一、”“（一）”开头的标题（单独成行的短句、句号前的短语，或用【】标出的词组）分别用黑体、"
            "楷体；写成整句的编号段落按正文排版。"
        ),
    )
    attachments = forms.CharField(
        label=_("附件说明"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("附件名称，每行一个。"),
    )
    note = forms.CharField(label=_("附注"), max_length=200, required=False, help_text=_("如联系人和电话。"))
    with_seal = forms.BooleanField(label=_("加盖印章"), required=False, initial=True)
    # 版头 (GB/T 9704 7.2.1-7.2.3): printed at the top left when set.
    copy_number = forms.IntegerField(
        label=_("份号"),
        min_value=1,
        max_value=999999,
        required=False,
        help_text=Document._meta.get_field("copy_number").help_text,
    )
    secrecy = forms.ChoiceField(label=_("密级"), choices=Secrecy.choices, required=False)
    secrecy_term = forms.CharField(
        label=_("保密期限"),
        max_length=20,
        required=False,
        help_text=Document._meta.get_field("secrecy_term").help_text,
    )
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices, required=False)
    meeting_date = forms.DateField(
        label=_("会议日期（纪要）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=Document._meta.get_field("meeting_date").help_text,
    )
    present = forms.CharField(
        label=_("出席（纪要）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("以顿号或换行分隔。"),
    )
    absent = forms.CharField(label=_("请假（纪要）"), widget=forms.Textarea(attrs={"rows": 1}), required=False)
    attending = forms.CharField(label=_("列席（纪要）"), widget=forms.Textarea(attrs={"rows": 1}), required=False)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        units = MemberUnit.objects.filter(committee=committee, is_active=True).order_by("sort_order")
        self.fields["main_units"].offer(units)
        self.fields["copy_units"].offer(units)
        self.units = units
        # Only a committee with committees below it sends documents down (Art 5); for a town the fields are absent.
        self.below = Committee.objects.filter(parent=committee).order_by("code")
        if self.below.exists():
            self.fields["main_committees"].offer(self.below)
            self.fields["copy_committees"].offer(self.below)
        else:
            for name in ("main_committees", "main_all_committees", "copy_committees"):
                del self.fields[name]

    @classmethod
    def initial_from(cls, document: Document) -> dict:
        addressees = list(document.addressees.all())
        below = list(document.committee_addressees.all())
        return {
            "kind": document.kind,
            "classification": document.classification,
            "title": document.title,
            "main_units": [a.unit_id for a in addressees if a.role == "main"],
            "copy_units": [a.unit_id for a in addressees if a.role == "copy"],
            "main_committees": [a.committee_id for a in below if a.role == "main"],
            "copy_committees": [a.committee_id for a in below if a.role == "copy"],
            "main_extra": document.main_extra,
            "copy_extra": document.copy_extra,
            "body": document.body,
            "attachments": document.attachments,
            "note": document.note,
            "with_seal": document.with_seal,
            "copy_number": document.copy_number,
            "secrecy": document.secrecy,
            "secrecy_term": document.secrecy_term,
            "urgency": document.urgency,
            "meeting_date": document.meeting_date,
            "present": "、".join(document.attendance_list("present")),
            "absent": "、".join(document.attendance_list("absent")),
            "attending": "、".join(document.attendance_list("attending")),
        }

    def service_arguments(self) -> dict:
        """The cleaned data as the document services take it."""
        data = self.cleaned_data
        main_units = list(self.units) if data["main_all"] else list(data["main_units"])
        attendance = {key: _names(data[key]) for key in ("present", "absent", "attending")}
        below = {}
        if "main_committees" in self.fields:
            below = {
                "main_committees": list(self.below) if data["main_all_committees"] else list(data["main_committees"]),
                "copy_committees": list(data["copy_committees"]),
            }
        return {
            **below,
            "kind": data["kind"],
            "classification": data["classification"],
            "title": data["title"],
            "main_units": main_units,
            "copy_units": list(data["copy_units"]),
            "main_extra": data["main_extra"],
            "copy_extra": data["copy_extra"],
            "body": data["body"],
            "attachments": data["attachments"],
            "note": data["note"],
            "with_seal": data["with_seal"],
            "copy_number": data["copy_number"],
            "secrecy": data["secrecy"],
            "secrecy_term": data["secrecy_term"],
            "urgency": data["urgency"],
            "meeting_date": data["meeting_date"],
            "attendance": {key: names for key, names in attendance.items() if names},
        }


class ReviewForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(
        label=_("核稿意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text=_("退回修改时必填。")
    )


class SignForm(BootstrapMixin, forms.Form):
    opinion = forms.CharField(label=_("签发意见"), max_length=200, initial="同意", help_text=_("如“同意”或“发”。"))


class DeclineForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(label=_("退回意见"), widget=forms.Textarea(attrs={"rows": 2}))


class NumberCounterAdjustForm(forms.Form):
    """The admin's form for `number_counter_adjust`: the last serial used, and why it is set by hand."""

    last_serial = forms.IntegerField(
        label=_("调整后的已用顺序号"), min_value=0, help_text=_("下一份签发的公文取其后一号。")
    )
    reason = forms.CharField(
        label=_("调整原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如：本年度此前以纸质发文编至第12号，自第13号起由本系统编号。"),
    )
