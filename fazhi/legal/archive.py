"""The file of a major decision as one archive (决策档案, 重大行政决策程序暂行条例 第三十四条) on core's
dossier writer: the 过程记录 and the 合法性审查意见书 (.docx), and the ledger entries of the decision,
its public comments and the advisers' opinions, verifiable offline (`fazhi.core.dossier`)."""

from __future__ import annotations

import io
from typing import BinaryIO

from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _

from fazhi.core import dossier, timeline
from fazhi.legal import documents
from fazhi.legal.models import Decision

FORMAT = "fazhi.decision-archive/1"
ACTION = "legal.archive"


def archive_filename(decision: Decision) -> str:
    return f"{decision.title} {_('决策档案')}.zip"


def _document(decision, key, title, user):
    _label, build = documents.DECISION_DOCUMENTS[key]
    if key == "review" and not decision.review_outcome:
        return dossier.Document(key, str(title), reason=_("尚未出具合法性审查意见"))
    return dossier.Document(key, str(title), build=lambda: build(decision, user))


def decision_dossier(decision: Decision, user) -> dossier.Dossier:
    with translation.override(dossier.DOSSIER_LANGUAGE):
        found = timeline.scope(decision, user, whole=True)
        return dossier.Dossier(
            record=decision,
            user=user,
            title=decision.title,
            heading=_("重大行政决策档案：%(title)s") % {"title": decision.title},
            summary_key="decision",
            summary={
                "id": decision.pk,
                "title": decision.title,
                "entry": decision.entry.name,
                "state": decision.state,
                "state_label": decision.get_state_display(),
                "review_outcome": decision.review_outcome,
            },
            documents=[
                _document(decision, key, title, user)
                for key, (title, _b) in documents.DECISION_DOCUMENTS.items()
            ],
            document_errors=(documents.DocumentError,),
            ledger_entries=timeline.entries_of(found.objects).iterator(),
            ledger_notes={"objects": {t: sorted(ids) for t, ids in found.objects.items() if ids}},
            contents=[
                _("  documents/   决策过程记录、合法性审查意见书（.docx，GB/T 9704-2012 公文格式）。"),
                _("  ledger.jsonl 台账摘录：本决策及其公众意见、法律顾问意见的全部台账记录，每行一条。"),
                _("  manifest.json 清单：每个文件的大小和摘要、导出时间和导出人。"),
            ],
            format=FORMAT,
            action=ACTION,
            filename=archive_filename(decision),
            refused=_("您无权导出此决策的档案。"),
        )


def write_archive(decision: Decision, user, file: BinaryIO):
    if not Decision.objects.visible_to(user).filter(pk=decision.pk).exists():
        raise PermissionDenied(_("您无权导出此决策的档案。"))
    return dossier.write_dossier(decision_dossier(decision, user), file)


def build_archive(decision: Decision, user) -> bytes:
    buffer = io.BytesIO()
    write_archive(decision, user, buffer)
    return buffer.getvalue()


def verify_archive(file):
    return dossier.verify_dossier(file)
