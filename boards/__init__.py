"""Boards, groups, columns, items and sub-items: the only writer of board data."""
