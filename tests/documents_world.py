"""A province world with an MCP 2025 period (leaves scored by required documents), for the reviu documents tests.

``mcp_world()`` builds ``factories.build_world`` plus that period; ``PRC.3.3`` (two documents of 50 points, D1 and
D2) is assigned to OPD A, Diskominfosan.
"""

from __future__ import annotations

from dataclasses import replace

from factories import World, build_world, make_catalog, wit

from services import periods

DOCS_CODE = "PRC.3.3"


def mcp_world() -> World:
    world = build_world()
    make_catalog("mcp-2025")
    period = periods.create_period(
        world.admin,
        catalog_key="mcp-2025",
        region_id=world.province_id,
        name="MCP 2025",
        opens_at=wit(2026, 1, 5, 8),
        submission_deadline=wit(2099, 5, 31, 23, 59),
        verification_deadline=wit(2099, 7, 31, 23, 59),
    )
    return replace(world, period_id=period.id)
