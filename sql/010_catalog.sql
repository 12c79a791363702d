-- The catalog the back office edits (issue 16): SKUs, photos, low-stock thresholds, and a
-- catalog version that every catalog write bumps in its own transaction, so a process that
-- caches the catalog can tell with one read whether its copy is still good.
-- product.active (sql/001) is "published": a hidden product answers 404 on the shop and stays
-- in the orders that have it.

-- One row. Writes to product, color, a variant's identity (not its stock) or photos bump it.
CREATE TABLE IF NOT EXISTS catalog_version (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  version BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT IGNORE INTO catalog_version (id, version) VALUES (1, 1);

ALTER TABLE product ADD COLUMN IF NOT EXISTS updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3);

-- Every variant has a SKU, unique in the store (the CSV files are keyed by it). The store gives
-- each new variant one (P12-BLK-M: product, color, size); the owner may change it.
-- low_threshold NULL: the [stock] low_threshold of the configuration. low_notified: the variant
-- was in a low-stock e-mail and has not been above its threshold since (so it is listed once
-- each time it falls to it).
ALTER TABLE item_stock
  ADD COLUMN IF NOT EXISTS sku VARCHAR(64) NULL,
  ADD COLUMN IF NOT EXISTS low_threshold INT NULL,
  ADD COLUMN IF NOT EXISTS low_notified TINYINT(1) NOT NULL DEFAULT 0,
  ADD UNIQUE KEY IF NOT EXISTS uq_item_stock_sku (sku);
-- Variants made before this file get the plain default, by id (unique whatever the names are).
UPDATE item_stock SET sku = CONCAT('P', product_id, '-V', id) WHERE sku IS NULL;

-- A product's photos, shown in position order (0 first: the store page's picture). name is
-- random (128 bits in hex): the files are MEDIA_DIR/NAME-WIDTH.jpg for each width the shop
-- shows up to the photo's own (width x height is the largest stored).
CREATE TABLE IF NOT EXISTS product_photo (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  product_id BIGINT UNSIGNED NOT NULL,
  position INT NOT NULL,
  name CHAR(32) NOT NULL,
  width INT NOT NULL,
  height INT NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_product_photo_name (name),
  KEY ix_product_photo_product (product_id, position),
  CONSTRAINT fk_product_photo_product FOREIGN KEY (product_id) REFERENCES product (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The low-stock e-mail (one a day at most) goes through mail_outbox as a message stored with its
-- words (sql/007) and no order; dedupe_key keeps it to one a day across hosts. sql/006 made kind
-- an ENUM of the order e-mails; stored messages (account, low_stock) are kinds too, so it
-- becomes text.
ALTER TABLE mail_outbox
  MODIFY kind VARCHAR(32) NOT NULL DEFAULT 'purchase',
  ADD COLUMN IF NOT EXISTS dedupe_key VARCHAR(100) NULL,
  ADD UNIQUE KEY IF NOT EXISTS uq_mail_outbox_dedupe (dedupe_key);
