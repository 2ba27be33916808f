package org.entsso.sso.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * ssomanage's group membership verbs, what a directory service does for ENTSSO: {@code -listgroups [group]},
 * {@code -addgroupmember <group> <account>}, {@code -removegroupmember <group> <account>}.
 */
final class GroupVerbs {
    private final AdminApi api;
    private final Output output;

    GroupVerbs(AdminApi api, Output output) {
        this.api = api;
        this.output = output;
    }

    void list(Optional<String> group) {
        output.noXml("-listgroups");
        JsonNode answer =
                api.get("/v1/groups" + group.map(g -> "/" + AdminApi.segment(g)).orElse(""));
        if (!output.text()) {
            output.json(answer);
            return;
        }
        if (group.isPresent()) {
            print(answer);
            return;
        }
        if (answer.path("groups").isEmpty()) {
            output.out.println("(no groups)");
        }
        answer.path("groups").forEach(this::print);
    }

    private void print(JsonNode group) {
        output.out.println(group.path("group").asText() + ":");
        if (group.path("members").isEmpty()) {
            output.out.println("  (no members)");
        }
        group.path("members").forEach(m -> output.out.println("  " + m.asText()));
    }

    void add(String group, String account) {
        output.noXml("-addgroupmember");
        api.client().addGroupMember(group, account);
        report(account + " is a member of " + group + ".");
    }

    void remove(String group, String account) {
        output.noXml("-removegroupmember");
        api.client().removeGroupMember(group, account);
        report(account + " is no longer a member of " + group + ".");
    }

    private void report(String sentence) {
        if (output.text()) {
            output.out.println(sentence);
        }
        output.done();
    }
}
