"""Public submissions and tracking under /public/disclosure/ (no account)."""

app_name = "disclosure_public"

urlpatterns: list = []
