package dev.zen.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.CallEvent;
import dev.zen.schemas.CallMode;
import dev.zen.schemas.ClientAnswer;
import dev.zen.schemas.ClientContext;
import dev.zen.schemas.Principal;
import dev.zen.schemas.RpcError;
import dev.zen.schemas.ServerNotice;
import dev.zen.schemas.ToolCommand;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class AnswerRouterTest {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    final List<CallEvent> events = new CopyOnWriteArrayList<>();
    final List<ServerNotice> notices = new CopyOnWriteArrayList<>();
    final CallEventSink sink = new CallEventSink() {
        @Override
        public void event(CallEvent event) {
            events.add(event);
        }

        @Override
        public void notice(ServerNotice notice) {
            notices.add(notice);
        }
    };
    final AnswerRouter router = new AnswerRouter();

    static ToolCommand command(String callId, ClientContext client, JsonNode progressToken) {
        long now = System.currentTimeMillis();
        return new ToolCommand(null, callId, "t", null, Principal.ANONYMOUS, CallMode.SYNC, now + 5_000, null, null, null, 1,
                progressToken, null, now, client);
    }

    static ClientContext client(String session, String requestId, String logLevel) {
        return new ClientContext(session, requestId, JSON.objectNode().set("sampling", JSON.objectNode()), true, logLevel);
    }

    @Test
    void shouldCancelARunningCallByOriginOnlyFromItsOwnSession() {
        RelayChannel channel = new RelayChannel(command("c1", client("s1", "7", null), null), "svc", sink);
        assertThat(router.register(channel)).isTrue();

        router.accept(ClientAnswer.cancel("c1", "intruder", null, null, 1));
        assertThat(channel.cancelled()).isFalse();
        router.accept(ClientAnswer.cancel(null, "s2", "7", null, 1));
        assertThat(channel.cancelled()).isFalse();
        router.accept(ClientAnswer.cancel(null, "s1", "7", "stop", 1));
        assertThat(channel.cancelled()).isTrue();
    }

    @Test
    void shouldRememberACancelThatArrivesBeforeItsCommand() {
        router.accept(ClientAnswer.cancel(null, "s1", "8", null, 1));

        assertThat(router.register(new RelayChannel(command("c2", client("s1", "8", null), null), "svc", sink))).isFalse();
        assertThat(router.register(new RelayChannel(command("c3", client("s1", "9", null), null), "svc", sink))).isTrue();
    }

    @Test
    void shouldHandTheClientsAnswerToTheWaitingHandler() throws Exception {
        RelayChannel channel = new RelayChannel(command("c4", client("s1", "1", null), null), "svc", sink);
        router.register(channel);
        CompletableFuture<JsonNode> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return channel.sample(JSON.objectNode());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await(() -> !events.isEmpty());
        CallEvent request = events.get(0);
        assertThat(request.kind()).isEqualTo(CallEvent.Kind.REQUEST);
        assertThat(request.method()).isEqualTo("sampling/createMessage");

        router.accept(ClientAnswer.response("c4", "other-session", request.requestId(), JSON.objectNode().put("x", 0), null, 1));
        router.accept(ClientAnswer.response("c4", "s1", request.requestId(), JSON.objectNode().put("x", 1), null, 1));

        assertThat(answer.get(5, TimeUnit.SECONDS).path("x").asInt()).isEqualTo(1);
    }

    @Test
    void shouldTurnAClientErrorIntoAToolFailure() throws Exception {
        RelayChannel channel = new RelayChannel(command("c5", client("s1", "1", null), null), "svc", sink);
        router.register(channel);
        CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
            try {
                channel.sample(JSON.objectNode());
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        await(() -> !events.isEmpty());
        router.accept(ClientAnswer.response("c5", "s1", events.get(0).requestId(), null, new RpcError(-1, "User rejected", null), 1));

        assertThat(failure.get(5, TimeUnit.SECONDS)).isInstanceOf(ToolFailure.class).hasMessageContaining("User rejected");
    }

    @Test
    void shouldNotAskAClientThatLacksTheCapabilityOrCannotStream() {
        RelayChannel noElicitation = new RelayChannel(command("c6", client("s1", "1", null), null), "svc", sink);
        RelayChannel noStream = new RelayChannel(command("c7", new ClientContext("s1", "2",
                JSON.objectNode().set("sampling", JSON.objectNode()), false, null), null), "svc", sink);

        assertThatThrownBy(() -> noElicitation.elicit(JSON.objectNode())).isInstanceOf(ToolFailure.class).hasMessageContaining("elicitation");
        assertThatThrownBy(() -> noStream.sample(JSON.objectNode())).isInstanceOf(ToolFailure.class).hasMessageContaining("SSE");
        assertThat(events).isEmpty();
    }

    @Test
    void shouldSendProgressOnlyWithATokenAndLogsOnlyAtOrAboveTheLevel() {
        RelayChannel withToken = new RelayChannel(command("c8", client("s1", "1", "warning"), JSON.stringNode("tok")), "svc", sink);
        RelayChannel withoutToken = new RelayChannel(command("c9", client("s1", "2", "warning"), null), "svc", sink);

        withoutToken.progress(1, null, null);
        withToken.progress(1, 2.0, "half");
        withToken.log("info", null, JSON.stringNode("quiet"));
        withToken.log("error", "x", JSON.stringNode("loud"));

        assertThat(events).extracting(CallEvent::method).containsExactly("notifications/progress", "notifications/message");
        assertThat(events.get(0).params().path("progressToken").asString()).isEqualTo("tok");
        assertThat(events.get(0).params().path("total").asDouble()).isEqualTo(2.0);
        assertThat(events.get(1).params().path("data").asString()).isEqualTo("loud");
        assertThat(events).extracting(CallEvent::seq).containsExactly(0L, 1L);
        assertThatThrownBy(() -> withToken.log("verbose", null, null)).hasMessageContaining("log level");
    }

    @Test
    void shouldAnnounceResourceUpdatesAsNotices() {
        new RelayChannel(command("c10", null, null), "svc", sink).resourceUpdated("test://x");

        assertThat(notices).singleElement().satisfies(n -> {
            assertThat(n.uri()).isEqualTo("test://x");
            assertThat(n.method()).isEqualTo("notifications/resources/updated");
        });
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.currentTimeMillis() + 5_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < until) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
