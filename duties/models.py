"""Statutory duties of the committee (Art 5) and of each member unit (Arts 7-20), item by item."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Duty(models.Model):
    """One numbered duty item, verbatim from the rules; without a unit it is a duty of the committee (Art 5).

    These items are what a unit's annual report answers to, one by one (Art 22, part 1).
    """

    committee = models.ForeignKey(
        "committee.Committee", verbose_name=_("委员会"), on_delete=models.PROTECT, related_name="duties"
    )
    unit = models.ForeignKey(
        "members.MemberUnit",
        verbose_name=_("成员单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duties",
    )
    article_number = models.PositiveSmallIntegerField(
        _("条"), null=True, blank=True, help_text=_("规定该职责的条；经镇政府批准新增的单位，其职责不在规则条文中。")
    )
    item_number = models.PositiveSmallIntegerField(_("项"))
    text = models.TextField(_("职责内容"))
    is_active = models.BooleanField(_("有效"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("职责")
        verbose_name_plural = _("职责")
        ordering = ["committee", "article_number", "item_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "item_number"], condition=Q(unit__isnull=False), name="unit_duty_item_unique"
            ),
            models.UniqueConstraint(
                fields=["committee", "item_number"], condition=Q(unit__isnull=True), name="committee_duty_item_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_label}（{self.item_number}）" if self.article_number else f"（{self.item_number}）"

    @property
    def article_label(self) -> str:
        from committee.numerals import article_label

        return article_label(self.article_number) if self.article_number else ""
