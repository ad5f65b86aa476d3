"""The one register of 行政复议 and 行政诉讼 cases every app links its records to."""

from fazhi.litigation.views import urlpatterns  # noqa: F401

app_name = "litigation"
