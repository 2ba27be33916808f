package org.entsso.sso.store;

import java.util.List;
import java.util.Objects;

/**
 * Mappings to create in one application: {@code externalUsers.get(i)} for {@code accounts.get(i)}.
 *
 * @param application the application's name, any letter case
 * @param accounts the Windows accounts
 * @param externalUsers their external users
 */
public record MappingRows(String application, List<WindowsAccount> accounts, List<String> externalUsers) {
    public MappingRows {
        Objects.requireNonNull(application, "application");
        accounts = List.copyOf(accounts);
        externalUsers = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(externalUsers));
        if (accounts.size() != externalUsers.size()) {
            throw new IllegalArgumentException("one external user per account");
        }
    }
}
