package org.entsso.failover.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.entsso.sso.store.EncryptedValue;
import org.entsso.sso.store.WindowsAccount;

/**
 * Seeds many mappings fast: batched JDBC inserts straight into {@code mapping} and {@code external_credential}, one
 * transaction per batch, on a connection of its own to the same embedded H2 database the store has open (same JVM,
 * same URL, so the same database). The store's repositories check for duplicates with queries and flush on every
 * row, too slow for a million; these rows are what they would write (an enabled mapping, field 1 encrypted with the
 * real cipher under the mapping's binding, which needs the mapping id). Ids are given explicitly from the table's
 * current maximum and the identity columns restarted after them: with {@code WRITE_DELAY=0} H2 writes an identity
 * sequence's progress to disk every few values, which was a third of the seeding time in a profile.
 *
 * <p>Account {@code i} is {@link #account(int)}, its external user {@code ext<i>}, its password {@link #password(int)}
 * (all the same length). Not thread-safe; use before the store serves lookups.
 */
final class MappingSeeder {
    /** Encrypts field 1 of a mapping under its binding. */
    interface Sealer {
        EncryptedValue seal(long mappingId, String value);
    }

    private static final int BATCH = 5_000;
    private static final String INSERT_MAPPING = "INSERT INTO mapping (id, application_id, windows_domain,"
            + " windows_user, external_user, enabled, flags, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, TRUE, 0, ?, ?)";
    private static final String INSERT_CREDENTIAL = "INSERT INTO external_credential (id, mapping_id, field_ordinal,"
            + " encrypted_value, msid, updated_at) VALUES (?, ?, 1, ?, ?, ?)";

    private final String jdbcUrl;
    private final long applicationId;
    private final Sealer sealer;

    MappingSeeder(String jdbcUrl, long applicationId, Sealer sealer) {
        this.jdbcUrl = jdbcUrl;
        this.applicationId = applicationId;
        this.sealer = sealer;
    }

    /** The Windows account of seeded mapping {@code i}. */
    static WindowsAccount account(int i) {
        return new WindowsAccount("CONTOSO", "user" + i);
    }

    /** The password stored for seeded mapping {@code i}: 12 bytes, like the single-mapping benchmarks' one. */
    static String password(int i) {
        return String.format(Locale.ROOT, "pw-%09d", i);
    }

    /** Inserts mappings {@code 0 .. count-1}, printing progress every tenth. */
    void seed(int count) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        try (Connection c = DriverManager.getConnection(jdbcUrl, "sa", "")) {
            long firstMapping = nextId(c, "mapping");
            long firstCredential = nextId(c, "external_credential");
            c.setAutoCommit(false);
            try (PreparedStatement mappings = c.prepareStatement(INSERT_MAPPING);
                    PreparedStatement credentials = c.prepareStatement(INSERT_CREDENTIAL)) {
                int step = Math.max(BATCH, count / 10);
                for (int from = 0; from < count; from += BATCH) {
                    int to = Math.min(count, from + BATCH);
                    for (int i = from; i < to; i++) {
                        WindowsAccount account = account(i);
                        long mappingId = firstMapping + i;
                        mappings.setLong(1, mappingId);
                        mappings.setLong(2, applicationId);
                        mappings.setString(3, account.domain());
                        mappings.setString(4, account.user());
                        mappings.setString(5, "ext" + i);
                        mappings.setObject(6, now);
                        mappings.setObject(7, now);
                        mappings.addBatch();
                        EncryptedValue value = sealer.seal(mappingId, password(i));
                        credentials.setLong(1, firstCredential + i);
                        credentials.setLong(2, mappingId);
                        credentials.setBytes(3, value.ciphertext());
                        credentials.setString(4, value.msid().toString());
                        credentials.setObject(5, now);
                        credentials.addBatch();
                    }
                    mappings.executeBatch();
                    credentials.executeBatch();
                    c.commit();
                    if (to % step == 0 && to < count) {
                        System.out.printf(Locale.ROOT, "  seeded %,d of %,d mappings%n", to, count);
                    }
                }
            }
            c.setAutoCommit(true);
            restartIdentity(c, "mapping", firstMapping + count);
            restartIdentity(c, "external_credential", firstCredential + count);
        } catch (SQLException e) {
            throw new IllegalStateException("Seeding " + count + " mappings failed", e);
        }
    }

    private static long nextId(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void restartIdentity(Connection c, String table, long next) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + next);
        }
    }
}
