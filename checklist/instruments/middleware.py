from django.core.exceptions import RequestDataTooBig
from django.urls import reverse

from checklist.instruments import access, views


class ImportTooLargeMiddleware:
    """A text pasted into the import form past DATA_UPLOAD_MAX_MEMORY_SIZE gets the import
    form back with the limits in words, instead of Django's bare 400 page.

    Django reads the body lazily, the first time something asks for request.POST (the CSRF
    check, before any view); asking here first catches the refusal while it can still be
    answered with a page.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path_info == reverse("instruments:import"):
            try:
                request.POST  # noqa: B018 - reading the body is the point
            except RequestDataTooBig:
                if not access.can_import(request.user):
                    raise
                return views.import_too_large(request)
        return self.get_response(request)
