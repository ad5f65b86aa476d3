from fazhi.enforcement.views import archive, campaigns, cases, conversion, orders, publicity, registers

app_name = "enforcement"

urlpatterns = [
    *cases.urlpatterns,
    *conversion.urlpatterns,
    *registers.urlpatterns,
    *orders.urlpatterns,
    *campaigns.urlpatterns,
    *publicity.urlpatterns,
    *archive.urlpatterns,
]
