from fazhi.core.views import accounts, audit, calendar, files, io, security

app_name = "core"

urlpatterns = [
    *accounts.urlpatterns,
    *calendar.urlpatterns,
    *audit.urlpatterns,
    *files.urlpatterns,
    *io.urlpatterns,
    *security.urlpatterns,
]
