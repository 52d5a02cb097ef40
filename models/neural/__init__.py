"""Neural parts of the trained pipeline: the MiniLM encoder, heads, tagging and linking."""
