"""Export formats of a stored article: FollowTheMoney entities and schema.org ClaimReview JSON-LD."""

from __future__ import annotations

from typing import Any, Callable

from service.exports.claimreview import to_claimreview
from service.exports.ftm import to_ftm

EXPORTERS: dict[str, Callable[[dict[str, Any]], Any]] = {"ftm": to_ftm, "claimreview": to_claimreview}
