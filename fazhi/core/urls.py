from fazhi.core.views import accounts, audit, calendar, figures, files, io, security

app_name = "core"

urlpatterns = [
    *accounts.urlpatterns,
    *calendar.urlpatterns,
    *audit.urlpatterns,
    *files.urlpatterns,
    *figures.urlpatterns,
    *io.urlpatterns,
    *security.urlpatterns,
]
