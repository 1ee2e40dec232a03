package dev.zen.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessGrantsTest {

    private final AccessGrants grants = new AccessGrants(null, true, Map.of(
            "reader", new AccessGrants.Grant(List.of("file_read", "file_l?st"), List.of("file:///*"), List.of()),
            "anonymous", new AccessGrants.Grant(List.of("ping"), null, null)), "test", 1);

    @ParameterizedTest
    @CsvSource({
            "*, anything, true", "file_*, file_read, true", "file_*, git_log, false", "file_?, file_a, true", "file_?, file_ab, false",
            "*_read, file_read, true", "*_read, file_reader, false", "a*b*c, axxbyyc, true", "a*b*c, axxbyy, false",
            "exact, exact, true", "exact, exactly, false", "'', '', true", "'**', x, true", ".*, file_read, false"})
    void shouldMatchGlobs(String pattern, String text, boolean expected) {
        assertThat(Glob.matches(pattern, text)).isEqualTo(expected);
    }

    @Test
    void shouldMatchLongHostileNamesQuickly() {
        String name = "a".repeat(10_000);
        long started = System.nanoTime();

        boolean matched = Glob.matches("*a*a*a*a*a*b", name);

        assertThat(matched).isFalse();
        assertThat(System.nanoTime() - started).isLessThan(2_000_000_000L);
    }

    @Test
    void shouldAllowWhatAnyRoleGrantsAndNothingElse() {
        Principal reader = new Principal("alice", List.of("reader", "unknown"), null);

        assertThat(grants.allows(reader, AccessGrants.Kind.TOOL, "file_list")).isTrue();
        assertThat(grants.allows(reader, AccessGrants.Kind.TOOL, "file_write")).isFalse();
        assertThat(grants.allows(reader, AccessGrants.Kind.RESOURCE, "file:///a.txt")).isTrue();
        assertThat(grants.allows(reader, AccessGrants.Kind.PROMPT, "summarize")).isFalse();
        assertThat(grants.allows(reader, AccessGrants.Kind.TOOL, "ping")).isFalse();
    }

    @Test
    void shouldGiveCallersWithoutRolesTheAnonymousRole() {
        assertThat(grants.allows(Principal.ANONYMOUS, AccessGrants.Kind.TOOL, "ping")).isTrue();
        assertThat(grants.allows(Principal.ANONYMOUS, AccessGrants.Kind.TOOL, "file_read")).isFalse();
    }

    @Test
    void shouldAllowEverythingWhenNoPolicyIsEnforced() {
        assertThat(AccessGrants.allowAll("none", 1).allows(Principal.ANONYMOUS, AccessGrants.Kind.TOOL, "rm_rf")).isTrue();
    }

    private final AccessGrants memory = new AccessGrants(null, true, Map.of(
            "analyst", new AccessGrants.Grant(List.of("search_memories"), null, null, List.of("team-*", "handbook"), List.of("team-analytics")),
            "editor", new AccessGrants.Grant(null, null, null, null, List.of("handbook")),
            "anonymous", new AccessGrants.Grant(List.of("ping"), null, null, List.of("public"), null)), "test", 1);

    @Test
    void shouldGrantNamespacesForReadingAndWritingAsTheCallersRolesSay() {
        Principal analyst = new Principal("alice", List.of("analyst"), null);

        assertThat(memory.allowsNamespace(analyst, "team-sales", false)).isTrue();
        assertThat(memory.allowsNamespace(analyst, "handbook", false)).isTrue();
        assertThat(memory.allowsNamespace(analyst, "team-analytics", true)).isTrue();
        assertThat(memory.allowsNamespace(analyst, "team-sales", true)).isFalse();
        assertThat(memory.allowsNamespace(analyst, "handbook", true)).isFalse();
        assertThat(memory.allowsNamespace(analyst, "public", false)).isFalse();
        assertThat(memory.allowsNamespace(analyst, "user:alice", false)).isFalse();
    }

    @Test
    void shouldLetAWriteGrantImplyRead() {
        Principal editor = new Principal("bob", List.of("editor"), null);

        assertThat(memory.allowsNamespace(editor, "handbook", false)).isTrue();
        assertThat(memory.allowsNamespace(editor, "handbook", true)).isTrue();
        assertThat(memory.namespaceGlobs(new Principal("carol", List.of("analyst", "editor"), null), false))
                .containsExactly("team-*", "handbook", "team-analytics");
        assertThat(memory.namespaceGlobs(new Principal("carol", List.of("analyst", "editor"), null), true))
                .containsExactly("team-analytics", "handbook");
    }

    @Test
    void shouldGiveCallersWithoutRolesTheNamespacesOfTheAnonymousRoleOnly() {
        assertThat(memory.allowsNamespace(Principal.ANONYMOUS, "public", false)).isTrue();
        assertThat(memory.allowsNamespace(Principal.ANONYMOUS, "public", true)).isFalse();
        assertThat(memory.allowsNamespace(new Principal("dave", List.of("unknown"), null), "public", false)).isFalse();
    }

    @Test
    void shouldShareNoNamespaceWithoutAnEnforcedPolicyOrWithoutANamespace() {
        AccessGrants none = AccessGrants.allowAll("none", 1);
        Principal analyst = new Principal("alice", List.of("analyst"), null);

        assertThat(none.allowsNamespace(analyst, "handbook", false)).isFalse();
        assertThat(none.namespaceGlobs(analyst, false)).isEmpty();
        assertThat(new AccessGrants(null, false, memory.roles(), "off", 1).allowsNamespace(analyst, "handbook", false)).isFalse();
        assertThat(memory.allowsNamespace(analyst, null, false)).isFalse();
        assertThat(memory.allowsNamespace(analyst, " ", false)).isFalse();
    }

    @Test
    void shouldIssueKeysThatMatchOnlyThemselvesAndNotWhenRevoked() {
        ApiKey.Issued issued = ApiKey.issue("ci", List.of("writer", "reader", "reader"), null, 5);

        assertThat(issued.key()).startsWith("zen_").hasSizeGreaterThan(50);
        assertThat(ApiKey.idOf(issued.key())).isEqualTo(issued.record().id());
        assertThat(issued.record().hash()).doesNotContain(issued.key().substring(15));
        assertThat(issued.record().matches(issued.key())).isTrue();
        assertThat(issued.record().matches(issued.key() + "x")).isFalse();
        assertThat(issued.record().revoked(6).matches(issued.key())).isFalse();
        assertThat(issued.record().principal()).isEqualTo(new Principal("key:ci", List.of("reader", "writer"), null));
        assertThat(ApiKey.idOf("zen_short")).isNull();
        assertThat(ApiKey.idOf("eyJhbGciOiJIUzI1NiJ9.x.y")).isNull();
    }
}
