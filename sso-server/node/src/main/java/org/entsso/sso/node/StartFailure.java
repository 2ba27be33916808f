package org.entsso.sso.node;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.UnrecoverableKeyException;
import java.sql.SQLException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.entsso.cluster.ClusterTlsException;
import org.entsso.cluster.ClusterUnavailableException;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.internal.SecureFiles;

/**
 * Why a node did not start, as the one line {@code ssod} prints (issue 9 item 11): the real cause, named by the
 * {@code node.properties} key behind it, and what to do. The innermost exception is often a detail of a library
 * ({@code BadPaddingException} for a wrong key store password), and a password file others can read is a
 * configuration mistake, not the damaged secret store that 10565 means; so the known causes are recognised anywhere
 * in the chain and worded here. ENTSSO ids stay only where their meaning matches (10565 for a secret store its password
 * does not open). Messages name paths, keys and addresses, never a secret. Thread-safe: stateless.
 */
final class StartFailure {
    private StartFailure() {}

    /** The sentence for {@code e}, thrown by {@link SsoNode#start} with {@code config}. */
    static String describe(RuntimeException e, NodeConfig config) {
        if (find(e, BindException.class).isPresent()) {
            return "port " + config.nodeHost() + ":" + config.apiPort()
                    + " (api.port) is already in use: stop the other process or choose another port";
        }
        Optional<SecureFiles.FileProblem> file = find(e, SecureFiles.FileProblem.class);
        if (file.isPresent()) {
            return file.get().getMessage();
        }
        if (find(e, UnrecoverableKeyException.class).isPresent()
                && String.valueOf(e.getMessage()).contains(config.tlsKeyStore().toString())) {
            return "wrong password for the key store " + config.tlsKeyStore() + " (tls.keyStore): put its password in "
                    + config.tlsKeyStorePasswordFile() + " (tls.keyStorePasswordFile)";
        }
        if (e instanceof SsoException s && s.error() == SsoError.SECRET_STORE_UNREADABLE && isKeyStoreLoad(e)) {
            return "[" + s.code() + "] the password in "
                    + config.secretStorePasswordFile().orElseThrow()
                    + " (secretStore.passwordFile) does not open the secret store "
                    + config.secretStore().orElseThrow()
                    + " (secretStore.path), or the store is damaged: put the store's password in that file, or"
                    + " restore the secret from a backup file (ssoconfig -restoresecret)";
        }
        if (find(e, SQLException.class).isPresent() || isTunnelFailure(e)) {
            return database(e, config);
        }
        if (find(e, ClusterTlsException.class).isPresent()) {
            return find(e, ClusterTlsException.class).get().getMessage()
                    + " (zookeeper.connect, over TLS with tls.keyStore and tls.trustStore): give the ZooKeeper servers"
                    + " certificates from the cluster CA (sso-init writes them under zookeeper/), or set"
                    + " zookeeper.tls=false for an ensemble without TLS";
        }
        if (find(e, ClusterUnavailableException.class).isPresent()) {
            return find(e, ClusterUnavailableException.class).get().getMessage()
                    + " (zookeeper.connect): start ZooKeeper or correct zookeeper.connect";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The database tunnel could not carry a connection ({@link DatabaseAccess#explain}). */
    private static boolean isTunnelFailure(RuntimeException e) {
        return e instanceof SsoException s
                && s.error() == SsoError.DATABASE_UNAVAILABLE
                && find(e, IOException.class).isPresent();
    }

    private static boolean isKeyStoreLoad(Throwable e) {
        return e.getCause() instanceof IOException || e.getCause() instanceof GeneralSecurityException;
    }

    private static String database(RuntimeException e, NodeConfig config) {
        String url = config.databaseUrl();
        if (find(e, SSLException.class).isPresent()) {
            return config.database().tunnelled()
                    ? "SSO database " + url + " (database.url) failed the TLS handshake of the node's tunnel: "
                            + innermost(e) + ": the database server's certificate must be a database certificate of"
                            + " the cluster CA (tls.trustStore) naming the host in database.url, and the server must"
                            + " trust this node's certificate (tls.keyStore)"
                    : "SSO database " + url + " failed the TLS handshake: " + innermost(e) + ": the server"
                            + " certificate must validate against database.sqlserver.trustStore (or the JVM's trust"
                            + " store) and name the host connected to (database.sqlserver.hostNameInCertificate)";
        }
        boolean unreachable = find(e, ConnectException.class).isPresent()
                || find(e, SocketTimeoutException.class).isPresent()
                || find(e, UnknownHostException.class).isPresent();
        return unreachable
                ? "SSO database " + url + " (database.url) is unreachable: " + innermost(e)
                        + ": start the database or correct database.url"
                : "SSO database " + url + " (database.url) refused the node: " + innermost(e);
    }

    private static String innermost(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static <T extends Throwable> Optional<T> find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
