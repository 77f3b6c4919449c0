"""What a Spanish reader sees of a page, an email or a feed, and the English left in it.

Two checks: no sentence of the English catalogue (msgids) shows untranslated, and no text
reads as English at all (a string never marked for translation is in no catalogue, so it
is found by its English words)."""

import re
from functools import cache
from html.parser import HTMLParser

import polib

from pasadena_pd.translations import LOCALE_DIR

# Words that are English and never Spanish; two of them in one text is an English phrase.
_ENGLISH_ONLY = (
    "the your you with is are this that and of to for we our please will has have be it "
    "on in an at by from or was were can cannot not here there what which when who"
)
ENGLISH_WORDS = frozenset(_ENGLISH_ONLY.split())
# Names kept in English on purpose, as the Spanish catalogue writes them too.
PROPER_NAMES = ("National Night Out", "National Night In", "The Salvation Army-Pasadena")
URL = re.compile(r"https?://\S+")
# Attributes whose values are read out or shown.
READ_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "aria-description"}


class _Reader(HTMLParser):
    """Visible text and read-out attributes, one chunk per text node, skipping scripts,
    styles and anything marked as another language (lang="en", the switch's "English")."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.chunks: list[str] = []
        self._skipping: list[str] = []
        self._open: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        other_language = attributes.get("lang", self.language) not in (self.language, "")
        if tag in ("script", "style") or other_language:
            self._skipping.append(tag)
        if not self._skipping:
            self.chunks.extend(v for k, v in attrs if k in READ_ATTRIBUTES and v)
            if tag == "input" and attributes.get("type") in ("submit", "button"):
                self.chunks.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.chunks.append(" ".join(data.split()))


def page_text(html: str, language: str = "es") -> list[str]:
    reader = _Reader(language)
    reader.feed(html)
    return reader.chunks


def english_phrases(chunks: list[str]) -> list[str]:
    """Each chunk that reads as English (two English-only words), proper names aside."""
    found = []
    for chunk in chunks:
        text = chunk
        for name in PROPER_NAMES:
            text = text.replace(name, "")
        # A link is not prose: its random token may spell "to" and "at" as often as it likes.
        text = URL.sub("", text)
        words = re.findall(r"[a-z']+", text.lower())
        if sum(word in ENGLISH_WORDS for word in words) >= 2:
            found.append(chunk)
    return found


@cache
def english_sentences(language: str = "es") -> tuple[str, ...]:
    """The English catalogue's sentences: each msgid's text between placeholders, of three
    words or more, unless the translation keeps it (a proper name)."""
    entries = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    translations = " ".join(
        " ".join([entry.msgstr, *entry.msgstr_plural.values()]) for entry in entries
    )
    sentences = set()
    for entry in entries:
        for english in filter(None, (entry.msgid, entry.msgid_plural)):
            for part in re.split(r"%\(\w+\)[sd]|%[sd]|[“”\"]", english):
                part = " ".join(part.split()).strip(" .,:;()")
                if len(part.split()) >= 3 and part not in translations:
                    sentences.add(part)
    return tuple(sorted(sentences, key=len, reverse=True))


def untranslated(chunks: list[str], language: str = "es") -> list[str]:
    """English catalogue sentences and English-reading phrases found in the chunks."""
    text = " ".join(chunks)
    left = [sentence for sentence in english_sentences(language) if sentence in text]
    return left + english_phrases(chunks)
