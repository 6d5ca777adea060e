"""The rules of ``patterns/locations.yml`` (validated: unknown keys are refused), read by the
gazetteer (:mod:`vnextract.structure.places`), the place groups
(:mod:`vnextract.structure.place_groups`) and the locations stage
(:mod:`vnextract.stages.locations`); every rule carries the examples the tests run."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from vnextract.rules import Pattern, Strict, load_yaml

Level = Literal["country", "region", "province", "district"]


class _Checked(Strict):
    """Sentences that test a rule of ``patterns/locations.yml`` (see the comments there)."""

    examples: list[str] = Field(min_length=1)
    negatives: list[str] = Field(default_factory=list)


class LocationEntry(_Checked):
    """A name with its extra surface forms."""

    name: str
    level: Level
    province: Optional[str] = None
    aliases: list[str] = Field(default_factory=list)
    certain: bool = True


class Prefixes(Strict):
    province: list[str] = Field(min_length=1)
    city: list[str] = Field(min_length=1)
    district: list[str] = Field(min_length=1)


class WordCues(_Checked):
    words: list[str] = Field(min_length=1)


class NotPlace(_Checked):
    """Words after which a bare ``name`` is not a place (``Chủ tịch Hồ Chí Minh``)."""

    name: str
    before: list[str] = Field(min_length=1)


class PlaceGroupRules(_Checked):
    """``place_groups``: what makes a group of places (:mod:`vnextract.structure.place_groups`)."""

    group: Pattern
    separator: Pattern
    hands_out: Pattern
    ends_clause: Pattern


class DistrictAddress(_Checked):
    """``district_address``: what stands between a district and its province in an address."""

    gap: Pattern


class PlaceAfter(_Checked):
    """``place_after``: a place in parentheses right after a figure."""

    before: Pattern
    after: Pattern


class Venue(_Checked):
    """``venue``: the place a national body's event is held in."""

    before: Pattern
    after: str


class PlacedExample(Strict):
    text: str  # a document
    location: str  # the place its every figure takes (examples) or must not all take (negatives)


class RankedPlace(Strict):
    """``ranked_place``: a place named as the extreme of a ranking."""

    before: Pattern
    examples: list[PlacedExample] = Field(min_length=1)
    negatives: list[PlacedExample] = Field(min_length=1)


class DistrictInParentheses(_Checked):
    """``district_in_parentheses``: a bare district after a commune, in parentheses."""

    before: Pattern


class ForeignCountries(_Checked):
    """``foreign_countries``: their names as written, and surfaces that name one only in context."""

    countries: list[str] = Field(min_length=1)
    surfaces: dict[str, str] = Field(default_factory=dict)

    def names(self) -> dict[str, str]:
        """Every surface with the country it names."""
        return {c: c for c in self.countries} | self.surfaces


class LocationsConfig(Strict):
    prefixes: Prefixes
    ambiguous: WordCues
    entries: list[LocationEntry]
    national_cues: WordCues
    national_law: WordCues
    provincial_actors: WordCues
    national_actors: WordCues
    province_anaphors: WordCues
    district_anaphors: WordCues
    person_name_words: WordCues
    place_groups: PlaceGroupRules
    district_address: DistrictAddress
    place_after: PlaceAfter
    venue: Venue
    venue_address: Venue
    ranked_place: RankedPlace
    foreign_countries: ForeignCountries
    district_in_parentheses: DistrictInParentheses
    not_places: list[NotPlace] = Field(default_factory=list)


def load_locations_config() -> LocationsConfig:
    return LocationsConfig.model_validate(load_yaml("locations"))
