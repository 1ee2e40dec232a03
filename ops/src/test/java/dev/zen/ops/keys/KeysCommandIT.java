package dev.zen.ops.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.schemas.ApiKey;
import dev.zen.testkit.SharedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./zen keys} against a real broker: what it writes is what a gateway reads. */
class KeysCommandIT {

    final String prefix = SharedKafka.uniquePrefix("keys");

    record Run(int exit, String out, String err) {
    }

    Run keys(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap", SharedKafka.bootstrapServers(), "--prefix", prefix));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = KeysCommand.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString().trim(), err.toString().trim());
    }

    @Test
    void shouldCreateListAndRevokeKeysStoringOnlyHashes() {
        Run created = keys("create", "--name", "nightly", "--roles", "reader,writer,reader", "--tenant", "acme");

        assertThat(created.exit()).as(created.err()).isZero();
        String key = created.out();
        assertThat(key).startsWith("zen_");
        Map<String, ApiKey> stored = new KeyTopic(SharedKafka.bootstrapServers(), prefix).readAll();
        ApiKey record = stored.get(ApiKey.idOf(key));
        assertThat(record.roles()).containsExactly("reader", "writer");
        assertThat(record.tenant()).isEqualTo("acme");
        assertThat(record.matches(key)).isTrue();
        assertThat(new String(dev.zen.schemas.RecordCodec.shared().encode(record))).doesNotContain(key.substring(16));

        Run listed = keys("list");
        assertThat(listed.out()).contains(record.id(), "nightly", "reader,writer", "acme", "active").doesNotContain(key);

        Run revoked = keys("revoke", record.id());
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        assertThat(keys("list").out()).doesNotContain(record.id());
        assertThat(keys("list", "--all").out()).contains(record.id(), "revoked");
        assertThat(new KeyTopic(SharedKafka.bootstrapServers(), prefix).readAll().get(record.id()).matches(key)).isFalse();
    }

    @Test
    void shouldRefuseBadInputWithExitOneAndAReason() {
        assertThat(keys("create", "--name", "ok-name").exit()).isZero();

        Run duplicate = keys("create", "--name", "ok-name");
        assertThat(duplicate.exit()).isEqualTo(1);
        assertThat(duplicate.err()).contains("is named 'ok-name'");
        Run badName = keys("create", "--name", "bad name; rm -rf /");
        assertThat(badName.exit()).isEqualTo(1);
        assertThat(badName.err()).contains("--name");
        Run badRole = keys("create", "--name", "x", "--roles", "a b");
        assertThat(badRole.exit()).isEqualTo(1);
        assertThat(badRole.err()).contains("role names");
        Run unknown = keys("revoke", "0123456789");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no key 0123456789");
        assertThat(keys("create").exit()).isEqualTo(2);
        assertThat(keys("frobnicate").exit()).isEqualTo(2);
    }

    @Test
    void shouldKeepOneActiveKeyInAFileForZenUp(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("operator.key");

        assertThat(keys("ensure", "--name", "operator", "--roles", "admin", "--file", file.toString()).exit()).isZero();
        String first = Files.readString(file).trim();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(keys("ensure", "--name", "operator", "--roles", "admin", "--file", file.toString()).exit()).isZero();
        assertThat(Files.readString(file).trim()).isEqualTo(first);

        assertThat(keys("revoke", ApiKey.idOf(first)).exit()).isZero();
        assertThat(keys("ensure", "--name", "operator", "--roles", "admin", "--file", file.toString()).exit()).isZero();
        String second = Files.readString(file).trim();
        assertThat(second).isNotEqualTo(first);
        assertThat(new KeyTopic(SharedKafka.bootstrapServers(), prefix).readAll().get(ApiKey.idOf(second)).matches(second)).isTrue();
    }
}
