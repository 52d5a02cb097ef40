"""Runtime settings of the service and CLI: one pydantic-settings class, env prefix CLAIMSCOPE_."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Settings read from the environment (CLAIMSCOPE_*) and an optional .env file."""

    model_config = SettingsConfigDict(env_prefix="CLAIMSCOPE_", env_file=".env", env_ignore_empty=True, extra="ignore")

    ENVIRONMENT: Literal["local", "production"] = "local"
    MODEL_PATH: str | None = Field(default=None, description="model folder; unset: newest promoted model, else rules")
    MAX_TEXT_CHARS: int = Field(default=1_000_000, gt=0, description="longest article accepted, in characters")
    HOST: str = "127.0.0.1"
    PORT: int = Field(default=8000, gt=0, lt=65536)
    WORKERS: int = Field(default=1, gt=0, description="uvicorn worker processes")
    WORKER_HEALTHCHECK_S: int = Field(default=120, gt=0, description="with several workers: how long a worker may "
                                      "take to answer the supervisor's ping before it is killed and restarted")
    TORCH_THREADS: int = Field(default=0, ge=0, description="intra-op threads per worker (the ONNX "
                               "encoder, and torch when loaded); 0: the machine's cores divided by WORKERS, at "
                               "least 1, and one fewer for the ONNX encoder, which runs while spaCy parses")
    SERVE_WITHOUT_TORCH: bool = Field(default=True, description="keep torch out of each worker when the model runs "
                                      "on ONNX Runtime and numpy alone (about 160 MB less per worker); false: "
                                      "import it, as training does")
    LOG_LEVEL: str = "INFO"
    DATA_DIR: str = Field(default="data", description="service data: database, retrain queue")
    # Label Studio's own names (label-studio-ml-backend, the SDK) are read too; ours win when both are set.
    LABEL_STUDIO_URL: str = Field(default="http://127.0.0.1:8080", validation_alias=AliasChoices(
        "CLAIMSCOPE_LABEL_STUDIO_URL", "LABEL_STUDIO_URL"))
    LABEL_STUDIO_TOKEN: str = Field(default="", description="legacy token or personal access token",
                                    validation_alias=AliasChoices("CLAIMSCOPE_LABEL_STUDIO_TOKEN",
                                                                  "LABEL_STUDIO_API_KEY"))
    RETRAIN_ON_WEBHOOK: bool = Field(default=False, description="start `claimscope annotate retrain` on START_TRAINING")
    LABEL_STUDIO_PROJECT: str = "claimscope"
    DATABASE_URL: str | None = Field(default=None, description="postgresql://...; unset: SQLite under DATA_DIR")
    AUTH_MODE: Literal["keys", "open"] = Field(default="keys", description="'open' serves without API keys (local use)")
    MAX_BODY_BYTES: int = Field(default=1_000_000, gt=0, description="largest request body")
    BODY_READ_TIMEOUT_S: float = Field(default=30.0, gt=0, description="a request body must arrive within this")
    MAX_CONNECTIONS: int = Field(default=256, gt=0, description="open connections and requests per worker; "
                                 "beyond it uvicorn answers 503")
    MAX_HEADER_BYTES: int = Field(default=16_384, gt=0, description="largest request head (uvicorn h11)")
    REQUEST_TIMEOUT_S: float = Field(default=60.0, gt=0, description="extraction time limit per request")
    EXTRACTION_SLOTS: int = Field(default_factory=lambda: os.cpu_count() or 1, gt=0,
                                  description="extractions running at once per worker process")
    RATE_LIMIT_PER_MINUTE: int = Field(default=600, gt=0, description="requests per minute per API key")
    RATE_LIMIT_STORAGE_URI: str = Field(default="memory://", description="limits storage: memory:// (per worker) "
                                        "or a shared one such as redis://host:6379 (all workers and hosts)")
    AUTH_FAILURES_PER_MINUTE: int = Field(default=30, gt=0, description="failed key checks per minute per address")
    ALLOWED_HOSTS: list[str] = Field(default_factory=lambda: ["localhost", "127.0.0.1"],
                                     description="Host header values served (DNS-rebinding guard); ['*'] for any")
    TRUSTED_PROXIES: list[str] = Field(default_factory=list, description="addresses whose X-Forwarded-For is "
                                       "believed; empty: none (the client address is the socket's)")
    CORS_ORIGINS: list[str] = Field(default_factory=list, description="allowed origins; empty: CORS off")
    CLAIM_MATCHING: bool = Field(default=True, description="embed stored claims; /v1/claims/similar, match, thread")
    CLAIM_MATCH_THRESHOLD: float | None = Field(default=None, ge=0.0, le=1.0, description="cosine for 'same claim' "
                                                "in /v1/claims/match; unset: the value chosen on the matching dev set")
    CLAIM_THREAD_THRESHOLD: float | None = Field(default=None, ge=0.0, le=1.0, description="cosine that joins claims "
                                                 "into a thread; unset: the value chosen on the matching dev set")
    ENCODER_INT8: bool | None = Field(default=None, description="extraction's encoder with int8 weights "
                                      "(encoder.int8.onnx, about a third less time per article): true or false; "
                                      "unset: int8 when the model's training found it within 0.5 point of fp32 on "
                                      "every dev headline metric (meta.json type_head.int8.serve_int8), else fp32")
    CLAIM_EMBEDDER_INT8: bool = Field(default=True, description="claim embedder with int8 weights (half the "
                                      "time, MAP@5 -0.5 points); a change of this re-keys the vectors")
    EMBEDDER_CACHE_DIR: str | None = Field(default=None, description="where the claim embedder's ONNX export is "
                                           "kept; unset: DATA_DIR/claim-index/embedder")
    JSON_LOGS: bool = True
    GRACEFUL_SHUTDOWN_S: int = Field(default=30, gt=0)


@lru_cache
def get_settings() -> Settings:
    """The process's settings, cached; tests override the `get_settings` dependency."""
    return Settings()
