-- A login is a family of refresh tokens. Refresh and logout lock the family's row first, so a
-- rotation and a revocation of one login never interleave: a revocation (logout, or reuse of a
-- rotated token) always sees the token that a concurrent refresh issued, and revokes it too.
CREATE TABLE refresh_token_families (
    id         UUID PRIMARY KEY,
    user_id    UUID NOT NULL REFERENCES users (id),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

INSERT INTO refresh_token_families (id, user_id, created_at)
SELECT family_id, user_id, MIN(created_at) FROM refresh_tokens GROUP BY family_id, user_id;

ALTER TABLE refresh_tokens
    ADD CONSTRAINT refresh_tokens_family_fk FOREIGN KEY (family_id) REFERENCES refresh_token_families (id);
