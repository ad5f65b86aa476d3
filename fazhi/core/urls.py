from fazhi.core.views import accounts, audit, calendar, files, io

app_name = "core"

urlpatterns = [
    *accounts.urlpatterns,
    *calendar.urlpatterns,
    *audit.urlpatterns,
    *files.urlpatterns,
    *io.urlpatterns,
]
