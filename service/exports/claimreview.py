"""schema.org ClaimReview-shaped JSON-LD for the claims of a stored article.

One `ClaimReview` per claim, not yet rated (no `reviewRating`: claimscope finds claims, a
fact-checker rates them): `claimReviewed` is the claim's content; `itemReviewed` is a `Claim`
with its `author` (Person or Organization, by the claimant's entity label), the claim type as
`keywords`, and its `appearance`: the article (url, headline, datePublished).
"""

from __future__ import annotations

import json
from typing import Any

# Characters that could close a <script type="application/ld+json"> element or open markup in it.
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def script_safe_json(data: Any) -> bytes:
    """JSON with <, > and & written as \\u escapes, safe to embed in an HTML script element."""
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return text.encode("utf-8")


AUTHOR_TYPE = {"PERSON": "Person", "ORG": "Organization", "GPE": "Organization", "NORP": "Organization"}


def to_claimreview(article: dict[str, Any]) -> dict[str, Any]:
    """A JSON-LD graph of ClaimReview objects for an article view (ArticlePublic as JSON)."""
    doc = article["extraction"]
    entities = {e["id"]: e for e in doc["entities"]}
    appearance = {"@type": "NewsArticle", "url": article.get("url"),
                  "headline": article.get("title") or article["text"].strip().splitlines()[0][:200],
                  "datePublished": article.get("published")}
    appearance = {k: v for k, v in appearance.items() if v}
    graph = []
    for c in doc["claims"]:
        ent = entities.get(c["claimant"].get("entity") or "")
        author = {"@type": AUTHOR_TYPE.get(ent["label"], "Organization") if ent else "Thing",
                  "name": ent["name"] if ent else c["claimant"]["text"]}
        claim = {"@type": "Claim", "text": c["content"]["text"], "author": author, "appearance": appearance,
                 "keywords": c["type"]}
        if article.get("published"):
            claim["datePublished"] = article["published"]
        review = {"@type": "ClaimReview", "claimReviewed": c["content"]["text"], "itemReviewed": claim}
        if article.get("url"):
            review["url"] = article["url"]
        graph.append(review)
    return {"@context": "https://schema.org", "@graph": graph}
