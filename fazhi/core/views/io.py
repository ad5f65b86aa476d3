"""Import and export pages: templates, scoped exports, uploads run as background jobs."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from fazhi.core import io
from fazhi.core.models import ImportJob
from fazhi.core.spreadsheets import XLSX
from fazhi.core.tasks import run_import_job

RUNNING = {ImportJob.Status.PENDING, ImportJob.Status.VALIDATING, ImportJob.Status.IMPORTING}


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel 文件（.xlsx）"))
    only_valid = forms.BooleanField(
        label=gettext_lazy("仅导入有效行"),
        required=False,
        help_text=gettext_lazy("不勾选时，任一行有误则不写入任何数据"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() != ".xlsx":
            raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 文件（可先下载模板填写）"))
        if upload.size > io.MAX_FILE_MB * 1024 * 1024:
            raise forms.ValidationError(_("文件不能超过%(n)sMB") % {"n": io.MAX_FILE_MB})
        return upload


def _register_or_404(code: str) -> io.Register:
    try:
        return io.get_register(code)
    except LookupError:
        raise Http404(_("没有此台账")) from None


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def _list_page(request: HttpRequest, forms_by_code: dict | None = None, status: int = 200) -> HttpResponse:
    entries = []
    for register in io.registers().values():
        can_import, can_export = register.can_import(request.user), register.can_export(request.user)
        if not (can_import or can_export):
            continue
        form = (forms_by_code or {}).get(register.code) or (
            UploadForm(prefix=register.code) if can_import else None
        )
        entries.append(
            {"register": register, "can_import": can_import, "can_export": can_export, "form": form}
        )
    if not entries:
        raise PermissionDenied(_("您的角色无权导入或导出任何台账。"))
    ImportJob.objects.filter(user=request.user).fail_stale()
    jobs = ImportJob.objects.filter(user=request.user)[:10]
    names = {code: register.title for code, register in io.registers().items()}
    for job in jobs:
        job.register_title = names.get(job.register, job.register)
    return render(request, "core/import_list.html", {"entries": entries, "jobs": jobs}, status=status)


@login_required
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@login_required
@require_GET
def import_template(request: HttpRequest, code: str) -> HttpResponse:
    register = _register_or_404(code)
    if not (register.can_import(request.user) or register.can_export(request.user)):
        raise PermissionDenied(_("您的角色无权使用此台账。"))
    return _xlsx(io.template(register), _("%(title)s导入模板.xlsx") % {"title": register.title})


@login_required
@require_GET
def import_export(request: HttpRequest, code: str) -> HttpResponse:
    register = _register_or_404(code)
    data, _count = io.export_for(register, request.user)  # refuses without permission; ledgered
    stamp = timezone.localdate().strftime("%Y%m%d")
    return _xlsx(data, f"{register.title}_{stamp}.xlsx")


@login_required
@require_POST
def import_upload(request: HttpRequest, code: str) -> HttpResponse:
    register = _register_or_404(code)
    if not register.can_import(request.user):
        raise PermissionDenied(_("您的角色无权导入%(title)s。") % {"title": register.title})
    form = UploadForm(request.POST, request.FILES, prefix=register.code)
    if not form.is_valid():
        return _list_page(request, {register.code: form}, status=400)
    upload = form.cleaned_data["file"]
    stored = default_storage.save(f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.xlsx", upload)
    job = ImportJob.objects.create(
        register=register.code,
        user=request.user,
        file_name=PurePath(upload.name).name[:255],
        storage_name=stored,
        only_valid=form.cleaned_data["only_valid"],
    )
    run_import_job.enqueue(job.pk)
    return redirect("core:job_detail", pk=job.pk)


def _job_context(job: ImportJob) -> dict:
    if job.status in RUNNING and ImportJob.objects.filter(pk=job.pk).fail_stale():
        job.refresh_from_db()
    register = io.registers().get(job.register)
    return {
        "job": job,
        "register_title": register.title if register else job.register,
        "running": job.status in RUNNING,
        "succeeded": job.status == ImportJob.Status.DONE,
    }


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk, user=request.user)  # only its owner sees a job
    return render(request, "core/job_detail.html", _job_context(job))


@login_required
@require_GET
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk, user=request.user)
    return render(request, "core/job_progress.html", _job_context(job))


urlpatterns = [
    path("imports/", import_list, name="import_list"),
    path("imports/<slug:code>/template/", import_template, name="import_template"),
    path("imports/<slug:code>/export/", import_export, name="import_export"),
    path("imports/<slug:code>/upload/", import_upload, name="import_upload"),
    path("imports/jobs/<int:pk>/", job_detail, name="job_detail"),
    path("imports/jobs/<int:pk>/progress/", job_progress, name="job_progress"),
]
