package org.entsso.cluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.group.GroupState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The verbs that add and remove groups and resources, set owners and read parameters (Add-/Remove-ClusterGroup,
 * Add-ClusterGenericServiceRole, Add-/Remove-ClusterResource, Set-/Get-ClusterOwnerNode, Get-ClusterParameter):
 * parsing, printing and exit codes against {@link FakeClusterAdmin}.
 */
class RoleVerbsTest {
    private final FakeClusterAdmin admin = new FakeClusterAdmin();
    private final Map<String, String> env =
            new HashMap<>(Map.of("ENTSSO_ZK", "zk1:2181", "ENTSSO_ZK_PLAINTEXT", "true"));

    private CommandRun run(String... args) {
        return CommandRun.of(env, c -> admin, args);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "group add|Add-ClusterGroup",
                "group remove|Remove-ClusterGroup",
                "group add-generic-service|Add-ClusterGenericServiceRole",
                "group set-owners|Set-ClusterOwnerNode",
                "group get-owners|Get-ClusterOwnerNode",
                "resource add|Add-ClusterResource",
                "resource remove|Remove-ClusterResource",
                "resource set-owners|Set-ClusterOwnerNode",
                "resource get-owners|Get-ClusterOwnerNode",
                "resource get-parameter|Get-ClusterParameter"
            })
    void everyNewVerb_answersHelpWithItsUsageAndCmdlet(String verbAndCmdlet) {
        String[] parts = verbAndCmdlet.split("\\|");
        String[] verb = parts[0].split(" ");

        CommandRun r = run(verb[0], verb[1], "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: cluster " + parts[0], parts[1]);
        assertThat(r.err()).isEmpty();
        assertThat(admin.calls).isEmpty();
    }

    @Test
    void groupAdd_createsAnEmptyOfflineGroup_andPrintsItsRow() {
        CommandRun r = run("group", "add", "Reports");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().toList())
                .containsExactly("Name    OwnerNode State", "----    --------- -----", "Reports           Offline");
        assertThat(admin.calls).containsExactly("create group Reports []");
    }

    @Test
    void groupAdd_refusesATakenOrBadName_withOneLineAndExit1() {
        CommandRun taken = run("group", "add", "SSO");
        assertThat(taken.code()).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(taken.errorLine()).isEqualTo("cluster: A group named 'SSO' already exists");

        CommandRun bad = run("group", "add", "a/b");
        assertThat(bad.code()).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(bad.errorLine()).isEqualTo("cluster: A group name must be non-empty and contain no '/': 'a/b'");
    }

    @Test
    void groupRemove_removesAnOfflineGroup_refusesAnOnlineOrUnknownOne() {
        admin.groups.put("Old", new GroupInfo("Old", "", GroupState.Offline, 0, Map.of()));
        assertThat(run("group", "remove", "Old", "--remove-resources").code()).isZero();
        assertThat(admin.calls).containsExactly("remove group Old true");

        CommandRun online = run("group", "remove", "SSO");
        assertThat(online.code()).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(online.errorLine()).isEqualTo("cluster: Group 'SSO' is Online; stop it before removing it");

        CommandRun unknown = run("group", "remove", "Nope");
        assertThat(unknown.code()).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(unknown.errorLine()).isEqualTo("cluster: The cluster group 'Nope' was not found.");
    }

    @Test
    void addGenericService_createsTheRoleWithItsCheckpointKeys_namedAfterTheCluster() {
        CommandRun r = run(
                "group",
                "add-generic-service",
                "--service-name",
                "EchoSvc",
                "--checkpoint-key",
                "software\\echo",
                "--wait",
                "0");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().findFirst()).hasValue("Name           OwnerNode State");
        assertThat(r.out()).contains("cluster1GenSvc");
        assertThat(admin.calls).hasSize(2);
        assertThat(admin.calls.get(0))
                .startsWith("create group cluster1GenSvc [ResourceSpec[name=EchoSvc, type=Generic Service")
                .contains("parameters={ServiceName=EchoSvc}")
                .contains("checkpoints=[Checkpoint[kind=Registry, name=software\\echo");
        assertThat(admin.calls.get(1)).isEqualTo("start group cluster1GenSvc PT0S");
    }

    @Test
    void addGenericService_withoutAServiceName_isAUsageError_andATakenNameIsRefused() {
        CommandRun missing = run("group", "add-generic-service", "--name", "X");
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.errorLine()).contains("--service-name");

        CommandRun taken = run("group", "add-generic-service", "--service-name", "S", "--name", "SSO");
        assertThat(taken.code()).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(taken.errorLine()).isEqualTo("cluster: A group named 'SSO' already exists");
    }

    @Test
    void resourceAdd_addsAnOfflineResourceWithParameters_andPrintsItsRow() {
        CommandRun r = run(
                "resource",
                "add",
                "Echo",
                "--group",
                "SSO",
                "--type",
                "Generic Service",
                "--parameter",
                "ServiceName=EchoSvc");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().toList())
                .containsExactly(
                        "Name State   Group ResourceType",
                        "---- -----   ----- ------------",
                        "Echo Offline SSO   Generic Service");
        assertThat(admin.calls).containsExactly("add resource Echo to SSO Generic Service {ServiceName=EchoSvc}");
    }

    @Test
    void resourceAdd_refusesAnUnknownGroup_andNeedsAType() {
        CommandRun unknown = run("resource", "add", "Echo", "--group", "Nope", "--type", "Generic Service");
        assertThat(unknown.code()).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(unknown.errorLine()).isEqualTo("cluster: The cluster group 'Nope' was not found.");

        CommandRun noType = run("resource", "add", "Echo", "--group", "SSO");
        assertThat(noType.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noType.errorLine()).startsWith("cluster resource add:").contains("--type");
    }

    @Test
    void resourceRemove_refusesAnOnlineResource_removesAnOfflineOne() {
        CommandRun online = run("resource", "remove", "SSO Service");
        assertThat(online.code()).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(online.errorLine())
                .isEqualTo("cluster: Resource 'SSO Service' is Online; stop it before removing it");

        run("resource", "add", "Echo", "--group", "SSO", "--type", "Generic Service");
        CommandRun removed = run("resource", "remove", "Echo");
        assertThat(removed.code()).as(removed.err()).isZero();
        assertThat(removed.out()).isEmpty();
        assertThat(admin.resources).doesNotContainKey("Echo");

        assertThat(run("resource", "remove", "Echo").errorLine())
                .isEqualTo("cluster: The cluster resource 'Echo' was not found.");
    }

    @Test
    void setOwners_takesNodesAsArgumentsOrLists_andGetOwnersPrintsTheCollection() {
        assertThat(run("group", "set-owners", "SSO", "node2", "node1").code()).isZero();
        assertThat(run("resource", "set-owners", "SSO Service", "node1,node2").code())
                .isZero();
        assertThat(admin.calls)
                .containsExactly(
                        "set group SSO PreferredOwners=node2,node1",
                        "set resource SSO Service PossibleOwners=node1,node2");

        CommandRun group = run("group", "get-owners", "SSO");
        assertThat(group.out().lines().toList())
                .containsExactly(
                        "ClusterObject OwnerNodes", "------------- ----------", "SSO           {node1, node2}");
        CommandRun resource = run("resource", "get-owners", "SSO Service");
        assertThat(resource.out().lines().toList()).last().isEqualTo("SSO Service   {node1}");
    }

    @Test
    void setOwners_needsANode_andRefusesUnknownObjects() {
        CommandRun none = run("group", "set-owners", "SSO");
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.errorLine()).contains("NODE");

        CommandRun blank = run("resource", "set-owners", "SSO Service", ",");
        assertThat(blank.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(blank.errorLine()).isEqualTo("cluster: Name at least one owner node (NODE[,NODE...]).");

        CommandRun unknown = run("resource", "get-owners", "Nope");
        assertThat(unknown.code()).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(unknown.errorLine()).isEqualTo("cluster: The cluster resource 'Nope' was not found.");
    }

    @Test
    void getParameter_printsObjectNameValueType_allSortedOrTheOnesNamed() {
        CommandRun all = run("resource", "get-parameter", "SSO Service");
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(all.out().lines().toList())
                .containsExactly(
                        "Object      Name              Value     Type",
                        "------      ----              -----     ----",
                        "SSO Service ServiceName       EntSsoSvc String",
                        "SSO Service StartupParameters -Xmx512m  String");

        CommandRun one = run("resource", "get-parameter", "SSO Service", "servicename");
        assertThat(one.out().lines().toList()).last().isEqualTo("SSO Service ServiceName EntSsoSvc String");
    }

    @Test
    void getParameter_refusesAnUnknownParameterOrResource() {
        CommandRun param = run("resource", "get-parameter", "SSO Service", "Nope");
        assertThat(param.code()).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(param.errorLine())
                .isEqualTo("cluster: The cluster parameter 'Nope' of resource 'SSO Service' was not found.");

        CommandRun resource = run("resource", "get-parameter", "Nope");
        assertThat(resource.code()).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(resource.out()).isEmpty();
        assertThat(resource.errorLine()).isEqualTo("cluster: The cluster resource 'Nope' was not found.");
    }
}
