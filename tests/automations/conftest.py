"""Fixtures of the automation tests: a Tasks board with a status and a group "Done". `settle()`,
which lets the engine finish, lives in tests/factories.py."""
from __future__ import annotations

import pytest


@pytest.fixture
def flow(admin_api, workspace, settle):
    """A Tasks board: Status (Working, Done, Stuck), Owner, Points, Note; groups "To do" and "Done"."""
    board = admin_api.ok("POST", f"/workspaces/{workspace['id']}/boards", {"name": "Tasks"})
    bid = board["id"]
    admin_api.ok("POST", f"/boards/{bid}/columns", {
        "title": "Status", "type": "status", "key": "status",
        "settings": {"labels": [{"label": label, "color": "#579bfc"} for label in ("Working", "Done", "Stuck")]}})
    admin_api.ok("POST", f"/boards/{bid}/columns", {"title": "Owner", "type": "people", "key": "owner"})
    admin_api.ok("POST", f"/boards/{bid}/columns", {"title": "Points", "type": "number", "key": "points"})
    admin_api.ok("POST", f"/boards/{bid}/columns", {"title": "Note", "type": "text", "key": "note"})
    groups = admin_api.ok("GET", f"/boards/{bid}")["groups"]
    todo = groups[0]["id"]
    done = admin_api.ok("POST", f"/boards/{bid}/groups", {"name": "Done"})["id"]
    return {"board": bid, "todo": todo, "done": done, "api": admin_api}


def automation(flow, trigger: dict, actions: list, **extra) -> dict:
    return flow["api"].ok("POST", f"/boards/{flow['board']}/automations",
                          {"name": extra.pop("name", "Rule"), "trigger": trigger, "actions": actions, **extra})
