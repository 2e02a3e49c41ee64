"""Pure, vectorised scoring: node scores, zones, ranks, gaps and projections. pandas in, pandas out.

No database, no Streamlit: the app, the CLI and the benchmark all call the same functions:

- ``score(catalog, frame, *, tag=None)``: one row per entity × applicable node, columns ``RESULT_COLUMNS``;
- ``gap_list(result, *, entity=None)``: leaves not at the maximum, largest ``gain`` first;
- ``rank(result, *, code=ROOT_CODE, column="score", previous=None)``: competition ranks and rank change;
- ``zone_of(catalog, values)``: the catalog's zone of any scores;
- ``ScoringInputError``: every bad input row at once (``.rows``: ``ScoringProblem`` list);
- ``scoring.aggregate``: a pemda's score from its OPDs' values (leaf means, relaxed catalog);
- ``scoring.overview``: counts, progress, heatmap, gap list with owners, totals and ranks of a period.
"""

from scoring.engine import RESULT_COLUMNS, score
from scoring.errors import ScoringInputError, ScoringProblem
from scoring.ranking import gap_list, rank
from scoring.tree import zone_of
from scoring.validate import PROJECTED_STATUSES, STATUSES

__all__ = [
    "PROJECTED_STATUSES",
    "RESULT_COLUMNS",
    "STATUSES",
    "ScoringInputError",
    "ScoringProblem",
    "gap_list",
    "rank",
    "score",
    "zone_of",
]
