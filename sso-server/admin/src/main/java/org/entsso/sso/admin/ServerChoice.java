package org.entsso.sso.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * ENTSSO's {@code -server}, {@code -serverall} and {@code -showserver}: which SSO server the command lines talk to, for
 * the current user (a file in the user's folder) or for every user of the machine (a machine-wide file, a local
 * administrator's task). The user's choice wins over the machine's, which wins over {@code client.properties}'s
 * servers. With a choice, the tools talk to that server alone, as ENTSSO's do. Stateless apart from the two files.
 */
final class ServerChoice {
    private static final String KEY = "server";

    private final Environment environment;

    ServerChoice(Environment environment) {
        this.environment = environment;
    }

    /** The server chosen for this user, else for the machine. */
    Optional<URI> effective() {
        return read(environment.userServerFile()).or(() -> read(environment.machineServerFile()));
    }

    /** {@code -server}: this user's choice. */
    void setForUser(String server, PrintWriter out) {
        URI endpoint = parse(server);
        write(environment.userServerFile(), endpoint, "-server");
        out.println("The SSO server for the current user is now " + endpoint + ".");
        out.println("The operation completed successfully.");
    }

    /** {@code -serverall}: every user's choice on this machine. */
    void setForMachine(String server, PrintWriter out) {
        URI endpoint = parse(server);
        write(environment.machineServerFile(), endpoint, "-serverall");
        out.println("The SSO server for all users of this computer is now " + endpoint + ".");
        out.println("The operation completed successfully.");
    }

    /** {@code -showserver}. */
    void show(PrintWriter out, java.util.List<URI> configured) {
        Optional<URI> user = read(environment.userServerFile());
        Optional<URI> machine = read(environment.machineServerFile());
        out.println("Current user's SSO server: " + user.map(URI::toString).orElse("(not set)"));
        out.println("All users' SSO server:     " + machine.map(URI::toString).orElse("(not set)"));
        out.println("In use:                    "
                + user.or(() -> machine)
                        .map(URI::toString)
                        .orElse(configured.isEmpty() ? "(none)" : configured + " (client.properties)"));
    }

    /** An SSO server's API endpoint: {@code https://host:port}, or {@code host:port}. */
    static URI parse(String server) {
        String text = server.strip();
        if (!text.toLowerCase(Locale.ROOT).startsWith("https://")) {
            if (text.contains("://")) {
                throw CommandFailure.usage("The SSO server must be reached over https: " + server);
            }
            text = "https://" + text;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw CommandFailure.usage(
                    "Not an SSO server's address: " + server + " (give host:port or https://host:port)");
        }
        if (uri.getHost() == null
                || uri.getPort() < 1
                || (uri.getPath() != null
                        && !uri.getPath().isEmpty()
                        && !uri.getPath().equals("/"))) {
            throw CommandFailure.usage(
                    "Not an SSO server's address: " + server + " (give host:port or https://host:port)");
        }
        return URI.create("https://" + uri.getHost() + ":" + uri.getPort());
    }

    private static Optional<URI> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw CommandFailure.usage("Cannot read " + file + ": " + CommandLines.oneLine(e));
        }
        String value = p.getProperty(KEY);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(parse(value));
    }

    private static void write(Path file, URI endpoint, String verb) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".sso-server", ".tmp");
            try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                w.write("# The SSO server the ENTSSO command lines talk to (ssomanage " + verb + ").\n");
                w.write(KEY + "=" + endpoint + "\n");
            }
            Files.move(
                    temp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (AccessDeniedException e) {
            throw CommandFailure.refused("Cannot write " + file + ": access denied"
                    + (verb.equals("-serverall") ? " (-serverall is a local administrator's task)" : ""));
        } catch (IOException e) {
            throw CommandFailure.refused("Cannot write " + file + ": " + CommandLines.oneLine(e));
        }
    }
}
