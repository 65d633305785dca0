"""Every workflow is declared once (committee/workflow.py): its steps, the state each leaves and enters, and the
authority action that guards it. These tests hold the declarations to that, over every workflow model at once."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.template.loader import get_template
from django_fsm import FSMField, State

from committee.authority import NotAllowed, decide
from committee.workflow import _routers, check_routes, perform, steps_declared, steps_for
from documents import services
from documents.models import Document, DocumentState


def workflow_models():
    """The models with a state machine (their history tables copy the field, not the steps)."""
    return [
        model
        for model in apps.get_models()
        if any(isinstance(f, FSMField) for f in model._meta.fields) and not hasattr(model, "instance_type")
    ]


def test_every_workflow_model_declares_its_steps_and_routes_them_all():
    models = workflow_models()
    assert Document in models
    routed = {router.model for router in _routers}
    for model in models:
        declared = steps_declared(model)
        assert declared, f"{model.__name__} has a state machine and no step"
        assert model in routed, f"{model.__name__}: no step route"
        for step in declared:
            assert step.refused and step.label, f"{model.__name__}.{step.name}"
            states = {value for value, _ in model._meta.get_field(step.field_name).choices}
            assert set(step.sources) <= states | {"*"}, f"{model.__name__}.{step.name}: unknown source state"
            known = step.target is None or isinstance(step.target, State) or step.target in states
            assert known, f"{model.__name__}.{step.name}: unknown target"
    assert check_routes() == []


def test_each_step_is_guarded_by_an_action_the_authority_service_knows():
    from committee.authority import RULES

    for model in workflow_models():
        for step in steps_declared(model):
            if callable(step.action):
                continue  # depends on the object; exercised below for documents
            assert str(step.action) in RULES, f"{model.__name__}.{step.name}: {step.action}"


def test_templates_compare_no_workflow_state():
    """The pages list the steps the declaration opens; none of them decides by comparing states itself."""
    import re
    from pathlib import Path

    from django.conf import settings

    pattern = re.compile(r"\{%[^%]*\b(?:state|status|follow_up_state)\s*(?:==|!=)")
    offenders = []
    for app in settings.PROJECT_APPS:
        for path in (Path(apps.get_app_config(app).path) / "templates").rglob("*.html"):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")
    assert not offenders, "\n".join(offenders)
    get_template("committee/includes/steps.html")


@pytest.fixture
def draft(staffed, users):
    return services.document_draft(
        by=users["office_staff"],
        committee=staffed,
        kind="notice",
        classification="important",
        title="关于开展专项检查的通知",
        body="各成员单位：\n请于月底前完成自查。",
        main_units=list(staffed.units.all()[:2]),
    )


def test_perform_checks_the_state_then_the_authority_and_moves_the_state(draft, users):
    with pytest.raises(ValidationError, match="该公文不在核稿环节"):
        perform(draft, "forward", users["office_director"])
    with pytest.raises(NotAllowed):
        perform(draft, "submit", users["liaison-fulian"])
    assert draft.state == DocumentState.DRAFT
    capacity = perform(draft, "submit", users["office_staff"])
    assert draft.state == DocumentState.IN_REVIEW
    assert capacity.appointment.person.user == users["office_staff"]


def test_the_steps_a_page_lists_are_those_the_user_may_take(draft, users):
    services.document_submit(by=users["office_staff"], document=draft)
    draft.refresh_from_db()
    reviewer = steps_for(draft, users["office_director"], url_name="documents:step")
    assert [s.name for s in reviewer.listed] == ["forward", "send_back"]
    assert reviewer["forward"].url == f"/documents/{draft.pk}/steps/forward/"
    staff = steps_for(draft, users["office_staff"], url_name="documents:step")
    assert staff.open == [] and staff.closed == [decide(users["office_staff"], "documents.review", draft).reason]
    # The signer of an important matter is the director: the declaration asks the document which action guards it.
    services.document_review(by=users["office_director"], document=draft, forward=True)
    draft.refresh_from_db()
    assert [s.name for s in steps_for(draft, users["director"], url_name="documents:step").listed] == [
        "sign",
        "decline",
    ]
    assert steps_for(draft, users["office_director"], url_name="documents:step").open == []
