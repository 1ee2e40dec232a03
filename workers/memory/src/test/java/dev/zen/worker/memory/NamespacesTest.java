package dev.zen.worker.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.AccessGrants;
import dev.zen.schemas.Principal;
import dev.zen.worker.runtime.ToolCall;
import dev.zen.worker.runtime.ToolFailure;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** Which namespace a caller may use, and that private namespaces never meet. */
class NamespacesTest {

    @Test
    void shouldKeepPrivateNamespacesPrivateAndShareOnlyGrantedOnes() {
        Principal alice = new Principal("alice", List.of("analyst"), "acme");
        assertThat(Namespaces.privateOf(alice)).isEqualTo("~acme:alice");
        assertThat(Namespaces.privateOf(new Principal("bob@example.org", List.of(), null))).isEqualTo("~bob@example.org");
        AccessGrants grants = new AccessGrants(null, true, Map.of("analyst", new AccessGrants.Grant(List.of("*"), List.of(), List.of(),
                List.of("team-*", "*"), List.of("team-analytics"))), "test", 0);
        ToolCall call = new ToolCall("c", "search_memories", JsonNodeFactory.instance.objectNode(), alice,
                System.currentTimeMillis() + 60_000, null, null, grants);
        assertThat(Namespaces.resolve(call, null, true)).isEqualTo("~acme:alice");
        assertThat(Namespaces.resolve(call, "team-sales", false)).isEqualTo("team-sales");
        assertThat(Namespaces.resolve(call, "team-analytics", true)).isEqualTo("team-analytics");
        assertThatThrownBy(() -> Namespaces.resolve(call, "team-sales", true))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("you may write");
        // a glob of "*" still never reaches another principal's private namespace
        assertThatThrownBy(() -> Namespaces.resolve(call, "~acme:bob", false))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("but '~acme:bob' is not one");
        ToolCall noPolicy = new ToolCall("c", "search_memories", JsonNodeFactory.instance.objectNode(), alice,
                System.currentTimeMillis() + 60_000);
        assertThatThrownBy(() -> Namespaces.resolve(noPolicy, "team-sales", false))
                .isInstanceOf(ToolFailure.class);
    }

    @Test
    void shouldGiveSubjectsThatDifferOnlyInOddCharactersTheirOwnNamespaces() {
        List<Principal> principals = List.of(new Principal("auth0|123", List.of(), null), new Principal("auth0_123", List.of(), null),
                new Principal("auth0%7C123", List.of(), null), new Principal("a:b", List.of(), null), new Principal("b", List.of(), "a"),
                new Principal("jürgen", List.of(), null), new Principal("j_rgen", List.of(), null), new Principal("x y", List.of(), null),
                new Principal("x_y", List.of(), null));
        Set<String> names = new HashSet<>();
        principals.forEach(p -> assertThat(names.add(Namespaces.privateOf(p))).as("namespace of %s", p).isTrue());
        assertThat(Namespaces.privateOf(principals.getFirst())).isEqualTo("~auth0%7C123");
        assertThat(Namespaces.privateOf(principals.get(2))).isEqualTo("~auth0%257C123");
        assertThat(Namespaces.privateOf(principals.get(5))).isEqualTo("~j%C3%BCrgen");
    }

    @Test
    void shouldKeepLongSubjectsWithTheSameHeadApart() {
        String head = "x".repeat(200);
        String one = Namespaces.privateOf(new Principal(head + "1", List.of(), null));
        String two = Namespaces.privateOf(new Principal(head + "2", List.of(), null));
        assertThat(one).hasSize(129).isNotEqualTo(two).startsWith("~xxxx").contains("#");
        assertThat(one).isEqualTo(Namespaces.privateOf(new Principal(head + "1", List.of(), null)));
    }

    @Test
    void shouldLetAGrantReadButNeverAnotherPrincipalsPrivateNamespace() {
        Principal alice = new Principal("alice", List.of("analyst"), "acme");
        AccessGrants grants = new AccessGrants(null, true, Map.of("analyst", new AccessGrants.Grant(List.of("*"), List.of(), List.of(),
                List.of("team-*", "*"), List.of())), "test", 0);
        assertThat(Namespaces.mayUse(alice, "~acme:alice", true, null)).isTrue();
        assertThat(Namespaces.mayUse(alice, "team-sales", false, grants)).isTrue();
        assertThat(Namespaces.mayUse(alice, "team-sales", true, grants)).isFalse();
        assertThat(Namespaces.mayUse(alice, "team-sales", false, null)).isFalse();
        assertThat(Namespaces.mayUse(alice, "~acme:bob", false, grants)).isFalse();
        assertThat(Namespaces.mayUse(alice, "team sales; drop", false, grants)).isFalse();
    }
}
