-- Abuse resistance (issue 17).

-- Secrets every host of the store needs alike and nobody configures: made once, here, by the
-- first `reservactl migrate`, and read by each reserva-fcgi when it first needs one. Several
-- hosts share only the database, so this is where such a secret lives. 'csrf' keys the form
-- tokens (HMAC of the session id, src/http/csrf.h). Never shown, never logged; deleting the row
-- and migrating again is not possible (applied once), so to change it:
--   UPDATE site_secret SET secret = RANDOM_BYTES(32) WHERE name = 'csrf';  -- then restart every host
-- (every open form then answers 403 once and works after a reload).
CREATE TABLE IF NOT EXISTS site_secret (
  name VARCHAR(32) NOT NULL PRIMARY KEY,
  secret VARBINARY(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT IGNORE INTO site_secret (name, secret) VALUES ('csrf', RANDOM_BYTES(32));

-- The client address that confirmed each payment (REMOTE_ADDR, as the web server passes it), so
-- that one address can hold only so many orders at once ([limits] in reserva.conf).
ALTER TABLE payment
  ADD COLUMN IF NOT EXISTS client_address VARCHAR(45) NULL,
  ADD INDEX IF NOT EXISTS ix_payment_client_address (client_address, created_at);

-- One row per client address that has confirmed an order: each confirm writes its address's
-- row first, so confirms from one address run one after the other (on Galera: they conflict at
-- certification and the loser reruns, seeing the winner's payment), and the count of its open
-- orders cannot be outrun by sending many at once.
CREATE TABLE IF NOT EXISTS client_address_guard (
  address VARCHAR(45) NOT NULL PRIMARY KEY,
  last_confirm_at DATETIME(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
