"""gunicorn.conf.py: the app servers' settings, as gunicorn reads them."""

import gc
from pathlib import Path

from gunicorn.config import Config

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_the_loaded_app_is_out_of_the_workers_garbage_collections():
    config = Config()
    config.set("config", str(CONF))
    settings = {}
    exec(compile(CONF.read_text(), str(CONF), "exec"), settings)  # noqa: S102 (our own file)
    for name in ("preload_app", "when_ready"):
        config.set(name, settings[name])
    assert config.preload_app  # the app is loaded in the master, before the fork

    try:
        config.when_ready(None)  # gunicorn calls it once the app is loaded, before forking
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
