"""Map pages: markers of items with a location or a country, under the page's filter and search."""
from __future__ import annotations

import pycountry
from flask import Blueprint, abort, jsonify, request

from boards.models import Item
from views.pages import load_page
from views.service import build
from views.types.map import MAX_MARKERS
from workspace.auth import pages_need_login
from workspace.extensions import db

bp = Blueprint("map_ui", __name__)


pages_need_login(bp)


@bp.route("/boards/<int:board_id>/map/markers.json")
def markers(board_id: int):
    """{markers: [...], truncated, limit}: for a location column each marker is {id, name, lat, lng,
    address?}; for a country column {id, name, country (alpha-2), numeric (ISO 3166 numeric, the id of
    the country's shape in the world-atlas basemap)}, placed by the browser at the country's centre.
    At most MAX_MARKERS, in the board's order; `truncated` says when there were more."""
    page = load_page(board_id)
    if page.view is None or page.view.id != request.args.get("view", type=int) or page.view.type != "map":
        abort(404)
    key = page.view.settings.get("column")
    column = next((c for c in page.all_columns if c.key == key), None)
    if column is None or column.type not in ("location", "country"):
        return jsonify(markers=[], truncated=False, limit=MAX_MARKERS)
    spec = page.spec()
    spec.extra_filters.append({"column": column.key, "operator": "is_not_empty"})
    query, _keys = build(page.board, spec)
    rows = db.session.execute(query.with_only_columns(Item.id, Item.name, Item.values[column.key])
                              .order_by(Item.position, Item.id).limit(MAX_MARKERS + 1)).all()
    out = [_marker(column.type, item_id, name, place) for item_id, name, place in rows[:MAX_MARKERS]]
    return jsonify(markers=[m for m in out if m is not None], truncated=len(rows) > MAX_MARKERS, limit=MAX_MARKERS)


def _marker(kind: str, item_id: int, name: str, place) -> dict | None:
    if kind == "location":
        if not isinstance(place, dict) or not _is_number(place.get("lat")) or not _is_number(place.get("lng")):
            return None
        marker = {"id": item_id, "name": name, "lat": place["lat"], "lng": place["lng"]}
        if place.get("address"):
            marker["address"] = place["address"]
        return marker
    country = pycountry.countries.get(alpha_2=place) if isinstance(place, str) else None
    if country is None:
        return None
    return {"id": item_id, "name": name, "country": country.alpha_2, "numeric": country.numeric}


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
