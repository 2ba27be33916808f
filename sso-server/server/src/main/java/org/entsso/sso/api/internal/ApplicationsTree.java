package org.entsso.sso.api.internal;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Routes everything under {@code /v1/applications} (sso-server/docs/api.md) to the endpoint of its resource:
 *
 * <pre>
 *   GET  /v1/applications[?all=true]                             list
 *   POST /v1/applications                                         create one, or {"applications": [...]} all or none
 *   PATCH /v1/applications                                        {"applications": [...]}: update all or none
 *   GET  /v1/applications/{app}                                   read
 *   PATCH /v1/applications/{app}                                  update (flags + flagMask, details)
 *   DELETE /v1/applications/{app}                                 delete
 *   DELETE /v1/applications/{app}/mappings/{account}              delete a (disabled) mapping
 *   POST /v1/applications/{app}/enable | disable
 *   POST /v1/applications/{app}/mappings                          create a mapping
 *   POST /v1/applications/{app}/mappings/{account}/enable | disable
 *   PUT  /v1/applications/{app}/mappings/{account}/credentials
 *   GET  /v1/applications/{app}/credentials[?refresh=true]         the caller's own
 *   POST /v1/applications/{app}/tickets/redeem                    an issuer's, by its ticket
 *   POST /v1/applications/{app}/reverse                           host-initiated: external user to account
 *   POST /v1/applications/{app}/purge                             every server drops its cached credentials
 * </pre>
 *
 * Thread-safe.
 */
public final class ApplicationsTree implements Endpoint {
    private final ApplicationsEndpoint applications;
    private final ApplicationBatches batches;
    private final MappingsEndpoint mappings;
    private final CredentialsEndpoint credentials;

    public ApplicationsTree(
            ApplicationsEndpoint applications, MappingsEndpoint mappings, CredentialsEndpoint credentials) {
        this.applications = Objects.requireNonNull(applications, "applications");
        this.batches = new ApplicationBatches(applications);
        this.mappings = Objects.requireNonNull(mappings, "mappings");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    @Override
    public void serve(ApiRequest request) throws IOException {
        List<String> rest = Routes.rest(request, 2);
        if (rest.isEmpty()) {
            switch (request.method()) {
                case "GET" -> applications.list(request);
                case "POST" -> batches.create(request);
                case "PATCH" -> batches.update(request);
                default -> throw new MethodNotAllowed("GET, POST, PATCH");
            }
            return;
        }
        String app = rest.get(0);
        switch (rest.size()) {
            case 1 -> {
                switch (request.method()) {
                    case "GET", "HEAD" -> applications.get(request, app);
                    case "PATCH" -> applications.update(request, app);
                    case "DELETE" -> applications.delete(request, app);
                    default -> throw new MethodNotAllowed("GET, PATCH, DELETE");
                }
            }
            case 3 -> {
                if ("tickets".equals(rest.get(1)) && "redeem".equals(rest.get(2))) {
                    credentials.redeem(request, app);
                    return;
                }
                if (!"mappings".equals(rest.get(1))) {
                    throw Routes.noEndpoint(request);
                }
                if (!request.method().equals("DELETE")) {
                    throw new MethodNotAllowed("DELETE");
                }
                mappings.delete(request, app, rest.get(2));
            }
            case 2 -> serveApplication(request, app, rest.get(1));
            case 4 -> serveMapping(request, app, rest);
            default -> throw Routes.noEndpoint(request);
        }
    }

    private void serveApplication(ApiRequest request, String app, String action) throws IOException {
        switch (action) {
            case "enable" -> applications.setEnabled(request, app, true);
            case "disable" -> applications.setEnabled(request, app, false);
            case "mappings" -> mappings.create(request, app);
            case "credentials" -> credentials.get(request, app);
            case "reverse" -> credentials.reverse(request, app);
            case "purge" -> applications.purge(request, app);
            default -> throw Routes.noEndpoint(request);
        }
    }

    private void serveMapping(ApiRequest request, String app, List<String> rest) throws IOException {
        if (!"mappings".equals(rest.get(1))) {
            throw Routes.noEndpoint(request);
        }
        String account = rest.get(2);
        switch (rest.get(3)) {
            case "enable" -> mappings.setEnabled(request, app, account, true);
            case "disable" -> mappings.setEnabled(request, app, account, false);
            case "credentials" -> credentials.put(request, app, account);
            default -> throw Routes.noEndpoint(request);
        }
    }
}
