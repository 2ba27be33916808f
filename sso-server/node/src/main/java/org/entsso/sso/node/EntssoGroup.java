package org.entsso.sso.node;

import java.util.List;
import java.util.Map;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.resource.types.IpAddressType;
import org.entsso.cluster.resource.types.NetworkNameType;
import org.entsso.sso.mss.MasterSecretServiceType;

/**
 * The cluster group {@value #NAME} of DESIGN.md decision 1 and the seed document's figure: IP Address -> Network Name
 * -> Master Secret Service, with the resource names the ENTSSO clustering guide uses. The first node to start creates
 * it when absent; later nodes leave an existing definition alone (an operator may have tuned it with the cluster
 * command, and changing an online group's resources would restart its term). Stateless.
 */
public final class EntssoGroup {
    /** The group's name. */
    public static final String NAME = "ENTSSO";

    /** The Master Secret Service resource's name. */
    public static final String SERVICE_RESOURCE = "ENTSSO Master Secret Service";

    private EntssoGroup() {}

    /** The group as {@code config} describes it: possible and preferred owners, network name and address. */
    public static GroupSpec spec(NodeConfig config) {
        ResourceSpec ip = ResourceSpec.of(
                        "ENTSSO IP Address", IpAddressType.NAME, Map.of("Address", config.ipAddress()))
                .withPossibleOwners(config.possibleOwners());
        ResourceSpec name = ResourceSpec.of(
                        "ENTSSO Network Name", NetworkNameType.NAME, Map.of("Name", config.networkName()))
                .withDependencies("[ENTSSO IP Address]")
                .withPossibleOwners(config.possibleOwners());
        ResourceSpec service = ResourceSpec.of(SERVICE_RESOURCE, MasterSecretServiceType.NAME, Map.of())
                .withDependencies("[ENTSSO Network Name]")
                .withPossibleOwners(config.possibleOwners());
        return GroupSpec.of(NAME, config.preferredOwners(), List.of(ip, name, service));
    }
}
