"""Text -> Notice: cleaning with an offset map, numbering, notes (units, roles, deadlines), metadata."""
