package org.entsso.sso.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.internal.ByteWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupFileTest {
    /** Small Argon2 parameters keep the suite fast; the file records them, so reading needs no setting. */
    static final PasswordStretching FAST = new PasswordStretching(64, 1, 1);

    private static final String PASSWORD = "correct horse battery";
    private static final String REMINDER = "the horse in the stable";

    /** "Clé de secours 2026" with its é composed (U+00E9) and decomposed (e + U+0301): one password to a person. */
    private static final String COMPOSED = "Cl\u00e9 de secours 2026";

    private static final String DECOMPOSED = "Cle\u0301 de secours 2026";

    @TempDir
    Path folder;

    private final BackupFile backup = new BackupFile(FAST);
    private final Keyring keyring = Keyring.generate().rotate();

    @AfterEach
    void closeKeyring() {
        keyring.close();
    }

    @Test
    void writeThenReadRestoresCurrentAndPreviousSecrets() {
        Path file = folder.resolve("SSO1234.bak");
        backup.write(file, keyring, PASSWORD.toCharArray(), REMINDER);
        try (Keyring restored = backup.read(file, PASSWORD.toCharArray())) {
            assertThat(restored.secrets()).isEqualTo(keyring.secrets());
            assertThat(restored.currentKey().getEncoded())
                    .isEqualTo(keyring.currentKey().getEncoded());
            assertThat(restored.previous()).isEqualTo(keyring.previous());
        }
    }

    @Test
    void aDefaultBackupFileRecordsTheRecommendedArgon2Parameters() {
        assertThat(PasswordStretching.RECOMMENDED).isEqualTo(new PasswordStretching(65536, 3, 4));
        byte[] header =
                BackupFormat.header(PasswordStretching.RECOMMENDED, new byte[16], "", new byte[32], new byte[12], 100);
        assertThat(Arrays.copyOfRange(header, 10, 19)).containsExactly(0, 1, 0, 0, 0, 0, 0, 3, 4);
    }

    @Test
    void theReminderIsReadableWithoutThePassword() {
        Path file = folder.resolve("with-reminder.bak");
        backup.write(file, keyring, PASSWORD.toCharArray(), REMINDER);
        assertThat(BackupFile.readReminder(file)).contains(REMINDER);

        Path none = folder.resolve("without-reminder.bak");
        backup.write(none, keyring, PASSWORD.toCharArray(), null);
        assertThat(BackupFile.readReminder(none)).isEmpty();
    }

    @Test
    void theWrongPasswordGives10815() {
        Path file = folder.resolve("a.bak");
        backup.write(file, keyring, PASSWORD.toCharArray(), REMINDER);
        expect(() -> backup.read(file, "correct horse battery!".toCharArray()), SsoError.INCORRECT_MASTER_SECRET);
        assertThatThrownBy(() -> backup.read(file, "wrong password!".toCharArray()))
                .hasMessageStartingWith("[10815] Incorrect master secret.");
    }

    @Test
    void passwordsShorterThanTwelveCharactersAreRefusedWithoutEchoingThem() {
        Path file = folder.resolve("short.bak");
        assertThatThrownBy(() -> backup.write(file, keyring, "elevenchars".toCharArray(), null))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.INVALID_ARGUMENT))
                .hasMessageContaining("at least 12 characters")
                .message()
                .doesNotContain("elevenchars");
        assertThat(file).doesNotExist();
    }

    @Test
    void aReminderThatContainsThePasswordIsRefused() {
        assertThatThrownBy(() -> backup.write(
                        folder.resolve("x.bak"), keyring, PASSWORD.toCharArray(), "it is " + PASSWORD + " of course"))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.INVALID_ARGUMENT))
                .message()
                .doesNotContain(PASSWORD);
    }

    @Test
    void writeAndReadClearTheCallersPasswordArray() {
        Path file = folder.resolve("wipe.bak");
        char[] forWrite = PASSWORD.toCharArray();
        backup.write(file, keyring, forWrite, null);
        char[] forRead = PASSWORD.toCharArray();
        backup.read(file, forRead).close();
        char[] refused = "short".toCharArray();
        assertThatThrownBy(() -> backup.write(file, keyring, refused, null)).isInstanceOf(SsoException.class);
        assertThat(forWrite).containsOnly('\0');
        assertThat(forRead).containsOnly('\0');
        assertThat(refused).containsOnly('\0');
    }

    @Test
    void theFileIsOwnerOnlyAndNoTemporaryFileIsLeft() throws IOException {
        Path file = folder.resolve("perm.bak");
        backup.write(file, keyring, PASSWORD.toCharArray(), null);
        backup.write(file, keyring, PASSWORD.toCharArray(), REMINDER);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (var listing = Files.list(folder)) {
            assertThat(listing).containsExactly(file);
        }
        assertThat(BackupFile.readReminder(file)).contains(REMINDER);
    }

    @Test
    void aFileTruncatedAtEveryLengthGives10564() {
        byte[] bytes = backup.seal(keyring, PASSWORD.toCharArray(), REMINDER);
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            expect(() -> BackupFile.open(truncated, PASSWORD.toCharArray(), "t.bak"), SsoError.BACKUP_FILE_FORMAT);
        }
    }

    @Test
    void aTruncatedFileOnDiskGives10564ForReadAndForTheReminder() throws IOException {
        byte[] bytes = backup.seal(keyring, PASSWORD.toCharArray(), REMINDER);
        Path file = folder.resolve("cut.bak");
        Files.write(file, Arrays.copyOf(bytes, 30));
        expect(() -> backup.read(file, PASSWORD.toCharArray()), SsoError.BACKUP_FILE_FORMAT);
        expect(() -> BackupFile.readReminder(file), SsoError.BACKUP_FILE_FORMAT);
        assertThatThrownBy(() -> BackupFile.readReminder(file))
                .hasMessageStartingWith("[10564] The backup file does not have the correct format.");
    }

    @Test
    void anyFlippedBitGives10564() {
        byte[] bytes = backup.seal(keyring, PASSWORD.toCharArray(), REMINDER);
        for (int index = 0; index < bytes.length; index++) {
            byte[] damaged = bytes.clone();
            damaged[index] ^= 0x10;
            expect(() -> BackupFile.open(damaged, PASSWORD.toCharArray(), "d.bak"), SsoError.BACKUP_FILE_FORMAT);
        }
    }

    @Test
    void foreignFilesGive10564() throws IOException {
        for (byte[] foreign : new byte[][] {
            new byte[0],
            "hello, world".getBytes(StandardCharsets.US_ASCII),
            {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0},
            "ENTSSOBK".getBytes(StandardCharsets.US_ASCII)
        }) {
            Path file = folder.resolve("foreign.bak");
            Files.write(file, foreign);
            expect(() -> backup.read(file, PASSWORD.toCharArray()), SsoError.BACKUP_FILE_FORMAT);
        }
    }

    @Test
    void aTamperedReminderWithARecomputedChecksumFailsAuthentication() {
        byte[] bytes = backup.seal(keyring, PASSWORD.toCharArray(), "abc reminder");
        int reminderAt = 8 + 1 + 1 + 9 + 1 + 16 + 2;
        bytes[reminderAt] = 'x';
        byte[] forged = reseal(bytes);
        assertThatThrownBy(() -> BackupFile.open(forged, PASSWORD.toCharArray(), "forged.bak"))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.BACKUP_FILE_FORMAT))
                .hasMessageContaining("fail authentication");
        assertThat(BackupFile.open(
                                reseal(backup.seal(keyring, PASSWORD.toCharArray(), "abc reminder")),
                                PASSWORD.toCharArray(),
                                "control.bak")
                        .current())
                .isEqualTo(keyring.current());
    }

    @Test
    void aFutureFormatVersionIsReportedAsUnsupported() {
        byte[] bytes = backup.seal(keyring, PASSWORD.toCharArray(), null);
        bytes[8] = 2;
        assertThatThrownBy(() -> BackupFile.open(reseal(bytes), PASSWORD.toCharArray(), "v2.bak"))
                .hasMessageContaining("format version 2 is not supported");
    }

    @Test
    void forgedArgon2ParametersOutOfRangeAreRefusedBeforeDerivation() {
        byte[] bytes = backup.seal(keyring, PASSWORD.toCharArray(), null);
        bytes[10] = 0x7F; // memory field's top byte: about 2 TiB
        expect(() -> BackupFile.open(reseal(bytes), PASSWORD.toCharArray(), "huge.bak"), SsoError.BACKUP_FILE_FORMAT);
    }

    @Test
    void aMissingFileIsReportedByName() {
        Path file = folder.resolve("missing.bak");
        assertThatThrownBy(() -> backup.read(file, PASSWORD.toCharArray()))
                .isInstanceOf(SsoException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("does not exist");
    }

    /** Recomputes the trailing SHA-256 so a deliberate change gets past the accidental-damage check. */
    private static byte[] reseal(byte[] file) {
        byte[] body = Arrays.copyOf(file, file.length - BackupFormat.DIGEST_BYTES);
        return new ByteWriter(file.length)
                .bytes(body)
                .bytes(BackupFormat.sha256(body))
                .toByteArray();
    }

    private static void expect(ThrowingCallable call, SsoError error) {
        Consumer<SsoException> check = e -> assertThat(e.error()).isEqualTo(error);
        assertThatThrownBy(call).isInstanceOfSatisfying(SsoException.class, check);
    }

    @Test
    void aPasswordWrittenDecomposedOpensComposedAndViceVersa() {
        Path decomposed = folder.resolve("decomposed.bak");
        backup.write(decomposed, keyring, DECOMPOSED.toCharArray(), REMINDER);
        try (Keyring restored = backup.read(decomposed, COMPOSED.toCharArray())) {
            assertThat(restored.secrets()).isEqualTo(keyring.secrets());
        }
        try (Keyring restored = backup.read(decomposed, DECOMPOSED.toCharArray())) {
            assertThat(restored.secrets()).isEqualTo(keyring.secrets());
        }
        byte[] composed = backup.toBytes(keyring, COMPOSED.toCharArray(), REMINDER);
        try (Keyring restored = backup.fromBytes(composed, DECOMPOSED.toCharArray())) {
            assertThat(restored.secrets()).isEqualTo(keyring.secrets());
        }
    }

    @Test
    void aFileSealedUnderADecomposedPasswordBeforeNormalisationStillOpensAsTyped() {
        // What write() did before issue 9 item 11: the password sealed exactly as typed, not in NFC.
        byte[] old = backup.seal(keyring, DECOMPOSED.toCharArray(), REMINDER);
        try (Keyring restored = backup.fromBytes(old, DECOMPOSED.toCharArray())) {
            assertThat(restored.secrets()).isEqualTo(keyring.secrets());
        }
        expect(
                () -> backup.fromBytes(old, "Cle\u0301 de secours 2027".toCharArray()),
                SsoError.INCORRECT_MASTER_SECRET);
    }

    @Test
    void aReminderHoldingThePasswordInAnotherFormIsRefused() {
        assertThatThrownBy(() -> backup.write(
                        folder.resolve("r.bak"), keyring, COMPOSED.toCharArray(), "it is " + DECOMPOSED + "!"))
                .hasMessageContaining("reminder contains the password");
    }
}
