"""Validated records: sources, places, commitments and curated geometry (pydantic models).

These are the seed file format in code; ``seeds/README.md`` documents the same fields for curators.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bayatlas.layers import units

PlaceKind = Literal["city", "district", "town", "subdistrict", "village", "park", "zone", "project", "station",
                    "interchange", "link"]
ADMIN_KINDS = ("city", "district", "town", "subdistrict")
LinkMode = Literal["expressway", "road", "bridge_tunnel", "intercity_rail", "rail", "metro"]
LinkStatus = Literal["operating", "under_construction", "planned"]
Category = Literal["growth", "investment", "land", "floor_area", "output", "firms", "jobs_people",
                   "infrastructure", "services", "other"]
Comparator = Literal["=", ">=", "<=", "~", "range"]
Modality = Literal["guarantee", "strive", "plan", "expect", "achieved", "fact"]
Precision = Literal["site", "near", "town", "district", "city"]
Datum = Literal["WGS84", "CGCS2000", "GCJ02", "BD09"]
#: Kinds of directed relation between two places (see ``seeds/README.md``, "Flows").
FlowType = Literal["co_built_park", "reverse_enclave", "relocation", "cooperation_axis", "paired_assistance",
                   "liaison_platform"]

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(f"{value!r} is not a slug: use lowercase ascii letters, digits and '-'")
    return value


class Source(_Record):
    """One article or document that figures are taken from."""

    id: str
    title: str
    publisher: str
    published: dt.date
    published_estimated: bool = False
    date_note: str | None = None
    language: str = "zh"
    script: Literal["simplified", "traditional"]
    article: str | None = None
    url: str | None = None

    _id = field_validator("id")(_check_id)

    @field_validator("published", mode="before")
    @classmethod
    def _date_given(cls, value):
        if value in (None, ""):
            raise ValueError("no publication date: write it as YYYY-MM-DD (`bayatlas extract --published` sets it "
                             "for articles that do not print one)")
        return value


class Place(_Record):
    """A named place: admin area, park, zone, project, station or transport link."""

    id: str
    name: str
    name_en: str
    kind: PlaceKind
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    note: str | None = None
    mode: LinkMode | None = None
    status: LinkStatus | None = None
    status_source: str | None = None
    line: str | None = None
    partners: tuple[str, ...] = ()
    #: id of the seed file that defines the place ("catalogue" for places.yaml); set by the loader.
    defined_in: str = "catalogue"
    #: False when only extracted drafts (``*.draft.yaml``) define the place; set by the loader.
    reviewed: bool = True

    _id = field_validator("id")(_check_id)

    @model_validator(mode="after")
    def _kind_fields(self) -> "Place":
        if self.kind == "link" and (self.mode is None or self.status is None):
            raise ValueError("a link needs `mode` and `status`")
        if self.kind != "link" and (self.mode or self.status):
            raise ValueError("`mode` and `status` are for links only")
        if self.kind not in ("city",) and self.kind != "link" and not self.parent and self.kind != "station":
            raise ValueError(f"a {self.kind} needs a `parent` (the admin area that contains it)")
        return self


class Commitment(_Record):
    """One stated figure about a place or project."""

    subject: str
    metric: str
    category: Category
    value: float
    value_max: float | None = None
    unit: str
    comparator: Comparator = "="
    year: int | None = Field(default=None, ge=1900, le=2100)
    modality: Modality
    evidence: str = Field(min_length=1, max_length=120)
    note: str | None = None
    #: set by the loader: source id, stable record id, review state, evidence offsets (extracted drafts)
    source: str = ""
    id: str = ""
    reviewed: bool = True
    evidence_start: int | None = None
    evidence_end: int | None = None

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, value: str) -> str:
        units.lookup(value)
        return units.canonical_unit(value)

    @model_validator(mode="after")
    def _range(self) -> "Commitment":
        if self.comparator == "range" and self.value_max is None:
            raise ValueError("comparator 'range' needs `value_max`")
        if self.value_max is not None and self.value_max < self.value:
            raise ValueError("`value_max` is smaller than `value`")
        return self

    @property
    def value_base(self) -> float | None:
        return units.to_base(self.value, self.unit)[0]

    @property
    def value_max_base(self) -> float | None:
        return units.to_base(self.value_max, self.unit)[0]

    @property
    def unit_base(self) -> str:
        return units.lookup(self.unit).base


class Site(_Record):
    """A sourced point for a place."""

    place: str
    lonlat: tuple[float, float]
    crs: Datum = "WGS84"
    precision: Literal["site", "near"] = "site"
    source: str = Field(min_length=4)
    note: str | None = None

    @field_validator("lonlat")
    @classmethod
    def _in_range(cls, v: tuple[float, float]) -> tuple[float, float]:
        lon, lat = v
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(f"{v} is not [lon, lat] in degrees")
        if 0 < lon < 60 and 60 < lat:
            raise ValueError(f"{v} looks like [lat, lon]: write longitude first")
        return v


class Waypoint(_Record):
    """A sourced point along a transport link."""

    name: str | None = None
    lonlat: tuple[float, float]
    crs: Datum = "WGS84"
    source: str = Field(min_length=4)
    note: str | None = None

    _in_range = field_validator("lonlat")(Site._in_range.__func__)


class LinkGeometry(_Record):
    """The ordered, sourced waypoints of one transport link."""

    place: str
    waypoints: tuple[Waypoint, ...] = Field(min_length=2)
    #: ``site`` when the waypoints lie on the link itself; ``near`` when some stand in for it (e.g. the metro
    #: station of a planned interchange); ``town`` when some are the towns its stations are in. The note explains.
    precision: Literal["site", "near", "town"] = "site"
    note: str | None = None


class Flow(_Record):
    """A directed relation between two places: from the one giving capital, firms or know-how to the receiver.

    For a reverse enclave (反向飞地) the direction is from the home district to the place hosting its base.
    ``via`` is the park, base or project the relation is about (it lies at the destination end).
    """

    id: str
    origin: str
    destination: str
    type: FlowType
    via: str | None = None
    #: commitments attached: every commitment about these place ids, plus explicit commitment ids (``source#n``)
    subjects: tuple[str, ...] = ()
    commitments: tuple[str, ...] = ()
    evidence: str = Field(min_length=1, max_length=120)
    note: str | None = None
    #: set by the loader
    source: str = ""
    reviewed: bool = True

    _id = field_validator("id")(_check_id)

    @model_validator(mode="after")
    def _two_places(self) -> "Flow":
        if self.origin == self.destination:
            raise ValueError("`origin` and `destination` are the same place")
        return self
