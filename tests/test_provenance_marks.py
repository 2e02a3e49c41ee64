"""No page shows a score without its provenance mark (issue 13 §3): every page that shows scores or zones, opened
as every user who has it on the seeded demo, carries "katalog sementara" / "zona sementara" when the catalog it
shows is provisional (every shipped MCP catalog), as ``indicators.provenance.provenance_marks`` decides.
"""

from __future__ import annotations

import pytest
from app_driver import actor_of, open_url, shown_texts
from demo_scope import PERSONAS, Persona

from indicators import Catalog
from indicators.provenance import mark_labels, provenance_marks
from services import catalogs
from ui.navigation import PAGE_SPECS, PageSpec

# Each case on its own copy of the demo (``demo``): the national page stores its leaf means, a cache row.
pytestmark = pytest.mark.usefixtures("browserless", "demo")

SCORE_PAGES = ("ikhtisar", "rincian-opd", "peringkat-nasional", "daftar-periksa", "laporan")
CASES = [
    pytest.param(persona, spec, id=f"{persona.key}-{spec.url_path}")
    for spec in PAGE_SPECS
    if spec.url_path in SCORE_PAGES
    for persona in PERSONAS
    if persona.role in spec.roles and not persona.key.endswith("_halsel")  # those users come with role_demo
]


def _shown_catalog(at: object, spec: PageSpec) -> Catalog | None:
    state = at.session_state  # type: ignore[attr-defined]
    if spec.url_path == "peringkat-nasional":
        return (
            catalogs.catalog_by_key(str(state["national_catalog"])) if "national_catalog" in state else None
        )
    return catalogs.catalog_for_period(int(state["period_id"])) if "period_id" in state else None


@pytest.mark.parametrize(("persona", "spec"), CASES)
def test_a_page_with_scores_marks_a_provisional_catalog(persona: Persona, spec: PageSpec) -> None:
    at = open_url(actor_of(persona.username), spec.url_path)
    assert not at.exception
    catalog = _shown_catalog(at, spec)
    if catalog is None:
        pytest.skip("the page shows no period to this user")
    expected = mark_labels(provenance_marks(catalog), "id")
    text = " ".join(shown_texts(at))
    assert [label for label in expected if label not in text] == []


def test_the_demo_opens_on_a_provisional_catalog() -> None:
    """The check above looks where it should: the leader's overview opens on the MCSP period, provisional."""
    at = open_url(actor_of("sekda"), "ikhtisar")
    spec = next(s for s in PAGE_SPECS if s.url_path == "ikhtisar")
    catalog = _shown_catalog(at, spec)
    assert catalog is not None and provenance_marks(catalog) == ("catalog", "zones")
    assert "katalog sementara" in " ".join(shown_texts(at))
