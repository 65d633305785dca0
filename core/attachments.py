"""Uploaded attachments (材料、附件): PDF, Word, Excel and images, checked from their content, within a size limit.

Shared by every app that takes files (meeting materials, task progress, unit reports): the type is read
from the bytes with `filetype`, never trusted from the name; the size limit comes from the
`ATTACHMENT_MAX_BYTES` setting. Files are stored under MEDIA_ROOT with a random name and are only ever
served by a view that asks the authority service first (`attachment_response`), never from MEDIA_URL.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    label: str
    extensions: frozenset[str]


# What a committee exchanges: documents, spreadsheets and scans or photos. Keyed by the type read from the content.
ALLOWED: dict[str, Kind] = {
    "application/pdf": Kind("PDF", frozenset({"pdf"})),
    "application/msword": Kind("Word", frozenset({"doc"})),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": Kind("Word", frozenset({"docx"})),
    "application/vnd.ms-excel": Kind("Excel", frozenset({"xls"})),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": Kind("Excel", frozenset({"xlsx"})),
    "image/jpeg": Kind("JPEG", frozenset({"jpg", "jpeg"})),
    "image/png": Kind("PNG", frozenset({"png"})),
    "image/gif": Kind("GIF", frozenset({"gif"})),
    "image/webp": Kind("WebP", frozenset({"webp"})),
    "image/bmp": Kind("BMP", frozenset({"bmp"})),
}


def max_bytes() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks: its type as read from the content, and its size."""

    upload: UploadedFile
    content_type: str
    extension: str
    size: int

    @property
    def name(self) -> str:
        return PurePath(self.upload.name or "").name


def validate_attachment(upload: UploadedFile) -> CheckedFile:
    """Refuses, with a message naming the file, anything too large, of a type not allowed, or whose name
    pretends to another type than its content."""
    name = PurePath(upload.name or "").name
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("文件“%(name)s”大小为 %(size)s，超过了 %(limit)s 的上限。")
            % {"name": name, "size": human_size(upload.size), "limit": human_size(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guessed = filetype.guess(head)
    kind = ALLOWED.get(guessed.mime) if guessed else None
    if kind is None:
        raise ValidationError(
            _("文件“%(name)s”的内容不是允许的类型。只接受 PDF、Word、Excel 文件和图片。") % {"name": name},
            code="type_not_allowed",
        )
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in kind.extensions:
        raise ValidationError(
            _("文件“%(name)s”的扩展名与内容不符：内容是 %(kind)s 文件。请改正文件名后重新选择。")
            % {"name": name, "kind": kind.label},
            code="extension_mismatch",
        )
    return CheckedFile(upload=upload, content_type=guessed.mime, extension=extension, size=upload.size or 0)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input; each is checked, and every problem is reported, naming its file.

    The cleaned value is a list of `CheckedFile` (empty when nothing was chosen and the field is optional).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(sorted(_accept()))}))
        kwargs.setdefault("help_text", _help_text())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append(validate_attachment(super().clean(upload, initial)))
            except ValidationError as exc:
                errors.extend(exc.error_list)
        if errors:
            errors.append(
                ValidationError(_("已填写的其他内容都已保留，请重新选择符合要求的文件。"), code="choose_again")
            )
            raise ValidationError(errors)
        return checked


def _accept() -> set[str]:
    return {f".{extension}" for kind in ALLOWED.values() for extension in kind.extensions}


def _limit_text() -> str:
    return _("可选多个文件。接受 PDF、Word、Excel 文件和图片，每个不超过 %(limit)s。") % {
        "limit": human_size(max_bytes())
    }


# Read when the form is shown, in the language and with the limit of that moment.
_help_text = lazy(_limit_text, str)


@deconstructible
class RandomPath:
    """upload_to for attachments: `prefix/YYYY/MM/<random>.<ext>`; the original name is kept in the row, not on disk."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        extension = PurePath(filename).suffix.lower()
        return f"{self.prefix}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomPath) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


class AttachmentBase(models.Model):
    """An uploaded file: stored under a random name, its original name, checked type and size kept beside it.

    Subclasses redefine `file` with their own `upload_to=RandomPath("<app>/<what>")`.
    """

    file = models.FileField(gettext_lazy("文件"), max_length=200, upload_to=RandomPath("attachments"))
    original_name = models.CharField(gettext_lazy("文件名"), max_length=200)
    content_type = models.CharField(gettext_lazy("文件类型"), max_length=100)
    size = models.PositiveIntegerField(gettext_lazy("大小（字节）"))
    uploaded_at = models.DateTimeField(gettext_lazy("上传时间"), default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    @property
    def size_display(self) -> str:
        return human_size(self.size)

    @property
    def kind_label(self) -> str:
        kind = ALLOWED.get(self.content_type)
        return kind.label if kind else self.content_type

    def fill_from(self, checked: CheckedFile) -> None:
        """Takes a checked upload and writes it to storage under a random name (`upload_to`)."""
        self.original_name = checked.name[:200]
        self.content_type = checked.content_type
        self.size = checked.size
        self.file.save(f"upload.{checked.extension}", checked.upload, save=False)


def attachment_response(attachment: AttachmentBase) -> FileResponse:
    """Sends a stored attachment under its original name; call only after the authority service said yes."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=not attachment.content_type.startswith("image/"),
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
