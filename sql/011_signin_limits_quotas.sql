-- Sign-in limits that an attacker cannot turn against the user, and quotas.
--
-- login_limits replaces the log of failed logins with one counter row per
-- (account, client): client is an address, 'd:' + a device cookie's nonce, or '*'
-- (the account from every client nobody knows); account '' with an address counts
-- that address across accounts. A sign-in attempt first takes a slot atomically (one
-- upsert that counts it as a failure in advance unless next_at lies ahead), so
-- concurrent guesses cannot all pass one check; a success resets its own row and
-- marks the client known until known_until. Rows end at expires_at and are pruned
-- in small batches as sign-ins come.
DROP TABLE login_attempts;

CREATE TABLE login_limits (
    account     VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    client      VARCHAR(66) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    failures    INT UNSIGNED NOT NULL DEFAULT 0,
    next_at     DATETIME NOT NULL,
    known_until DATETIME NULL,
    expires_at  DATETIME NOT NULL,
    PRIMARY KEY (account, client),
    KEY login_limits_expiry (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Sign-ups per address per clock hour (hour = unix time DIV 3600).
CREATE TABLE signup_quota (
    ip   VARCHAR(45) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    hour BIGINT UNSIGNED NOT NULL,
    used INT UNSIGNED NOT NULL,
    KEY signup_quota_hour (hour)
) ENGINE=InnoDB;

-- Tickets per customer per clock hour, counted by the filing transaction
-- (db_tickets_count_quota: a rolled-back ticket does not count), and the user row
-- every authenticated request reads brings the count along (db_users_by_token). A
-- table of its own, not columns of users: the ticket's foreign key already holds a
-- shared lock on the user row, and two tickets of one customer upgrading it at once
-- would deadlock.
CREATE TABLE ticket_quota (
    user_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    hour    BIGINT UNSIGNED NOT NULL,
    n       INT UNSIGNED NOT NULL
) ENGINE=InnoDB;
