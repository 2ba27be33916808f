package org.entsso.sso.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.Closeable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.schema.DatabaseVendor;
import org.entsso.schema.SchemaMigrator;
import org.entsso.sso.store.StoreConfig;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;

/**
 * The built machinery of a store: one HikariCP pool (shared by Flyway and Hibernate) and one Hibernate
 * SessionFactory that only validates the schema Flyway owns. {@link #build} releases whatever it built when a later
 * step fails. Thread-safe.
 */
public final class StoreEngine implements Closeable {
    private static final Logger LOG = LogManager.getLogger(StoreEngine.class);

    static final List<Class<?>> ENTITIES = List.of(
            GlobalInfoEntity.class,
            ApplicationEntity.class,
            FieldInfoEntity.class,
            MappingEntity.class,
            CredentialEntity.class,
            ConfigItemEntity.class,
            GroupMembershipEntity.class,
            SsoServerEntity.class,
            SecretMetadataEntity.class,
            DeletedApplicationAuditEntity.class,
            DeletedMappingAuditEntity.class,
            CredentialLookupAuditEntity.class,
            WriteRequestEntity.class);

    private final HikariDataSource dataSource;
    private final SessionFactory sessionFactory;
    private final DatabaseVendor vendor;
    private final Clock clock;
    private final SessionTag tag;
    private final AuditTrimmer auditTrimmer;

    private StoreEngine(
            HikariDataSource dataSource,
            SessionFactory sessionFactory,
            DatabaseVendor vendor,
            Clock clock,
            SessionTag tag,
            String poolName) {
        this.dataSource = dataSource;
        this.sessionFactory = sessionFactory;
        this.vendor = vendor;
        this.clock = clock;
        this.tag = tag;
        this.auditTrimmer = new AuditTrimmer(sessionFactory, clock, poolName);
    }

    /**
     * Migrates (when configured) through a short-lived small pool, then builds the store's pool, whose
     * connections carry the timeouts and the session tag (their set-up needs the migrated schema), and bootstraps
     * Hibernate with schema validation.
     */
    public static StoreEngine build(StoreConfig config) {
        // Three connections: Flyway holds one for its lock and works on another.
        DatabaseVendor vendor;
        try (HikariDataSource bootstrap = new HikariDataSource(hikari(config, config.poolName() + "-bootstrap", 3))) {
            vendor = DatabaseVendor.of(bootstrap);
            if (config.migrate()) {
                String version = SchemaMigrator.migrate(bootstrap);
                LOG.info("SSO database schema at version {} on {}", version, vendor);
            }
        }
        SessionTag tag = SessionTag.fresh(config.nodeName());
        HikariConfig hikari = hikari(config, config.poolName(), config.maxPoolSize());
        tag.apply(hikari, vendor, config.timeouts());
        if (vendor == DatabaseVendor.H2) {
            // Statements kept per connection: H2's client prepares each one on the server (StatementCachingDataSource).
            hikari.setDataSource(new StatementCachingDataSource(hikari.getJdbcUrl(), hikari.getDataSourceProperties()));
        }
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            return new StoreEngine(
                    dataSource, sessionFactory(dataSource), vendor, config.clock(), tag, config.poolName());
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    private static HikariConfig hikari(StoreConfig config, String poolName, int maxPoolSize) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        char[] password = config.password();
        hikari.setPassword(new String(password));
        Arrays.fill(password, '\0');
        config.driverProperties().forEach(hikari::addDataSourceProperty);
        hikari.setMaximumPoolSize(maxPoolSize);
        // A fixed-size pool (HikariCP's own advice): a takeover needs several connections at once (the epoch, the
        // deposed owner's sessions, the keyring, the first writes), and a pool grown on demand opened them then, each
        // a TLS handshake on the failover's path (issue 14).
        hikari.setMinimumIdle(maxPoolSize);
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        hikari.setValidationTimeout(Math.min(config.connectionTimeout().toMillis(), 5_000));
        hikari.setAutoCommit(false);
        // Fail at start when the database is unreachable, so a misconfigured node does not come up half-working.
        hikari.setInitializationFailTimeout(config.connectionTimeout().toMillis());
        return hikari;
    }

    private static SessionFactory sessionFactory(HikariDataSource dataSource) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "validate")
                .applySetting(AvailableSettings.CONNECTION_PROVIDER_DISABLES_AUTOCOMMIT, true)
                .applySetting(AvailableSettings.PREFERRED_INSTANT_JDBC_TYPE, "TIMESTAMP")
                .applySetting(AvailableSettings.JDBC_TIME_ZONE, "UTC")
                .applySetting(AvailableSettings.STATEMENT_BATCH_SIZE, 50)
                // Cache translated SQL per HQL string: without it every lookup re-translates its query.
                .applySetting(AvailableSettings.QUERY_PLAN_CACHE_ENABLED, true)
                .applySetting(AvailableSettings.SHOW_SQL, false)
                .build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            ENTITIES.forEach(sources::addAnnotatedClass);
            return sources.buildMetadata().buildSessionFactory();
        } catch (RuntimeException e) {
            // The registry is only released by the SessionFactory; without one, release it here.
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }

    public SessionFactory sessionFactory() {
        return sessionFactory;
    }

    public DatabaseVendor vendor() {
        return vendor;
    }

    public Clock clock() {
        return clock;
    }

    /** The tag of this store's database sessions. */
    public SessionTag tag() {
        return tag;
    }

    /** Trims the credential lookup audit table after lookups commit. */
    AuditTrimmer auditTrimmer() {
        return auditTrimmer;
    }

    /** A pooled connection (autocommit off) for work outside Hibernate; the caller closes it. */
    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Evicts every pooled connection, e.g. after a database failover, so the next unit opens fresh ones. */
    public void softEvictConnections() {
        if (dataSource.getHikariPoolMXBean() != null) {
            dataSource.getHikariPoolMXBean().softEvictConnections();
        }
    }

    @Override
    public void close() {
        try {
            auditTrimmer.close();
            sessionFactory.close();
        } finally {
            dataSource.close();
        }
    }
}
