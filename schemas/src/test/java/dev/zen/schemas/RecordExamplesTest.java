package dev.zen.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class RecordExamplesTest {

    private static final List<String> EXAMPLES = List.of(
            "tool-command.full", "tool-command.minimal", "tool-command.newer-writer",
            "tool-reply.ok", "tool-reply.timeout", "tool-reply.newer-writer",
            "service-announcement.full", "service-announcement.minimal",
            "audit-event.full", "audit-event.minimal",
            "call-event.progress", "call-event.sampling", "client-answer.response", "client-answer.cancel",
            "service-request.read", "service-response.ok", "service-response.error", "server-notice.updated",
            "api-key.active", "access-grants.policy", "access-grants.memory", "access-grants.minimal",
            "access-grants.newer-writer", "job.completed", "job.working", "callback-delivery.retry",
            "call-ledger-entry.started", "call-ledger-entry.replied");

    private final RecordCodec codec = RecordCodec.shared();
    private final RecordValidator validator = new RecordValidator(codec);

    static Stream<String> examples() {
        return EXAMPLES.stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void shouldValidateEveryExample(String example) throws IOException {
        JsonNode record = codec.tree(read(example));

        assertThat(validator.validateRecord(record)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void shouldDecodeEveryExampleIntoItsRecordAndBackToValidJson(String example) throws IOException {
        byte[] bytes = read(example);
        Class<?> type = switch (example.substring(0, example.indexOf('.'))) {
            case "tool-command" -> ToolCommand.class;
            case "tool-reply" -> ToolReply.class;
            case "service-announcement" -> ServiceAnnouncement.class;
            case "audit-event" -> AuditEvent.class;
            case "call-event" -> CallEvent.class;
            case "client-answer" -> ClientAnswer.class;
            case "service-request" -> ServiceRequest.class;
            case "service-response" -> ServiceResponse.class;
            case "server-notice" -> ServerNotice.class;
            case "api-key" -> ApiKey.class;
            case "access-grants" -> AccessGrants.class;
            case "job" -> Job.class;
            case "callback-delivery" -> CallbackDelivery.class;
            case "call-ledger-entry" -> CallLedgerEntry.class;
            default -> throw new IllegalArgumentException(example);
        };

        Object decoded = codec.decode(bytes, type);
        JsonNode reencoded = codec.tree(codec.encode(decoded));

        assertThat(validator.validateRecord(reencoded)).isEmpty();
        assertThat(codec.decode(codec.encode(decoded), type)).isEqualTo(decoded);
    }

    @Test
    void shouldReadCommandFromNewerWriterIgnoringUnknownFields() throws IOException {
        ToolCommand command = codec.decode(read("tool-command.newer-writer"), ToolCommand.class);

        assertThat(command.schema()).isEqualTo(new SchemaId("zen.tool-command", 2));
        assertThat(SchemaId.TOOL_COMMAND.readable(command.schema())).isTrue();
        assertThat(command.tool()).isEqualTo("file_list");
        assertThat(command.principal().subject()).isEqualTo("bob");
        assertThat(command.arguments().path("path").asString()).isEqualTo(".");
    }

    @Test
    void shouldKeepFullCommandFields() throws IOException {
        ToolCommand command = codec.decode(read("tool-command.full"), ToolCommand.class);

        assertThat(command.mode()).isEqualTo(CallMode.SYNC);
        assertThat(command.replyTo()).isEqualTo(new ReplyTo("zen.replies", 0));
        assertThat(command.principal().roles()).containsExactly("reader");
        assertThat(command.progressToken().asString()).isEqualTo("p-1");
        assertThat(command.trace().traceparent()).startsWith("00-");
    }

    @Test
    void shouldFillDefaultsOfMinimalCommand() throws IOException {
        ToolCommand command = codec.decode(read("tool-command.minimal"), ToolCommand.class);

        assertThat(command.replyTo()).isNull();
        assertThat(command.idempotencyKey()).isNull();
        assertThat(command.progressToken()).isNull();
        assertThat(command.mode()).isEqualTo(CallMode.ASYNC);
    }

    @Test
    void shouldMapUnknownOutcomeOfNewerWriterToFailed() {
        String json = "{\"schema\":{\"name\":\"zen.tool-reply\",\"version\":3},\"callId\":\"c\",\"outcome\":\"deferred\","
                + "\"error\":{\"code\":\"x\",\"message\":\"y\"},\"completedAt\":1}";

        ToolReply reply = codec.decode(json.getBytes(), ToolReply.class);

        assertThat(reply.outcome()).isEqualTo(ToolOutcome.FAILED);
    }

    @Test
    void shouldNameTheFieldThatFailsValidation() throws IOException {
        ObjectNode record = (ObjectNode) codec.tree(read("tool-command.full"));
        record.remove("deadline");
        record.put("mode", "later");

        List<RecordValidator.Violation> violations = validator.validateRecord(record);

        assertThat(violations).extracting(RecordValidator.Violation::pointer).contains("/deadline", "/mode");
    }

    @Test
    void shouldKeepTheAuditFactsOfAFullReply() throws IOException {
        ToolReply reply = codec.decode(read("tool-reply.ok"), ToolReply.class);

        assertThat(reply.facts().path("exitCode").asLong()).isZero();
        assertThat(reply.facts().path("files").get(0).asString()).isEqualTo("a.txt");
        assertThat(reply.facts().path("dryRun").asBoolean(true)).isFalse();
        assertThat(codec.toTree(reply).path("facts")).isEqualTo(reply.facts());
    }

    @Test
    void shouldLeaveFactsAbsentWhenAReplyHasNone() throws IOException {
        ToolReply timeout = codec.decode(read("tool-reply.timeout"), ToolReply.class);
        ToolReply newer = codec.decode(read("tool-reply.newer-writer"), ToolReply.class);
        ToolReply explicitNull = codec.decode(("{\"schema\":{\"name\":\"zen.tool-reply\",\"version\":1},\"callId\":\"c\","
                + "\"outcome\":\"ok\",\"result\":{\"content\":[]},\"completedAt\":1,\"facts\":null}").getBytes(), ToolReply.class);

        assertThat(timeout.facts()).isNull();
        assertThat(newer.facts()).isNull();
        assertThat(explicitNull.facts()).isNull();
        assertThat(codec.toTree(timeout).has("facts")).isFalse();
    }

    @Test
    void shouldBuildAReplyWithFactsFromAResultAndWithoutFromTheOldArity() throws IOException {
        ToolCommand command = codec.decode(read("tool-command.minimal"), ToolCommand.class);
        var facts = codec.mapper().createObjectNode().put("exitCode", 2);

        ToolReply withFacts = ToolReply.ofResult(command, CallToolResult.error("exit 2"), null, null, 3, facts);
        ToolReply without = ToolReply.ofResult(command, CallToolResult.text("ok"), null, null, 3);

        assertThat(withFacts.outcome()).isEqualTo(ToolOutcome.TOOL_ERROR);
        assertThat(withFacts.facts()).isEqualTo(facts);
        assertThat(validator.validateRecord(codec.toTree(withFacts))).isEmpty();
        assertThat(without.facts()).isNull();
    }

    @Test
    void shouldRejectReplyWhoseFactsAreNotAnObject() {
        JsonNode reply = codec.tree(("{\"schema\":{\"name\":\"zen.tool-reply\",\"version\":1},\"callId\":\"c\","
                + "\"outcome\":\"ok\",\"result\":{\"content\":[]},\"completedAt\":1,\"facts\":[1]}").getBytes());

        assertThat(validator.validateRecord(reply)).extracting(RecordValidator.Violation::pointer).contains("/facts");
        assertThatThrownBy(() -> codec.convert(reply, ToolReply.class)).isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("Expected 'facts' to be an object");
    }

    @Test
    void shouldKeepTheAuditFactsOfAFinishedJobAndNoneOfAWorkingOne() throws IOException {
        Job completed = codec.decode(read("job.completed"), Job.class);
        Job working = codec.decode(read("job.working"), Job.class);
        Job newer = codec.decode(("{\"schema\":{\"name\":\"zen.job\",\"version\":1},\"id\":\"j\",\"tool\":\"t\","
                + "\"createdAt\":1,\"deadline\":2,\"expiresAt\":3,\"priority\":\"high\"}").getBytes(), Job.class);

        assertThat(completed.facts().path("bytes").asLong()).isEqualTo(5);
        assertThat(completed.withDelivery(completed.deliveries().getFirst(), 2).facts()).isEqualTo(completed.facts());
        assertThat(working.facts()).isNull();
        assertThat(newer.facts()).isNull();
        assertThat(codec.toTree(working).has("facts")).isFalse();
        assertThat(working.finished(JobStatus.COMPLETED, null, CallToolResult.text("ok"), null, null, null, 2).facts()).isNull();
        assertThat(working.finished(JobStatus.COMPLETED, null, CallToolResult.text("ok"), null, null, null, 2, completed.facts())
                .facts()).isEqualTo(completed.facts());
    }

    @Test
    void shouldKeepTheMemoryNamespacesOfAFullGrant() throws IOException {
        AccessGrants grants = codec.decode(read("access-grants.memory"), AccessGrants.class);

        AccessGrants.Grant analyst = grants.roles().get("analyst");
        assertThat(analyst.memoryRead()).containsExactly("team-*", "handbook");
        assertThat(analyst.memoryWrite()).containsExactly("team-analytics");
        assertThat(codec.tree(read("access-grants.memory"))).isEqualTo(codec.toTree(grants));
    }

    @Test
    void shouldLeaveMemoryNamespacesOffTheWireWhenAGrantHasNone() throws IOException {
        AccessGrants policy = codec.decode(read("access-grants.policy"), AccessGrants.class);
        AccessGrants memory = codec.decode(read("access-grants.memory"), AccessGrants.class);

        assertThat(policy.roles().get("reader").memoryRead()).isEmpty();
        assertThat(policy.roles().get("reader").memoryWrite()).isEmpty();
        assertThat(codec.toTree(policy)).isEqualTo(codec.tree(read("access-grants.policy")));
        assertThat(codec.toTree(memory).path("roles").path("anonymous").has("memoryRead")).isFalse();
        assertThat(new AccessGrants.Grant(List.of("t"), null, null)).isEqualTo(new AccessGrants.Grant(List.of("t"), null, null, null, null));
    }

    @Test
    void shouldDecodeMinimalGrantsAsNoPolicyThatSharesNoNamespace() throws IOException {
        AccessGrants minimal = codec.decode(read("access-grants.minimal"), AccessGrants.class);

        assertThat(minimal.enforced()).isFalse();
        assertThat(minimal.roles()).isEmpty();
        assertThat(minimal.source()).isNull();
        assertThat(minimal.allows(Principal.ANONYMOUS, AccessGrants.Kind.TOOL, "anything")).isTrue();
        assertThat(minimal.allowsNamespace(Principal.ANONYMOUS, "handbook", false)).isFalse();
    }

    @Test
    void shouldReadGrantsFromNewerWriterIgnoringUnknownFields() throws IOException {
        AccessGrants grants = codec.decode(read("access-grants.newer-writer"), AccessGrants.class);

        assertThat(SchemaId.ACCESS_GRANTS.readable(grants.schema())).isTrue();
        assertThat(grants.roles().get("analyst")).isEqualTo(
                new AccessGrants.Grant(List.of("store_memory"), null, null, List.of("handbook"), List.of("team-analytics")));
        assertThat(codec.toTree(grants).has("signedBy")).isFalse();
    }

    @Test
    void shouldRejectGrantWhoseMemoryNamespacesAreNotStrings() {
        JsonNode grants = codec.tree(("{\"schema\":{\"name\":\"zen.access-grants\",\"version\":1},\"enforced\":true,"
                + "\"roles\":{\"r\":{\"memoryRead\":\"team-*\",\"memoryWrite\":[\"\"]}},\"at\":1}").getBytes());

        assertThat(validator.validateRecord(grants)).extracting(RecordValidator.Violation::pointer)
                .contains("/roles/r/memoryRead", "/roles/r/memoryWrite/0");
    }

    @Test
    void shouldKeepTheWarningsOfAFullAnnouncementAcrossHeartbeats() throws IOException {
        ServiceAnnouncement announcement = codec.decode(read("service-announcement.full"), ServiceAnnouncement.class);

        assertThat(announcement.warnings()).containsExactly("unsandboxed: commands run with the worker's own rights");
        assertThat(announcement.withHeartbeat(9).warnings()).isEqualTo(announcement.warnings());
        assertThat(codec.toTree(announcement).path("warnings").size()).isEqualTo(1);
    }

    @Test
    void shouldLeaveWarningsOffTheWireWhenAnAnnouncementHasNone() throws IOException {
        ServiceAnnouncement minimal = codec.decode(read("service-announcement.minimal"), ServiceAnnouncement.class);

        assertThat(minimal.warnings()).isEmpty();
        assertThat(codec.toTree(minimal).has("warnings")).isFalse();
    }

    @Test
    void shouldRejectReplyWithoutErrorForFailedOutcome() {
        JsonNode reply = codec.tree(("{\"schema\":{\"name\":\"zen.tool-reply\",\"version\":1},\"callId\":\"c\","
                + "\"outcome\":\"failed\",\"completedAt\":1}").getBytes());

        assertThat(validator.validateRecord(reply)).isNotEmpty();
        assertThatThrownBy(() -> codec.convert(reply, ToolReply.class))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("error");
    }

    @Test
    void shouldRefuseUnknownSchemaName() {
        JsonNode record = codec.tree("{\"schema\":{\"name\":\"zen.other\",\"version\":1}}".getBytes());

        assertThat(validator.validateRecord(record)).singleElement()
                .satisfies(v -> assertThat(v.pointer()).isEqualTo("/schema/name"));
    }

    @Test
    void shouldRefuseCommandWithoutDeadlineWhenBuiltInJava() {
        assertThatThrownBy(() -> new ToolCommand(null, "c", "t", null, null, null, 0, null, null, null, 1, null, null, 0, null))
                .hasMessageContaining("deadline");
    }

    @Test
    void shouldValidateArgumentsAgainstAToolSchemaNamingThePointer() {
        JsonNode schema = codec.tree(("{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"},"
                + "\"opts\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}},\"required\":[\"path\"]}").getBytes());

        assertThat(validator.validate(schema, codec.tree("{\"path\":\"a\"}".getBytes()))).isEmpty();
        assertThat(validator.validate(schema, codec.tree("{}".getBytes())))
                .extracting(RecordValidator.Violation::pointer).containsExactly("/path");
        assertThat(validator.validate(schema, codec.tree("{\"path\":\"a\",\"opts\":{\"n\":\"x\"}}".getBytes())))
                .extracting(RecordValidator.Violation::pointer).containsExactly("/opts/n");
    }

    @Test
    void shouldWriteOnlyWireFieldsAndNoDerivedOnes() {
        ToolDescriptor tool = new ToolDescriptor("t", null, null, codec.tree("{\"type\":\"object\"}".getBytes()), null,
                ToolAnnotations.readOnly("T"), null);
        ServiceAnnouncement announcement = new ServiceAnnouncement(null, "svc", "i-1", "1", null, List.of(tool), null, null, null, 1, 2, 5000);

        JsonNode result = codec.toTree(CallToolResult.error("no"));
        JsonNode announced = codec.toTree(announcement);

        assertThat(result.propertyNames()).containsExactlyInAnyOrder("content", "isError");
        assertThat(announced.has("key")).isFalse();
        assertThat(announced.path("tools").get(0).has("idempotent")).isFalse();
        assertThat(validator.validateRecord(announced)).isEmpty();
    }

    private static byte[] read(String example) throws IOException {
        try (InputStream in = RecordExamplesTest.class.getResourceAsStream("/zen/examples/" + example + ".json")) {
            assertThat(in).as("example %s", example).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void shouldRejectCallEventRequestWithoutRequestId() {
        JsonNode event = codec.tree(("{\"schema\":{\"name\":\"zen.call-event\",\"version\":1},\"callId\":\"c\",\"seq\":0,"
                + "\"kind\":\"request\",\"method\":\"sampling/createMessage\",\"at\":1}").getBytes());

        assertThat(validator.validateRecord(event)).isNotEmpty();
        assertThatThrownBy(() -> codec.convert(event, CallEvent.class)).hasMessageContaining("requestId");
    }

    @Test
    void shouldRejectClientResponseWithBothResultAndError() {
        JsonNode answer = codec.tree(("{\"schema\":{\"name\":\"zen.client-answer\",\"version\":1},\"kind\":\"response\","
                + "\"callId\":\"c\",\"requestId\":\"r\",\"result\":{},\"error\":{\"code\":1,\"message\":\"x\"},\"at\":1}").getBytes());

        assertThat(validator.validateRecord(answer)).isNotEmpty();
        assertThatThrownBy(() -> codec.convert(answer, ClientAnswer.class)).hasMessageContaining("exactly one");
    }

    @Test
    void shouldRejectCancelThatNamesNoCall() {
        JsonNode answer = codec.tree(("{\"schema\":{\"name\":\"zen.client-answer\",\"version\":1},\"kind\":\"cancel\","
                + "\"session\":\"s\",\"at\":1}").getBytes());

        assertThat(validator.validateRecord(answer)).isNotEmpty();
        assertThatThrownBy(() -> codec.convert(answer, ClientAnswer.class)).hasMessageContaining("originRequestId");
    }

    @Test
    void shouldRejectServiceRequestForToolsCall() {
        JsonNode request = codec.tree(("{\"schema\":{\"name\":\"zen.service-request\",\"version\":1},\"requestId\":\"r\","
                + "\"service\":\"fs\",\"method\":\"tools/call\",\"params\":{},\"principal\":{\"subject\":\"a\"},"
                + "\"deadline\":5,\"createdAt\":1}").getBytes());

        assertThat(validator.validateRecord(request)).extracting(RecordValidator.Violation::pointer).contains("/method");
    }

    @Test
    void shouldKeyCancelByOriginWhenCallIsUnknown() {
        ClientAnswer cancel = ClientAnswer.cancel(null, "s1", "7", null, 1);

        assertThat(cancel.key()).isEqualTo("s1/7");
    }
}
