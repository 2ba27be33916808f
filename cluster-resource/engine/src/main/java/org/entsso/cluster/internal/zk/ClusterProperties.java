package org.entsso.cluster.internal.zk;

import java.util.LinkedHashMap;
import java.util.Map;
import org.entsso.cluster.InvalidClusterConfigurationException;

/** Cluster-wide properties kept in {@code /config/cluster}. */
public record ClusterProperties(boolean enforcedAntiAffinity) {
    static final String ENFORCED_ANTI_AFFINITY = "ClusterEnforcedAntiAffinity";

    public static ClusterProperties read(Zk zk) {
        Map<?, ?> map = zk.readJson(ZkPaths.CLUSTER_PROPERTIES, Map.class).orElse(Map.of());
        return new ClusterProperties("1".equals(String.valueOf(map.get(ENFORCED_ANTI_AFFINITY))));
    }

    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(ENFORCED_ANTI_AFFINITY, enforcedAntiAffinity ? "1" : "0");
        return map;
    }

    public ClusterProperties with(String name, String value) {
        if (!name.trim().equalsIgnoreCase(ENFORCED_ANTI_AFFINITY)) {
            throw new InvalidClusterConfigurationException(
                    "'" + name + "' is not a cluster property; known: " + ENFORCED_ANTI_AFFINITY);
        }
        String v = value.trim();
        if (!v.equals("0") && !v.equals("1")) {
            throw new InvalidClusterConfigurationException(
                    ENFORCED_ANTI_AFFINITY + " must be 0 or 1, not '" + value + "'");
        }
        return new ClusterProperties(v.equals("1"));
    }
}
