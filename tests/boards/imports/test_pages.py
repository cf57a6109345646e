"""The import pages (boards/imports/pages.py): upload, the mapping form with the suggestion and its
questions, errors in place, start → progress → counts, dry run → "Import now", cancel, undo, saved
mappings, reading the file again; members import, viewers do not, other workspaces do not exist."""
from __future__ import annotations

import io
import re
from datetime import datetime
from html.parser import HTMLParser

import pytest
from werkzeug.datastructures import MultiDict

from boards.imports import runner

HX = {"HX-Request": "true"}
DEALS = "Name,Stage,Amount,Close date\n" + "".join(
    f"Deal {n},{('Won', 'Lost', 'New')[n % 3]},{n * 100},03/{n % 9 + 1:02}/2024\n" for n in range(1, 61))


class FormFields(HTMLParser):
    """The fields a browser would submit from the form with this id (no button pressed)."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.select, self.fields = form_id, False, None, MultiDict()
        self.options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif not self.inside:
            return
        elif tag == "input" and attrs.get("name") and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") not in ("radio", "checkbox") or "checked" in attrs:
                self.fields.add(attrs["name"], attrs.get("value", ""))
        elif tag == "select":
            self.select, self.options = attrs.get("name"), []
        elif tag == "option" and self.select and "disabled" not in attrs:
            self.options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            chosen = [value for value, selected in self.options if selected] or [self.options[0][0]]
            self.fields.add(self.select, chosen[0])
            self.select = None


def form_of(html: str, form_id: str = "import-form") -> MultiDict:
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


def text_of(response) -> str:
    return response.get_data(as_text=True)


def row_html(html: str, header: str) -> str:
    """The mapping row of one CSV header."""
    start = html.index(f'data-header="{header}"')
    end = html.find('<div class="map-row', start)
    return html[start:end if end != -1 else None]


@pytest.fixture
def deals(admin_api, board):
    admin_api.ok("POST", f"/boards/{board['id']}/columns", {"title": "Amount", "type": "number", "key": "amount"})
    return board


@pytest.fixture
def web(web_login, admin_api):
    return web_login(admin_api)


@pytest.fixture
def send(web, deals):
    """send(content, filename, client=web) → the upload form's response (not followed)."""
    def post(content: str | bytes = DEALS, filename: str = "deals.csv", client=None):
        data = content.encode() if isinstance(content, str) else content
        return (client or web).post(f"/boards/{deals['id']}/import", data={"file": (io.BytesIO(data), filename)},
                                    content_type="multipart/form-data")
    return post


@pytest.fixture
def uploaded(send) -> int:
    response = send()
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


@pytest.fixture
def held(app, monkeypatch):
    """Imports started meanwhile wait, unqueued, so their page can be seen before they run;
    held() then queues them."""
    enqueue, waiting = runner.enqueue, []
    monkeypatch.setattr(runner, "enqueue", waiting.append)

    def release() -> None:
        with app.app_context():
            for import_id in waiting:
                enqueue(import_id)
    return release


def start(web, import_id: int, **changes) -> object:
    form = form_of(text_of(web.get(f"/imports/{import_id}")))
    for name, value in changes.items():
        form.setlist(name.replace("_", "-") if name.startswith("m") and name[1].isdigit() else name, [value])
    return web.post(f"/imports/{import_id}/start", data=form)


# -- upload and the mapping page -------------------------------------------------------------------
def test_the_upload_page_offers_a_file_input(web, deals):
    html = text_of(web.get(f"/boards/{deals['id']}/import"))
    assert 'type="file"' in html and 'name="file"' in html and 'enctype="multipart/form-data"' in html
    assert "No imports into this board yet." in html


def test_an_upload_shows_the_file_the_preview_and_the_suggested_mapping(web, uploaded):
    html = text_of(web.get(f"/imports/{uploaded}"))
    summary = re.sub(r"\s+", " ", re.search(r"data-import-summary>(.*?)</p>", html, re.S).group(1)).strip()
    assert summary == "<strong>deals.csv</strong> · 60 rows · UTF-8 · comma · header on row 1"
    preview = re.search(r"<table class=\"preview-table\".*?</table>", html, re.S).group(0)
    assert preview.count("<tr>") == 21 and "Deal 20" in preview and "Deal 21" not in preview  # 20 rows + head
    form = form_of(html)
    assert form["m0-target"] == "name"
    assert form["m2-target"] == "column:amount"
    assert (form["m1-target"], form["m1-type"], form["m1-title"]) == ("new_column", "status", "Stage")
    assert all(f">{label}</span>" in row_html(html, "Stage") for label in ("Won", "Lost", "New"))  # label chips
    # 03/01/2024 reads either way: the question is asked, month first preselected.
    close = row_html(html, "Close date")
    assert 'data-question="date_format"' in close
    assert "Dates like 03/02/2024: month first or day first?" in close
    assert form["m3-format-date_format"] == "MM/DD/YYYY"
    assert "Deal 1" in row_html(html, "Name") and "Won" in row_html(html, "Stage")  # sample values


@pytest.mark.parametrize(("content", "filename", "reason", "status"), [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "photo.png", "This is a PNG image, not a CSV file.", 422),
    (b"", "empty.csv", "The file is empty.", 422),
    (b"PK\x03\x04" + bytes(300), "deals.xlsx", "This looks like an Excel workbook (.xlsx)", 422),
])
def test_a_file_that_cannot_be_imported_shows_its_reason(send, content, filename, reason, status):
    response = send(content, filename)
    html = text_of(response)
    assert response.status_code == status
    assert "data-upload-error" in html and reason in html and 'aria-invalid="true"' in html


def test_a_file_over_the_limit_answers_413_on_the_upload_page(app, send, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 100)
    response = send()
    assert response.status_code == 413 and "larger than the import limit" in text_of(response)


def test_no_file_chosen_is_a_422(web, deals):
    response = web.post(f"/boards/{deals['id']}/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Choose a CSV file to import." in text_of(response)


def test_a_viewer_cannot_open_the_upload_page_nor_an_import(member_of, web_login, deals, uploaded):
    viewer = web_login(member_of("viewer"))
    assert viewer.get(f"/boards/{deals['id']}/import").status_code == 403
    assert viewer.post(f"/boards/{deals['id']}/import", data={"file": (io.BytesIO(b"Name\nA\n"), "a.csv")},
                       content_type="multipart/form-data").status_code == 403
    assert viewer.get(f"/imports/{uploaded}").status_code == 403


@pytest.mark.parametrize("path", ["/imports/{id}", "/imports/{id}/progress", "/imports/{id}/rows/0"])
def test_another_workspace_s_import_is_404(make_api, web_login, uploaded, path):
    stranger = web_login(make_api())
    assert stranger.get(path.format(id=uploaded)).status_code == 404
    assert stranger.post(f"/imports/{uploaded}/start", data={}).status_code == 404


def test_a_member_may_import_but_not_add_columns(member_of, web_login, send):
    member = web_login(member_of("member"))
    response = send(client=member)
    assert response.status_code == 302
    html = text_of(member.get(response.headers["Location"]))
    stage = row_html(html, "Stage")
    assert '<option value="new_column" disabled>' in stage and "an admin can add one" in stage


def test_the_toolbar_shows_import_to_members_but_not_to_viewers(member_of, web_login, web, deals):
    link = f'href="/boards/{deals["id"]}/import" data-import-link'
    assert link in text_of(web.get(f"/boards/{deals['id']}"))
    assert link in text_of(web_login(member_of("member")).get(f"/boards/{deals['id']}"))
    assert "data-import-link" not in text_of(web_login(member_of("viewer")).get(f"/boards/{deals['id']}"))


# -- changing the mapping --------------------------------------------------------------------------
def test_a_new_type_brings_its_format_selects_and_settings(web, uploaded):
    row = f"/imports/{uploaded}/rows/1"
    base = {"m1-target": "new_column", "m1-title": "Stage", "m1-scope": "item", "m1-was": "new_column:status",
            "m1-settings": '{"labels": [{"label": "Won", "color": "#00c875"}]}'}
    as_text = text_of(web.get(row, query_string={**base, "m1-type": "text"}, headers=HX))
    assert 'name="m1-settings" value="{}"' in as_text and "data-format" not in as_text
    assert 'value="new_column:text"' in as_text  # the settings shown are the text type's now
    as_number = text_of(web.get(f"/imports/{uploaded}/rows/2", headers=HX, query_string={
        "m2-target": "new_column", "m2-type": "number", "m2-was": "column:amount"}))
    assert 'name="m2-format-decimal"' in as_number and 'name="m2-title" value="Amount"' in as_number
    as_dropdown = text_of(web.get(row, query_string={**base, "m1-type": "dropdown"}, headers=HX))
    assert "&#34;labels&#34;: [&#34;Lost&#34;, &#34;New&#34;, &#34;Won&#34;]" in as_dropdown  # from the whole file


def test_the_title_typed_stays_when_the_type_changes(web, uploaded):
    url, query = f"/imports/{uploaded}/rows/3", {"m3-target": "new_column", "m3-title": "Closing on"}
    html = text_of(web.get(url, headers=HX, query_string={**query, "m3-type": "timeline", "m3-was": "new_column:date"}))
    assert 'value="Closing on"' in html and 'name="m3-format-date_format"' in html
    assert "data-question" not in html  # a timeline reads these dates with no question of its own
    html = text_of(web.get(url, headers=HX, query_string={**query, "m3-type": "date", "m3-was": "new_column:text"}))
    assert 'value="Closing on"' in html and "month first or day first?" in html  # back to the suggestion's


def test_a_bad_entry_is_shown_next_to_its_header_with_the_choices_kept(web, uploaded):
    response = start(web, uploaded, m0_target="column:amount", m1_title="Pipeline stage")
    html = text_of(response)
    assert response.status_code == 422
    amount = row_html(html, "Amount")
    assert "data-row-error" in amount and "Name already goes to this column" in amount
    assert 'aria-invalid="true"' in amount
    form = form_of(html)
    assert (form["m0-target"], form["m1-title"]) == ("column:amount", "Pipeline stage")


def test_option_errors_are_shown_next_to_the_option(web, uploaded):
    response = start(web, uploaded, m3_target="skip", key_column="Close date")
    html = text_of(response)
    assert response.status_code == 422
    assert re.search(r'data-option-error="key_column">the key column must go to the name or to a column<', html)
    assert form_of(html)["key_column"] == "Close date"


def test_a_mapping_without_the_item_name_says_so(web, uploaded):
    response = start(web, uploaded, m0_target="skip")
    assert response.status_code == 422
    assert re.search(r"data-mapping-error>one column must be the item name", text_of(response))


def test_the_file_can_be_read_with_another_delimiter_or_header_row(web, send):
    response = send("Exported by CRM\nName;Stage\nAcme;Won\nGlobex;Lost\n", "semi.csv")
    import_id = int(response.headers["Location"].rsplit("/", 1)[1])
    response = web.post(f"/imports/{import_id}/read",
                        data={"encoding": "utf-8", "delimiter": "tab", "header_line": "2"})
    assert response.status_code == 302
    html = text_of(web.get(f"/imports/{import_id}"))
    assert "· tab ·" in re.sub(r"\s+", " ", html) and "header on row 2" in html
    assert '<th scope="col">Name;Stage</th>' in html
    bad = web.post(f"/imports/{import_id}/read", data={"delimiter": ";", "header_line": "0"})
    assert bad.status_code == 422 and "the header row must be a number, 1 or more" in text_of(bad)


def test_a_saved_mapping_is_applied_from_the_page(admin_api, web, deals, uploaded):
    saved = admin_api.ok("POST", f"/boards/{deals['id']}/import-mappings", {
        "name": "CRM export", "headers": ["Name", "Stage", "Amount", "Close date"],
        "mapping": {"Name": {"target": "name"}, "Stage": {"target": "group"}, "Amount": {"target": "skip"}},
        "options": {"blank": "clear"}})
    html = text_of(web.get(f"/imports/{uploaded}"))
    assert f'data-apply-mapping="{saved["id"]}"' in html and "CRM export ✓" in html
    html = text_of(web.get(f"/imports/{uploaded}", query_string={"mapping": saved["id"]}))
    assert "The saved mapping “CRM export” is applied" in html
    form = form_of(html)
    assert (form["m1-target"], form["m2-target"], form["blank"]) == ("group", "skip", "clear")


# -- running: progress, counts, dry run, cancel, undo ----------------------------------------------
def test_start_then_the_progress_polls_until_the_counts(web, uploaded, held, finish, board_items, deals):
    response = start(web, uploaded)
    assert response.status_code == 302 and response.headers["Location"] == f"/imports/{uploaded}/progress"
    page = text_of(web.get(f"/imports/{uploaded}/progress"))
    assert "<h1>Import of deals.csv</h1>" in page
    waiting = text_of(web.get(f"/imports/{uploaded}/progress", headers=HX))
    assert 'hx-trigger="every 1s"' in waiting and 'hx-swap="outerHTML"' in waiting and "<h1>" not in waiting
    assert re.search(r'<progress max="60" value="0"', waiting) and "0 of 60 rows" in waiting
    assert "data-cancel" in waiting
    held()
    finish()
    done = text_of(web.get(f"/imports/{uploaded}/progress", headers=HX))
    assert "hx-trigger" not in done  # ended: the polling stops
    assert '<progress max="60" value="60"' in done and "60 of 60 rows" in done and "Import done" in done
    assert re.search(r'data-count="created">60<', done) and re.search(r'data-count="failed">0<', done)
    assert "data-undo>" in done and f'href="/boards/{deals["id"]}" data-open-board' in done
    items = board_items(deals["id"])
    assert len(items) == 60 and {item["values"]["amount"] for item in items} >= {100, 6000}
    # The upload page lists it, finished.
    listing = text_of(web.get(f"/boards/{deals['id']}/import"))
    assert f'data-import-id="{uploaded}"' in listing and "Imported" in listing


def test_failed_rows_link_to_the_errors_csv(web, send, finish):
    response = send("Name,Amount\nA,5\nB,lots\n")
    import_id = int(response.headers["Location"].rsplit("/", 1)[1])
    start(web, import_id, m1_target="column:amount")
    finish()
    html = text_of(web.get(f"/imports/{import_id}/progress", headers=HX))
    assert re.search(r'data-count="failed">1<', html)
    link = re.search(r'<a href="([^"]+)" download data-errors-csv>', html).group(1)
    assert link == f"/api/v1/imports/{import_id}/errors.csv"
    csv_text = web.get(link).get_data(as_text=True)
    assert "B,lots" in csv_text


def test_a_dry_run_counts_then_import_now_writes(admin_api, web, uploaded, finish, board_items, deals):
    response = start(web, uploaded, dry_run="1", save_mapping_as="Deals export")
    assert response.headers["Location"] == f"/imports/{uploaded}/progress?save_as=Deals+export"
    finish()
    html = text_of(web.get(response.headers["Location"], headers=HX))
    assert "Dry run done: nothing was written" in html
    assert re.search(r"<dt>Would be created</dt><dd data-count=\"created\">60<", html)
    assert "data-import-now" in html and 'value="Deals export"' in html and "data-undo>" not in html
    assert board_items(deals["id"]) == []
    # The mapping can still be changed: the page shows the dry run's choices.
    assert "These are the choices of your dry run" in text_of(web.get(f"/imports/{uploaded}"))
    response = web.post(f"/imports/{uploaded}/import-now", data={"save_mapping_as": "Deals export"})
    assert response.headers["Location"] == f"/imports/{uploaded}/progress"
    finish()
    html = text_of(web.get(f"/imports/{uploaded}/progress", headers=HX))
    assert re.search(r"<dt>Created</dt><dd data-count=\"created\">60<", html) and "data-import-now" not in html
    assert len(board_items(deals["id"])) == 60
    assert [m["name"] for m in admin_api.ok("GET", f"/boards/{deals['id']}/import-mappings")] == ["Deals export"]
    # A real run's mapping is final; starting it again says so on its page.
    assert web.get(f"/imports/{uploaded}").headers["Location"] == f"/imports/{uploaded}/progress"
    again = web.post(f"/imports/{uploaded}/import-now", data={})
    assert again.headers["Location"] == f"/imports/{uploaded}/progress"
    assert "This import has run" in text_of(web.get(again.headers["Location"]))


def test_cancel_stops_an_import_that_has_not_begun(web, uploaded, held):
    start(web, uploaded)
    html = text_of(web.post(f"/imports/{uploaded}/cancel", headers=HX))
    assert 'data-status="cancelled"' in html and "hx-trigger" not in html and "data-cancel" not in html
    again = text_of(web.post(f"/imports/{uploaded}/cancel", headers=HX))
    assert "The import has already ended." in again
    response = web.post(f"/imports/{uploaded}/cancel")  # without htmx: back to the page
    assert response.status_code == 302 and response.headers["Location"] == f"/imports/{uploaded}/progress"


def test_undo_trashes_what_the_import_created(web, uploaded, finish, board_items, deals):
    start(web, uploaded)
    finish()
    assert len(board_items(deals["id"])) == 60
    html = text_of(web.post(f"/imports/{uploaded}/undo", headers=HX))
    assert "Undone: 60 items moved to the trash, 0 changes reverted." in re.sub(r"\s+", " ", html)
    assert "data-undo>" not in html
    assert board_items(deals["id"]) == []
    assert "This import has been undone already." in text_of(web.post(f"/imports/{uploaded}/undo", headers=HX))
    page = text_of(web.get(f"/imports/{uploaded}/progress"))
    assert "data-undone" in page and "Undone " in page


def test_the_finished_time_is_shown_in_the_user_s_time_zone(app, admin_api, web, uploaded, deals):
    from boards.imports.models import Import
    from workspace.extensions import db
    from workspace.models import User

    with app.app_context():
        db.session.get(User, admin_api.user_id).timezone = "Asia/Bangkok"
        imp = db.session.get(Import, uploaded)
        imp.status, imp.started_at, imp.finished_at = "succeeded", datetime(2024, 1, 1, 19), datetime(2024, 1, 1, 20)
        db.session.commit()
    listing = text_of(web.get(f"/boards/{deals['id']}/import"))
    assert re.search(r'<time datetime="2024-01-01T20:00:00Z">1/2/24, 3:00\W*AM</time>', listing)  # UTC+7


def test_the_targets_are_item_columns_then_sub_item_columns_never_read_only_ones(admin_api, web, deals, send):
    admin_api.ok("POST", f"/boards/{deals['id']}/columns", {"title": "Task", "type": "text", "scope": "subitem"})
    admin_api.ok("POST", f"/boards/{deals['id']}/columns", {"title": "Created", "type": "creation_log"})
    response = send("Name,Notes\nAcme,hi\n")
    html = text_of(web.get(response.headers["Location"]))
    select = re.search(r'<select id="m1-target".*?</select>', html, re.S).group(0)
    options = re.findall(r'<option value="([^"]*)"', select)
    assert options == ["name", "group", "skip", "column:amount", "column:task", "new_column"]
    assert select.index('label="Columns"') < select.index('label="Sub-item columns"') < select.index("column:task")
    assert "Created" not in select
