"""A case's full record as one archive (案卷), and its offline verification.

The case archive is a dossier (fazhi.core.dossier) declared here: `write_archive(case, user,
file)` (or `build_archive(case, user) -> bytes`) writes a .zip with

- `documents/…docx` — every document of the case that exists at this stage (GB/T 9704 layout,
  from fazhi.enforcement.documents); the others are listed in the manifest with the reason;
- `evidence/<kind>/<name>` — every stored file of the case's evidence, as stored;
- `ledger.jsonl` — every ledger entry about the case and its related records (officers on the
  case, evidence and its files, legal reviews, hearings, deadlines, rectification orders and
  the party), one JSON object a line, with every field its hash covers and the hash;
- `README.txt` and `manifest.json` (the digest and size of every other member, which
  attachment each evidence file is, the case number, the export time and the exporter).

Everything is read as the exporting user may read it: records through `visible_to(user)`, the
documents with the party masked for a reader without the personal-information permission, and
the party's ledger entries (full identity number and phone) only for a reader with it. The
export is entered in the ledger ("enforcement.archive") with the digest of the archive.

`verify_archive(file)` checks an archive without the database (fazhi.core.dossier's verifier);
`fazhi archive verify FILE` runs it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import BinaryIO

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _

from fazhi.core import dossier, pii, timeline
from fazhi.core.dossier import LEDGER, MANIFEST, README, safe_name  # noqa: F401 (the archive's names)
from fazhi.core.models import Attachment
from fazhi.enforcement import documents
from fazhi.enforcement.models import Case, Evidence

FORMAT = "fazhi.case-archive/1"
ACTION = "enforcement.archive"

ArchiveInfo = dossier.DossierInfo


@dataclass
class ArchiveCheck(dossier.DossierCheck):
    """The verifier's report, with the case's words for what it counted."""

    @property
    def case_number(self) -> str:
        return self.title

    @property
    def evidence_files(self) -> int:
        return self.files


def archive_filename(case: Case) -> str:
    return f"{case.number or _('未立案案件%(pk)s') % {'pk': case.pk}} {_('案卷')}.zip"


def case_dossier(case: Case, user) -> dossier.Dossier:
    """What the archive of `case` holds as `user` may read it."""
    with translation.override(dossier.DOSSIER_LANGUAGE):
        objects, party_included = _objects(case, user)
        omitted = (
            []
            if party_included
            else [
                _(
                    "当事人记录的台账条目（含完整身份证号码、手机号码）：导出人无查看完整个人信息的权限，未导出"
                )
            ]
        )
        return dossier.Dossier(
            record=case,
            user=user,
            title=case.number or "",
            heading=_("行政处罚案卷：%(number)s %(cause)s")
            % {"number": case.number or "", "cause": case.cause},
            summary_key="case",
            summary={
                "id": case.pk,
                "number": case.number,
                "cause": case.cause,
                "body": case.body.name,
                "state": case.state,
                "state_label": case.get_state_display(),
            },
            documents=[
                _document(case, key, str(title), user)
                for key, (title, _b) in documents.CASE_DOCUMENTS.items()
            ],
            document_errors=(documents.DocumentError,),
            file_groups=[
                dossier.FileGroup(
                    key="evidence_files",
                    label=_("证据文件"),
                    kind="evidence",
                    files=[
                        _evidence_file(item, attachment)
                        for item, attachment in _evidence_attachments(case, user)
                    ],
                )
            ],
            ledger_entries=_entries_of(objects).iterator(),
            ledger_notes={
                "objects": {t: sorted(ids, key=_numeric) for t, ids in objects.items() if ids},
                "party_included": party_included,
                "omitted": omitted,
            },
            export_data={
                "party_entries_included": party_included,
                "pii": "full" if party_included else "masked",
            },
            contents=_readme_contents(),
            format=FORMAT,
            action=ACTION,
            filename=archive_filename(case),
            refused=_("您无权导出此案件的案卷。"),
        )


def write_archive(case: Case, user, file: BinaryIO) -> ArchiveInfo:
    """Write the archive of `case` as `user` sees it into `file` (readable and seekable) and
    enter the export in the ledger; a full view of the party's information is ledgered too."""
    if not Case.objects.visible_to(user).filter(pk=case.pk).exists():
        raise PermissionDenied(_("您无权导出此案件的案卷。"))
    info = dossier.write_dossier(case_dossier(case, user), file)
    if info.manifest["ledger"]["party_included"]:
        pii.record_full_view(user, case.party, via="archive", archive=info.filename)
    return info


def build_archive(case: Case, user) -> bytes:
    """The case's archive as bytes (the export is entered in the ledger)."""
    buffer = io.BytesIO()
    write_archive(case, user, buffer)
    return buffer.getvalue()


def verify_archive(file) -> ArchiveCheck:
    """Check an archive (a path, a file object or bytes) without the database."""
    return dossier.verify_dossier(file, ArchiveCheck())


# --- what goes in -----------------------------------------------------------------------------


def _document(case: Case, key: str, title: str, user) -> dossier.Document:
    reason = _not_yet(case, key)
    if reason is not None:
        return dossier.Document(key, title, reason=reason)
    return dossier.Document(key, title, build=lambda: documents.case_document(case, key, user))


def _not_yet(case: Case, key: str) -> str | None:
    """Why a document does not belong to the case at its present stage (None: it does)."""
    if key == "filing" and not case.filed_on:
        return _("尚未立案")
    if key == "notice":
        if case.procedure == Case.Procedure.SIMPLE:
            return _("简易程序当场告知，不制作事先告知书")
        if not case.notified_on:
            return _("尚未事先告知")
    if key in ("decision", "service") and not case.decided_on:
        return _("尚未作出决定")
    if key == "service" and case.decision_kind == Case.DecisionKind.TRANSFERRED:
        return _("本案已移送司法机关，无须送达处罚决定书")
    if key == "closing" and not case.is_closed:
        return _("尚未结案")
    if key == "reminder" and not case.reminded_on:
        return _("尚未催告")
    if key == "preservation" and not case.preserved_on:
        return _("未先行登记保存证据")
    return None


def _evidence_attachments(case: Case, user) -> list[tuple[Evidence, Attachment]]:
    evidence = list(Evidence.objects.visible_to(user).filter(case=case).order_by("collected_at", "pk"))
    by_id = {str(item.pk): item for item in evidence}
    files = Attachment.objects.visible_to(user).filter(
        owner_type=ContentType.objects.get_for_model(Evidence), owner_id__in=list(by_id)
    )
    pairs = [(by_id[a.owner_id], a) for a in files]
    pairs.sort(key=lambda pair: (pair[0].collected_at, pair[0].pk, pair[1].pk))
    return pairs


def _evidence_file(item: Evidence, attachment: Attachment) -> dossier.File:
    return dossier.File(
        attachment,
        f"evidence/{item.kind}/{item.pk}-{attachment.pk}-{safe_name(attachment.original_name)}",
        facts={
            "evidence_id": item.pk,
            "evidence_kind": item.kind,
            "evidence_kind_label": item.get_kind_display(),
        },
    )


def _objects(case: Case, user) -> tuple[dict[str, set[str]], bool]:
    """object_type → ids of the records whose entries go into the extract (the case's history
    as fazhi.core.timeline declares it: its officers, evidence and their files, legal reviews,
    hearings, rectification orders, deadlines and party), and whether the party's entries (full
    identity number and phone) are among them: only for those who may see them (the PII rule
    of 个人信息保护法; their hashes cannot be checked once masked)."""
    found = timeline.scope(case, user, whole=True)
    return found.objects, not found.withheld


def ledger_entries(case: Case, user):
    """The ledger entries about the case and its related records, oldest first (see `_objects`)."""
    return timeline.entries(case, user, whole=True)


def _entries_of(objects: dict[str, set[str]]):
    return timeline.entries_of(objects)


def _numeric(value: str):
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


def _readme_contents() -> list[str]:
    """The README's lines on the members (translated when called)."""
    return [
        _(
            "  documents/   案件文书（.docx，GB/T 9704-2012 公文格式）。尚未形成的文书在 manifest.json 的 documents_not_applicable 中列明原因。"
        ),
        _(
            "  evidence/    证据文件，按证据种类分目录，文件名为“证据编号-附件编号-原文件名”，内容与系统存储的原件一致。"
        ),
        _(
            "  ledger.jsonl 台账摘录：本案及其办案人员、证据及附件、法制审核、听证、期限、责令改正、当事人的全部台账记录，每行一条。"
        ),
        _("  manifest.json 清单：每个文件的大小和摘要、每个证据文件对应的附件、案号、导出时间和导出人。"),
    ]
