"""HTTP error handlers: every error is a JSON body with one-sentence `detail`, never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from models.extractor import InputError
from service.logging_config import request_id

logger = logging.getLogger(__name__)


def _describe(err: RequestValidationError) -> str:
    """One sentence for the first validation problem."""
    problems = err.errors()
    if not problems:
        return "The request is not valid."
    first = problems[0]
    kind = first.get("type", "")
    loc = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
    if kind == "value_error":
        msg = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
        return msg[:1].upper() + msg[1:] + "."
    if kind == "string_pattern_mismatch" and "\\x00" in str((first.get("ctx") or {}).get("pattern", "")):
        return f"The field '{loc}' must not hold a NUL character."
    if kind == "json_invalid":
        return "The request body is not valid JSON."
    if kind == "missing":
        return f"The field '{loc}' is required."
    if kind == "extra_forbidden":
        return f"The field '{loc}' is not accepted."
    if kind in {"string_type", "int_type", "float_type", "bool_type", "list_type", "dict_type", "model_attributes_type"}:
        return f"The field '{loc}' has the wrong type: {first.get('msg', '').lower()}."
    return f"The field '{loc}' is not valid: {first.get('msg', 'invalid value')}."


_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          413: "body_too_large", 429: "rate_limited", 503: "unavailable", 504: "timeout"}


def _code(status: int) -> str:
    return _CODES.get(status, "http_error")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, err: RequestValidationError) -> JSONResponse:
        unparsable = any(p.get("type") == "json_invalid" for p in err.errors())  # the README promises 400
        return JSONResponse(status_code=400 if unparsable else 422,
                            content={"detail": _describe(err), "code": "bad_request" if unparsable else "invalid_request",
                                     "request_id": request_id.get()})

    @app.exception_handler(InputError)
    async def _input(_: Request, err: InputError) -> JSONResponse:
        return JSONResponse(status_code=err.status_code, content={"detail": str(err), "code": "invalid_input",
                                                                        "request_id": request_id.get()})

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, err: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(status_code=err.status_code, content={"detail": str(err.detail), "code": _code(err.status_code),
                                     "request_id": request_id.get()},
                            headers=getattr(err, "headers", None))

    @app.exception_handler(OperationalError)
    async def _database(_: Request, err: OperationalError) -> JSONResponse:
        logger.error("database error: %s", str(err.orig)[:200])
        return JSONResponse(status_code=503, content={
            "detail": "The database cannot be written or reached (disk full, read-only or down); nothing was stored.",
            "code": "unavailable", "request_id": request_id.get()})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, err: Exception) -> JSONResponse:
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(status_code=500, content={"detail": "Internal error; the request was not processed.",
                                                      "code": "internal_error", "request_id": request_id.get()})
