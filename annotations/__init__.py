"""Annotated corpus, the Label Studio labeling config, and the annotation loop."""
