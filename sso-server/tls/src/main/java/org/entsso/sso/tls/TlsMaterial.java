package org.entsso.sso.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.entsso.sso.tls.internal.PemFiles;
import org.entsso.sso.tls.internal.TlsContexts;

/**
 * The TLS identity of one party (its certificate chain and private key) and what it trusts (the cluster CA alone), as
 * the {@link SSLContext}s the transport uses (DESIGN.md decisions 6 and 11). Contexts are built per instance with
 * their own key and trust managers: nothing touches the JVM's default context, system properties or providers.
 *
 * <p>Policy, fixed here for every endpoint: TLS 1.3 only; the peer's chain must validate (PKIX) against the cluster CA,
 * the only trust anchor; servers require a client certificate. With a {@link RevocationCheck} ({@link
 * #withRevocationList}, the node's {@code tls.crl}), a peer certificate the cluster CA revoked fails the handshake.
 *
 * <p>Thread-safe: immutable. {@link #toString()} names the certificate, never the key.
 */
public final class TlsMaterial {
    /** The only protocol any endpoint enables. */
    public static final String PROTOCOL = "TLSv1.3";

    /** The alias of the key entry in the PKCS#12 files the cluster CA writes. */
    public static final String KEY_ALIAS = "entsso";

    private final List<X509Certificate> chain;
    private final PrivateKey privateKey;
    private final X509Certificate caCertificate;
    private final CertificateIdentity identity;
    private final Optional<RevocationCheck> revoked;

    private TlsMaterial(List<X509Certificate> chain, PrivateKey privateKey, X509Certificate caCertificate) {
        this(chain, privateKey, caCertificate, Optional.empty());
    }

    private TlsMaterial(
            List<X509Certificate> chain,
            PrivateKey privateKey,
            X509Certificate caCertificate,
            Optional<RevocationCheck> revoked) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a TLS identity needs at least its own certificate");
        }
        this.chain = List.copyOf(chain);
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.caCertificate = Objects.requireNonNull(caCertificate, "caCertificate");
        this.identity = CertificateIdentity.of(chain.get(0));
        this.revoked = Objects.requireNonNull(revoked, "revoked");
    }

    /** This material, refusing peers whose certificate is on {@code list} (contexts built from now on). */
    public TlsMaterial withRevocationList(RevocationCheck list) {
        return new TlsMaterial(chain, privateKey, caCertificate, Optional.of(list));
    }

    /** The material of a certificate issued by the cluster CA whose certificate is {@code caCertificate}. */
    public static TlsMaterial of(TlsIdentity issued, X509Certificate caCertificate) {
        return new TlsMaterial(issued.chain(), issued.privateKey(), caCertificate);
    }

    /**
     * Loads the key entry {@link #KEY_ALIAS} (or the only key entry) of a PKCS#12 file, and the cluster CA
     * certificate from a PEM file. Throws {@link IllegalArgumentException} naming the file that cannot be used.
     */
    public static TlsMaterial fromPkcs12(Path pkcs12, char[] password, Path caCertificatePem) {
        try (InputStream in = Files.newInputStream(pkcs12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            String alias = store.isKeyEntry(KEY_ALIAS) ? KEY_ALIAS : onlyKeyAlias(store);
            PrivateKey key = (PrivateKey) store.getKey(alias, password);
            List<X509Certificate> chain = PemFiles.asX509(store.getCertificateChain(alias));
            return new TlsMaterial(chain, key, PemFiles.readCertificate(caCertificatePem));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the PKCS#12 file " + pkcs12 + " cannot be opened with that password or holds no key entry", e);
        }
    }

    /**
     * Loads a PEM certificate chain (leaf first), an unencrypted PKCS#8 PEM private key and the cluster CA certificate
     * (PEM), as {@code IssuedCertificate.writePem} and {@code ClusterCa.writeCertificatePem} write them.
     */
    public static TlsMaterial fromPem(Path chainPem, Path privateKeyPem, Path caCertificatePem) {
        try {
            return new TlsMaterial(
                    PemFiles.readCertificates(chainPem),
                    PemFiles.readPrivateKey(privateKeyPem),
                    PemFiles.readCertificate(caCertificatePem));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the TLS files " + chainPem + " and " + privateKeyPem, e);
        }
    }

    private static String onlyKeyAlias(KeyStore store) throws GeneralSecurityException {
        for (String alias : java.util.Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return alias;
            }
        }
        throw new GeneralSecurityException("no key entry");
    }

    /** Principal, kind and roles of this party's own certificate. */
    public CertificateIdentity identity() {
        return identity;
    }

    /** This party's certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The cluster CA certificate, the only trust anchor. */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** A new TLS 1.3 context presenting this identity and trusting only the cluster CA, for a server. */
    public SSLContext serverContext() {
        return TlsContexts.create(chain, privateKey, caCertificate, Optional.empty(), revoked);
    }

    /**
     * A new TLS 1.3 context presenting this identity, for a client that accepts only servers whose chain validates
     * against the cluster CA and whose certificate carries {@code serverRole}; host name verification is the HTTPS
     * client's (RFC 2818), which the trust manager applies when the connection asks for it.
     */
    public SSLContext clientContext(NodeRole serverRole) {
        return TlsContexts.create(chain, privateKey, caCertificate, Optional.of(serverRole), revoked);
    }

    /**
     * A new TLS 1.3 context presenting this identity that accepts, as client or as server, only peers whose certificate
     * validates against the cluster CA and is of one of {@code peerKinds}: the SSO database's TLS tunnel, whose server
     * takes node and admin certificates and whose clients take only a {@link CertificateKind#DATABASE} certificate.
     * Host name verification is the caller's to ask for ({@code SSLParameters.setEndpointIdentificationAlgorithm}).
     */
    public SSLContext peerContext(Set<CertificateKind> peerKinds) {
        return TlsContexts.createForPeerKinds(chain, privateKey, caCertificate, peerKinds, revoked);
    }

    /**
     * A new JDK HTTP client for mutual TLS to servers carrying {@code serverRole}: {@link #clientContext(NodeRole)},
     * TLS 1.3 only, HTTP/1.1, no redirects, and direct connections, never through a system-wide proxy. Every client of
     * our endpoints (keyring, writes, secret administration, the client library) is built here so that they cannot
     * drift apart.
     *
     * @param connectTimeout limit on establishing the connection, TLS handshake included (positive)
     */
    public HttpClient httpClient(NodeRole serverRole, Duration connectTimeout) {
        SSLParameters tls = new SSLParameters();
        tls.setProtocols(new String[] {PROTOCOL});
        return HttpClient.newBuilder()
                .sslContext(clientContext(serverRole))
                .sslParameters(tls)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(ProxySelector.of(null))
                .connectTimeout(connectTimeout)
                .build();
    }

    @Override
    public String toString() {
        return "TlsMaterial[" + certificate().getSubjectX500Principal().getName() + ", trusts "
                + caCertificate.getSubjectX500Principal().getName() + ", key=<redacted>]";
    }
}
