"""Public submissions and tracking under /public/petitions/ (no account)."""

app_name = "petitions_public"

urlpatterns: list = []
