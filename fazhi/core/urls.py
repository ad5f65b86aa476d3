from fazhi.core.views import (
    accounts,
    audit,
    calendar,
    figures,
    files,
    io,
    links,
    memberships,
    rules,
    security,
    staff,
)

app_name = "core"

urlpatterns = [
    *accounts.urlpatterns,
    *calendar.urlpatterns,
    *audit.urlpatterns,
    *files.urlpatterns,
    *figures.urlpatterns,
    *io.urlpatterns,
    *links.urlpatterns,
    *memberships.urlpatterns,
    *rules.urlpatterns,
    *security.urlpatterns,
    *staff.urlpatterns,
]
