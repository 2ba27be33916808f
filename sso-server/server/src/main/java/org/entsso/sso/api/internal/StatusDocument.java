package org.entsso.sso.api.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.api.NodeStatusSource;
import org.entsso.sso.server.Availability;
import org.entsso.sso.server.KeyringStatus;
import org.entsso.sso.store.GlobalInfo;
import org.entsso.sso.store.ReencryptionStatus;
import org.entsso.sso.store.SecretMetadata;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.tls.NodeRole;

/**
 * One snapshot of the status document of sso-server/docs/api.md: the node's view ({@link NodeStatusSource}), the
 * lookup path's availability, and from the database the current secret's backup and age and the re-encryption
 * progress. The database part is read only while the lookup path is ONLINE, so a health probe never waits on a dead
 * database; otherwise those members are null (see the document's description). Immutable once read.
 */
public record StatusDocument(
        NodeStatusSource.MasterSecretServer mss,
        Availability availability,
        boolean active,
        Optional<KeyringStatus> keyring,
        Optional<DatabaseView> database,
        NodeStatusSource node,
        Clock clock) {
    private static final Logger LOG = LogManager.getLogger(StatusDocument.class);

    /** What the database says about the current secret and re-encryption. */
    public record DatabaseView(
            Optional<UUID> currentMsid,
            Optional<SecretMetadata> secret,
            ReencryptionStatus reencryption,
            long remaining) {}

    /** Reads a snapshot now. */
    public static StatusDocument read(NodeStatusSource node, Availability availability, SsoStore store, Clock clock) {
        Optional<DatabaseView> database = Optional.empty();
        if (availability == Availability.ONLINE) {
            try {
                database = Optional.of(store.read(s -> {
                    GlobalInfo global = s.globalInfo().get();
                    Optional<SecretMetadata> secret = global.currentMsid().flatMap(s.secrets()::find);
                    ReencryptionStatus reencryption = global.reencryption();
                    long remaining = reencryption
                            .sourceMsid()
                            .map(s.reencryption()::count)
                            .orElse(0L);
                    return new DatabaseView(global.currentMsid(), secret, reencryption, remaining);
                }));
            } catch (RuntimeException e) {
                LOG.debug("The status document goes without its database part: {}", e.getMessage());
            }
        }
        return of(node, availability, database, clock);
    }

    /**
     * A snapshot from memory alone, without the database part: what {@code /v1/sys/health} answers, so that a probe
     * never waits on the database nor takes one of its pooled connections (issue 9 item 6).
     */
    public static StatusDocument fromMemory(NodeStatusSource node, Availability availability, Clock clock) {
        return of(node, availability, Optional.empty(), clock);
    }

    private static StatusDocument of(
            NodeStatusSource node, Availability availability, Optional<DatabaseView> database, Clock clock) {
        return new StatusDocument(
                node.masterSecretServer(),
                availability,
                node.activeMasterSecretServer(),
                node.keyring(),
                database,
                node,
                clock);
    }

    /** Whether this node holds a keyring. */
    public boolean holdsSecret() {
        return keyring.isPresent();
    }

    /** Writes the document. */
    public void write(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("node", node.nodeName());
        json.writeArrayFieldStart("roles");
        for (NodeRole role : NodeRole.values()) {
            if (node.roles().contains(role)) {
                json.writeString(role.label());
            }
        }
        json.writeEndArray();
        json.writeStringField("role", active ? NodeRole.MASTER_SECRET_SERVER.label() : NodeRole.SSO_SERVER.label());
        json.writeStringField("availability", availability.name());
        writeMss(json);
        writeKeyring(json);
        writeBackupWarning(json);
        writeReencryption(json);
        json.writeEndObject();
    }

    private void writeMss(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("masterSecretServer");
        json.writeStringField("name", mss.name());
        json.writeStringField("endpoint", mss.endpoint().map(Object::toString).orElse(null));
        if (mss.epoch().isPresent()) {
            json.writeNumberField("epoch", mss.epoch().getAsLong());
        } else {
            json.writeNullField("epoch");
        }
        json.writeBooleanField("reachable", mss.reachable());
        json.writeEndObject();
    }

    private void writeKeyring(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("keyring");
        json.writeStringField(
                "currentMsid", keyring.map(k -> k.currentMsid().toString()).orElse(null));
        json.writeStringField(
                "previousMsid",
                keyring.flatMap(KeyringStatus::previousMsid).map(UUID::toString).orElse(null));
        if (keyring.isPresent()) {
            json.writeNumberField("epoch", keyring.get().epoch());
        } else {
            json.writeNullField("epoch");
        }
        // The database's record when it was read (status); else the held keyring's, which carries the same instant
        // through backups, restores and checkpoints (health, or a database that did not answer).
        Optional<Instant> created = database.flatMap(DatabaseView::secret)
                .map(SecretMetadata::createdAt)
                .or(() -> keyring.map(KeyringStatus::currentCreated));
        if (created.isPresent()) {
            json.writeNumberField(
                    "secretAgeSeconds",
                    // Never negative: the database's clock and this node's may disagree a little.
                    Math.max(0, Duration.between(created.get(), clock.instant()).toSeconds()));
        } else {
            json.writeNullField("secretAgeSeconds");
        }
        json.writeStringField(
                "lastRefresh", node.lastKeyringRefresh().map(Instant::toString).orElse(null));
        json.writeStringField("lastError", node.lastKeyringError().orElse(null));
        json.writeEndObject();
    }

    private void writeBackupWarning(JsonGenerator json) throws IOException {
        boolean notBackedUp = database.flatMap(DatabaseView::secret)
                .map(secret -> secret.lastBackupAt().isEmpty())
                .orElse(false);
        if (!notBackedUp) {
            json.writeNullField("backupWarning");
            return;
        }
        json.writeObjectFieldStart("backupWarning");
        json.writeNumberField("code", SsoError.SECRET_NOT_BACKED_UP.code());
        json.writeStringField("message", SsoError.SECRET_NOT_BACKED_UP.format(null));
        json.writeEndObject();
    }

    private void writeReencryption(JsonGenerator json) throws IOException {
        if (database.isEmpty()) {
            json.writeNullField("reencryption");
            return;
        }
        ReencryptionStatus status = database.get().reencryption();
        json.writeObjectFieldStart("reencryption");
        json.writeStringField("state", status.running() ? "RUNNING" : "IDLE");
        json.writeStringField(
                "sourceMsid", status.sourceMsid().map(UUID::toString).orElse(null));
        json.writeNumberField("remaining", database.get().remaining());
        json.writeEndObject();
    }
}
