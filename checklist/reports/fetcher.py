"""The only URL fetcher WeasyPrint is given: the app's own static files and data: URLs.

User text reaches the report HTML (escaped), and WeasyPrint fetches whatever an <img>,
<link> or CSS url() names, including file: and local network addresses. This fetcher
refuses every URL that is not a static file of the app or a data: URL, so a report can
never read a server file or make a request.
"""

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The report's base URL; `.invalid` never resolves (RFC 2606), so nothing could be fetched
# from it even if a URL escaped this fetcher.
BASE_URL = "https://report.invalid/"


class RefusedURL(ValueError):
    """The report asked for a URL outside the app's static files."""


class StaticOnlyFetcher(URLFetcher):
    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = static_file(url)
        if path is None:
            raise RefusedURL(f"Reports fetch only the app's static files, not {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def static_file(url: str) -> Path | None:
    """The file behind a static URL resolved against BASE_URL, or None."""
    prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
    if not url.startswith(prefix):
        return None
    name = unquote(urlsplit(url[len(prefix) :]).path)
    if not name or posixpath.normpath(name) != name or name.startswith(("/", "..")):
        return None
    found = finders.find(name)
    if found:
        return Path(found)
    root = Path(settings.STATIC_ROOT).resolve()
    collected = (root / name).resolve()
    if collected.is_relative_to(root) and collected.is_file():
        return collected
    return None
