"""Collects the versioned API routers."""

from __future__ import annotations

from fastapi import APIRouter

from service.api.routes import extract

api_router = APIRouter()
api_router.include_router(extract.router)
