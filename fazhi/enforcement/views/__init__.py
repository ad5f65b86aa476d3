"""The enforcement pages, one module per area; fazhi/enforcement/urls.py collects their
`urlpatterns`."""
