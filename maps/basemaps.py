"""The basemap table resolved into tile layer specs: xyzservices where it has the provider, settings otherwise.

Keys are read from the environment at build time (Tianditu): a provider whose key is not set is left out, and
no key is ever stored in the repository.
"""
from __future__ import annotations

import os
import warnings
from dataclasses import asdict, dataclass

import xyzservices

from bayatlas import settings


@dataclass(frozen=True)
class Basemap:
    key: str
    label: str
    url: str
    attribution: str
    crs: str  # "wgs84" or "gcj02": the datum the tiles are drawn in
    max_zoom: int = 18
    subdomains: str = ""
    overlay_url: str = ""  # a label layer drawn over the base (Tianditu's annotation tiles)

    def as_js(self) -> dict:
        return asdict(self)


def _env_key(names) -> str:
    for name in names or ():
        if os.environ.get(name):
            return os.environ[name].strip()
    return ""


def _from_xyz(name: str) -> tuple[str, str, str, int | None]:
    provider = xyzservices.providers.query_name(name)
    with warnings.catch_warnings():  # CartoDB warns that it would like an API key; its tiles load without one
        warnings.simplefilter("ignore")
        url = provider.build_url(fill_subdomain=False)
    return (url.replace("http://", "https://", 1), provider.html_attribution, provider.get("subdomains", ""),
            provider.get("max_zoom"))


def available(keys: list[str] | None = None) -> list[Basemap]:
    """Basemaps from :data:`settings.BASEMAPS` that can be offered now (keyed ones only with their key set)."""
    out = []
    for key, spec in settings.BASEMAPS.items():
        if keys is not None and key not in keys:
            continue
        api_key = _env_key(spec.get("key_env"))
        if spec.get("key_env") and not api_key:
            continue
        if "xyz" in spec:
            url, attribution, subdomains, max_zoom = _from_xyz(spec["xyz"])
        else:
            url, attribution = spec["url"], spec["attribution"]
            subdomains, max_zoom = spec.get("subdomains", ""), None
        out.append(Basemap(key=key, label=spec["label"], url=url.replace("{key}", api_key),
                           attribution=attribution, crs=spec["crs"],
                           max_zoom=int(spec.get("max_zoom") or max_zoom or 18),
                           subdomains=spec.get("subdomains", subdomains),
                           overlay_url=spec.get("overlay_url", "").replace("{key}", api_key)))
    return out


def choose(default: str) -> list[Basemap]:
    """The switcher's basemaps with ``default`` first; ``none`` gives no basemap at all (no tile requests)."""
    if default == "none":
        return []
    bases = available()
    if default not in settings.BASEMAPS:
        raise ValueError(f"unknown basemap {default!r}: choose one of {', '.join([*settings.BASEMAPS, 'none'])}")
    first = [b for b in bases if b.key == default]
    if not first:
        names = ", ".join(settings.BASEMAPS[default].get("key_env") or ())
        raise ValueError(f"basemap {default!r} needs a key: set {names}")
    return first + [b for b in bases if b.key != default]
