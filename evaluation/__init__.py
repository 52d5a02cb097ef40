"""Scorers, reports and benchmarks for claimscope models."""
