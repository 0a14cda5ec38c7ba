"""Shipped, editable lists (annotator/resources/canonical/*.tsv): outlets by web host, government
abbreviations, Korea's regions, kinds of zone. Read once, on first use."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=None)
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated list; blank lines and lines starting with # are notes."""
    from annotator.paths import resource_path

    rows = []
    for line in resource_path("canonical", name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


def outlet_for_host(host: str) -> str:
    """The outlet's name for a web host or any subdomain of a listed host; "" when not listed."""
    hosts = dict(row[:2] for row in table("outlets.tsv") if len(row) >= 2)
    parts = host.lower().split(".")
    for i in range(len(parts) - 1):
        name = hosts.get(".".join(parts[i:]))
        if name:
            return name
    return ""


def abbreviations() -> dict[str, str]:
    """short name -> full name of government bodies."""
    return {row[0]: row[1] for row in table("government_abbreviations.tsv") if len(row) >= 2}


@lru_cache(maxsize=1)
def region_names() -> dict[str, str]:
    """Every name of a first-level region -> its canonical short name (강원특별자치도 -> 강원)."""
    names = {}
    for row in table("regions.tsv"):
        names[row[0]] = row[0]
        if len(row) > 1:
            for other in row[1].split("|"):
                if other.strip():
                    names[other.strip()] = row[0]
    return names


@lru_cache(maxsize=1)
def zone_type_terms() -> frozenset[str]:
    return frozenset("".join(row[0].split()) for row in table("zone_types.tsv"))
