"""Collects the versioned API routers."""

from __future__ import annotations

from fastapi import APIRouter

from service.api.routes import articles, extract, search

api_router = APIRouter()
api_router.include_router(extract.router)
api_router.include_router(articles.router)
api_router.include_router(search.router)
