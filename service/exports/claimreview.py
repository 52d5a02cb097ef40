"""schema.org ClaimReview-shaped JSON-LD for the claims of a stored article.

One `ClaimReview` per claim, not yet rated (no `reviewRating`: claimscope finds claims, a
fact-checker rates them): `claimReviewed` is the claim's content; `itemReviewed` is a `Claim`
with its `author` (Person or Organization, by the claimant's entity label), the claim type as
`keywords`, and its `appearance`: the article (url, headline, datePublished).
"""

from __future__ import annotations

from typing import Any

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
