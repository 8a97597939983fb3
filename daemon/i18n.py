"""Messages in the operator's language, through the standard library's gettext.

The source text is English; `daemon/locale/ja/LC_MESSAGES/yomitori.mo` holds the Japanese.
The language is chosen the way gettext chooses it: the first of LANGUAGE, LC_ALL,
LC_MESSAGES and LANG that is set (`LANG=ja_JP.UTF-8`, as the systemd units set it, reads
Japanese); anything without a catalogue reads English. No system locale needs to be
installed for this.

- `_` translates a message where it is shown; `ngettext` one that depends on a count.
- `N_` only marks a message for the catalogue. Errors that are recorded (a job's attempts,
  the ledger, a quarantine report) keep their English text, and `localize` turns such a
  text back into the operator's language where a person reads it.
- `use_for_argparse` lets argparse's own words (usage, errors) come from the catalogue.
"""

from __future__ import annotations

import gettext
import os
import re
import string
from functools import lru_cache
from pathlib import Path

DOMAIN = "yomitori"
LOCALE_DIR = Path(__file__).with_name("locale")
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""The variables gettext reads for the language, first set wins."""


def translation() -> gettext.NullTranslations:
    """The catalogue for the language the environment asks for now (English: none)."""
    return _translation(tuple(os.environ.get(name, "") for name in ENVIRONMENT))


@lru_cache(maxsize=8)
def _translation(environment: tuple[str, ...]) -> gettext.NullTranslations:
    del environment  # the cache key: gettext reads os.environ itself
    return gettext.translation(DOMAIN, LOCALE_DIR, fallback=True)


def language() -> str:
    """The language messages are shown in: "ja" or "en"."""
    return translation().info().get("language", "en")


def _(message: str) -> str:
    """`message` in the operator's language."""
    return translation().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count` things, in the operator's language."""
    return translation().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it here."""
    return message


def localize(text: str) -> str:
    """A recorded English message in the operator's language.

    A message made from a template (`"page {page} of the scan is damaged; {advice}"`) is
    matched against the catalogue's templates, and each value that is itself a message
    is translated too. Text that matches nothing is returned as it is.
    """
    table = _catalogue(translation())
    if not table:
        return text
    return _localize(text, table, _patterns(translation()), depth=3)


def _localize(
    text: str,
    table: dict[str, str],
    patterns: tuple[tuple[re.Pattern[str], str], ...],
    depth: int,
) -> str:
    if text in table:
        return table[text]
    if depth == 0:
        return text
    for pattern, translated in patterns:
        found = pattern.fullmatch(text)
        if found is not None:
            values = {
                name: _localize(value, table, patterns, depth - 1)
                for name, value in found.groupdict().items()
            }
            return translated.format(**values)
    return text


def _catalogue(catalogue: gettext.NullTranslations) -> dict[str, str]:
    """msgid -> msgstr of the loaded catalogue (empty for English)."""
    messages = getattr(catalogue, "_catalog", {})
    return {
        key: value for key, value in messages.items() if isinstance(key, str) and key and value
    }


@lru_cache(maxsize=8)
def _patterns(catalogue: gettext.NullTranslations) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The catalogue's `{name}` templates as patterns, the most specific first."""
    found = []
    for msgid, msgstr in _catalogue(catalogue).items():
        pattern = _pattern(msgid)
        if pattern is not None:
            literal = sum(len(text) for text, *_ in string.Formatter().parse(msgid))
            found.append((literal, pattern, msgstr))
    found.sort(key=lambda entry: -entry[0])
    return tuple((pattern, msgstr) for _literal, pattern, msgstr in found)


def _pattern(msgid: str) -> re.Pattern[str] | None:
    """A pattern matching what `msgid.format(...)` makes; None without named fields."""
    parts = []
    names: set[str] = set()
    try:
        for text, name, spec, _conversion in string.Formatter().parse(msgid):
            parts.append(re.escape(text))
            if name is None:
                continue
            if not name.isidentifier() or spec or name in names:
                return None
            names.add(name)
            parts.append(f"(?P<{name}>.+?)")
    except ValueError:
        return None
    return re.compile("".join(parts), re.DOTALL) if names else None


def use_for_argparse() -> None:
    """Make gettext's default domain Yomitori's, so argparse's own messages (usage,
    errors) come from this catalogue; for the command line, which owns the process."""
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
