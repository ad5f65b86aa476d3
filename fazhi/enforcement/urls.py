from fazhi.enforcement import views_archive
from fazhi.enforcement.views import campaigns, cases, orders, publicity, registers

app_name = "enforcement"

urlpatterns = [
    *cases.urlpatterns,
    *registers.urlpatterns,
    *orders.urlpatterns,
    *campaigns.urlpatterns,
    *publicity.urlpatterns,
    *views_archive.urlpatterns,
]
