-- Reserva's domain. Money is integer cents; times are UTC (each connection sets time_zone).
-- Every statement is idempotent (IF NOT EXISTS) because DDL cannot be rolled back.

-- A shopper: an account (email + password) or an anonymous visitor known by the id_session cookie.
CREATE TABLE IF NOT EXISTS client (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  session_key CHAR(32) NULL COMMENT 'anonymous id_session cookie, 128 random bits in hex',
  email VARCHAR(254) NULL,
  name VARCHAR(200) NOT NULL DEFAULT '',
  password_hash VARCHAR(255) NULL COMMENT 'KDF name, parameters, salt and hash',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  last_seen_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_client_session_key (session_key),
  UNIQUE KEY uq_client_email (email),
  KEY ix_client_last_seen (last_seen_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS product (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  description TEXT NOT NULL,
  price_cents BIGINT NOT NULL,
  image_url VARCHAR(500) NOT NULL DEFAULT '',
  active TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  CONSTRAINT ck_product_price CHECK (price_cents >= 0),
  KEY ix_product_active (active, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS color (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  UNIQUE KEY uq_color_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- On-hand stock of one variant. Stock rows are locked in ascending id order by every
-- transaction that touches several of them.
CREATE TABLE IF NOT EXISTS item_stock (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  product_id BIGINT UNSIGNED NOT NULL,
  color_id BIGINT UNSIGNED NOT NULL,
  size VARCHAR(16) NOT NULL,
  quantity INT NOT NULL,
  CONSTRAINT ck_item_stock_quantity CHECK (quantity >= 0),
  UNIQUE KEY uq_item_stock_variant (product_id, color_id, size),
  CONSTRAINT fk_item_stock_product FOREIGN KEY (product_id) REFERENCES product (id),
  CONSTRAINT fk_item_stock_color FOREIGN KEY (color_id) REFERENCES color (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS address (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  client_id BIGINT UNSIGNED NOT NULL,
  street VARCHAR(200) NOT NULL,
  number VARCHAR(20) NOT NULL,
  complement VARCHAR(100) NOT NULL DEFAULT '',
  neighborhood VARCHAR(100) NOT NULL,
  city VARCHAR(100) NOT NULL,
  state CHAR(2) NOT NULL,
  zip CHAR(8) NOT NULL COMMENT 'CEP, digits only',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_address_client (client_id),
  CONSTRAINT fk_address_client FOREIGN KEY (client_id) REFERENCES client (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An order; while end_date is NULL it is the client's cart (at most one per client, enforced by
-- the unique open_client_id). A finished order keeps the address it was shipped to.
CREATE TABLE IF NOT EXISTS shop_order (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  client_id BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  end_date DATETIME(3) NULL COMMENT 'set when a payment is approved: the order is finished',
  total_cents BIGINT NULL COMMENT 'what was paid, from the approved payment',
  email VARCHAR(254) NULL COMMENT 'where the purchase e-mail goes (guests give it at checkout)',
  ship_street VARCHAR(200) NULL,
  ship_number VARCHAR(20) NULL,
  ship_complement VARCHAR(100) NULL,
  ship_neighborhood VARCHAR(100) NULL,
  ship_city VARCHAR(100) NULL,
  ship_state CHAR(2) NULL,
  ship_zip CHAR(8) NULL,
  open_client_id BIGINT UNSIGNED AS (IF(end_date IS NULL, client_id, NULL)) PERSISTENT,
  UNIQUE KEY uq_shop_order_open_client (open_client_id),
  KEY ix_shop_order_client (client_id, end_date),
  CONSTRAINT fk_shop_order_client FOREIGN KEY (client_id) REFERENCES client (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Cart lines of an open order; a finished order's lines are rewritten to what was paid.
CREATE TABLE IF NOT EXISTS ordered_item (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id BIGINT UNSIGNED NOT NULL,
  item_stock_id BIGINT UNSIGNED NOT NULL,
  quantity INT NOT NULL,
  unit_price_cents BIGINT NULL COMMENT 'set when the order is finished',
  CONSTRAINT ck_ordered_item_quantity CHECK (quantity > 0),
  UNIQUE KEY uq_ordered_item_line (order_id, item_stock_id),
  KEY ix_ordered_item_stock (item_stock_id),
  CONSTRAINT fk_ordered_item_order FOREIGN KEY (order_id) REFERENCES shop_order (id) ON DELETE CASCADE,
  CONSTRAINT fk_ordered_item_stock FOREIGN KEY (item_stock_id) REFERENCES item_stock (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One Mercado Pago payment link (preference) created by "Confirm order". reference is the
-- external_reference the gateway echoes back; gateway_payment_id is unique so an approval is
-- recorded once, whichever of redirect and webhook arrives first.
CREATE TABLE IF NOT EXISTS payment (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id BIGINT UNSIGNED NOT NULL,
  client_id BIGINT UNSIGNED NOT NULL,
  reference CHAR(32) NOT NULL,
  status ENUM('creating','open','approved','expired','deleted','refunded','failed') NOT NULL DEFAULT 'creating',
  total_cents BIGINT NOT NULL,
  currency CHAR(3) NOT NULL DEFAULT 'BRL',
  preference_id VARCHAR(100) NULL,
  init_point VARCHAR(1000) NULL,
  gateway_payment_id VARCHAR(64) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  expires_at DATETIME(3) NOT NULL,
  finished_at DATETIME(3) NULL,
  link_expired_at_gateway TINYINT(1) NOT NULL DEFAULT 0,
  gateway_claim_until DATETIME(3) NULL COMMENT 'a cleanup pass is telling the gateway; others keep off until then',
  UNIQUE KEY uq_payment_reference (reference),
  UNIQUE KEY uq_payment_gateway_payment (gateway_payment_id),
  KEY ix_payment_client_status (client_id, status, created_at),
  KEY ix_payment_order (order_id),
  KEY ix_payment_status_expiry (status, expires_at),
  CONSTRAINT ck_payment_total CHECK (total_cents >= 0),
  CONSTRAINT fk_payment_order FOREIGN KEY (order_id) REFERENCES shop_order (id),
  CONSTRAINT fk_payment_client FOREIGN KEY (client_id) REFERENCES client (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What a payment was created for: finalize ships exactly these lines, whatever the cart says later.
CREATE TABLE IF NOT EXISTS payment_item (
  payment_id BIGINT UNSIGNED NOT NULL,
  item_stock_id BIGINT UNSIGNED NOT NULL,
  quantity INT NOT NULL,
  unit_price_cents BIGINT NOT NULL,
  title VARCHAR(300) NOT NULL,
  PRIMARY KEY (payment_id, item_stock_id),
  CONSTRAINT ck_payment_item_quantity CHECK (quantity > 0),
  CONSTRAINT fk_payment_item_payment FOREIGN KEY (payment_id) REFERENCES payment (id) ON DELETE CASCADE,
  CONSTRAINT fk_payment_item_stock FOREIGN KEY (item_stock_id) REFERENCES item_stock (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Units held for an order until its newest live payment link expires (one hold per order and
-- variant, not per payment). available = on-hand - live holds of other orders.
CREATE TABLE IF NOT EXISTS stock_hold (
  order_id BIGINT UNSIGNED NOT NULL,
  item_stock_id BIGINT UNSIGNED NOT NULL,
  quantity INT NOT NULL,
  expires_at DATETIME(3) NOT NULL,
  PRIMARY KEY (order_id, item_stock_id),
  KEY ix_stock_hold_variant (item_stock_id, expires_at),
  CONSTRAINT ck_stock_hold_quantity CHECK (quantity > 0),
  CONSTRAINT fk_stock_hold_order FOREIGN KEY (order_id) REFERENCES shop_order (id) ON DELETE CASCADE,
  CONSTRAINT fk_stock_hold_stock FOREIGN KEY (item_stock_id) REFERENCES item_stock (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Money given back for an approval that could not be honoured (stock gone, order already paid,
-- link deleted): one row per gateway payment, written in the transaction that decided it, then
-- carried out at the gateway (status done) by the request or, failing that, by reserva-expire.
CREATE TABLE IF NOT EXISTS refund (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  payment_id BIGINT UNSIGNED NOT NULL,
  gateway_payment_id VARCHAR(64) NOT NULL,
  gateway_refund_id VARCHAR(64) NULL,
  amount_cents BIGINT NOT NULL,
  reason VARCHAR(200) NOT NULL,
  status ENUM('pending','done') NOT NULL DEFAULT 'pending',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  done_at DATETIME(3) NULL,
  UNIQUE KEY uq_refund_gateway_payment (gateway_payment_id),
  KEY ix_refund_payment (payment_id),
  KEY ix_refund_status (status),
  CONSTRAINT fk_refund_payment FOREIGN KEY (payment_id) REFERENCES payment (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The purchase e-mail, queued in the transaction that finishes the order (one per order, by the
-- unique key), rendered from the order and sent later by whoever claims the row first.
CREATE TABLE IF NOT EXISTS mail_outbox (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id BIGINT UNSIGNED NOT NULL,
  recipient VARCHAR(254) NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  sent_at DATETIME(3) NULL,
  last_error VARCHAR(500) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_mail_outbox_order (order_id),
  KEY ix_mail_outbox_due (sent_at, next_attempt_at),
  CONSTRAINT fk_mail_outbox_order FOREIGN KEY (order_id) REFERENCES shop_order (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
