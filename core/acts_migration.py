"""Carries the old capacity text columns over to delegation keys, for the migrations that drop them.

Until these migrations an act stored its capacity as words, translated into the actor's language
("以副主任身份（第3号委托）" or "As Deputy Director (Delegation No. 3)"). The appointment was always kept
beside it; the delegation often was not. Forward, the delegation number in the words is resolved to the
committee's delegation of that number; backward, the words are written again from the keys, in Chinese.
Historical (simple-history) rows are carried the same way. Imported by migrations: keep it stable.
"""

from __future__ import annotations

from django.db import migrations
from django.db.models import Q
from django.utils import translation

from .acts import OFFICIAL_LANGUAGE, capacity_words, delegation_number

# model name -> [(text field, appointment field, delegation field)]
Spec = dict[str, list[tuple[str, str, str]]]


def _models(apps, app_label: str, model_name: str):
    for name in (model_name, f"historical{model_name}"):
        try:
            yield apps.get_model(app_label, name)
        except LookupError:
            continue


def carry_capacity_text(app_label: str, spec: Spec) -> migrations.RunPython:
    """A reversible RunPython that fills the delegation keys of `spec` from the capacity text."""

    def forward(apps, schema_editor):
        appointment_model = apps.get_model("committee", "Appointment")
        delegation_model = apps.get_model("committee", "Delegation")
        committee_of: dict[int, int] = {}
        delegation_of: dict[tuple[int, int], int | None] = {}
        for model_name, acts in spec.items():
            for model in _models(apps, app_label, model_name):
                for text, by, under in acts:
                    rows = (
                        model._base_manager.filter(**{f"{under}__isnull": True, f"{by}__isnull": False})
                        .filter(Q(**{f"{text}__contains": "号委托"}) | Q(**{f"{text}__contains": "Delegation"}))
                        .values_list("pk", text, f"{by}_id")
                    )
                    for pk, words, appointment_id in rows:
                        number = delegation_number(words)
                        if number is None:
                            continue
                        if appointment_id not in committee_of:
                            committee_of[appointment_id] = (
                                appointment_model._base_manager.filter(pk=appointment_id)
                                .values_list("committee_id", flat=True)
                                .first()
                            )
                        key = (committee_of[appointment_id], number)
                        if key not in delegation_of:
                            delegation_of[key] = (
                                delegation_model._base_manager.filter(committee_id=key[0], number=number)
                                .values_list("pk", flat=True)
                                .first()
                            )
                        if delegation_of[key] is not None:
                            model._base_manager.filter(pk=pk).update(**{f"{under}_id": delegation_of[key]})

    def backward(apps, schema_editor):
        with translation.override(OFFICIAL_LANGUAGE):
            for model_name, acts in spec.items():
                for model in _models(apps, app_label, model_name):
                    for text, by, under in acts:
                        rows = model._base_manager.filter(**{f"{by}__isnull": False}).select_related(
                            by, f"{by}__unit", under
                        )
                        for row in rows.iterator():
                            words = capacity_words(getattr(row, by), getattr(row, under))
                            model._base_manager.filter(pk=row.pk).update(**{text: words})

    return migrations.RunPython(forward, backward, elidable=False)
