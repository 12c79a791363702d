-- The stock ledger (SPEC section 5): one row for every change of a variant's on-hand quantity,
-- written in the same transaction as the change by store/stock_ledger.cc, the only code that
-- changes item_stock.quantity. For every variant, SUM(delta) = quantity at every moment; rows
-- are never changed or deleted.
CREATE TABLE IF NOT EXISTS stock_ledger (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  item_stock_id BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  delta INT NOT NULL,
  on_hand_after INT NOT NULL,
  reason ENUM('sale', 'refund', 'adjust', 'count', 'import', 'demo') NOT NULL,
  order_id BIGINT UNSIGNED NULL COMMENT 'the order of a sale or a refund',
  note VARCHAR(500) NOT NULL DEFAULT '' COMMENT 'the free text a person gave',
  who VARCHAR(254) NOT NULL COMMENT 'a staff e-mail, cli or system',
  KEY ix_stock_ledger_variant (item_stock_id, id),
  KEY ix_stock_ledger_time (created_at),
  CONSTRAINT fk_stock_ledger_variant FOREIGN KEY (item_stock_id) REFERENCES item_stock (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A count changes on-hand only if nothing did since the counter's form was drawn: every ledger
-- row bumps the variant's stock_version.
ALTER TABLE item_stock ADD COLUMN IF NOT EXISTS stock_version BIGINT UNSIGNED NOT NULL DEFAULT 0;

-- What was on hand before the ledger existed is its opening count.
INSERT INTO stock_ledger (item_stock_id, delta, on_hand_after, reason, note, who)
SELECT s.id, s.quantity, s.quantity, 'count', 'opening balance when the ledger began', 'system'
  FROM item_stock s
 WHERE NOT EXISTS (SELECT 1 FROM stock_ledger l WHERE l.item_stock_id = s.id);
