"""Collects the versioned API routers."""

from __future__ import annotations

from fastapi import APIRouter

from service.api.routes import articles, claim_matching, extract, search

api_router = APIRouter()
api_router.include_router(extract.router)
api_router.include_router(articles.router)
api_router.include_router(claim_matching.router)
api_router.include_router(search.router)
