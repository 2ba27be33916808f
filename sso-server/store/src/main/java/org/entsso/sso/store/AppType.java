package org.entsso.sso.store;

import java.util.Locale;
import java.util.Optional;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;

/**
 * ENTSSO's affiliate application types with their {@code SSO_APP_TYPE} values (anchors/entsso.md section 3). The type
 * is fixed when the application is created.
 */
public enum AppType {
    /** One Windows account to one external account; Windows-initiated, host-initiated or both. */
    INDIVIDUAL(0x1, "individual"),
    /** Windows groups to one external account each; Windows-initiated only; only administrators manage mappings. */
    GROUP(0x2, "group"),
    /** Name/value configuration bags (BizTalk's adapter and port settings); no mappings. */
    CONFIG_STORE(0x4, "configStore"),
    /** Many external accounts to the one Windows account of the application; host-initiated only. */
    HOST_GROUP(0x8, "hostGroup");

    private final int code;
    private final String label;

    AppType(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** ENTSSO's SSO_APP_TYPE value. */
    public int code() {
        return code;
    }

    /** The name the API uses: {@code individual}, {@code group}, {@code configStore}, {@code hostGroup}. */
    public String label() {
        return label;
    }

    /** The type stored as {@code code}. */
    public static Optional<AppType> fromCode(int code) {
        for (AppType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /**
     * The type named {@code text}: its API label or enum name in any case, with or without {@code -} or {@code _}
     * ({@code hostGroup}, {@code HOST_GROUP}, {@code host-group}), or its SSO_APP_TYPE number.
     *
     * @throws SsoException INVALID_ARGUMENT for anything else
     */
    public static AppType parse(String text) {
        String folded = text == null
                ? ""
                : text.strip().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        for (AppType type : values()) {
            if (type.label.toLowerCase(Locale.ROOT).equals(folded)
                    || Integer.toString(type.code).equals(folded)) {
                return type;
            }
        }
        throw new SsoException(
                SsoError.INVALID_ARGUMENT,
                "An application type is individual, group, hostGroup or configStore (ENTSSO's 1, 2, 8, 4)");
    }
}
