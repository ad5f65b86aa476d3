# The 复议/诉讼 cases about disclosure move into the one register (litigation.Proceeding, matter
# 政府信息公开), each linked to its request as the register links them (core.RecordLink, kind
# related); then the disclosure app's own model goes. Table 四 reads `litigation.disclosure.*`.
#
# The rows are copied with the historical models: the copies have no ledger entry of their own
# (the ledger keeps the entries of the rows they were copied from, which name them by id), so
# `fazhi ledger verify` lists them among rows without an entry.

from django.db import migrations

ROUTES = {"reconsideration": "review", "direct_suit": "direct", "suit_after": "after_review"}
ORGANIZATION_TYPES = {"business", "research", "public_interest", "legal_service", "other"}


def move(apps, schema_editor):
    ReviewCase = apps.get_model("disclosure", "ReviewCase")
    Proceeding = apps.get_model("litigation", "Proceeding")
    RecordLink = apps.get_model("core", "RecordLink")
    ContentType = apps.get_model("contenttypes", "ContentType")
    cases = list(ReviewCase.objects.select_related("request").order_by("pk"))
    if not cases:
        return
    request_type, _ = ContentType.objects.get_or_create(app_label="disclosure", model="request")
    proceeding_type, _ = ContentType.objects.get_or_create(app_label="litigation", model="proceeding")
    for case in cases:
        req = case.request
        subject = f"政府信息公开申请答复（{req.number}）" if req is not None and req.number else "政府信息公开申请答复"
        proceeding = Proceeding.objects.create(
            region_id=case.region_id,
            town_code=case.town_code,
            route=ROUTES[case.kind],
            matter="disclosure",
            case_number=case.case_number,
            subject=subject[:200],
            organ=case.organ,
            applicant=case.applicant,
            applicant_kind="organization"
            if req is not None and req.applicant_type in ORGANIZATION_TYPES
            else "citizen",
            filed_on=case.filed_on,
            concluded_on=case.decided_on,
            result=case.result,
            note=(case.note + f"\n（由政务公开复议诉讼登记第{case.pk}号迁入）").strip()[:2000],
            concerns_type=request_type if req is not None else None,
            concerns_id=str(req.pk) if req is not None else "",
            concerns_repr=(req.number or "")[:200] if req is not None else "",
            is_sample=case.is_sample,
        )
        if req is not None:
            RecordLink.objects.get_or_create(
                from_type=request_type,
                from_id=str(req.pk),
                to_type=proceeding_type,
                to_id=str(proceeding.pk),
                defaults={
                    "from_repr": (req.number or "")[:200],
                    "to_repr": (case.case_number or subject)[:200],
                    "kind": "related",
                    "region_id": req.region_id,
                    "town_code": req.town_code,
                },
            )


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0003_online_tracking"),
        ("litigation", "0001_initial"),
        ("core", "0015_api_tokens"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(move, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="ReviewCase",
        ),
    ]
