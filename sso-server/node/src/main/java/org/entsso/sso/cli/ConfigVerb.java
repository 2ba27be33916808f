package org.entsso.sso.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The commands of {@code ssoconfig}, exactly one per call (anchors/entsso.md §2). */
final class ConfigVerb {
    @Option(
            names = "-generateSecret",
            paramLabel = "<backupFile>",
            description = "Generates a new master secret (re-encryption starts) and writes its backup file.")
    Path generate;

    @Option(
            names = "-backupSecret",
            paramLabel = "<backupFile>",
            description = "Writes a backup file of the current and previous master secret.")
    Path backup;

    @Option(
            names = "-restoreSecret",
            paramLabel = "<backupFile>",
            description = "Installs the master secret of a backup file on the master secret server.")
    Path restore;

    @Option(names = "-status", description = "Shows the master secret server, the MSIDs, backup and re-encryption.")
    boolean status;

    @Option(
            names = "-showdb",
            description = "Shows the SQL server and SSO database this machine's SSO server uses (from its"
                    + " node.properties: --node-config). No password is shown.")
    boolean showDb;

    @Option(
            names = "-auditlevel",
            arity = "2",
            paramLabel = "<level>",
            description = "-auditlevel <positive> <negative>: sets the audit levels of every SSO server, each 0 (none),"
                    + " 1 (low), 2 (medium) or 3 (high); ENTSSO's defaults are 0 and 1.")
    int[] auditLevels;

    @Option(
            names = "-remoteLookup",
            paramLabel = "<yes|no>",
            description = "Whether SSO servers answer lookups from other machines (no: they answer 11068). Our default"
                    + " is yes, unlike ENTSSO's, because every caller of our HTTPS servers is remote by design; it"
                    + " applies to every SSO server at once.")
    String remoteLookup;

    @Option(
            names = "-showReminder",
            paramLabel = "<backupFile>",
            description = "Shows the password reminder stored in a backup file; the password is not needed.")
    Path showReminder;
}
