"""Gives rows written before phrases were kept (core.wording) the phrases their text was made from, where it can.

Until then a notification kept only its words, in the language of whoever caused it: "会议通知：年度会议" or
"Meeting notice: 年度会议". Each message id the code sends is matched against the stored text, in Chinese and in
the English of the catalogue at migration time; a text that matches one in full gets that phrase, its parameters
kept as the text they were (a title, a date as it was written). A text that matches none keeps an empty wording and
is shown as it was stored. Imported by migrations: keep it stable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import migrations
from django.utils import translation

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# Parameters that are always numbers: they may stand next to another parameter and still be told apart.
_NUMERIC = {"year", "n", "days", "number", "version"}


def _pattern(template: str) -> re.Pattern | None:
    """A regular expression matching what `template % params` gave; None where two parameters meet with nothing
    between them that would tell them apart (the stored text cannot be split back)."""
    parts, names, last = [], [], None
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        literal = template[position : match.start()]
        name = match.group(1)
        if not literal and last is not None and last not in _NUMERIC and name not in _NUMERIC:
            return None
        parts.append(re.escape(literal.replace("%%", "%")))
        if name in names:
            parts.append(f"(?P={name})")
        else:
            parts.append(rf"(?P<{name}>\d+)" if name in _NUMERIC else rf"(?P<{name}>.+?)")
            names.append(name)
        position, last = match.end(), name
    parts.append(re.escape(template[position:].replace("%%", "%")))
    return re.compile("".join(parts), re.DOTALL)


def _patterns(msgids: Iterable[str]) -> list[tuple[str, re.Pattern]]:
    found = []
    for msgid in msgids:
        with translation.override("en"):
            english = translation.gettext(msgid)
        for template in dict.fromkeys((msgid, english)):
            pattern = _pattern(template)
            if pattern is not None:
                found.append((msgid, pattern))
    # The longest fixed text first: 会议通知（再次发送）：… before 会议通知：….
    return sorted(found, key=lambda pair: -len(_PLACEHOLDER.sub("", pair[0])))


def phrase_data(text: str, patterns: list[tuple[str, re.Pattern]]) -> dict | None:
    """The phrase (as core.wording keeps it) that `text` was worded from, or None."""
    text = (text or "").strip()
    if not text:
        return None
    for msgid, pattern in patterns:
        match = pattern.fullmatch(text)
        if match:
            params = match.groupdict()
            return {"msgid": msgid, "params": params} if params else {"msgid": msgid}
    return None


def recover_wording(
    app_label: str, model_name: str, parts: Iterable[str], msgids: Iterable[str]
) -> migrations.RunPython:
    """A RunPython that fills `wording` of the rows of `model_name` whose wording is empty, part by part
    (`subject`, `action`, …), from the message ids the code sent when they were written. Backward: nothing to undo
    (the text columns were never changed)."""
    parts, msgids = tuple(parts), tuple(msgids)

    def forward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        patterns = _patterns(msgids)
        batch = []
        for row in model.objects.only("pk", "wording", *parts).iterator(chunk_size=1000):
            if row.wording:
                continue
            wording = {}
            for part in parts:
                data = phrase_data(getattr(row, part), patterns)
                if data is not None:
                    wording[part] = data
            if wording:
                row.wording = wording
                batch.append(row)
            if len(batch) >= 1000:
                model.objects.bulk_update(batch, ["wording"])
                batch = []
        if batch:
            model.objects.bulk_update(batch, ["wording"])

    return migrations.RunPython(forward, migrations.RunPython.noop)
