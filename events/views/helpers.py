def site_url(request) -> str:
    """The site's root as the visitor reached it, for links in emails."""
    return request.build_absolute_uri("/").rstrip("/")
