package dev.zen.worker.runtime.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.CallToolResult;
import dev.zen.schemas.RecordCodec;
import dev.zen.schemas.RecordValidator;
import dev.zen.worker.runtime.ToolFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ObjectShapeTest {

    private static final RecordValidator VALIDATOR = new RecordValidator(RecordCodec.shared());

    private static final Field<String> PATH = Field.string("path", "File to edit").required();
    private static final Field<String> OLD_TEXT = Field.string("oldText", "Text to replace").minLength(1).required();
    private static final Field<String> NEW_TEXT = Field.string("newText", "Replacement").required();
    private static final ObjectShape EDIT = ObjectShape.of(OLD_TEXT, NEW_TEXT);
    private static final Field<List<ObjectNode>> EDITS =
            Field.list("edits", "Replacements", Field.object("edit", "One replacement", EDIT), 1, 10).required();
    private static final Field<Boolean> DRY_RUN = Field.bool("dryRun", "Preview").defaultsTo(false);
    private static final ObjectShape INPUT = ObjectShape.of(PATH, EDITS, DRY_RUN);

    private static JsonNode json(Object value) {
        return RecordCodec.shared().mapper().valueToTree(value);
    }

    @Test
    void shouldDescribeAClosedObjectWithItsRequiredFields() {
        // when
        ObjectNode schema = INPUT.schema();

        // then
        assertThat(schema.get("type").asString()).isEqualTo("object");
        assertThat(schema.get("additionalProperties").booleanValue()).isFalse();
        assertThat(schema.get("required")).isEqualTo(json(List.of("path", "edits")));
        assertThat(schema.get("properties").propertyNames()).containsExactly("path", "edits", "dryRun");
        assertThat(schema.get("properties").get("dryRun").get("default").booleanValue()).isFalse();
        JsonNode item = schema.get("properties").get("edits").get("items");
        assertThat(item.get("additionalProperties").booleanValue()).isFalse();
        assertThat(item.get("required")).isEqualTo(json(List.of("oldText", "newText")));
        assertThat(ObjectShape.of().schema()).isEqualTo(json(Map.of("type", "object", "properties", Map.of(),
                "additionalProperties", false)));
    }

    @Test
    void shouldRefuseTwoFieldsOfOneName() {
        // when / then
        assertThatThrownBy(() -> ObjectShape.of(PATH, Field.string("path", "Again")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'path'");
    }

    @Test
    void shouldBindArgumentsAndNestedObjects() {
        // when
        Arguments args = INPUT.bind(json(Map.of("path", "a.txt", "edits", List.of(Map.of("oldText", "x", "newText", "y")))));

        // then
        assertThat(args.get(PATH)).isEqualTo("a.txt");
        assertThat(args.get(DRY_RUN)).isFalse();
        Arguments edit = EDIT.bind(args.get(EDITS).getFirst());
        assertThat(edit.get(OLD_TEXT)).isEqualTo("x");
        assertThat(edit.get(NEW_TEXT)).isEqualTo("y");
    }

    @Test
    void shouldReadAbsentOrNullArgumentsAsAnEmptyObject() {
        // when
        Arguments args = ObjectShape.of(DRY_RUN).bind((JsonNode) null);

        // then
        assertThat(args.get(DRY_RUN)).isFalse();
        assertThatThrownBy(() -> ObjectShape.of(DRY_RUN).bind(json(List.of(1))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("a JSON object");
    }

    @Test
    void shouldRefuseAnUnknownArgumentNamingIt() {
        // when / then
        assertThatThrownBy(() -> INPUT.bind(json(Map.of("path", "a.txt", "edits", List.of(), "bogus", 1))))
                .isInstanceOf(ToolFailure.class)
                .hasMessage("Expected only the arguments path, edits, dryRun, but got 'bogus'");
        assertThatThrownBy(() -> INPUT.bind(json(Map.of("path", "a.txt",
                "edits", List.of(Map.of("oldText", "x", "newText", "y", "extra", true))))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("but got 'edits[0].extra'");
    }

    @Test
    void shouldRefuseAMissingRequiredArgumentNamingItsPath() {
        // when / then
        assertThatThrownBy(() -> INPUT.bind(json(Map.of("edits", List.of()))))
                .isInstanceOf(ToolFailure.class)
                .hasMessage("Expected argument 'path', but it is missing");
        assertThatThrownBy(() -> INPUT.bind(json(Map.of("path", "a.txt",
                "edits", List.of(Map.of("oldText", "x", "newText", "y"), Map.of("oldText", "z"))))))
                .isInstanceOf(ToolFailure.class)
                .hasMessage("Expected argument 'edits[1].newText', but it is missing");
    }

    @Test
    void shouldRefuseANestedValueThatBreaksItsFieldNamingItsPath() {
        // when / then
        assertThatThrownBy(() -> INPUT.bind(json(Map.of("path", "a.txt",
                "edits", List.of(Map.of("oldText", "", "newText", "y"))))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("argument 'edits[0].oldText' to be at least 1 characters long");
    }

    @Test
    void shouldRefuseAFieldOfAnotherShape() {
        // given
        Arguments args = ObjectShape.of(DRY_RUN).bind(json(Map.of()));

        // when / then
        assertThatThrownBy(() -> args.get(PATH)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldBuildOutputWithEveryRequiredField() {
        // given
        Field<String> file = Field.string("path", "The file").required();
        Field<Long> size = Field.count("size", "Bytes").required();
        Field<Boolean> truncated = Caps.TRUNCATED.required();
        Field<Long> next = Field.count("nextOffset", "Where to go on");
        ObjectShape output = ObjectShape.of(file, size, truncated, next);

        // when
        CallToolResult result = output.builder().put(file, "a.txt").put(size, 3).put(truncated, false)
                .put(next, null).result();

        // then
        assertThat(result.structuredContent()).isEqualTo(json(Map.of("path", "a.txt", "size", 3L, "truncated", false)));
        assertThat(VALIDATOR.validate(output.schema(), result.structuredContent())).isEmpty();
        assertThat(result.content().getFirst().get("text").asString()).as("the text block is the JSON")
                .isEqualTo("{\"path\":\"a.txt\",\"size\":3,\"truncated\":false}");
        assertThat(output.builder().put(file, "a.txt").put(size, 3).put(truncated, true).result("shown text")
                .content().getFirst().get("text").asString()).isEqualTo("shown text");
    }

    @Test
    void shouldRefuseOutputWithoutARequiredField() {
        // given
        Field<String> file = Field.string("path", "The file").required();
        Field<Long> size = Field.count("size", "Bytes").required();
        ObjectShape output = ObjectShape.of(file, size);

        // when / then
        assertThatThrownBy(() -> output.builder().put(file, "a.txt").result())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Expected output field 'size' to be set, but it is not");
        assertThatThrownBy(() -> output.builder().put(DRY_RUN, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dryRun");
    }

    @Test
    void shouldDefineARecursiveShapeThatTheValidatorChecksThroughItsReferences() {
        // given: a tree's node lists its children by reference to itself
        Field<String> name = Field.string("name", "Entry name").required();
        Field<List<ObjectNode>> children = Field.list("children", "Entries", Field.ref("child", "An entry", "node"));
        ObjectShape node = ObjectShape.of(name, children);
        Field<ObjectNode> tree = Field.ref("tree", "The root", "node").required();
        ObjectShape output = ObjectShape.of(tree).define("node", node);
        ObjectNode leaf = node.builder().put(name, "a.txt").build();
        ObjectNode root = node.builder().put(name, "root").put(children, List.of(leaf)).build();

        // when
        ObjectNode schema = output.schema();
        ObjectNode built = output.builder().put(tree, root).build();

        // then
        assertThat(schema.get("$defs").get("node")).isEqualTo(node.schema());
        assertThat(schema.get("properties").get("tree").get("$ref").asString()).isEqualTo("#/$defs/node");
        assertThat(VALIDATOR.validate(schema, built)).isEmpty();
        ObjectNode broken = root.deepCopy();
        ((ObjectNode) broken.get("children").get(0)).put("bogus", 1);
        assertThat(VALIDATOR.validate(schema, json(Map.of("tree", broken)))).isNotEmpty();
        assertThatThrownBy(() -> output.define("node", node)).isInstanceOf(IllegalArgumentException.class);
    }
}
