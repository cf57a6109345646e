"""The trigger registry's members; each module registers one trigger."""
from automations.triggers import (  # noqa: F401  (imported for their registration)
    button_clicked,
    column_changed,
    date_arrived,
    every_period,
    item_created,
    item_moved_to_group,
    status_changed_to,
    subitem_created,
)
