"""/api/v1/workspaces and their members."""
from __future__ import annotations

from flask import g
from flask_smorest import Blueprint

from workspace import service
from workspace.extensions import db
from workspace.models import Role
from workspace.schemas import MemberIn, MemberOut, MemberPatch, WorkspaceIn, WorkspaceOut

blp = Blueprint("workspaces", __name__, url_prefix="/api/v1", description="Workspaces and members")


def _workspace_out(workspace, role) -> dict:
    return {"id": workspace.id, "name": workspace.name, "role": role.value}


def _member_out(user, role) -> dict:
    return {"user_id": user.id, "email": user.email, "name": user.name, "role": role.value}


@blp.route("/workspaces", methods=["GET"])
@blp.response(200, WorkspaceOut(many=True))
def list_workspaces():
    return [_workspace_out(ws, role) for ws, role in service.workspaces_of(g.user)]


@blp.route("/workspaces", methods=["POST"])
@blp.arguments(WorkspaceIn)
@blp.response(201, WorkspaceOut)
def create_workspace(body):
    workspace = service.create_workspace(body["name"], g.user)
    db.session.commit()
    return _workspace_out(workspace, Role.admin)


@blp.route("/workspaces/<int:workspace_id>", methods=["GET"])
@blp.response(200, WorkspaceOut)
def get_workspace(workspace_id):
    return _workspace_out(*service.get_workspace(workspace_id))


@blp.route("/workspaces/<int:workspace_id>", methods=["PATCH"])
@blp.arguments(WorkspaceIn)
@blp.response(200, WorkspaceOut)
def rename_workspace(body, workspace_id):
    workspace, role = service.get_workspace(workspace_id, Role.admin)
    service.rename_workspace(workspace, body["name"])
    db.session.commit()
    return _workspace_out(workspace, role)


@blp.route("/workspaces/<int:workspace_id>", methods=["DELETE"])
@blp.response(204)
def delete_workspace(workspace_id):
    workspace, _ = service.get_workspace(workspace_id, Role.admin)
    service.delete_workspace(workspace)
    db.session.commit()


@blp.route("/workspaces/<int:workspace_id>/members", methods=["GET"])
@blp.response(200, MemberOut(many=True))
def list_members(workspace_id):
    service.get_workspace(workspace_id)
    return [_member_out(user, role) for user, role in service.members_of(workspace_id)]


@blp.route("/workspaces/<int:workspace_id>/members", methods=["POST"])
@blp.arguments(MemberIn)
@blp.response(201, MemberOut)
def add_member(body, workspace_id):
    service.get_workspace(workspace_id, Role.admin)
    member = service.add_member(workspace_id, body["email"], Role(body["role"]))
    db.session.commit()
    return _member_out(*member)


@blp.route("/workspaces/<int:workspace_id>/members/<int:user_id>", methods=["PATCH"])
@blp.arguments(MemberPatch)
@blp.response(200, MemberOut)
def change_member_role(body, workspace_id, user_id):
    service.get_workspace(workspace_id, Role.admin)
    member = service.change_role(workspace_id, user_id, Role(body["role"]))
    db.session.commit()
    return _member_out(*member)


@blp.route("/workspaces/<int:workspace_id>/members/<int:user_id>", methods=["DELETE"])
@blp.response(204)
def remove_member(workspace_id, user_id):
    service.get_workspace(workspace_id, Role.admin)
    service.remove_member(workspace_id, user_id)
    db.session.commit()
