"""The admin's app list (sidebar, index), built once per set of answers (issue 20).

Django's `AdminSite.get_app_list` runs on every admin page (`each_context`, for the
navigation sidebar): it asks each registered model's admin for its permissions, then, for
every model the user may see, reverses two URLs, translates and capitalises its name, and
sorts the models by their lazily translated names: about a third of a short change list's
CPU time. The answers are still asked on every request (pasadena_pd.permissions keeps them
for the request); what is built from them (names, links, order) depends only on those
answers, the language and the URL prefix, so it is built once per such key and kept in the
process (Django's own `get_app_list` builds it on a miss). Each caller gets its own copy of
the dictionaries, as from Django's own list.
"""

from django.urls import get_script_prefix
from django.utils.translation import get_language

_KEEP_AT_MOST = 256  # distinct (language, prefix, app, answers) keys kept per process


def keep_app_lists(site) -> None:
    """Give `site` a `get_app_list` with Django's answer, built once per set of answers."""
    build = site.get_app_list  # Django's own, bound to the site
    kept: dict = {}

    def get_app_list(request, app_label=None):
        answers = []
        for model, model_admin in site._registry.items():
            if app_label and model._meta.app_label != app_label:
                continue
            if not model_admin.has_module_permission(request):
                continue
            perms = model_admin.get_model_perms(request)
            if True not in perms.values():
                continue
            answers.append((model, tuple(perms.items())))
        key = (get_language(), get_script_prefix(), app_label, tuple(answers))
        found = kept.get(key)
        if found is None:
            if len(kept) >= _KEEP_AT_MOST:
                kept.clear()
            # Asks the same questions again: answered from this request's kept answers.
            built = build(request, app_label)
            found = kept[key] = (built, app_list_shape(built))
        built, shape = found
        copy = KeptAppList(
            {**app, "models": [{**model, "perms": dict(model["perms"])} for model in app["models"]]}
            for app in built
        )
        copy.shape = shape
        return copy

    site.get_app_list = get_app_list


class KeptAppList(list):
    """A copy of a kept app list, with its `shape`: what the sidebar shows of it, made once
    with the list (pasadena_pd/templatetags/quick_admin_list.py renders the sidebar from it)."""

    shape = None


def app_list_shape(app_list) -> tuple:
    """Everything admin/app_list.html shows of the apps, in the current language."""
    return tuple(
        (
            app["app_label"],
            str(app["name"]),
            app["app_url"],
            tuple(
                (
                    model["object_name"],
                    str(model["name"]),
                    model.get("admin_url"),
                    model.get("add_url"),
                    model.get("view_only"),
                )
                for model in app["models"]
            ),
        )
        for app in app_list or ()
    )
