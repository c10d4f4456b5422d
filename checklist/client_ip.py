"""The client's address for login throttling (django-axes calls ``client_ip``)."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind ``PROXY_COUNT`` proxies the address the outermost one saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so
    only the last ``PROXY_COUNT`` entries are trustworthy; anything to their left may have
    been sent by the client to dodge the lockout.
    """
    remote = request.META.get("REMOTE_ADDR")
    if settings.PROXY_COUNT <= 0:
        return remote
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if len(forwarded) < settings.PROXY_COUNT:
        return remote
    return forwarded[-settings.PROXY_COUNT]
