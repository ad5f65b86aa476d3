from fazhi.enforcement.views import archive, campaigns, cases, orders, publicity, registers

app_name = "enforcement"

urlpatterns = [
    *cases.urlpatterns,
    *registers.urlpatterns,
    *orders.urlpatterns,
    *campaigns.urlpatterns,
    *publicity.urlpatterns,
    *archive.urlpatterns,
]
