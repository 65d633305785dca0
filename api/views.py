"""The open API's endpoints (README: 开放接口).

Every list and every object comes through `committee.authority.restrict`, with the action the app's own pages use for
the same rows, so the API shows exactly what the pages show the same login; an object the login may not see is a 404,
as in the pages. The two writes call the apps' services, which take the workflow's step (`committee.workflow.perform`)
or ask the authority service themselves; a refusal is a 403 with the reason (api/exceptions.py).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from committee.authority import Action, restrict
from committee.models import Committee
from documents import services as document_services
from documents.authority_rules import VIEW as VIEW_DOCUMENT
from documents.authority_rules import VIEW_ALL as FOLLOW_DOCUMENT
from documents.authority_rules import VIEW_UPPER
from documents.follow import with_follow_counts
from documents.models import CommitteeReceipt, Document, Receipt
from duties import services as duty_services
from duties.models import FollowUpTask, TaskUpdate
from meetings.models import Decision, Meeting
from members.models import Duty, MemberUnit
from reports.models import AnnualReport

from . import filters, serializers
from .conditional import ConditionalGetMixin

REFUSED = OpenApiResponse(description=_("本人无权办理（附理由）。"))
HIDDEN = OpenApiResponse(description=_("不存在，或本人无权查看。"))
INVALID = OpenApiResponse(description=_("填写的内容不符合要求（按字段列出）。"))
CONFLICT = OpenApiResponse(description=_("对象当前的状态不允许此操作（附理由）。"))


class RestrictedViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """A list and its objects, as `restrict(rows, user, authority_action)` lets them through."""

    authority_action: str = Action.VIEW_COMMITTEE
    detail_serializer_class = None
    lookup_value_regex = "[0-9]{1,18}"

    def rows(self):
        """The rows before the authority's filter, with what the answer shows of their relations."""
        raise NotImplementedError

    def get_queryset(self):
        return restrict(self.rows(), self.request.user, self.authority_action)

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class


@extend_schema_view(
    list=extend_schema(summary=_("委员会"), description=_("本人任职的委员会，以及作为上级观察员可查看的下级委员会。")),
    retrieve=extend_schema(summary=_("委员会"), responses={200: serializers.CommitteeSerializer, 404: HIDDEN}),
)
class CommitteeViewSet(RestrictedViewSet):
    serializer_class = serializers.CommitteeSerializer
    filterset_class = filters.CommitteeFilter
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]{1,40}"

    def rows(self):
        return Committee.objects.select_related("parent").order_by("code")


@extend_schema_view(
    list=extend_schema(summary=_("成员单位"), description=_("成员单位（第六条），可按委员会、类别、是否在册筛选。")),
    retrieve=extend_schema(
        summary=_("成员单位及其职责"),
        description=_("成员单位及其有效的法定职责条目（第七至二十条）。"),
        responses={200: serializers.UnitDetailSerializer, 404: HIDDEN},
    ),
)
class UnitViewSet(RestrictedViewSet):
    serializer_class = serializers.UnitSerializer
    detail_serializer_class = serializers.UnitDetailSerializer
    filterset_class = filters.UnitFilter

    def rows(self):
        units = MemberUnit.objects.select_related("committee").order_by("committee__code", "sort_order", "code")
        if self.action != "retrieve":
            return units
        duties = (
            Duty.objects.filter(is_active=True).select_related("committee").order_by("article_number", "item_number")
        )
        return units.prefetch_related(Prefetch("duties", queryset=duties, to_attr="active_duties"))


@extend_schema_view(
    list=extend_schema(summary=_("职责"), description=_("委员会职责（第五条，无成员单位）和成员单位的法定职责条目。")),
    retrieve=extend_schema(summary=_("职责"), responses={200: serializers.DutySerializer, 404: HIDDEN}),
)
class DutyViewSet(RestrictedViewSet):
    serializer_class = serializers.DutySerializer
    filterset_class = filters.DutyFilter

    def rows(self):
        return Duty.objects.select_related("committee").order_by(
            "committee__code", "unit_id", "article_number", "item_number", "pk"
        )


@extend_schema_view(
    list=extend_schema(summary=_("会议"), description=_("全体会议、专题会议和办公室会议（第二十一条），新的在前。")),
    retrieve=extend_schema(
        summary=_("会议及其决定事项"), responses={200: serializers.MeetingDetailSerializer, 404: HIDDEN}
    ),
)
class MeetingViewSet(RestrictedViewSet):
    serializer_class = serializers.MeetingSerializer
    detail_serializer_class = serializers.MeetingDetailSerializer
    filterset_class = filters.MeetingFilter

    def rows(self):
        meetings = Meeting.objects.select_related("committee", "chair__person").order_by("-starts_at", "-pk")
        if self.action != "retrieve":
            return meetings
        decisions = Decision.objects.select_related("committee").order_by("number")
        return meetings.prefetch_related(Prefetch("decisions", queryset=decisions))


@extend_schema_view(
    list=extend_schema(summary=_("决定事项"), description=_("会议的决定事项；纪要批准后生效（is_effective）。")),
    retrieve=extend_schema(summary=_("决定事项"), responses={200: serializers.DecisionSerializer, 404: HIDDEN}),
)
class DecisionViewSet(RestrictedViewSet):
    serializer_class = serializers.DecisionSerializer
    filterset_class = filters.DecisionFilter

    def rows(self):
        return Decision.objects.select_related("committee").order_by("-meeting__starts_at", "meeting_id", "number")


@extend_schema_view(
    list=extend_schema(
        summary=_("督办事项"),
        description=_("本人可见的督办事项：委员会领导、办公室和上级观察员可见全部单位的，成员单位只见本单位的。"),
    ),
    retrieve=extend_schema(
        summary=_("督办事项及其办理情况"), responses={200: serializers.TaskDetailSerializer, 404: HIDDEN}
    ),
)
class TaskViewSet(RestrictedViewSet):
    authority_action = Action.VIEW_UNIT_AFFAIRS
    serializer_class = serializers.TaskSerializer
    detail_serializer_class = serializers.TaskDetailSerializer
    filterset_class = filters.TaskFilter

    def rows(self):
        tasks = FollowUpTask.objects.with_signal().select_related("committee", "unit").order_by("deadline", "pk")
        if self.action != "retrieve":
            return tasks
        updates = TaskUpdate.objects.select_related("author__person").order_by("created_at", "pk")
        return tasks.prefetch_related(Prefetch("updates", queryset=updates))

    @extend_schema(
        summary=_("填报办理进展"),
        description=_("承办单位的联络员填报进展（与督办事项页面的“提交进展”相同），记入办理情况和变更记录。"),
        request=serializers.ProgressSerializer,
        responses={201: serializers.TaskUpdateSerializer, 400: INVALID, 403: REFUSED, 404: HIDDEN, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], serializer_class=serializers.ProgressSerializer)
    def progress(self, request, pk=None):
        task = self.get_object()
        entry = serializers.ProgressSerializer(data=request.data)
        entry.is_valid(raise_exception=True)
        update = duty_services.task_progress_add(by=request.user, task=task, text=entry.validated_data["text"])
        return Response(serializers.TaskUpdateSerializer(update).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary=_("年度报告报送情况"),
        description=_("每个成员单位每年度的书面报告（第二十二条）：状态、报送和审核通过时间、是否逾期；不含报告正文。"),
    ),
    retrieve=extend_schema(
        summary=_("年度报告报送情况"), responses={200: serializers.ReportStatusSerializer, 404: HIDDEN}
    ),
)
class ReportViewSet(RestrictedViewSet):
    authority_action = Action.VIEW_UNIT_AFFAIRS
    serializer_class = serializers.ReportStatusSerializer
    filterset_class = filters.ReportFilter

    def rows(self):
        return AnnualReport.objects.select_related("committee", "unit", "cycle").order_by(
            "-cycle__year", "committee__code", "unit__sort_order", "pk"
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("公文"),
        description=_(
            "公文的元数据（第二十四条），不含正文。拟稿中的公文只有委员会领导、办公室和上级观察员可见；"
            "成员单位只见分发给本单位的公文。"
        ),
    ),
    retrieve=extend_schema(
        summary=_("公文及其签收情况"), responses={200: serializers.DocumentDetailSerializer, 404: HIDDEN}
    ),
)
class DocumentViewSet(RestrictedViewSet):
    authority_action = VIEW_DOCUMENT
    serializer_class = serializers.DocumentSerializer
    detail_serializer_class = serializers.DocumentDetailSerializer
    filterset_class = filters.DocumentFilter

    def rows(self):
        documents = Document.objects.select_related("committee").order_by("-created_at", "-pk")
        if self.action != "retrieve":
            # The text is never shown here: not read either (half the list's query time at ten years).
            return documents.defer("body", "main_extra", "copy_extra", "attachments", "note", "sign_opinion")
        receipts = Receipt.objects.select_related("unit").order_by("role", "unit__sort_order", "pk")
        return documents.prefetch_related(Prefetch("receipts", queryset=receipts))


@extend_schema_view(
    list=extend_schema(
        summary=_("签收记录"),
        description=_("本人可见的公文的签收记录；to_sign=true 只列本人可以为本单位签收而尚未签收的。"),
    ),
    retrieve=extend_schema(summary=_("签收记录"), responses={200: serializers.ReceiptSerializer, 404: HIDDEN}),
)
class ReceiptViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """Receipts are seen with their document (`documents.view`); signing is the unit liaison's (`ACT_FOR_UNIT`)."""

    serializer_class = serializers.ReceiptSerializer
    filterset_class = filters.ReceiptFilter
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        documents = restrict(Document.objects.all(), self.request.user, VIEW_DOCUMENT)
        receipts = Receipt.objects.filter(document__in=documents.values("pk")).select_related("unit")
        return receipts.order_by("-document_id", "role", "unit__sort_order", "pk")

    @extend_schema(
        summary=_("签收"),
        description=_("成员单位的联络员为本单位签收公文（第二十五条；与公文页面的“签收”相同）。"),
        request=None,
        responses={200: serializers.ReceiptSerializer, 403: REFUSED, 404: HIDDEN, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        receipt = document_services.receipt_confirm(by=request.user, receipt=self.get_object())
        return Response(serializers.ReceiptSerializer(receipt).data)


@extend_schema_view(
    list=extend_schema(
        summary=_("上级来文签收情况"),
        description=_(
            "下发到下级委员会的公文及其签收（第五条）：收文委员会的领导和办公室、发文委员会的领导和办公室、"
            "上级观察员可见。follow 为收文委员会据此交办和办结的督办事项数，仅对可跟踪该公文的发文方列出。"
            "to_sign=true 只列本人可以为本委员会签收而尚未签收的。"
        ),
    ),
    retrieve=extend_schema(
        summary=_("上级来文签收情况"), responses={200: serializers.UpperReceiptSerializer, 404: HIDDEN}
    ),
)
class UpperReceiptViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """A committee's receipts of documents from above (`VIEW_UPPER`), with the follow-up counted per row in the one
    query (documents.follow) where the reader may follow the document up (`VIEW_ALL` on it, as on its page)."""

    serializer_class = serializers.UpperReceiptSerializer
    filterset_class = filters.UpperReceiptFilter
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        user = self.request.user
        followed = restrict(Document.objects.all(), user, FOLLOW_DOCUMENT)
        receipts = restrict(CommitteeReceipt.objects.all(), user, VIEW_UPPER)
        return (
            with_follow_counts(receipts, followed)
            .annotate(followed=Exists(followed.filter(pk=OuterRef("document"))))
            .select_related("document__committee", "committee")
            .order_by("-document__distributed_at", "-document_id", "role", "committee__code", "pk")
        )

    @extend_schema(
        summary=_("签收上级来文"),
        description=_("收文委员会的办公室签收上级来文（第五条；与公文页面的“签收”相同）。"),
        request=None,
        responses={200: serializers.UpperReceiptSerializer, 403: REFUSED, 404: HIDDEN, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        document_services.upper_receipt_confirm(by=request.user, receipt=self.get_object())
        # Read again through the list's query: the answer has the same fields (and counts) as a GET.
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)


@method_decorator(login_required, name="dispatch")
class DocsView(SpectacularSwaggerSplitView):
    """The interactive documentation (Swagger UI from the sidecar's static files); the browser's session calls the
    API, so a logged-in person tries it as themselves. Its page has no inline script or style (the CSP)."""

    template_name = "api/docs.html"
    url_name = "api:schema"
