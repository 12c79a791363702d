-- Accounts: server-side sign-in sessions (any process or host can serve the next request) and
-- the failed-login counter that slows password guessing.

-- token_hash is SHA-256 of the cookie's random token: a copy of this table signs nobody in.
CREATE TABLE IF NOT EXISTS login_session (
  token_hash CHAR(64) NOT NULL PRIMARY KEY,
  client_id BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  expires_at DATETIME(3) NOT NULL,
  KEY ix_login_session_client (client_id),
  KEY ix_login_session_expiry (expires_at),
  CONSTRAINT fk_login_session_client FOREIGN KEY (client_id) REFERENCES client (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed sign-ins per e-mail (whether or not an account has it, so the answer reveals nothing).
CREATE TABLE IF NOT EXISTS login_failure (
  email VARCHAR(254) NOT NULL PRIMARY KEY,
  failures INT NOT NULL DEFAULT 0,
  first_failure_at DATETIME(3) NOT NULL,
  locked_until DATETIME(3) NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
