"""FollowTheMoney export of a stored article, built with the `followthemoney` package.

Mapping: the article is an `Article`; PERSON entities are `Person`, ORG `Organization`, GPE
`Territory` (NORP has no FtM schema and is left out); each sanctions action is a `Sanction`
per target (entity: the target's entity, or a `LegalEntity` named as written; authority,
reason, status, `provisions` = the SPEC measures, `startDate` = the article's publication date
when the text gives none, `sourceUrl`); each claim is a `Documentation` linking its claimant
(entity or `LegalEntity`) to the article, with role `claim:<type>`, summary = the claim's
content and description = its cue.
"""

from __future__ import annotations

from typing import Any

from followthemoney import model
from followthemoney.util import make_entity_id

SCHEMA_OF_LABEL = {"PERSON": "Person", "ORG": "Organization", "GPE": "Territory"}


def _iso_date(value: str | None) -> str | None:
    return value[:10] if value and len(value) >= 10 and value[4] == "-" and value[7] == "-" else None


def to_ftm(article: dict[str, Any]) -> list[dict[str, Any]]:
    """FtM entity dicts for an article view (ArticlePublic as JSON)."""
    doc = article["extraction"]
    out: dict[str, Any] = {}
    art = model.make_entity("Article")
    art.id = f"claimscope-article-{article['id']}"
    art.add("title", article.get("title") or article["text"].strip().splitlines()[0][:200])
    art.add("bodyText", article["text"])
    art.add("sourceUrl", article.get("url"))
    art.add("publishedAt", _iso_date(article.get("published")))
    out[art.id] = art
    ids: dict[str, str] = {}
    for ent in doc["entities"]:
        schema = SCHEMA_OF_LABEL.get(ent["label"])
        if schema is None:
            continue
        proxy = model.make_entity(schema)
        proxy.id = make_entity_id("claimscope", schema, ent["name"].lower())
        proxy.add("name", ent["name"])
        out[proxy.id] = proxy
        ids[ent["id"]] = proxy.id

    def party(span: dict[str, Any]) -> str:
        if span.get("entity") in ids:
            return ids[span["entity"]]
        proxy = model.make_entity("LegalEntity")
        proxy.id = make_entity_id("claimscope", "LegalEntity", span["text"].lower())
        proxy.add("name", span["text"])
        out[proxy.id] = proxy
        return proxy.id

    start = _iso_date(article.get("published"))
    for s in doc["sanctions"]:
        for k, target in enumerate(s["targets"]):
            sanction = model.make_entity("Sanction")
            sanction.id = make_entity_id("claimscope", article["id"], s["id"], str(k))
            sanction.add("entity", party(target))
            sanction.add("authority", s["authority"]["text"])
            sanction.add("reason", (s.get("reason") or {}).get("text"))
            sanction.add("status", s["status"])
            sanction.add("provisions", s["measures"])
            sanction.add("summary", s["trigger"]["text"])
            sanction.add("startDate", start)
            sanction.add("sourceUrl", article.get("url"))
            out[sanction.id] = sanction
    for c in doc["claims"]:
        link = model.make_entity("Documentation")
        link.id = make_entity_id("claimscope", article["id"], c["id"])
        link.add("document", art.id)
        link.add("entity", party(c["claimant"]))
        link.add("role", f"claim:{c['type']}")
        link.add("summary", c["content"]["text"])
        link.add("description", c["cue"]["text"])
        link.add("date", start)
        out[link.id] = link
    return [proxy.to_dict() for proxy in out.values()]
