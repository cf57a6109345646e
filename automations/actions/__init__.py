"""The action registry's members; each module registers one action."""
from automations.actions import (  # noqa: F401  (imported for their registration)
    archive_item,
    assign_person,
    clear_value,
    connect_item,
    create_item,
    create_subitem,
    duplicate_item,
    increase_number,
    move_to_group,
    notify,
    send_email,
    send_webhook,
    set_value,
)
