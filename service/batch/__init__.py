"""Batch extraction of archives: inputs, resumable JSONL output, local processes and a Ray engine."""
