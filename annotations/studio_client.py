"""A small Label Studio HTTP client: projects, config validation, task import, export, ML backends.

Every failure is a StudioError whose message is one sentence for the user: server down,
token rejected, or the server's own complaint.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

logger = logging.getLogger(__name__)


class StudioError(RuntimeError):
    """Label Studio could not be reached or refused the request."""


class LabelStudio:
    """Client for one Label Studio server, authenticated with a legacy API token."""

    def __init__(self, url: str, token: str, timeout: float = 60.0) -> None:
        self.url = url.rstrip("/")
        self.client = httpx.Client(base_url=self.url, timeout=timeout,
                                   headers={"Authorization": f"Token {token}"} if token else {})

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "LabelStudio":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """JSON of a successful response (None when empty); StudioError otherwise."""
        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.HTTPError as err:
            raise StudioError(f"Label Studio is not reachable at {self.url} ({type(err).__name__}).") from None
        if response.status_code == 401 or (response.status_code == 403 and "credentials" in response.text.lower()):
            raise StudioError(f"Label Studio at {self.url} rejected the API token (HTTP {response.status_code}).")
        if response.status_code >= 400:
            detail = response.text[:300].replace("\n", " ")
            raise StudioError(f"Label Studio answered HTTP {response.status_code} to {method} {path}: {detail}")
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            return response.text

    def whoami(self) -> dict[str, Any]:
        return self.request("GET", "/api/current-user/whoami")

    def users(self) -> dict[int, str]:
        """User id -> e-mail, to record who annotated."""
        body = self.request("GET", "/api/users/")
        users = body.get("results", body) if isinstance(body, dict) else body
        return {int(u["id"]): str(u.get("email") or u["id"]) for u in users or []}

    def validate_config(self, label_config: str) -> None:
        """Label Studio's own check of a labeling config; StudioError with its complaint if invalid."""
        self.request("POST", "/api/projects/validate/", json={"label_config": label_config})

    def find_project(self, title: str) -> dict[str, Any] | None:
        page = self.request("GET", "/api/projects/", params={"title": title, "page_size": 1000})
        projects = page.get("results", page) if isinstance(page, dict) else page
        return next((p for p in projects or [] if p.get("title") == title), None)

    def ensure_project(self, title: str, label_config: str) -> dict[str, Any]:
        """The project with this title (its config updated), created if missing."""
        project = self.find_project(title)
        if project is None:
            return self.request("POST", "/api/projects/", json={"title": title, "label_config": label_config})
        if project.get("label_config") != label_config:
            project = self.request("PATCH", f"/api/projects/{project['id']}/", json={"label_config": label_config})
        return project

    def import_tasks(self, project_id: int, tasks: list[dict[str, Any]]) -> dict[str, Any]:
        return self.request("POST", f"/api/projects/{project_id}/import", json=tasks,
                            params={"commit_to_project": "true"})

    def tasks(self, project_id: int) -> list[dict[str, Any]]:
        """All tasks of a project (id and data), following pages."""
        out: list[dict[str, Any]] = []
        page = 1
        while True:
            body = self.request("GET", "/api/tasks/", params={"project": project_id, "page": page, "page_size": 200})
            batch = body.get("tasks", []) if isinstance(body, dict) else body
            out.extend(batch)
            if not batch or len(out) >= int(body.get("total", len(out)) if isinstance(body, dict) else len(out)):
                return out
            page += 1

    def export(self, project_id: int) -> list[dict[str, Any]]:
        """Every task with its annotations and predictions, in Label Studio's JSON export format."""
        return self.request("GET", f"/api/projects/{project_id}/export",
                            params={"exportType": "JSON", "download_all_tasks": "true"})

    def create_annotation(self, task_id: int, result: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
        return self.request("POST", f"/api/tasks/{task_id}/annotations/", json={"result": result, **fields})

    def update_annotation(self, annotation_id: int, **fields: Any) -> dict[str, Any]:
        return self.request("PATCH", f"/api/annotations/{annotation_id}/", json=fields)

    def connect_ml_backend(self, project_id: int, url: str, title: str = "claimscope",
                           api_key: str | None = None) -> dict[str, Any]:
        """Connect a model server; with `api_key`, Label Studio sends it as the HTTP Basic auth password."""
        body: dict[str, Any] = {"url": url, "project": project_id, "title": title, "is_interactive": True}
        if api_key:
            body.update(auth_method="BASIC_AUTH", basic_auth_user="label-studio", basic_auth_pass=api_key)
        return self.request("POST", "/api/ml/", json=body)

    def retrieve_predictions(self, project_id: int, task_ids: list[int]) -> Any:
        """Ask the project's ML backend for predictions of these tasks (the data manager action)."""
        return self.request("POST", "/api/dm/actions", params={"id": "retrieve_tasks_predictions", "project": project_id},
                            json={"selectedItems": {"all": False, "included": task_ids}})

    def predictions(self, task_id: int) -> list[dict[str, Any]]:
        return self.request("GET", "/api/predictions/", params={"task": task_id})
