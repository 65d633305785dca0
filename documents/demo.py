"""Demo official documents (UI.md: signed and draft documents with PDFs, one awaiting review, one awaiting
sign-off, receipts partly done). Made through the services, as the people who would do each step."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from committee.authority import Action, holders
from committee.models import Committee
from core.rendering import render_job_run

from . import services
from .actions import RECEIVE_UPPER, REVIEW
from .models import CommitteeReceipt, Document, DocumentKind

REPORT_NOTICE = "\n".join(
    (
        "为贯彻落实《中华人民共和国社区矫正法》和《密云镇社区矫正委员会工作规则》第二十二条的规定，做好202"
        "6年度成员单位书面报告工作，现将有关事项通知如下。",
        "一、报告内容。各成员单位年度书面报告包括四部分：履行职责情况、落实委员会决定情况、重点工作情况、存在"
        "的问题及建议。履行职责情况须对照工作规则第七条至第二十条逐项说明。",
        "二、报送时间。请于2026年12月15日前通过本系统报送，由本单位联络员提交、单位负责人确认。",
        "三、工作要求。各成员单位要高度重视，指定专人负责，如实反映工作情况，不得漏项；对委员会决定事项的落实"
        "情况要写明进度和成效。",
    )
)

DECISION = "\n".join(
    (
        "经2026年第二次全体会议研究，委员会同意将镇退役军人服务站提请增设为委员会成员单位，由镇司法所按程"
        "序报镇人民政府批准。",
        "镇退役军人服务站增设为成员单位后，负责社区矫正对象中退役军人的思想教育、帮扶救助和就业指导等工作，并"
        "确定一名工作人员担任联络员。",
        "各成员单位要加强与镇退役军人服务站的沟通协作，共同做好社区矫正工作。",
    )
)

MINUTES = "\n".join(
    (
        "2026年3月18日，委员会主任王建国主持召开2026年第一次全体会议，听取了办公室关于2025年度"
        "社区矫正工作情况的汇报，研究部署了2026年重点工作。纪要如下。",
        "一、会议认为，2025年全镇社区矫正工作总体平稳，各成员单位认真履行职责，社区矫正对象无脱管漏管和重新犯罪情况。",
        "二、会议要求，各成员单位要对照工作规则明确的职责，细化本单位2026年工作措施，于4月30日前报委员会办公室。",
        "三、会议决定，由镇司法所牵头，镇派出所、便民服务中心配合，开展社区矫正对象就业帮扶专项行动。",
    )
)

BULLETIN = "\n".join(
    (
        "2026年上半年，全镇共接收社区矫正对象12人，解除矫正9人，在册矫正对象46人，各项工作有序开展。",
        "一、主要做法。各成员单位按照委员会部署，落实监督管理和教育帮扶措施，组织集中教育学习6次，开展心理辅导20人次。",
        "二、存在问题。个别单位联络员调整后未及时报备，部分帮扶措施落实不够及时。",
        "三、下步要求。各成员单位要对照问题抓好整改，确保下半年工作任务按时完成。",
    )
)

OPINION = "\n".join(
    (
        "为进一步做好社区矫正对象就业帮扶工作，促进其顺利融入社会，结合我镇实际，提出如下意见。",
        "一、摸清底数。由镇司法所会同便民服务中心，逐人了解社区矫正对象的就业意愿和技能状况。",
        "二、搭建平台。便民服务中心将社区矫正对象纳入就业困难人员帮扶范围，提供岗位信息和技能培训。",
        "三、落实责任。各成员单位要按照职责分工，积极提供就业岗位和帮扶资源。",
    )
)

REQUEST = "\n".join(
    (
        "为保障2027年度社区矫正工作顺利开展，根据工作需要，委员会拟申请社区矫正工作经费，主要用于教育学习"
        "、心理辅导、就业帮扶和信息化建设。",
        "妥否，请批示。",
    )
)

LETTER = "\n".join(
    (
        "为做好社区矫正对象心理健康服务工作，委员会办公室拟于2026年第四季度组织开展社区矫正对象心理健康评"
        "估和辅导。现商请贵院安排具备资质的医务人员参与，协助完成评估工作。",
        "请于两周内将参加人员名单反馈委员会办公室。",
    )
)


def _sign_and_render(*, by, document: Document, opinion: str) -> Document:
    """Signs and renders at once: the job is done before the worker is told of it, so it does not render twice."""
    with transaction.atomic():
        document = services.document_sign(by=by, document=document, opinion=opinion)
        render_job_run(job_id=document.render_job.pk)
    return document


def demo_create(committee: Committee) -> list[str]:
    """Idempotent: does nothing once the committee has documents."""
    done = cascade_demo_create(committee)
    if Document.objects.filter(committee=committee).exists():
        return done
    from members.models import NewUnitProposal

    User = get_user_model()
    people = {user.username: user for user in User.objects.all()}
    staff, office, director = people["office_staff"], people["office_director"], people["director"]
    units = list(committee.units.filter(is_active=True).order_by("sort_order"))
    by_code = {unit.code: unit for unit in units}

    def forward(document: Document) -> Document:
        services.document_submit(by=staff, document=document)
        return services.document_review(by=office, document=document, forward=True)

    # 1. A general notice, signed by the office director, sent to every unit; some have signed for it.
    notice = forward(
        services.document_draft(
            by=staff,
            committee=committee,
            kind=DocumentKind.NOTICE,
            classification="general",
            title="关于报送2026年度成员单位书面报告的通知",
            body=REPORT_NOTICE,
            main_units=units,
            copy_extra="密云区社区矫正管理局",
            attachments="2026年度成员单位书面报告提纲\n书面报告报送时间安排",
            note="联系人：赵雪，电话：010-69041234",
        )
    )
    notice = _sign_and_render(by=office, document=notice, opinion="发")
    services.document_distribute(by=staff, document=notice)
    for receipt in notice.receipts.select_related("unit").order_by("unit__sort_order")[:9]:
        services.receipt_confirm(by=people[f"liaison-{receipt.unit.code}"], receipt=receipt)

    # 2. An important decision, the written record of the committee agreeing to propose a new unit.
    proposal = NewUnitProposal.objects.filter(committee=committee).order_by("proposed_at").first()
    decision = forward(
        services.document_draft(
            by=staff,
            committee=committee,
            kind=DocumentKind.DECISION,
            classification="important",
            title="关于提请增设镇退役军人服务站为委员会成员单位的决定",
            body=DECISION,
            main_units=[by_code["sifasuo"], by_code["bianmin"]],
            copy_units=[by_code["xibinhe-police"]],
            copy_extra="密云镇人民政府",
            records=proposal,
        )
    )
    decision = _sign_and_render(by=director, document=decision, opinion="同意")
    services.document_distribute(by=staff, document=decision)
    for receipt in decision.receipts.select_related("unit"):
        services.receipt_confirm(by=people[f"liaison-{receipt.unit.code}"], receipt=receipt)
    services.document_archive(by=staff, document=decision)

    # 3. Minutes of a plenary meeting, with the attendance lists.
    minutes = forward(
        services.document_draft(
            by=staff,
            committee=committee,
            kind=DocumentKind.MINUTES,
            classification="important",
            title="2026年第一次全体会议纪要",
            body=MINUTES,
            main_units=units,
            with_seal=False,
            attendance={
                "present": ["王建国", "李振华", "张丽娟", "刘志强", "陈明"]
                + [f"{unit.short_name}负责人" for unit in units[:8]],
                "absent": ["孙海涛（公务外出）"],
                "attending": ["赵雪"],
            },
        )
    )
    minutes = _sign_and_render(by=director, document=minutes, opinion="同意印发")
    services.document_distribute(by=staff, document=minutes)
    for receipt in minutes.receipts.select_related("unit").order_by("unit__sort_order")[:4]:
        services.receipt_confirm(by=people[f"liaison-{receipt.unit.code}"], receipt=receipt)

    # 4. A bulletin reviewed and awaiting the director's sign-off.
    forward(
        services.document_draft(
            by=staff,
            committee=committee,
            kind=DocumentKind.BULLETIN,
            classification="important",
            title="关于2026年上半年社区矫正工作情况的通报",
            body=BULLETIN,
            main_units=units,
        )
    )

    # 5. An opinion sent for review, awaiting the office director.
    opinion = services.document_draft(
        by=staff,
        committee=committee,
        kind=DocumentKind.OPINION,
        classification="general",
        title="关于加强社区矫正对象就业帮扶工作的意见",
        body=OPINION,
        main_units=[by_code["sifasuo"], by_code["bianmin"], by_code["xibinhe-police"]],
    )
    services.document_submit(by=staff, document=opinion)

    # 6. A letter returned to the drafter with the office director's comment.
    letter = services.document_draft(
        by=staff,
        committee=committee,
        kind=DocumentKind.LETTER,
        classification="general",
        title="关于商请协助开展社区矫正对象心理健康评估的函",
        body=LETTER,
        main_units=[by_code["weishengyuan"]],
    )
    services.document_submit(by=staff, document=letter)
    services.document_review(
        by=office, document=letter, forward=False, comment="请写明评估的时间、地点和人数，便于卫生院安排。"
    )

    # 7. A request to the town government, still being drafted.
    services.document_draft(
        by=staff,
        committee=committee,
        kind=DocumentKind.REQUEST,
        classification="important",
        title="关于申请2027年度社区矫正工作经费的请示",
        body=REQUEST,
        main_extra="密云镇人民政府",
    )
    return [*done, "documents"]


CASCADE_NOTICE = "\n".join(
    (
        "为贯彻落实《中华人民共和国社区矫正法》，进一步做好社区矫正对象教育帮扶工作，区社区矫正委员会决定在全区开展"
        "社区矫正对象教育帮扶专项行动。现将有关事项通知如下。",
        "一、工作目标。各镇（街道）社区矫正委员会要组织成员单位，对在册社区矫正对象逐人落实帮扶措施。",
        "二、工作要求。各镇（街道）社区矫正委员会收文后要及时研究部署，将任务分解到成员单位，明确完成时限。",
        "三、报送要求。请于年底前将专项行动开展情况报区社区矫正委员会办公室。",
    )
)
CASCADE_TITLE = "关于开展社区矫正对象教育帮扶专项行动的通知"


def _first(obj, action) -> object | None:
    person = holders(obj, action).filter(user__isnull=False).select_related("user").first()
    return person.user if person is not None else None


def cascade_demo_create(committee: Committee) -> list[str]:
    """Art 5 in the demo: the district above the demo town issues a notice to all its towns, and the town's office
    signs for it (its tasks are the duties demo's). Only where the demo tree has a district with people who can draft,
    review and sign it (the committee app builds the tree); idempotent."""
    district = committee.parent
    if district is None or CommitteeReceipt.objects.filter(committee=committee).exists():
        return []
    towns = list(Committee.objects.filter(parent=district).order_by("code"))
    drafter = _first(district, Action.MANAGE_COMMITTEE)
    reviewer = _first(district, REVIEW)
    signer = _first(district, Action.SIGN_IMPORTANT)
    if drafter is None or reviewer is None or signer is None:
        return []
    document = services.document_draft(
        by=drafter,
        committee=district,
        kind=DocumentKind.NOTICE,
        classification="important",
        title=CASCADE_TITLE,
        body=CASCADE_NOTICE,
        main_committees=towns,
        note="联系人：区社区矫正委员会办公室",
    )
    services.document_submit(by=drafter, document=document)
    services.document_review(by=reviewer, document=document, forward=True)
    document = _sign_and_render(by=signer, document=document, opinion="同意")
    services.document_distribute(by=drafter, document=document)
    receipt = CommitteeReceipt.objects.get(document=document, committee=committee)
    town_office = _first(receipt, RECEIVE_UPPER)
    if town_office is not None:
        services.upper_receipt_confirm(by=town_office, receipt=receipt)
    return ["a district notice sent down to the towns (signed for by the demo town)"]
