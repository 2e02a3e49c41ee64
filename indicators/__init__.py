"""Indicator catalogs: schema, shipped YAML catalogs, loader with line-precise errors, version diff."""

from indicators.diff import CatalogDiff, NodeChange, diff_catalogs
from indicators.loader import (
    CatalogError,
    CatalogProblem,
    available_catalogs,
    dump_catalog,
    load_catalog,
    parse_catalog,
)
from indicators.schema import ROOT_CODE, Catalog, Node, Zone

__all__ = [
    "ROOT_CODE",
    "Catalog",
    "CatalogDiff",
    "CatalogError",
    "CatalogProblem",
    "Node",
    "NodeChange",
    "Zone",
    "available_catalogs",
    "diff_catalogs",
    "dump_catalog",
    "load_catalog",
    "parse_catalog",
]
