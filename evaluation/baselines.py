"""Baseline systems for side-by-side evaluation: plain en_core_web_sm entities, no claims, no sanctions."""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language

from models.pipeline import BASE_MODEL
from models.rules.lexicon import SPACY_LABEL_MAP

SM_ENTITIES = "en_core_web_sm entities"


def load_sm() -> Language:
    """Plain en_core_web_sm, as installed."""
    return spacy.load(BASE_MODEL)


def sm_entities_document(nlp: Language, text: str) -> dict[str, Any]:
    """A SPEC document holding only en_core_web_sm's PERSON/ORG/GPE/NORP spans, one entity per mention."""
    doc = nlp(text)
    entities = [
        {"id": f"E{i}", "label": SPACY_LABEL_MAP[e.label_], "name": e.text,
         "mentions": [{"start": e.start_char, "end": e.end_char, "text": e.text}]}
        for i, e in enumerate((e for e in doc.ents if e.label_ in SPACY_LABEL_MAP), start=1)
    ]
    return {"model": {"name": "en_core_web_sm", "version": nlp.meta["version"]}, "entities": entities,
            "sanctions": [], "claims": []}
