-- Answers to requests sent with an Idempotency-Key header, so a client that retries (a phone that
-- lost the answer) gets the first answer again instead of a second booking or message.
-- A key belongs to one user; request_hash tells a retry (same method, path and body) from a reuse
-- of the key for another request (409). The row is written in the transaction of the change it
-- answers for: a request that fails leaves no row, and its retry runs again. Rows expire
-- (expires_at) and are deleted by IdempotentRequests.
CREATE TABLE idempotency_keys (
    user_id       UUID          NOT NULL,
    idem_key      VARCHAR(255)  NOT NULL,
    request_hash  VARCHAR(64)   NOT NULL,
    status        INTEGER       NOT NULL,
    location      VARCHAR(512),
    body          VARCHAR(16000) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
