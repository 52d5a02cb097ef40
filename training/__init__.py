"""Corpus conversion, training configs and the training entry point."""
