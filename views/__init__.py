"""Reading boards: item pages (keyset paging), and later filters, sorts and saved views."""
