from django.core.cache import cache

from fazhi.core.navigation import menu_for

DEMO_CACHE_KEY = "fazhi:demo_loaded"


def navigation(request):
    user = getattr(request, "user", None)
    context = {"demo_loaded": demo_loaded()}
    if user is None or not user.is_authenticated:
        return {**context, "nav_items": []}
    return {**context, "nav_items": menu_for(user, request.path)}


def demo_loaded() -> bool:
    """Whether the demo town is loaded (its regions are marked sample data); cached a minute so
    no page pays for the lookup."""
    loaded = cache.get(DEMO_CACHE_KEY)
    if loaded is None:
        from fazhi.core.models import Region

        loaded = Region.objects.filter(is_sample=True).exists()
        cache.set(DEMO_CACHE_KEY, loaded, 60)
    return loaded
