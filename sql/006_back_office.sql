-- The back office (SPEC section 8): staff accounts apart from shoppers, their server-side
-- sessions, a second factor, the sign-in throttle, the audit log, and what fulfilment and
-- refunds add to orders. Every statement is idempotent (IF NOT EXISTS), like the others.

-- A person who runs the store. Never a shopper account: a shop cookie can never open /admin/.
CREATE TABLE IF NOT EXISTS staff (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(254) NOT NULL,
  name VARCHAR(200) NOT NULL,
  role ENUM('owner','staff') NOT NULL,
  password_hash VARCHAR(255) NOT NULL COMMENT 'util/password: KDF name, parameters, salt and hash',
  totp_secret VARCHAR(64) NULL COMMENT 'base32 RFC 6238 secret; NULL: no second factor yet',
  totp_enabled TINYINT(1) NOT NULL DEFAULT 0 COMMENT '1 once a first code confirmed the secret',
  totp_last_step BIGINT NULL COMMENT 'the 30 s step of the newest accepted code: each code counts once',
  totp_required TINYINT(1) NOT NULL DEFAULT 0 COMMENT 'an owner asked for a second factor for this account',
  disabled_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_staff_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- token_hash is SHA-256 of the cookie's token (a copy of this table signs nobody in);
-- csrf_token is the synchronizer token every admin form of this session carries.
-- stage 'enrol': the password was right but require_totp wants a second factor first.
CREATE TABLE IF NOT EXISTS staff_session (
  token_hash CHAR(64) NOT NULL PRIMARY KEY,
  staff_id BIGINT UNSIGNED NOT NULL,
  csrf_token CHAR(32) NOT NULL,
  stage ENUM('full','enrol') NOT NULL DEFAULT 'full',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  last_seen_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY ix_staff_session_staff (staff_id),
  KEY ix_staff_session_seen (last_seen_at),
  CONSTRAINT fk_staff_session_staff FOREIGN KEY (staff_id) REFERENCES staff (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One-time recovery codes for a lost phone; only their SHA-256 is kept.
CREATE TABLE IF NOT EXISTS staff_recovery_code (
  staff_id BIGINT UNSIGNED NOT NULL,
  code_hash CHAR(64) NOT NULL,
  used_at DATETIME(3) NULL,
  PRIMARY KEY (staff_id, code_hash),
  CONSTRAINT fk_staff_recovery_staff FOREIGN KEY (staff_id) REFERENCES staff (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Sign-in attempts per (e-mail, client address): each failure doubles the wait before the next
-- try from that address. Keyed by address too, so that someone guessing an owner's password
-- from elsewhere slows only themselves and never locks the owner out.
CREATE TABLE IF NOT EXISTS staff_login_attempt (
  email VARCHAR(254) NOT NULL,
  client VARCHAR(64) NOT NULL,
  failures INT NOT NULL DEFAULT 0,
  last_attempt_at DATETIME(3) NOT NULL,
  PRIMARY KEY (email, client),
  KEY ix_staff_login_attempt_at (last_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every back-office change: who, when, what, before -> after. Written in the transaction of the
-- change it describes; no code path updates or deletes a row.
CREATE TABLE IF NOT EXISTS audit_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  staff_id BIGINT UNSIGNED NULL,
  who VARCHAR(254) NOT NULL COMMENT 'a staff e-mail, cli or system',
  action VARCHAR(64) NOT NULL,
  subject VARCHAR(200) NOT NULL,
  before_value TEXT NOT NULL,
  after_value TEXT NOT NULL,
  KEY ix_audit_log_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Fulfilment and what the gateway reported after the sale.
ALTER TABLE shop_order
  ADD COLUMN IF NOT EXISTS shipped_at DATETIME(3) NULL,
  ADD COLUMN IF NOT EXISTS carrier VARCHAR(100) NULL,
  ADD COLUMN IF NOT EXISTS tracking VARCHAR(100) NULL,
  ADD COLUMN IF NOT EXISTS delivered_at DATETIME(3) NULL,
  ADD COLUMN IF NOT EXISTS refunded_cents BIGINT NOT NULL DEFAULT 0 COMMENT 'given back after the sale (back office, gateway)',
  ADD COLUMN IF NOT EXISTS gateway_alert VARCHAR(32) NULL COMMENT 'charged_back, refunded or cancelled at the gateway after the sale',
  ADD INDEX IF NOT EXISTS ix_shop_order_end (end_date);

-- The order's timeline: staff notes and what happened to it, with who and when.
CREATE TABLE IF NOT EXISTS order_event (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id BIGINT UNSIGNED NOT NULL,
  at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  who VARCHAR(254) NOT NULL,
  kind ENUM('note','shipped','delivered','refund','gateway') NOT NULL,
  text VARCHAR(2000) NOT NULL,
  KEY ix_order_event_order (order_id, id),
  CONSTRAINT fk_order_event_order FOREIGN KEY (order_id) REFERENCES shop_order (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Refunds after the sale, besides the automatic ones finalize decides. Automatic ones stay one
-- per gateway payment (auto_key); a back-office refund is one per form key, so a double submit
-- refunds once; a refund made at the gateway's dashboard is recorded with kind 'gateway'.
ALTER TABLE refund
  ADD COLUMN IF NOT EXISTS kind ENUM('automatic','staff','gateway') NOT NULL DEFAULT 'automatic',
  ADD COLUMN IF NOT EXISTS form_key CHAR(32) NULL,
  ADD COLUMN IF NOT EXISTS requested_by VARCHAR(254) NULL,
  ADD COLUMN IF NOT EXISTS order_id BIGINT UNSIGNED NULL COMMENT 'the finished order it gives money back for (not automatic ones)',
  ADD COLUMN IF NOT EXISTS auto_key VARCHAR(64) AS (IF(kind = 'automatic', gateway_payment_id, NULL)) PERSISTENT,
  MODIFY COLUMN status ENUM('pending','done','failed') NOT NULL DEFAULT 'pending';
ALTER TABLE refund ADD UNIQUE KEY IF NOT EXISTS uq_refund_auto (auto_key);
ALTER TABLE refund ADD UNIQUE KEY IF NOT EXISTS uq_refund_form_key (form_key);
ALTER TABLE refund DROP INDEX IF EXISTS uq_refund_gateway_payment;
ALTER TABLE refund ADD INDEX IF NOT EXISTS ix_refund_gateway_payment (gateway_payment_id);
ALTER TABLE refund ADD INDEX IF NOT EXISTS ix_refund_order (order_id);

-- Units the owner chose to return to stock with a refund: put back when the gateway confirms it.
CREATE TABLE IF NOT EXISTS refund_line (
  refund_id BIGINT UNSIGNED NOT NULL,
  ordered_item_id BIGINT UNSIGNED NOT NULL,
  quantity INT NOT NULL,
  PRIMARY KEY (refund_id, ordered_item_id),
  CONSTRAINT ck_refund_line_quantity CHECK (quantity > 0),
  CONSTRAINT fk_refund_line_refund FOREIGN KEY (refund_id) REFERENCES refund (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- More than the purchase e-mail per order now: the store's copy, "on its way", one per refund.
-- ref_id tells apart the e-mails of one kind (a refund's id); the unique key keeps each once.
ALTER TABLE mail_outbox
  ADD COLUMN IF NOT EXISTS kind ENUM('purchase','store_copy','shipped','refund') NOT NULL DEFAULT 'purchase',
  ADD COLUMN IF NOT EXISTS ref_id BIGINT UNSIGNED NOT NULL DEFAULT 0;
ALTER TABLE mail_outbox ADD UNIQUE KEY IF NOT EXISTS uq_mail_outbox_each (order_id, kind, ref_id);
ALTER TABLE mail_outbox DROP INDEX IF EXISTS uq_mail_outbox_order;
