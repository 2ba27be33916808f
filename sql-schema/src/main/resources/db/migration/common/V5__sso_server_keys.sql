-- The SSO database, part 5: each node's public key and roles, next to its sso_server row. The active master secret
-- server seals a crypto checkpoint of the keyring for the public key of every node whose roles include
-- master-secret-server (DESIGN.md decision 5), so a standby that takes over can open the secret with its own key.
-- The key is an X.509 SubjectPublicKeyInfo (DER) and is public; roles is a comma-separated list of role labels.
-- Both are nullable: rows of SSO servers that only heartbeat have neither.

ALTER TABLE sso_server ADD node_public_key VARBINARY(MAX) NULL;
ALTER TABLE sso_server ADD roles VARCHAR(64) NULL;
