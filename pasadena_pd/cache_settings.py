"""The cache setting, from what django-environ reads of CACHE_URL. Imports nothing from
Django: settings call it while they are being read."""

FAIL_SOFT = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.db.DatabaseCache",
)


def cache_settings(parsed: dict, *, redis_timeout: float) -> dict:
    """Django's CACHES["default"] for this URL.

    - django-environ lower-cases KEY_PREFIX/TIMEOUT/VERSION for Django's own RedisCache;
      Django reads them upper-case only.
    - Django's backends are replaced by their fail-soft subclasses (a cache that fails costs
      speed, never an answer), and Redis gets short timeouts: its default of 5 s would hold
      every request while a Redis server hangs.
    """
    config = {
        key: value
        for key, value in parsed.items()
        if key not in ("key_prefix", "timeout", "version")
    }
    config.update(
        {key.upper(): parsed[key] for key in ("key_prefix", "timeout", "version") if key in parsed}
    )
    backend = config["BACKEND"]
    if backend in FAIL_SOFT:
        config["BACKEND"] = "pasadena_pd.fail_soft_cache.FailSoft" + backend.rsplit(".")[-1]
    if backend == "django.core.cache.backends.redis.RedisCache":
        options = dict(config.get("OPTIONS", {}))
        for option in ("socket_connect_timeout", "socket_timeout"):
            options.setdefault(option, redis_timeout)
        config["OPTIONS"] = options
    return config
