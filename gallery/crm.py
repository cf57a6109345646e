"""The CRM template: Leads, Contacts, Accounts and Deals, linked both ways, with mirrored totals,
saved views and deterministic sample data.

Everything after the workspace itself is written through the services a user's clicks go
through (boards, columns, items, views), so activity, link twins, indexes and validation are
the real ones, and a template can never hold data the UI could not have made."""
from __future__ import annotations

import itertools
import random
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from flask import g
from flask_babel import gettext as _

from automations import service as automation_service
from boards import columns, items, service
from boards.models import Board, Column, Group, Item
from gallery import data
from views import saved
from workspace import clock
from workspace import service as workspace_service
from workspace.extensions import db
from workspace.models import Role, User, Workspace

# Item counts at scale 1.0.
COUNTS = {"accounts": 300, "contacts": 1000, "deals": 1500, "leads": 500}
OPEN_DEAL_DAYS = (-15, 120)  # some open deals are overdue
CLOSED_DEAL_DAYS = (-60, 0)
CLOSING_SOON_DAYS = 30
UNIQUE_ATTEMPTS = 50  # draws for an unused company name before numbering one


@dataclass
class Crm:
    """The boards of one CRM workspace, their groups by role, and the key the service chose for
    the Accounts side of Deals → Account (every other column has a fixed key)."""

    workspace: Workspace
    leads: Board
    contacts: Board
    accounts: Board
    deals: Board
    groups: dict[str, Group] = field(default_factory=dict)
    account_deals_key: str = ""  # on Accounts: the twin of Deals → Account


def build_crm(admin: User, *, name: str = "CRM", scale: float = 1.0, seed: int = 7) -> Workspace:
    """Creates a CRM workspace with `admin` as its admin. `scale` multiplies the sample item
    counts (0: the boards, links and views only); with sample data a small sales team joins as
    members. The same seed gives the same names and values. The caller commits."""
    rng = random.Random(seed)
    with _acting_as(admin):
        workspace = workspace_service.create_workspace(name, admin)
        crm = _design(workspace, admin)
        if scale > 0:
            _fill(crm, admin, [admin, *_add_team(workspace)], rng, scale, clock.today())
        _save_views(crm, admin)
        _automate(crm, admin)
    return workspace


@contextmanager
def _acting_as(user: User) -> Iterator[None]:
    """The services check roles against g.user; the CLI has no request to set it."""
    had, previous = "user" in g, g.get("user")
    g.user = user
    try:
        yield
    finally:
        if had:
            g.user = previous
        else:
            g.pop("user", None)


def _add_team(workspace: Workspace) -> list[User]:
    """Members who own deals next to the admin. Nobody knows their passwords: they exist so
    "Owner" varies, not to log in."""
    team = []
    for name, handle in data.TEAM:
        user = workspace_service.create_user(f"{handle}+ws{workspace.id}@example.com", secrets.token_urlsafe(32), name)
        workspace_service.add_member(workspace.id, user.email, Role.member)
        team.append(user)
    return team


# -- the boards ------------------------------------------------------------------------------
def _design(workspace: Workspace, admin: User) -> Crm:
    def board(title: str, description: str) -> Board:
        return service.create_board(workspace.id, title, description, admin)

    crm = Crm(workspace, board(_("Leads"), _("People who showed interest, before they become contacts.")),
              board(_("Contacts"), _("The people at our accounts.")),
              board(_("Accounts"), _("Companies we sell to.")),
              board(_("Deals"), _("Every opportunity, from first call to won or lost.")))
    crm.groups = {
        **_groups(crm.leads, admin,
                  [("new_leads", _("New leads")), ("working", _("Working")), ("lost_leads", _("Lost"))]),
        **_groups(crm.deals, admin, [("open", _("Open")), ("won", _("Won")), ("lost", _("Lost"))]),
        **_groups(crm.contacts, admin, [("contacts", _("Contacts"))]),
        **_groups(crm.accounts, admin, [("accounts", _("Accounts"))]),
    }

    def add(board: Board, key: str, title: str, type_: str, settings: dict | None = None, **extra: Any) -> Column:
        return columns.create_column(board, admin, key=key, title=title, type=type_, settings=settings, **extra)

    add(crm.leads, "company", _("Company"), "text")
    add(crm.leads, "email", _("E-mail"), "email")
    add(crm.leads, "phone", _("Phone"), "phone")
    add(crm.leads, "source", _("Source"), "status",
        {"labels": [{"label": label, "color": color} for label, color in data.LEAD_SOURCES]})
    add(crm.leads, "country", _("Country"), "country")

    add(crm.contacts, "title", _("Title"), "text")
    add(crm.contacts, "email", _("E-mail"), "email")
    add(crm.contacts, "phone", _("Phone"), "phone")
    add(crm.contacts, "role", _("Role"), "text", scope="subitem")
    add(crm.contacts, "colleague_email", _("E-mail"), "email", scope="subitem")

    add(crm.accounts, "industry", _("Industry"), "status",
        {"labels": [{"label": label, "color": color} for label, color, *_words in data.INDUSTRIES]})
    add(crm.accounts, "country", _("Country"), "country")
    add(crm.accounts, "location", _("Location"), "location")
    add(crm.accounts, "website", _("Website"), "link")
    to_contacts = add(crm.accounts, "contacts", _("Contacts"), "connect_boards",
                      {"board_ids": [crm.contacts.id], "two_way": True})
    # The service names a twin after the board it links back to; one contact has one account.
    columns.update_column(_twin(to_contacts), admin, title=_("Account"))

    add(crm.deals, "stage", _("Stage"), "status",
        {"labels": [{"label": label, "color": color} for label, color, _p in data.STAGES], "default": "New"})
    add(crm.deals, "owner", _("Owner"), "people")
    add(crm.deals, "value", _("Value"), "number", {"unit": "USD", "decimals": 0})
    add(crm.deals, "close_date", _("Close date"), "date")
    add(crm.deals, "probability", _("Probability"), "number", {"unit": "%", "decimals": 0})
    to_account = add(crm.deals, "account", _("Account"), "connect_boards",
                     {"board_ids": [crm.accounts.id], "two_way": True})
    crm.account_deals_key = _twin(to_account).key
    add(crm.deals, "contact", _("Contact"), "connect_boards", {"board_ids": [crm.contacts.id]})

    add(crm.accounts, "open_pipeline", _("Open pipeline"), "mirror",
        {"link_column": crm.account_deals_key, "target_column": "value", "aggregate": "sum",
         "filter": {"and": [{"column": "stage", "operator": "not_any_of", "value": list(data.CLOSED_STAGES)}]}})
    add(crm.accounts, "contact_count", _("Contact count"), "mirror",
        {"link_column": "contacts", "target_column": "name", "aggregate": "count"})
    return crm


def _groups(board: Board, admin: User, wanted: list[tuple[str, str]]) -> dict[str, Group]:
    """The board's first group renamed, the others added."""
    (first_role, first_name), *rest = wanted
    groups = {first_role: service.update_group(service.groups_of(board)[0], admin, name=first_name)}
    for role, name in rest:
        groups[role] = service.create_group(board, name, user=admin)
    return groups


def _twin(column: Column) -> Column:
    return db.session.get(Column, column.settings["reverse_column_id"])


# -- the sample data -------------------------------------------------------------------------
def _count(kind: str, scale: float) -> int:
    return max(1, round(COUNTS[kind] * scale))


def _fill(crm: Crm, admin: User, team: list[User], rng: random.Random, scale: float, today: date) -> None:
    accounts = _accounts(crm, admin, rng, _count("accounts", scale))
    contacts = _contacts(crm, admin, rng, accounts, _count("contacts", scale))
    deals = _deals(crm, admin, team, rng, accounts, contacts, _count("deals", scale), today)
    # Linked from the accounts' side, each account once: the same links and activity as linking
    # every contact and deal to its account one by one, in a third of the writes.
    for account_id, _company in accounts:
        items.update_item(db.session.get(Item, account_id), admin, values={
            "contacts": contacts.get(account_id, []), crm.account_deals_key: deals.get(account_id, [])})
    _leads(crm, admin, rng, _count("leads", scale))


def _accounts(crm: Crm, admin: User, rng: random.Random, count: int) -> list[tuple[int, data.Company]]:
    made, names, domains = [], set(), set()
    while len(made) < count:
        for attempt in itertools.count():
            company = data.company(rng, data.language(rng))
            if attempt >= UNIQUE_ATTEMPTS:  # the vocabulary is used up (a scale well above 1): number them
                company = replace(company, name=f"{company.name} #{len(made) + 1}",
                                  domain=f"{len(made) + 1}.{company.domain}")
            if company.name not in names and company.domain not in domains:
                break
        names.add(company.name)
        domains.add(company.domain)
        item = items.create_item(crm.accounts, admin, name=company.name, values={
            "industry": company.industry, "country": company.country, "location": data.near(rng, company.city),
            "website": {"url": f"https://www.{company.domain}"}})
        made.append((item.id, company))
    return made


def _contacts(crm: Crm, admin: User, rng: random.Random, accounts: list, count: int) -> dict[int, list[int]]:
    """account item id → its contacts' item ids. Every account gets one before any gets two."""
    by_account: dict[int, list[int]] = {}
    weights = [rng.uniform(0.3, 3.0) for _account in accounts]  # some companies have many people on file
    for n in range(count):
        account_id, company = accounts[n] if n < len(accounts) else rng.choices(accounts, weights)[0]
        person = data.person(rng, company.language if rng.random() < 0.85 else data.language(rng))
        title = rng.choice(data.TITLES)
        item = items.create_item(crm.contacts, admin, name=person.name, values={
            "title": title, "email": data.email(person.handle, company.domain),
            "phone": data.phone(rng, company.country)})
        by_account.setdefault(account_id, []).append(item.id)
        if title in data.SENIOR_TITLES and rng.random() < 0.4:
            for role in rng.sample(data.COLLEAGUE_ROLES, rng.randint(1, 2)):
                colleague = data.person(rng, person.language)
                items.create_item(crm.contacts, admin, name=colleague.name, parent_id=item.id, values={
                    "role": role, "colleague_email": data.email(colleague.handle, company.domain)})
    return by_account


def _deals(crm: Crm, admin: User, team: list[User], rng: random.Random, accounts: list,
           contacts: dict[int, list[int]], count: int, today: date) -> dict[int, list[int]]:
    """account item id → its deals' item ids."""
    by_account: dict[int, list[int]] = {}
    stages = [stage for stage, _color, _p in data.STAGES]
    probability = {stage: p for stage, _color, p in data.STAGES}
    owner_weights = [3] + [2] * (len(team) - 1)  # the admin owns a few more, so "My open deals" is full
    account_weights = [rng.uniform(0.2, 3.0) for _account in accounts]
    for _n in range(count):
        account_id, company = rng.choices(accounts, account_weights)[0]
        stage = rng.choices(stages, data.STAGE_WEIGHTS)[0]
        closed = stage in data.CLOSED_STAGES
        days = rng.randint(*(CLOSED_DEAL_DAYS if closed else OPEN_DEAL_DAYS))
        values = {
            "stage": stage, "owner": [rng.choices(team, owner_weights)[0].id],
            "value": min(500_000, max(1_000, round(rng.lognormvariate(9.9, 0.9) / 500) * 500)),
            "close_date": (today + timedelta(days=days)).isoformat(), "probability": probability[stage]}
        if contacts.get(account_id):
            values["contact"] = [rng.choice(contacts[account_id])]
        group = crm.groups["won" if stage == "Won" else "lost" if stage == "Lost" else "open"]
        item = items.create_item(crm.deals, admin, name=f"{company.short} – {rng.choice(data.PRODUCTS)}",
                                 group_id=group.id, values=values)
        by_account.setdefault(account_id, []).append(item.id)
    return by_account


def _leads(crm: Crm, admin: User, rng: random.Random, count: int) -> None:
    groups = {"new_leads": 50, "working": 30, "lost_leads": 20}
    sources = {label: weight for (label, _color), weight in zip(data.LEAD_SOURCES, [30, 20, 15, 10, 10, 15],
                                                                  strict=True)}
    for _n in range(count):
        lang = data.language(rng)
        person, company = data.person(rng, lang), data.company(rng, lang)
        items.create_item(crm.leads, admin, name=person.name, group_id=crm.groups[data.pick(rng, groups)].id,
                          values={"company": company.name, "email": data.email(person.handle, company.domain),
                                  "phone": data.phone(rng, company.country), "source": data.pick(rng, sources),
                                  "country": company.country})


# -- saved views -----------------------------------------------------------------------------
def _save_views(crm: Crm, admin: User) -> None:
    still_open = {"column": "stage", "operator": "not_any_of", "value": list(data.CLOSED_STAGES)}
    # No operator means "this calendar month"; the next 30 days is the closest, and more useful
    # on the 28th than a month that is nearly over.
    saved.create_view(crm.deals, admin, name=_("Closing this month"), type="table",
                      filter={"and": [{"column": "close_date", "operator": "within_the_next",
                                       "value": {"days": CLOSING_SOON_DAYS}}, still_open]},
                      sort=[{"column": "close_date", "direction": "asc"}])
    saved.create_view(crm.deals, admin, name=_("My open deals"), type="kanban",
                      filter={"and": [{"column": "owner", "operator": "any_of", "value": ["me"]}, still_open]},
                      settings={"column": "stage", "card_columns": ["account", "value", "close_date"]})
    saved.create_view(crm.deals, admin, name=_("Pipeline"), type="kanban",
                      settings={"column": "stage", "card_columns": ["account", "value", "owner"]})
    saved.create_view(crm.accounts, admin, name=_("Accounts map"), type="map", settings={"column": "location"})
    saved.create_view(crm.accounts, admin, name=_("Biggest open pipeline"), type="table",
                      sort=[{"column": "open_pipeline", "direction": "desc"}])
    saved.create_view(crm.contacts, admin, name=_("Contacts A–Z"), type="table",
                      sort=[{"column": "name", "direction": "asc"}])
    saved.create_view(crm.leads, admin, name=_("Leads by source"), type="kanban",
                      settings={"column": "source", "card_columns": ["company", "country"]})


def _automate(crm: Crm, admin: User) -> None:
    """Three working automations. Made after the sample data, and none reacts to items being
    created, so loading the sample triggers nothing."""
    def stage_is(label: str) -> dict:
        return {"type": "status_changed_to", "config": {"column": "stage", "label": label}}
    automation_service.create_automation(
        crm.deals, admin, name=_("Won deals move to Won"), trigger=stage_is("Won"),
        actions=[{"type": "move_to_group", "config": {"group_id": crm.groups["won"].id}},
                 {"type": "set_value", "config": {"column": "probability", "value": 100}}])
    automation_service.create_automation(
        crm.deals, admin, name=_("Lost deals move to Lost"), trigger=stage_is("Lost"),
        actions=[{"type": "move_to_group", "config": {"group_id": crm.groups["lost"].id}},
                 {"type": "set_value", "config": {"column": "probability", "value": 0}}])
    automation_service.create_automation(
        crm.deals, admin, name=_("Tell the owner when a deal reaches negotiation"), trigger=stage_is("Negotiation"),
        actions=[{"type": "notify", "config": {
            "people_column": "owner", "message": _("{item.name} is in negotiation ({item.value} USD), "
                                                   "closing {item.close_date}")}}])
