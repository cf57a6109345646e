"""/api/v1 routes of automations, their runs, and notifications."""
from __future__ import annotations

from flask import g
from flask_smorest import Blueprint

from automations import service
from automations.schemas import AutomationIn, AutomationOut, AutomationPatch, NotificationOut, RunOut, TestIn
from boards.items import get_item
from boards.service import get_board
from workspace.extensions import db
from workspace.models import Role

blp = Blueprint("automations", __name__, url_prefix="/api/v1", description="Automations, runs, notifications")


@blp.route("/boards/<int:board_id>/automations", methods=["GET"])
@blp.response(200, AutomationOut(many=True))
def list_automations(board_id):
    return [service.serialize(a) for a in service.automations_of(get_board(board_id))]


@blp.route("/boards/<int:board_id>/automations", methods=["POST"])
@blp.arguments(AutomationIn)
@blp.response(201, AutomationOut)
def create_automation(body, board_id):
    automation = service.create_automation(get_board(board_id, Role.member), g.user, **body)
    db.session.commit()
    return service.serialize(automation)


@blp.route("/automations/<int:automation_id>", methods=["GET"])
@blp.response(200, AutomationOut)
def get_automation(automation_id):
    return service.serialize(service.get_automation(automation_id))


@blp.route("/automations/<int:automation_id>", methods=["PATCH"])
@blp.arguments(AutomationPatch)
@blp.response(200, AutomationOut)
def update_automation(body, automation_id):
    automation = service.update_automation(service.get_automation(automation_id, Role.member), g.user, **body)
    db.session.commit()
    return service.serialize(automation)


@blp.route("/automations/<int:automation_id>", methods=["DELETE"])
@blp.response(204)
def delete_automation(automation_id):
    service.delete_automation(service.get_automation(automation_id, Role.member))
    db.session.commit()


@blp.route("/automations/<int:automation_id>/runs", methods=["GET"])
@blp.response(200, RunOut(many=True))
def list_runs(automation_id):
    return [service.serialize_run(r) for r in service.runs_of(service.get_automation(automation_id))]


@blp.route("/automations/<int:automation_id>/test", methods=["POST"])
@blp.arguments(TestIn)
@blp.response(200)
def test_automation(body, automation_id):
    """What the automation would do to an item, without doing it."""
    result = service.test_on_item(service.get_automation(automation_id, Role.member), body["item_id"])
    db.session.rollback()
    return result


@blp.route("/items/<int:item_id>/runs", methods=["GET"])
@blp.response(200, RunOut(many=True))
def item_runs(item_id):
    item = get_item(item_id)
    return [service.serialize_run(r) for r in service.runs_of(item_id=item.id)]


@blp.route("/notifications", methods=["GET"])
@blp.response(200, NotificationOut(many=True))
def list_notifications():
    return [service.serialize_notification(n) for n in service.notifications_of(g.user)]


@blp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@blp.response(200)
def read_notification(notification_id):
    count = service.mark_read(g.user, notification_id)
    db.session.commit()
    return {"marked": count}


@blp.route("/notifications/read", methods=["POST"])
@blp.response(200)
def read_all_notifications():
    count = service.mark_read(g.user)
    db.session.commit()
    return {"marked": count}
