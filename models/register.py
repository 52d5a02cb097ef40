"""Imports every claimscope factory, registered function and extension; import it before spacy.load."""

from models import extensions  # noqa: F401
from models.components import claims, entities, paragraphs, sanctions  # noqa: F401
from models.components import attribute_ruler, calibrator, claims_tagger, encoder, encoder_start  # noqa: F401
from models.components import sanctions_tagger  # noqa: F401
