"""A small sample workspace: one board of deals across several column types."""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from boards import columns, items, service
from workspace import service as workspace_service
from workspace.extensions import db
from workspace.models import Membership, User, Workspace

DEMO_EMAIL = "admin@example.com"
DEMO_WORKSPACE = "Demo CRM"
STAGES = [("New", "#c4c4c4"), ("Discovery", "#579bfc"), ("Proposal", "#fdab3d"),
          ("Negotiation", "#a25ddc"), ("Won", "#00c875"), ("Lost", "#e2445c")]
COMPANIES = ["Acme Corp", "Globex", "Initech", "台北科技股份有限公司", "บริษัท สยามดิจิทัล จำกัด", "Umbrella",
             "Stark Industries", "Wayne Enterprises", "上海贸易有限公司", "Hooli", "Pied Piper", "Soylent",
             "กรุงเทพ ซอฟต์แวร์", "Vandelay Industries", "Tyrell Corp", "深圳电子", "Cyberdyne", "Aperture",
             "Massive Dynamic", "Oscorp"]
COUNTRIES = ["US", "TW", "TH", "CN", "DE", "GB", "JP", "FR"]
CITIES = {"US": (40.71, -74.0), "TW": (25.03, 121.56), "TH": (13.75, 100.5), "CN": (31.23, 121.47),
          "DE": (52.52, 13.4), "GB": (51.5, -0.12), "JP": (35.68, 139.69), "FR": (48.85, 2.35)}


def build_demo(admin: User) -> bool:
    """Creates the demo workspace for `admin` unless they have it already."""
    existing = db.session.scalar(select(Workspace.id).join(Membership).where(
        Workspace.name == DEMO_WORKSPACE, Membership.user_id == admin.id, Workspace.deleted_at.is_(None)))
    if existing:
        return False
    workspace = workspace_service.create_workspace(DEMO_WORKSPACE, admin)
    board = service.create_board(workspace.id, "Deals", "Sample deals to try Boardhouse with.", admin)
    open_group = service.groups_of(board)[0]
    service.update_group(open_group, admin, name="Open deals")
    closed = service.create_group(board, "Closed", user=admin)
    spec = [
        ("Stage", "status", {"labels": [{"label": s, "color": c} for s, c in STAGES], "default": "New"}),
        ("Owner", "people", {}), ("Value", "number", {"unit": "USD", "decimals": 0}),
        ("Close date", "date", {}), ("Email", "email", {}), ("Phone", "phone", {}),
        ("Country", "country", {}), ("Location", "location", {}), ("Tags", "tags", {}),
        ("Priority", "rating", {"max": 5}), ("Signed", "checkbox", {}), ("Notes", "long_text", {}),
        ("Deal #", "auto_number", {}), ("Updated", "last_updated", {}),
    ]
    keys = {title: columns.create_column(board, admin, title=title, type=type_, settings=settings).key
            for title, type_, settings in spec}
    columns.create_column(board, admin, title="Task", type="text", scope="subitem")
    rng = random.Random(42)
    today = date.today()
    for n, company in enumerate(COMPANIES):
        stage = STAGES[n % len(STAGES)][0]
        country = COUNTRIES[n % len(COUNTRIES)]
        lat, lng = CITIES[country]
        values = {
            keys["Stage"]: stage, keys["Owner"]: [admin.id], keys["Value"]: rng.randrange(5, 200) * 500,
            keys["Close date"]: (today + timedelta(days=rng.randrange(-30, 90))).isoformat(),
            keys["Email"]: f"sales{n}@example.com", keys["Phone"]: f"+1 415 555 {1000 + n}",
            keys["Country"]: country,
            keys["Location"]: {"lat": round(lat + rng.uniform(-0.2, 0.2), 4),
                               "lng": round(lng + rng.uniform(-0.2, 0.2), 4)},
            keys["Tags"]: rng.sample(["enterprise", "smb", "renewal", "inbound", "partner"], 2),
            keys["Priority"]: rng.randrange(1, 6), keys["Signed"]: stage == "Won",
            keys["Notes"]: f"First call with {company}.\nFollow up next week.",
        }
        group = closed if stage in ("Won", "Lost") else open_group
        item = items.create_item(board, admin, name=company, group_id=group.id, values=values)
        if n % 5 == 0:
            items.create_item(board, admin, name="Send proposal", parent_id=item.id)
    return True
