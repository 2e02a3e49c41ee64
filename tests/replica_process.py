"""Another app replica for ``tests/test_replica_caches.py``: a separate Python process on the same database (the
settings come from the environment), with its own in-process caches. It reads commands from stdin, one JSON
list per line, and answers each with one JSON line on stdout:

- ``["read", leader_id, admin_id, period_id]`` → ``{"view": ..., "computed": n}``: what the leader's overview and
  the national ranking show (``view``), and how many period scores this read had to compute rather than take
  from the cache (``computed``);
- ``["draft", focal_point_id, submission_id, value]`` → ``{}`` after the focal point saved the value.

``view`` holds the leader's documents' progress too (``documents``): an upload moves its key, not the scores'.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from services import document_progress, period_scores, submissions
from services.national import national_ranking
from services.overview import period_overview
from services.signin import get_actor


def view(leader_id: int, admin_id: int, period_id: int) -> dict[str, Any]:
    """The figures a Sekda and a national admin see, as JSON-ready values (the same in both processes)."""
    overview = period_overview(get_actor(leader_id), period_id=period_id)
    ranking = national_ranking(get_actor(admin_id), catalog_key="uji-2026")
    total = {key: value for key, value in overview.pemda_total.items() if isinstance(value, (int, float))}
    documents = document_progress.document_progress(get_actor(leader_id), period_id=period_id)
    return {
        "documents": json.loads(documents.to_json(orient="records")),
        "pemda_total": {key: round(float(value), 9) for key, value in sorted(total.items())},
        "opd_scores": json.loads(overview.opd_scores.round(9).to_json(orient="records")),
        "ranking": json.loads(ranking.round(9).to_json(orient="records")),
    }


def cached_scores() -> int:
    """Entries in this process's period-score cache: each one is a computation (64 fit; the test needs few)."""
    return len(period_scores._scored)


def main() -> None:
    for line in sys.stdin:
        command, *args = json.loads(line)
        if command == "read":
            before = cached_scores()
            answer = {"view": view(*args), "computed": cached_scores() - before}
        elif command == "draft":
            focal_point_id, submission_id, value = args
            submissions.save_draft(
                get_actor(focal_point_id),
                submission_id=submission_id,
                self_value=value,
                note="dari replika lain",
            )
            answer = {}
        else:
            raise ValueError(command)
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
