"""spaCy pipeline components, one factory per file."""
