package org.entsso.sso.audit;

import java.util.List;
import java.util.Optional;

/**
 * The audited operations of the {@code /v1} API, with the audit level from which each is recorded (ENTSSO's levels:
 * 1 Low, 2 Medium, 3 High; anchors/entsso.md §3). Low: what changes who may do what or the system itself
 * (applications, global settings, groups, deletions); Medium: credential and mapping writes and tickets; High: every
 * read, lookups included, each one whether the server answered it from its cache or from the database. Health,
 * status and the node list are not audited.
 */
public enum AuditFunction {
    CREATE_APPLICATION("CreateApplication", 1),
    UPDATE_APPLICATION("UpdateApplication", 1),
    DELETE_APPLICATION("DeleteApplication", 1),
    ENABLE_APPLICATION("EnableApplication", 1),
    DISABLE_APPLICATION("DisableApplication", 1),
    DELETE_MAPPING("DeleteMapping", 1),
    DELETE_MAPPINGS("DeleteMappings", 1),
    DELETE_CONFIG_INFO("DeleteConfigInfo", 1),
    UPDATE_GLOBAL_INFO("UpdateGlobalInfo", 1),
    ENABLE_SSO("EnableSSO", 1),
    DISABLE_SSO("DisableSSO", 1),
    ADD_GROUP_MEMBER("AddGroupMember", 1),
    REMOVE_GROUP_MEMBER("RemoveGroupMember", 1),
    READ_AUDIT("GetAudit", 1),
    CREATE_MAPPING("CreateMapping", 2),
    CREATE_MAPPINGS("CreateMappings", 2),
    ENABLE_MAPPING("EnableMapping", 2),
    DISABLE_MAPPING("DisableMapping", 2),
    SET_CREDENTIALS("SetCredentials", 2),
    SET_CONFIG_INFO("SetConfigInfo", 2),
    ISSUE_TICKET("IssueTicket", 2),
    REDEEM_TICKET("RedeemTicket", 2),
    VALIDATE_AND_REDEEM_TICKET("ValidateAndRedeemTicket", 2),
    GET_CREDENTIALS("GetCredentials", 3),
    REVERSE_LOOKUP("GetWindowsUserName", 3),
    GET_CONFIG_INFO("GetConfigInfo", 3),
    LIST_CONFIG_INFO("ListConfigInfo", 3),
    GET_APPLICATION("GetApplicationInfo", 3),
    LIST_APPLICATIONS("ListApplications", 3),
    LIST_MAPPINGS("ListMappings", 3),
    GET_GLOBAL_INFO("GetGlobalInfo", 3),
    LIST_GROUPS("ListGroups", 3),
    /** A request no endpoint serves (an unknown path or method): recorded as a failure from level 2. */
    OTHER("Request", 2);

    private final String text;
    private final int level;

    AuditFunction(String text, int level) {
        this.text = text;
        this.level = level;
    }

    /** The name in the record, ENTSSO's interface method where one exists. */
    public String text() {
        return text;
    }

    /** The lowest audit level (1-3) that records this function. */
    public int level() {
        return level;
    }

    /**
     * The function of a request, from its method and its decoded path segments ({@code ["v1", "applications", ...]});
     * empty for requests that are not audited. A redemption is {@link #REDEEM_TICKET} here: the endpoint, which reads
     * the body, names a validate-and-redeem ({@code ApiRequest.auditAs}).
     */
    public static Optional<AuditFunction> of(String method, List<String> segments) {
        if (segments.size() < 2 || !segments.get(0).equals("v1")) {
            return Optional.of(OTHER);
        }
        String root = segments.get(1);
        int n = segments.size();
        return Optional.ofNullable(
                switch (root) {
                    case "sys" -> null;
                    case "applications" -> application(method, segments);
                    case "mappings" ->
                        method.equals("GET")
                                ? LIST_MAPPINGS
                                : (n == 2 ? CREATE_MAPPINGS : (n == 3 ? DELETE_MAPPINGS : OTHER));
                    case "tickets" -> method.equals("POST") ? ISSUE_TICKET : OTHER;
                    case "global" ->
                        n == 2
                                ? (method.equals("PUT") ? UPDATE_GLOBAL_INFO : GET_GLOBAL_INFO)
                                : (n == 3 && segments.get(2).equals("enable") ? ENABLE_SSO : DISABLE_SSO);
                    case "groups" ->
                        switch (method) {
                            case "PUT" -> ADD_GROUP_MEMBER;
                            case "DELETE" -> REMOVE_GROUP_MEMBER;
                            default -> LIST_GROUPS;
                        };
                    case "config" ->
                        switch (method) {
                            case "PUT" -> SET_CONFIG_INFO;
                            case "DELETE" -> DELETE_CONFIG_INFO;
                            default -> n == 3 ? LIST_CONFIG_INFO : GET_CONFIG_INFO;
                        };
                    case "audit" -> READ_AUDIT;
                    default -> OTHER;
                });
    }

    private static AuditFunction application(String method, List<String> s) {
        int n = s.size();
        if (n == 2) {
            return method.equals("POST") ? CREATE_APPLICATION : LIST_APPLICATIONS;
        }
        if (n == 3) {
            return switch (method) {
                case "PATCH" -> UPDATE_APPLICATION;
                case "DELETE" -> DELETE_APPLICATION;
                default -> GET_APPLICATION;
            };
        }
        String action = s.get(3);
        if (n == 4) {
            return switch (action) {
                case "enable" -> ENABLE_APPLICATION;
                case "disable" -> DISABLE_APPLICATION;
                case "mappings" -> CREATE_MAPPING;
                case "credentials" -> GET_CREDENTIALS;
                case "reverse" -> REVERSE_LOOKUP;
                default -> OTHER;
            };
        }
        if (n == 5 && action.equals("tickets")) {
            return REDEEM_TICKET;
        }
        if (n == 5 && action.equals("mappings")) {
            return method.equals("DELETE") ? DELETE_MAPPING : OTHER;
        }
        if (n == 6 && action.equals("mappings")) {
            return switch (s.get(5)) {
                case "enable" -> ENABLE_MAPPING;
                case "disable" -> DISABLE_MAPPING;
                case "credentials" -> SET_CREDENTIALS;
                default -> OTHER;
            };
        }
        return OTHER;
    }

    /** The application a request is about: the segment after {@code applications} or {@code config}, else empty. */
    public static String applicationOf(List<String> segments) {
        if (segments.size() >= 3
                && (segments.get(1).equals("applications") || segments.get(1).equals("config"))) {
            return segments.get(2);
        }
        return "";
    }
}
