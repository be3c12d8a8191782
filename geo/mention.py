"""What the geoparser finds: a place mention in a text, and the known place it refers to (if any)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from bayatlas.geo.gazetteer import Entry

@dataclass(frozen=True)
class KnownPlace:
    """A place the index knows: from the seed catalogue (``place_id``) and/or the gazetteer (``entry``)."""

    key: str                      # stable reference: the catalogue id, or the gazetteer uid
    name: str                     # simplified full name
    name_en: str
    kind: str                     # city | district | town | subdistrict | park | zone | … | link
    city: str                     # Chinese city name ("" when unknown), used to choose among namesakes
    place_id: str | None = None   # id in the seed catalogue
    entry: Entry | None = field(default=None, compare=False, repr=False)
    parent_key: str | None = None


class Mention(NamedTuple):
    """A place named in the text: ``text[start:end]``; ``place`` is None for a name found by its form only.

    A named tuple rather than a dataclass: an article has hundreds and they are made in the hot loop."""

    start: int
    end: int
    name: str                     # simplified, as matched (short or full)
    kind: str
    place: KnownPlace | None = None
    parent_hint: KnownPlace | None = None  # for names by form: the known place written at their start

    @property
    def known(self) -> bool:
        return self.place is not None


def new_mention(start: int, end: int, name: str, kind: str, place: KnownPlace | None = None,
                parent_hint: KnownPlace | None = None) -> Mention:
    """``Mention(start, end, …)`` for hot loops: ``tuple.__new__`` called directly, as the ``__new__`` NamedTuple
    generates does, without that Python-level function (~2× faster a mention when compiled)."""
    return tuple.__new__(Mention, (start, end, name, kind, place, parent_hint))
