"""The public portal under /public/: no account, readable without JavaScript."""

app_name = "portal"

urlpatterns: list = []
