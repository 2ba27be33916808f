package org.entsso.sso.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;

/**
 * One configuration file in {@code java.util.Properties} form (UTF-8), as {@code client.properties} and
 * {@code node.properties} are read: every mistake is one sentence {@code <file>: <key> <what is wrong>}, as an
 * {@link SsoException} with {@link SsoError#INVALID_ARGUMENT}; unknown keys are refused, so a typo never falls back to a
 * default silently; blank values count as absent and values are trimmed; relative paths are resolved against the
 * file's folder.
 *
 * <p>Immutable once loaded; thread-safe.
 */
public final class PropertiesFile {
    private final Path file;
    private final Path folder;
    private final Properties props;

    private PropertiesFile(Path file, Properties props) {
        this.file = file.toAbsolutePath();
        this.folder = this.file.getParent();
        this.props = props;
    }

    /**
     * Reads {@code file} and refuses any key not in {@code knownKeys}.
     *
     * @param what what the file is, for the error when it cannot be read (e.g. "node configuration")
     * @throws SsoException (INVALID_ARGUMENT) naming the file, and the key for an unknown one
     */
    public static PropertiesFile load(Path file, String what, Set<String> knownKeys) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT, "Cannot read the " + what + " " + file + ": " + e.getMessage(), e);
        }
        PropertiesFile loaded = new PropertiesFile(file, props);
        for (String key : props.stringPropertyNames()) {
            if (!knownKeys.contains(key)) {
                throw loaded.error(
                        key, "is not a known key; known keys: " + String.join(", ", new TreeSet<>(knownKeys)));
            }
        }
        return loaded;
    }

    /** The file, as an absolute path. */
    public Path file() {
        return file;
    }

    /** The trimmed value of {@code key}, empty when it is absent or blank. */
    public Optional<String> optional(String key) {
        String v = props.getProperty(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** The trimmed value of {@code key}; "is required" when it is absent or blank. */
    public String required(String key) {
        return optional(key).orElseThrow(() -> error(key, "is required"));
    }

    /** The comma-separated values of {@code key}, trimmed, blanks skipped; empty when the key is absent. */
    public List<String> list(String key) {
        List<String> values = new ArrayList<>();
        for (String v : optional(key).orElse("").split(",")) {
            if (!v.isBlank()) {
                values.add(v.trim());
            }
        }
        return values;
    }

    /** {@code value} resolved against the file's folder. */
    public Path path(String value) {
        return folder.resolve(value).normalize();
    }

    /** The required {@code key} as a path to a regular file this process can read. */
    public Path existing(String key) {
        Path p = path(required(key));
        if (!Files.isRegularFile(p)) {
            throw error(key, "names " + p + ", which does not exist or is not a file");
        }
        if (!Files.isReadable(p)) {
            throw error(key, "names " + p + ", which this process cannot read");
        }
        return p;
    }

    /** The optional {@code key} as {@code true} or {@code false} (any case); {@code fallback} when absent. */
    public boolean flag(String key, boolean fallback) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return fallback;
        }
        if (value.get().equalsIgnoreCase("true")) {
            return true;
        }
        if (value.get().equalsIgnoreCase("false")) {
            return false;
        }
        throw error(key, "must be true or false, not '" + value.get() + "'");
    }

    /** The required {@code key} as a TCP port, 1-65535. */
    public int port(String key) {
        String value = required(key);
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw error(key, "must be a port 1-65535, not '" + value + "'");
        }
        if (port < 1 || port > 65535) {
            throw error(key, "must be a port 1-65535, not '" + value + "'");
        }
        return port;
    }

    /**
     * The optional {@code key} as a duration ({@code 5s}, {@code 500ms}, or milliseconds), at least {@code minimum};
     * {@code fallback} when absent.
     *
     * @param examples the forms named when the value is not a duration, e.g. "4s or 4000"
     */
    public Duration duration(String key, Duration fallback, Duration minimum, String examples) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return fallback;
        }
        Duration d = parseDuration(value.get())
                .filter(parsed -> !parsed.isNegative())
                .orElseThrow(
                        () -> error(key, "must be a duration such as " + examples + ", not '" + value.get() + "'"));
        if (d.compareTo(minimum) < 0) {
            String least = minimum.toMillis() % 1000 == 0 ? minimum.toSeconds() + "s" : minimum.toMillis() + "ms";
            throw error(key, "must be at least " + least + ", not " + value.get());
        }
        return d;
    }

    /**
     * The duration forms the cluster's properties take as well: {@code 500} (milliseconds), {@code 500ms}, {@code 5s},
     * {@code 1.5s}, {@code 15m}, {@code 6h} or ISO-8601 ({@code PT5S}); empty when the value is none of them.
     */
    static Optional<Duration> parseDuration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (v.startsWith("p") || v.startsWith("-p")) {
                return Optional.of(Duration.parse(v.toUpperCase(Locale.ROOT)));
            }
            if (v.endsWith("ms")) {
                return Optional.of(Duration.ofMillis(
                        Long.parseLong(v.substring(0, v.length() - 2).trim())));
            }
            String number = v.substring(0, v.length() - 1).trim();
            return Optional.of(
                    switch (v.charAt(v.length() - 1)) {
                        case 's' -> Duration.ofMillis(Math.round(Double.parseDouble(number) * 1000));
                        case 'm' -> Duration.ofSeconds(Math.round(Double.parseDouble(number) * 60));
                        case 'h' -> Duration.ofSeconds(Math.round(Double.parseDouble(number) * 3600));
                        default -> Duration.ofMillis(Long.parseLong(v));
                    });
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The mistake {@code <file>: <key> <what>}, for the caller's own checks. */
    public SsoException error(String key, String what) {
        return new SsoException(SsoError.INVALID_ARGUMENT, file + ": " + key + " " + what);
    }

    @Override
    public String toString() {
        return "PropertiesFile[" + file + "]";
    }
}
