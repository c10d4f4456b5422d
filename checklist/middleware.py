"""Signed-in pages are kept out of every cache: on a shared computer, the browser's back
button after sign-out, or a proxy, must not show someone's assessment again."""

from django.utils.cache import patch_cache_control


def private_pages(get_response):
    """Cache-Control: private, no-store on what a signed-in person gets. Static files never
    reach this (WhiteNoise answers them first) and anonymous pages are left alone."""

    def middleware(request):
        response = get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware
