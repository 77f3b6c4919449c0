"""The Content-Security-Policy header, built once rather than for every response.

django-csp's middleware builds the policy string from the settings on every response (a
tenth of a cached page's CPU in the profile, docs/performance.md). This site has one policy
and no nonces; a response that asks for its own policy (django-csp's decorators) or a
request that used a nonce still goes through django-csp unchanged.
"""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

_POLICY_SETTING = "CONTENT_SECURITY_POLICY"


class SitePolicyCSPMiddleware(CSPMiddleware):
    _built: tuple = (None, "", "")  # (the settings it was built from, policy, report-only)

    def process_response(self, request: HttpRequest, response: HttpResponseBase):
        if (
            self.get_policy_parts(request, response) != PolicyParts()
            or self.get_policy_parts(request, response, report_only=True) != PolicyParts()
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return super().process_response(request, response)
        policy, report_only = self._site_policies()
        for header, value, exempt, setting in (
            (HEADER, policy, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (HEADER_REPORT_ONLY, report_only, "_csp_exempt_ro", f"{_POLICY_SETTING}_REPORT_ONLY"),
        ):
            excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if (
                value
                and header not in response
                and not getattr(response, exempt, False)
                and not request.path_info.startswith(tuple(excluded))
            ):
                response[header] = value
        # As django-csp does: a nonce asked for after the header is written is an error.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _site_policies(self) -> tuple[str, str]:
        source = (
            settings.CONTENT_SECURITY_POLICY,
            getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None),
        )
        built_from, policy, report_only = self._built
        if built_from is None or any(a is not b for a, b in zip(built_from, source, strict=True)):
            policy, report_only = build_policy(), build_policy(report_only=True)
            SitePolicyCSPMiddleware._built = (source, policy, report_only)
        return policy, report_only
