"""The translation catalogues (locale/<language>/LC_MESSAGES/django.po): complete, safe to
format, compiled from the .po files, and chosen by the visitor (pasadena_pd/translations.py).

A missing or fuzzy entry fails here: after `make messages`, translate every new entry."""

import re

import polib
import pytest
from django.conf import settings
from django.utils import translation

from pasadena_pd.translations import LOCALE_DIR, compile_catalogues

TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_entry_of_the_catalogue_is_translated(language):
    entries = catalogue(language)

    untranslated = [entry.msgid for entry in entries.untranslated_entries()]
    fuzzy = [entry.msgid for entry in entries.fuzzy_entries()]

    assert untranslated == [], f"run `make messages` and translate these: {untranslated}"
    assert fuzzy == [], f"check these translations and remove their fuzzy flag: {fuzzy}"
    assert not entries.metadata_is_fuzzy


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_translation_keeps_the_placeholders_of_its_english(language):
    """A placeholder lost or renamed would raise KeyError on the page: a 500 in Spanish only."""
    wrong = []
    for entry in catalogue(language).translated_entries():
        if entry.msgid_plural:
            wanted = set(PLACEHOLDER.findall(entry.msgid_plural))
            # The singular may leave out the count ("Your place is confirmed").
            for form, text in entry.msgstr_plural.items():
                found = set(PLACEHOLDER.findall(text))
                if found - wanted or (form > 0 and found != wanted):
                    wrong.append((entry.msgid, text))
        elif set(PLACEHOLDER.findall(entry.msgid)) != set(PLACEHOLDER.findall(entry.msgstr)):
            wrong.append((entry.msgid, entry.msgstr))

    assert wrong == []


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_catalogue_declares_its_language_and_plural_forms(language):
    metadata = catalogue(language).metadata

    assert metadata["Language"] == language
    assert "nplurals=" in metadata["Plural-Forms"]


def test_compiled_catalogue_is_built_from_the_po_file_without_gettext(tmp_path):
    messages = tmp_path / "es" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    source = polib.POFile()
    source.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es"}
    source.append(polib.POEntry(msgid="Send", msgstr="Enviar"))
    source.append(polib.POEntry(msgid="Draft", msgstr="Borrador", flags=["fuzzy"]))
    source.save(str(messages / "django.po"))

    assert compile_catalogues(tmp_path) == [messages / "django.mo"]
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(messages / "django.mo"))}
    # Fuzzy entries are left out, as msgfmt leaves them out; an unchanged .po is not rebuilt.
    assert compiled == {"Send": "Enviar"}
    assert compile_catalogues(tmp_path) == []


def test_spanish_plural_forms_come_from_the_catalogue():
    with translation.override("es"):
        one = translation.ngettext("%(days)s day", "%(days)s days", 1) % {"days": 1}
        many = translation.ngettext("%(days)s day", "%(days)s days", 21) % {"days": 21}

    assert (one, many) == ("1 día", "21 días")


@pytest.mark.django_db
def test_first_visit_follows_the_browser_language(client):
    html = client.get("/events/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5").text

    assert '<html lang="es">' in html
    assert "Próximos eventos" in html


@pytest.mark.django_db
def test_language_switch_keeps_the_page_and_the_choice(client):
    response = client.post(
        "/i18n/setlang/", {"language": "es", "next": "/pal/"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 302
    assert response["Location"] == "/pal/"
    # The choice outlives the browser's own preference on every later page.
    html = client.get("/pal/", HTTP_ACCEPT_LANGUAGE="en").text
    assert "Liga de Actividades Policiales (PAL)" in html
    assert 'value="/pal/"' in html  # the switch on this page comes back here


@pytest.mark.django_db
def test_switch_offers_each_language_in_its_own_name(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="es").text

    assert '<option value="en" lang="en">English</option>' in html
    assert '<option value="es" lang="es" selected>Español</option>' in html


def test_staff_work_in_their_own_language_in_the_admin(admin_client):
    admin_client.cookies["django_language"] = "es"

    html = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").text

    assert "Servicios Comunitarios de la Policía de Pasadena" in html  # our header
    assert "Cerrar sesión" in html  # Django's own Spanish admin
    assert 'id="language-switch"' in html
