"""FastAPI dependencies as Annotated aliases: pipeline, settings, database session, API key."""

from __future__ import annotations

import threading
from typing import Annotated, Any, Iterator

from fastapi import Depends, Header, HTTPException, Request
from spacy.language import Language
from sqlalchemy.orm import Session

from models.extractor import Extractor
from service.matching.matcher import ClaimMatcher
from service.core.config import Settings, get_settings
from service.security import key_from_headers, verify_key


def get_nlp(request: Request) -> Language:
    """The pipeline loaded in the app's lifespan; 503 while none is loaded."""
    nlp = getattr(request.app.state, "nlp", None)
    if nlp is None:
        raise HTTPException(status_code=503, detail="The model is not loaded yet; try again shortly.")
    return nlp


def get_extractor(nlp: Annotated[Language, Depends(get_nlp)],
                  settings: Annotated[Settings, Depends(get_settings)]) -> Extractor:
    """The one extraction path over the loaded pipeline, with the service's text limit."""
    return Extractor(nlp, settings.MAX_TEXT_CHARS)


def get_matcher_optional(request: Request) -> ClaimMatcher | None:
    """The process's claim matcher, or None when claim matching is off (CLAIM_MATCHING=false)."""
    return getattr(request.app.state, "matcher", None)


def get_matcher(matcher: Annotated[ClaimMatcher | None, Depends(get_matcher_optional)]) -> ClaimMatcher:
    """The claim matcher; 503 when claim matching is off or not loaded yet."""
    if matcher is None:
        raise HTTPException(status_code=503, detail="Claim matching is not available (CLAIMSCOPE_CLAIM_MATCHING "
                                                    "is off, or the service is starting).")
    return matcher


def get_slots(request: Request) -> threading.Semaphore:
    """The process's extraction slots (service/work.py)."""
    return request.app.state.slots


def get_session(request: Request) -> Iterator[Session]:
    """A database session for one request; 503 when storage is not configured."""
    factory = getattr(request.app.state, "sessions", None)
    if factory is None:
        raise HTTPException(status_code=503, detail="The database is not available.")
    with factory() as session:
        yield session


NlpDep = Annotated[Language, Depends(get_nlp)]
ExtractorDep = Annotated[Extractor, Depends(get_extractor)]
MatcherOptDep = Annotated[ClaimMatcher | None, Depends(get_matcher_optional)]
MatcherDep = Annotated[ClaimMatcher, Depends(get_matcher)]
SlotsDep = Annotated[threading.Semaphore, Depends(get_slots)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]


def authenticate(app_state: Any, settings: Settings, address: str, authorization: str | None,
                 x_api_key: str | None) -> str | None:
    """The caller's key id (None in open mode); HTTPException 401 without a valid key, 429 over a limit.

    Called by `KeyFirstMiddleware` before a request body is read, and by `require_key` for the rest.
    """
    if settings.AUTH_MODE == "open":
        ident = address
    else:
        key = key_from_headers(authorization, x_api_key)
        factory = getattr(app_state, "sessions", None)
        row = None
        if key and factory is not None:
            with factory() as session:
                row = verify_key(session, key)
        if row is None:
            failures = getattr(app_state, "auth_failures", None)
            wait = failures.retry_after(address) if failures is not None else 0
            if wait:  # guessing keys is limited per address
                raise HTTPException(status_code=429, detail=f"Too many failed key checks; retry in {wait} s.",
                                    headers={"Retry-After": str(wait)})
            detail = ("An API key is required (Authorization: Bearer <key>)." if not key
                      else "The API key is not valid or was revoked.")
            raise HTTPException(status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"})
        ident = f"key-{row.id}"
    limiter = getattr(app_state, "limiter", None)
    if limiter is not None:
        wait = limiter.retry_after(ident)
        if wait:
            raise HTTPException(status_code=429, detail=f"Rate limit reached; retry in {wait} s.",
                                headers={"Retry-After": str(wait)})
    return None if settings.AUTH_MODE == "open" else ident


AUTHENTICATED = "claimscope.authenticated"  # scope state key: the caller, checked before the body was read


def require_key(request: Request, settings: SettingsDep, authorization: Annotated[str | None, Header()] = None,
                x_api_key: Annotated[str | None, Header()] = None) -> str | None:
    """The caller's key id (None in open mode); 401 without a valid key, 429 over the rate limit."""
    state = request.scope.get("state") or {}
    if AUTHENTICATED in state:  # already checked (and counted) by KeyFirstMiddleware
        return state[AUTHENTICATED]
    address = request.client.host if request.client else "anonymous"
    return authenticate(request.app.state, settings, address, authorization, x_api_key)


KeyDep = Annotated[str | None, Depends(require_key)]
