"""A job function importable by an rq worker (tests/workspace/test_jobs.py)."""
from __future__ import annotations

from workspace.extensions import db
from workspace.models import Workspace


def rename_workspace(workspace_id: int, name: str) -> None:
    db.session.get(Workspace, workspace_id).name = name
    db.session.commit()
