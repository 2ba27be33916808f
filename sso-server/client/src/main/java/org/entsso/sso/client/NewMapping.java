package org.entsso.sso.client;

import java.util.Objects;

/**
 * One mapping of a batch ({@link SsoClient#createMappings}, {@link SsoClient#deleteMappings}).
 *
 * @param application the affiliate application
 * @param account the Windows account, {@code DOMAIN\\user}
 * @param externalUser the external user id; required to create, optional to delete (it picks one of a Host Group
 *     application's mappings)
 */
public record NewMapping(String application, String account, String externalUser) {
    public NewMapping {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(account, "account");
    }
}
