"""Export formats of a stored article: FollowTheMoney entities and schema.org ClaimReview JSON-LD."""

from __future__ import annotations

from typing import Any, Callable

from service.exports.claimreview import to_claimreview


def to_ftm(document: dict[str, Any]) -> Any:
    """FollowTheMoney entities (service/exports/ftm.py); `followthemoney` is imported on first use, not by every worker."""
    from service.exports.ftm import to_ftm as export

    return export(document)


EXPORTERS: dict[str, Callable[[dict[str, Any]], Any]] = {"ftm": to_ftm, "claimreview": to_claimreview}
