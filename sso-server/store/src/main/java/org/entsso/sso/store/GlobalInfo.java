package org.entsso.sso.store;

import java.util.Optional;
import java.util.UUID;

/**
 * A snapshot of the single global row. {@code updateStamp} is the optimistic-concurrency token: pass it back to
 * {@link GlobalInfoRepository#updateSettings} to change the settings only if nobody else did in between.
 *
 * @param settings the administrator-controlled settings
 * @param secretServerName the network name of the master secret server, if one has taken over
 * @param currentMsid the MSID of the current master secret, if one exists
 * @param reencryption the re-encryption state
 * @param masterSecretServerEpoch the fencing epoch of the master secret server that took over last (0 = none)
 * @param updateStamp the concurrency token, bumped by every change to the row
 * @param groupsStamp bumped by every change of group membership
 */
public record GlobalInfo(
        GlobalSettings settings,
        Optional<String> secretServerName,
        Optional<UUID> currentMsid,
        ReencryptionStatus reencryption,
        long masterSecretServerEpoch,
        long updateStamp,
        long groupsStamp) {}
