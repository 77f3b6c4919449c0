"""The admin's app list (sidebar, index), built once per set of answers (issue 20).

Django's `AdminSite.get_app_list` runs on every admin page (`each_context`, for the
navigation sidebar): it asks each registered model's admin for its permissions, then, for
every model the user may see, reverses two URLs, translates and capitalises its name, and
sorts the models by their lazily translated names: about a third of a short change list's
CPU time. The answers are still asked on every request (pasadena_pd.permissions keeps them
for the request); what is built from them (names, links, order) depends only on those
answers, the language and the URL prefix, so it is built once per such key and kept in the
process. Each caller gets its own copy of the dictionaries, as Django's own list.
"""

from contextlib import suppress

from django.apps import apps
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.text import capfirst
from django.utils.translation import get_language

_KEEP_AT_MOST = 256  # distinct (language, prefix, app, answers) keys kept per process


def keep_app_lists(site) -> None:
    """Give `site` a `get_app_list` with the same answer as Django's, its build kept."""
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
        built = kept.get(key)
        if built is None:
            if len(kept) >= _KEEP_AT_MOST:
                kept.clear()
            built = kept[key] = _build(site, answers)
        return [
            {**app, "models": [{**model, "perms": dict(model["perms"])} for model in app["models"]]}
            for app in built
        ]

    site.get_app_list = get_app_list


def _build(site, answers) -> list[dict]:
    """Django's `_build_app_dict` and `get_app_list` from the asked answers, names as text."""
    app_dict: dict = {}
    for model, perm_items in answers:
        perms = dict(perm_items)
        app_label = model._meta.app_label
        info = (app_label, model._meta.model_name)
        model_dict = {
            "model": model,
            "name": str(capfirst(model._meta.verbose_name_plural)),
            "object_name": model._meta.object_name,
            "perms": perms,
            "admin_url": None,
            "add_url": None,
        }
        if perms.get("change") or perms.get("view"):
            model_dict["view_only"] = not perms.get("change")
            with suppress(NoReverseMatch):
                model_dict["admin_url"] = reverse(
                    "admin:{}_{}_changelist".format(*info), current_app=site.name
                )
        if perms.get("add"):
            with suppress(NoReverseMatch):
                model_dict["add_url"] = reverse(
                    "admin:{}_{}_add".format(*info), current_app=site.name
                )
        if app_label in app_dict:
            app_dict[app_label]["models"].append(model_dict)
        else:
            app_dict[app_label] = {
                "name": str(apps.get_app_config(app_label).verbose_name),
                "app_label": app_label,
                "app_url": reverse(
                    "admin:app_list", kwargs={"app_label": app_label}, current_app=site.name
                ),
                "has_module_perms": True,
                "models": [model_dict],
            }
    app_list = sorted(app_dict.values(), key=lambda app: app["name"].lower())
    for app in app_list:
        app["models"].sort(key=lambda model: model["name"])
    return app_list
