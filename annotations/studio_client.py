"""Label Studio through its SDK (`label-studio-sdk`): projects, task import, export, annotations, ML backends.

The loop and the CLI call this small facade rather than the SDK directly, for two reasons: they
work with plain JSON dicts (the format Label Studio exports and `studio_format` converts), and
every failure becomes a StudioError whose message is one sentence for the user: server down,
token rejected, or the server's own complaint.

Both kinds of token Label Studio issues are accepted, as the SDK accepts them: a legacy API
token (sent as `Authorization: Token ...`, needs LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN on the
server) and a personal access token (a JWT refresh token, which the SDK exchanges for short-lived
access tokens and sends as `Bearer`).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable, TypeVar

import httpx
from label_studio_sdk import LabelStudio as SDK
from label_studio_sdk.core.api_error import ApiError

logger = logging.getLogger(__name__)
T = TypeVar("T")


class StudioError(RuntimeError):
    """Label Studio could not be reached or refused the request."""


def token_kind(token: str) -> str:
    """'personal access token' for a JWT refresh token, else 'legacy token' (for messages and logs)."""
    parts = token.split(".")
    return "personal access token" if len(parts) == 3 and token.startswith("eyJ") else "legacy token"


def _plain(value: Any) -> Any:
    """SDK models to JSON-like dicts, recursively (the SDK's objects keep unknown fields too)."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=False)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _detail(body: Any) -> str:
    if isinstance(body, dict):
        for key in ("detail", "validation_errors", "error", "message"):
            if body.get(key):
                return json.dumps(body[key]) if not isinstance(body[key], str) else body[key]
    return str(body)[:300].replace("\n", " ")


class LabelStudio:
    """One Label Studio server, authenticated with a legacy token or a personal access token."""

    def __init__(self, url: str, token: str, timeout: float = 60.0) -> None:
        self.url = url.rstrip("/")
        self.token_kind = token_kind(token)
        if not token:
            raise StudioError("No Label Studio token: set LABEL_STUDIO_API_KEY (or CLAIMSCOPE_LABEL_STUDIO_TOKEN) "
                              "or pass --token.")
        self._http = httpx.Client(timeout=timeout)
        try:
            self.sdk = SDK(base_url=self.url, api_key=token, httpx_client=self._http)
        except ApiError as err:  # an expired or malformed personal access token is refused at construction
            self._http.close()
            raise StudioError(f"Label Studio at {self.url} rejected the {self.token_kind}: {_detail(err.body)}") from None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "LabelStudio":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, what: str, fn: Callable[[], T]) -> T:
        """Run one SDK call; StudioError with one sentence on any failure."""
        try:
            return fn()
        except httpx.HTTPError as err:
            raise StudioError(f"Label Studio is not reachable at {self.url} ({type(err).__name__}).") from None
        except ApiError as err:
            status = err.status_code or 0
            if status == 401 or (status == 403 and "credentials" in str(err.body).lower()):
                raise StudioError(f"Label Studio at {self.url} rejected the {self.token_kind} "
                                  f"(HTTP {status}).") from None
            raise StudioError(f"Label Studio answered HTTP {status} to {what}: {_detail(err.body)}") from None
        except json.JSONDecodeError:
            raise StudioError(f"Label Studio at {self.url} sent a reply to {what} that is not JSON.") from None

    def whoami(self) -> dict[str, Any]:
        return _plain(self.call("whoami", self.sdk.users.whoami))

    def users(self) -> dict[int, str]:
        """User id -> e-mail, to record who annotated."""
        users = self.call("list users", self.sdk.users.list)
        return {int(u.id): str(u.email or u.id) for u in users or []}

    def validate_config(self, project_id: int, label_config: str) -> None:
        """Label Studio's own check of a labeling config; StudioError with its complaint if invalid."""
        self.call("validate the labeling config",
                  lambda: self.sdk.projects.validate_label_config(project_id, label_config=label_config))

    def find_project(self, title: str) -> dict[str, Any] | None:
        projects = self.call("list projects", lambda: list(self.sdk.projects.list(title=title, page_size=100)))
        match = next((p for p in projects if p.title == title), None)
        return None if match is None else self.project(int(match.id))

    def project(self, project_id: int) -> dict[str, Any]:
        return _plain(self.call(f"get project {project_id}", lambda: self.sdk.projects.get(project_id)))

    def ensure_project(self, title: str, label_config: str) -> dict[str, Any]:
        """The project with this title (its config updated), created if missing."""
        project = self.find_project(title)
        if project is None:
            created = self.call("create project", lambda: self.sdk.projects.create(title=title, label_config=label_config))
            return self.project(int(created.id))
        if project.get("label_config") != label_config:
            self.call("update project", lambda: self.sdk.projects.update(project["id"], label_config=label_config))
            project = self.project(int(project["id"]))
        return project

    def import_tasks(self, project_id: int, tasks: list[dict[str, Any]]) -> dict[str, Any]:
        return _plain(self.call("import tasks", lambda: self.sdk.projects.import_tasks(
            project_id, request=tasks, commit_to_project=True, return_task_ids=True)))

    def tasks(self, project_id: int) -> list[dict[str, Any]]:
        """All tasks of a project (id and data), following pages."""
        return [{"id": int(t.id), "data": dict(t.data or {})} for t in
                self.call("list tasks", lambda: list(self.sdk.tasks.list(project=project_id, page_size=200)))]

    def export(self, project_id: int) -> list[dict[str, Any]]:
        """Every task with its annotations and predictions, in Label Studio's JSON export format."""
        def download() -> list[dict[str, Any]]:
            chunks = self.sdk.projects.exports.download_sync(project_id, export_type="JSON", download_all_tasks=True)
            return json.loads(b"".join(chunks))
        return self.call("export", download)

    def create_annotation(self, task_id: int, result: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
        return _plain(self.call("create annotation",
                                lambda: self.sdk.annotations.create(task_id, result=result, **fields)))

    def update_annotation(self, annotation_id: int, **fields: Any) -> dict[str, Any]:
        return _plain(self.call("update annotation", lambda: self.sdk.annotations.update(annotation_id, **fields)))

    def connect_ml_backend(self, project_id: int, url: str, title: str = "claimscope",
                           api_key: str | None = None) -> dict[str, Any]:
        """Connect a model server; with `api_key`, Label Studio sends it as the HTTP Basic auth password."""
        auth: dict[str, Any] = {}
        if api_key:
            auth = {"auth_method": "BASIC_AUTH", "basic_auth_user": "label-studio", "basic_auth_pass": api_key}
        return _plain(self.call("connect the ML backend", lambda: self.sdk.ml.create(
            project=project_id, url=url, title=title, is_interactive=True, **auth)))

    def retrieve_predictions(self, project_id: int, task_ids: list[int]) -> None:
        """Ask the project's ML backend for predictions of these tasks (the data manager action)."""
        self.call("retrieve predictions", lambda: self.sdk.actions.create(
            id="retrieve_tasks_predictions", project=project_id,
            selected_items={"all": False, "included": task_ids}))

    def predictions(self, task_id: int) -> list[dict[str, Any]]:
        return _plain(self.call("list predictions", lambda: self.sdk.predictions.list(task=task_id)))
