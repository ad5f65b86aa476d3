from fazhi.core.views import accounts, audit, calendar, io

app_name = "core"

urlpatterns = [
    *accounts.urlpatterns,
    *calendar.urlpatterns,
    *audit.urlpatterns,
    *io.urlpatterns,
]
