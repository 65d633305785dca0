"""What the API shows of each record: facts and states, with the words for each state in the reader's language.

Read-only throughout, except the two inputs a workflow already takes from a unit (a progress entry's text). A
document is described by its metadata only: its text is never part of the API, signed or not.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from committee.models import Committee
from documents.follow import follow_columns
from documents.models import CommitteeReceipt, Document, Receipt
from duties.models import FollowUpTask, Signal, TaskUpdate
from meetings.models import Decision, Meeting
from members.models import Duty, MemberUnit
from reports.models import AnnualReport


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabel(serializers.ReadOnlyField):
    """The words for a choice (`get_state_display()`), in the reader's language. Called directly: a field whose
    source is a method has DRF inspect the method's signature for every row (a tenth of a 50-row list's time)."""

    def __init__(self, choice_field: str, **kwargs):
        self.display = f"get_{choice_field}_display"
        super().__init__(source="*", **kwargs)

    def to_representation(self, instance) -> str:
        return str(getattr(instance, self.display)())


def label(source: str) -> ChoiceLabel:
    return ChoiceLabel(source)


def committee_code() -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="code", read_only=True)


class CommitteeSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Committee
        fields = [
            "code",
            "name",
            "short_name",
            "parent",
            "nature",
            "approving_body",
            "established_on",
            "effective_on",
            "office_name",
            "office_host",
        ]


class DutySerializer(serializers.ModelSerializer):
    committee = committee_code()

    class Meta:
        model = Duty
        fields = ["id", "committee", "unit", "article_number", "item_number", "text", "is_active"]


class UnitSerializer(serializers.ModelSerializer):
    committee = committee_code()
    kind_label = label("kind")

    class Meta:
        model = MemberUnit
        fields = [
            "id",
            "committee",
            "code",
            "name",
            "short_name",
            "kind",
            "kind_label",
            "article_number",
            "is_active",
            "joined_on",
            "left_on",
        ]


class UnitDetailSerializer(UnitSerializer):
    duties = DutySerializer(many=True, read_only=True, source="active_duties")

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "duties"]


class DecisionSerializer(serializers.ModelSerializer):
    committee = committee_code()
    importance_label = label("importance")
    is_effective = serializers.BooleanField(read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "committee",
            "meeting",
            "number",
            "title",
            "text",
            "importance",
            "importance_label",
            "duty",
            "is_effective",
            "effective_at",
        ]


class MeetingSerializer(serializers.ModelSerializer):
    committee = committee_code()
    kind_label = label("kind")
    state_label = label("state")
    chair = serializers.CharField(source="chair.person.name", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "committee",
            "kind",
            "kind_label",
            "is_ad_hoc",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "chair",
            "state",
            "state_label",
            "cancelled_at",
        ]


class MeetingDetailSerializer(MeetingSerializer):
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "decisions"]


class TaskUpdateSerializer(serializers.ModelSerializer):
    kind_label = label("kind")
    author = serializers.CharField(source="author.person.name", read_only=True)

    class Meta:
        model = TaskUpdate
        fields = ["id", "kind", "kind_label", "text", "author", "created_at"]


class ProgressSerializer(serializers.Serializer):
    """A progress entry on a follow-up task, as the task page's form takes it (without attachments)."""

    text = serializers.CharField(max_length=5000, label=_("办理进展"))


class TaskSerializer(serializers.ModelSerializer):
    committee = committee_code()
    unit_name = serializers.CharField(source="unit.short_name", read_only=True)
    status_label = label("status")
    signal = serializers.SerializerMethodField()
    signal_label = serializers.CharField(read_only=True)

    class Meta:
        model = FollowUpTask
        fields = [
            "id",
            "committee",
            "unit",
            "unit_name",
            "decision",
            "upper_document",
            "title",
            "requirement",
            "deadline",
            "original_deadline",
            "status",
            "status_label",
            "signal",
            "signal_label",
            "created_at",
            "reported_at",
            "closed_at",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=Signal.choices))
    def get_signal(self, task: FollowUpTask) -> str:
        return task.signal().value


class TaskDetailSerializer(TaskSerializer):
    updates = TaskUpdateSerializer(many=True, read_only=True)

    class Meta(TaskSerializer.Meta):
        fields = [*TaskSerializer.Meta.fields, "updates"]


class ReportStatusSerializer(serializers.ModelSerializer):
    """Where one unit's annual report (Art 22) stands: not its text."""

    committee = committee_code()
    unit_name = serializers.CharField(source="unit.short_name", read_only=True)
    year = serializers.IntegerField(source="cycle.year", read_only=True)
    deadline = serializers.DateField(source="cycle.deadline", read_only=True)
    state_label = label("state")
    late = serializers.SerializerMethodField()

    class Meta:
        model = AnnualReport
        fields = [
            "id",
            "committee",
            "unit",
            "unit_name",
            "year",
            "deadline",
            "state",
            "state_label",
            "submitted_at",
            "accepted_at",
            "late",
        ]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_late(self, report: AnnualReport) -> bool:
        return report.is_late()


class ReceiptSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.short_name", read_only=True)
    role_label = label("role")

    class Meta:
        model = Receipt
        fields = ["id", "document", "unit", "unit_name", "role", "role_label", "received_at", "receiver_name"]


class UpperReceiptSerializer(serializers.ModelSerializer):
    """A committee's receipt of a document sent down to it (Art 5): whether its office has signed for it, and, to
    whoever may follow the document up (its issuer's leadership and office, viewers above), what the committee has
    done with it since (`follow`: the follow-up columns of the document's page, e.g. tasks created and closed)."""

    committee = committee_code()
    committee_name = serializers.CharField(source="committee.short_name", read_only=True)
    issuer = serializers.SlugRelatedField(source="document.committee", slug_field="code", read_only=True)
    doc_number = serializers.CharField(source="document.doc_number", read_only=True)
    title = serializers.CharField(source="document.title", read_only=True)
    distributed_at = serializers.DateTimeField(source="document.distributed_at", read_only=True)
    role_label = label("role")
    state_label = label("state")
    follow = serializers.SerializerMethodField()

    class Meta:
        model = CommitteeReceipt
        fields = [
            "id",
            "document",
            "issuer",
            "doc_number",
            "title",
            "distributed_at",
            "committee",
            "committee_name",
            "role",
            "role_label",
            "state",
            "state_label",
            "received_at",
            "receiver_name",
            "follow",
        ]

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField(), allow_null=True))
    def get_follow(self, receipt: CommitteeReceipt) -> dict[str, int] | None:
        """Counted in the list's one query (api.views.UpperReceiptViewSet); null for a reader who does not follow the
        document up (the receiving committee's own people see their tasks on their own pages)."""
        if not getattr(receipt, "followed", False):
            return None
        return {column.key: getattr(receipt, f"follow_{column.key}") for column in follow_columns()}


class DocumentSerializer(serializers.ModelSerializer):
    """A document's metadata (Art 24): never its text."""

    committee = committee_code()
    kind_label = label("kind")
    classification_label = label("classification")
    state_label = label("state")

    class Meta:
        model = Document
        fields = [
            "id",
            "committee",
            "doc_number",
            "doc_year",
            "title",
            "kind",
            "kind_label",
            "classification",
            "classification_label",
            "secrecy",
            "urgency",
            "version",
            "state",
            "state_label",
            "signer_name",
            "signed_at",
            "distributed_at",
        ]


class DocumentDetailSerializer(DocumentSerializer):
    receipts = ReceiptSerializer(many=True, read_only=True)

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "receipts"]
