"""The claimscope extraction pipeline: spaCy components, rules, output conversion and model loading."""
