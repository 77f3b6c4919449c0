"""Error reports (the ADMINS e-mails) without residents' or minors' personal data.

Django's default report lists the POST body, the cookies and every local variable of every
frame. Our public forms carry names, phone numbers, addresses and children's birthdates,
and a local variable can hold any of them, so in production (DEBUG off) all of these are
replaced by stars and what remains (URL, query string, exception text) is redacted.
Tracebacks still show files, lines and code, which is what a developer needs.
"""

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from pasadena_pd.security.logging import redact


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        cleansed = request.POST.copy()
        for key in cleansed:
            cleansed.setlist(key, [self.cleansed_substitute])
        return cleansed

    def get_safe_cookies(self, request):
        if not self.is_active(request):
            return super().get_safe_cookies(request)
        return dict.fromkeys(getattr(request, "COOKIES", {}), self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]


class RedactingExceptionReporter(ExceptionReporter):
    def get_traceback_text(self):
        text = super().get_traceback_text()
        return redact(text) if self.filter.is_active(self.request) else text

    def get_traceback_html(self):
        html = super().get_traceback_html()
        return redact(html) if self.filter.is_active(self.request) else html
