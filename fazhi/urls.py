from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from fazhi.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/login/", core_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", core_views.logout_view, name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("core/", include("fazhi.core.urls")),
    path("enforcement/", include("fazhi.enforcement.urls")),
    path("grid/", include("fazhi.grid.urls")),
    path("mediation/", include("fazhi.mediation.urls")),
    path("litigation/", include("fazhi.litigation.urls")),
    path("petitions/", include("fazhi.petitions.urls")),
    path("legal/", include("fazhi.legal.urls")),
    path("disclosure/", include("fazhi.disclosure.urls")),
    path("education/", include("fazhi.education.urls")),
    path("planning/", include("fazhi.planning.urls")),
    path("reports/", include("fazhi.reports.urls")),
    path("public/disclosure/", include("fazhi.disclosure.public_urls")),
    path("public/petitions/", include("fazhi.petitions.public_urls")),
    path("public/", include("fazhi.portal.urls")),
    path("open311/v2/", include("fazhi.grid.open311_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("fazhi.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
