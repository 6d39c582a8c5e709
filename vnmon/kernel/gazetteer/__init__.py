"""Vietnam's places (the 34 current units, the 63 former ones, well-known places) in every
language the crawler reads, and tagging articles with them."""

from __future__ import annotations

from vnmon.kernel.gazetteer.loading import default_places_path, load_gazetteer
from vnmon.kernel.gazetteer.model import Gazetteer, GazetteerError, Place, PlaceMention

__all__ = ["Gazetteer", "GazetteerError", "Place", "PlaceMention", "default_places_path", "load_gazetteer"]
