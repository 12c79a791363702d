-- Shopper accounts, second part (issues 17 and 18): links sent by e-mail (password reset, a new
-- e-mail address), throttles that slow guessing without locking the owner out, an idle end for
-- sign-in sessions, and account e-mails in the outbox.

-- One link sent by e-mail. token_hash is SHA-256 of the link's random token: the token itself is
-- never stored here, so a copy of this table opens no account. A link is used once (used_at).
CREATE TABLE IF NOT EXISTS account_link (
  token_hash CHAR(64) NOT NULL PRIMARY KEY,
  client_id BIGINT UNSIGNED NOT NULL,
  purpose ENUM('password_reset','email_change') NOT NULL,
  new_email VARCHAR(254) NULL COMMENT 'email_change: the address the link was sent to',
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  expires_at DATETIME(3) NOT NULL,
  used_at DATETIME(3) NULL,
  KEY ix_account_link_client (client_id, purpose, created_at),
  KEY ix_account_link_expiry (expires_at),
  CONSTRAINT fk_account_link_client FOREIGN KEY (client_id) REFERENCES client (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Attempts counted per scope ('login_pair' = e-mail and client address, 'login_address',
-- 'reset_email', 'reset_address', ...) and subject, a SHA-256 of the e-mail and/or address so
-- the table holds no personal data in clear. blocked_until is when the next attempt may run
-- (a growing delay, never a lock of the owner), and the count starts again after a quiet while.
CREATE TABLE IF NOT EXISTS throttle (
  scope VARCHAR(20) NOT NULL,
  subject CHAR(64) NOT NULL,
  hits INT NOT NULL DEFAULT 0,
  last_hit_at DATETIME(3) NOT NULL,
  blocked_until DATETIME(3) NULL,
  PRIMARY KEY (scope, subject),
  KEY ix_throttle_last_hit (last_hit_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The throttle replaces the per-e-mail lock (anyone could lock any shopper out with it).
DROP TABLE IF EXISTS login_failure;

-- A session not used for a while ends (last_used_at is refreshed at most once a minute).
ALTER TABLE login_session ADD COLUMN IF NOT EXISTS last_used_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3);

-- Account e-mails (reset link, welcome, notes) have no order: they carry their own rendered
-- subject and parts, wiped once sent (a reset link is in there).
ALTER TABLE mail_outbox MODIFY order_id BIGINT UNSIGNED NULL;
ALTER TABLE mail_outbox ADD COLUMN IF NOT EXISTS subject VARCHAR(300) NULL;
ALTER TABLE mail_outbox ADD COLUMN IF NOT EXISTS body_text MEDIUMTEXT NULL;
ALTER TABLE mail_outbox ADD COLUMN IF NOT EXISTS body_html MEDIUMTEXT NULL;
