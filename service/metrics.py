"""Prometheus metrics of the service: requests, latency, documents processed, model version."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry()
REQUESTS = Counter("claimscope_requests_total", "HTTP requests", ["method", "route", "status"], registry=REGISTRY)
LATENCY = Histogram("claimscope_request_seconds", "HTTP request latency", ["route"], registry=REGISTRY,
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
DOCUMENTS = Counter("claimscope_documents_total", "Documents extracted", registry=REGISTRY)
RETRAIN_RUNNING = Gauge("claimscope_retrain_running", "A webhook retrain is running (1) or not (0)", registry=REGISTRY)
MODEL_INFO = Gauge("claimscope_model_info", "The loaded model (value 1)", ["name", "version"], registry=REGISTRY)
