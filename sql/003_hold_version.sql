-- A counter every checkout bumps on the variants it holds. On one server the row lock taken to
-- measure availability already serialises checkouts; on a Galera cluster that lock holds only on
-- its own node, and two checkouts on two nodes that both insert holds for the last units would
-- each pass certification (inserting a hold only references the stock row). Writing the stock
-- row makes them conflict: one is retried and sees the other's hold.
ALTER TABLE item_stock ADD COLUMN IF NOT EXISTS hold_version BIGINT UNSIGNED NOT NULL DEFAULT 0;
