"""What the handlers share: the visit, JSON in and out, and refusals in Japanese."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse

from daemon.review.people import Account
from daemon.review.rules import Refused
from daemon.review.station import Station
from daemon.review.visits import Visit

Model = TypeVar("Model", bound=BaseModel)
JSON_LIMIT = 64 * 1024
NOT_LOGGED_IN = "ログインしてください。"
BAD_REQUEST = "送られた内容が正しくありません。"


class Body(BaseModel):
    """A JSON request body: unknown keys are refused, so nothing else is ever accepted
    (a `passphrase` key is an error, not ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def station(request: Request) -> Station:
    found: Station = request.app.state.station
    return found


def visit(request: Request) -> Visit:
    found: Visit = request.state.visit
    return found


def person(request: Request) -> Account:
    """The logged-in person; `Refused(401)` otherwise."""
    account = visit(request).account
    if account is None:
        raise Refused(401, NOT_LOGGED_IN)
    return account


def reply(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status)


def refusal(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def body(request: Request, model: type[Model]) -> Model:
    """The request's JSON body as `model`; `Refused(400)` when it is not that."""
    raw = await request.body()
    if len(raw) > JSON_LIMIT:
        raise Refused(413, BAD_REQUEST)
    try:
        return model.model_validate(json.loads(raw or b"null"))
    except (ValueError, ValidationError):
        raise Refused(400, BAD_REQUEST) from None
