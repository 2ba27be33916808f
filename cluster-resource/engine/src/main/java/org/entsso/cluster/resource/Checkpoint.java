package org.entsso.cluster.resource;

import java.util.Locale;
import java.util.Objects;
import org.entsso.cluster.InvalidClusterConfigurationException;

/**
 * A checkpoint registered on a resource ({@code Add-ClusterCheckpoint}, anchors/wsfc.md §2.7): local configuration of
 * the application behind the resource that the cluster carries to the node that takes the group over. A registry
 * checkpoint names a key ({@code -RegistryCheckpoint "software\clusname"}, relative to HKLM in WSFC); a crypto
 * checkpoint names a provider, its type and a key container ({@code -CryptoCheckpointName}, {@code -CryptoCheckpointType},
 * {@code -CryptoCheckpointKey}). The resource saves the data under its checkpoint
 * ({@link ResourceContext#saveCheckpoint}); the registrations say what that data covers. Immutable.
 *
 * @param kind registry or crypto
 * @param name the registry key, or the crypto provider's name
 * @param cryptoType the crypto provider's type (1 = PROV_RSA_FULL); 0 for a registry checkpoint
 * @param key the crypto key container; empty for a registry checkpoint
 */
public record Checkpoint(Kind kind, String name, int cryptoType, String key) {
    /** The two kinds WSFC has. */
    public enum Kind {
        Registry,
        Crypto
    }

    public Checkpoint {
        Objects.requireNonNull(kind, "kind");
        name = name == null ? "" : name.strip();
        key = key == null ? "" : key.strip();
        if (name.isEmpty()) {
            throw new InvalidClusterConfigurationException("A " + kind.name().toLowerCase(Locale.ROOT)
                    + " checkpoint needs a name (" + (kind == Kind.Registry ? "the registry key" : "the provider")
                    + ")");
        }
        if (kind == Kind.Registry && (cryptoType != 0 || !key.isEmpty())) {
            throw new InvalidClusterConfigurationException(
                    "A registry checkpoint has no crypto type or key: '" + name + "'");
        }
        if (kind == Kind.Crypto && (cryptoType <= 0 || key.isEmpty())) {
            throw new InvalidClusterConfigurationException("A crypto checkpoint needs a provider type above 0 and a"
                    + " key container: '" + name + "', type " + cryptoType + ", key '" + key + "'");
        }
    }

    /** A registry checkpoint of {@code key}. */
    public static Checkpoint registry(String key) {
        return new Checkpoint(Kind.Registry, key, 0, "");
    }

    /** A crypto checkpoint of a key container of a provider. */
    public static Checkpoint crypto(String provider, int type, String container) {
        return new Checkpoint(Kind.Crypto, provider, type, container);
    }

    /** Whether this is the same registration as {@code other}: same kind, and names (and keys) equal ignoring case. */
    public boolean sameAs(Checkpoint other) {
        return kind == other.kind
                && name.equalsIgnoreCase(other.name)
                && cryptoType == other.cryptoType
                && key.equalsIgnoreCase(other.key);
    }
}
