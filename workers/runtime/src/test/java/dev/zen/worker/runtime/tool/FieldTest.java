package dev.zen.worker.runtime.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.schemas.RecordCodec;
import dev.zen.worker.runtime.ToolFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class FieldTest {

    private static JsonNode json(Object value) {
        return RecordCodec.shared().mapper().valueToTree(value);
    }

    /** Binds {@code arguments} to a shape of just {@code field}, returning the field's value. */
    private static <T> T bind(Field<T> field, Map<String, ?> arguments) {
        return ObjectShape.of(field).bind(json(arguments)).get(field);
    }

    @Test
    void shouldDescribeAnIntegerWithItsTypeBoundsAndDefault() {
        // given
        Field<Integer> field = Field.integer("maxEntries", "Most entries to return", 1, 10_000).defaultsTo(1000);

        // when
        ObjectNode schema = field.schema();

        // then
        assertThat(schema).isEqualTo(json(Map.of("type", "integer", "description", "Most entries to return",
                "minimum", 1, "maximum", 10_000, "default", 1000)));
        assertThat(field.isRequired()).isFalse();
        assertThat(field.defaultValue()).isEqualTo(1000);
    }

    @Test
    void shouldDescribeStringsWithTheirConstraints() {
        // when
        ObjectNode text = Field.string("oldText", "Text").minLength(1).maxLength(10).pattern("^a", "starting with a")
                .schema();
        ObjectNode choice = Field.choice("type", "Kind", "file", "directory").schema();
        ObjectNode time = Field.dateTime("modified", "When").schema();
        ObjectNode count = Field.count("size", "Bytes").schema();

        // then
        assertThat(text).isEqualTo(json(Map.of("type", "string", "description", "Text", "minLength", 1, "maxLength", 10,
                "pattern", "^a")));
        assertThat(choice.get("enum")).isEqualTo(json(List.of("file", "directory")));
        assertThat(time.get("format").asString()).isEqualTo("date-time");
        assertThat(count.get("type").asString()).isEqualTo("integer");
        assertThat(count.get("minimum").intValue()).isZero();
        assertThat(count.has("maximum")).isFalse();
    }

    @Test
    void shouldDescribeAListByItsItemWithTheItemsDescriptionAndBounds() {
        // when
        ObjectNode bounded = Field.list("paths", "Files to read", Field.string("path", "A file to read"), 1, 100).schema();
        ObjectNode unbounded = Field.list("exclude", "Globs", Field.choice("kind", "A kind", "a", "b")).schema();

        // then
        assertThat(bounded).isEqualTo(json(Map.of("type", "array", "description", "Files to read",
                "items", Map.of("type", "string", "description", "A file to read"), "minItems", 1, "maxItems", 100)));
        assertThat(unbounded.get("items").get("enum")).isEqualTo(json(List.of("a", "b")));
        assertThat(unbounded.has("minItems")).isFalse();
        assertThat(unbounded.has("maxItems")).isFalse();
    }

    @Test
    void shouldDescribeAlternativeShapesAsAnyOf() {
        // given
        Field<String> path = Field.string("path", "Path").required();
        ObjectShape read = ObjectShape.of(path, Field.string("content", "Text").required());
        ObjectShape failed = ObjectShape.of(path, Field.string("error", "Why").required());

        // when
        ObjectNode schema = Field.anyOf("file", "A file", read, failed).schema();

        // then
        assertThat(schema.get("anyOf")).containsExactly(read.schema(), failed.schema());
        assertThat(schema.get("description").asString()).isEqualTo("A file");
        assertThatThrownBy(() -> Field.anyOf("file", "A file", read)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReferToADefinitionByName() {
        // when
        ObjectNode schema = Field.ref("tree", "The tree", "node").schema();

        // then
        assertThat(schema).isEqualTo(json(Map.of("$ref", "#/$defs/node", "description", "The tree")));
        assertThatThrownBy(() -> Field.ref("tree", "The tree", "../escape")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseADefaultOutsideTheFieldsOwnBounds() {
        // when / then
        assertThatThrownBy(() -> Field.integer("n", "N", 1, 10).defaultsTo(11))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("the default of n");
    }

    @Test
    void shouldRefuseAnInvalidName() {
        // when / then
        assertThatThrownBy(() -> Field.string("two words", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReturnTheDefaultWhenTheArgumentIsAbsent() {
        // given
        Field<Boolean> recursive = Field.bool("recursive", "Deep").defaultsTo(false);
        Field<Integer> head = Field.integer("head", "First lines", 1, 10);
        ObjectShape shape = ObjectShape.of(recursive, head);

        // when
        Arguments args = shape.bind(json(Map.of()));

        // then
        assertThat(args.get(recursive)).isFalse();
        assertThat(args.has(recursive)).isFalse();
        assertThat(args.get(head)).isNull();
        assertThat(shape.bind(json(Map.of("recursive", true))).get(recursive)).isTrue();
        assertThat(shape.bind(json(Map.of("recursive", true))).has(recursive)).isTrue();
    }

    @Test
    void shouldRefuseAWrongTypeNamingTheArgument() {
        // when / then
        assertThatThrownBy(() -> bind(Field.integer("head", "First lines", 1, 10), Map.of("head", "ten")))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("argument 'head'")
                .hasMessageContaining("an integer");
        assertThatThrownBy(() -> bind(Field.bool("dryRun", "Preview"), Map.of("dryRun", 1)))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("argument 'dryRun'");
        assertThatThrownBy(() -> bind(Field.string("path", "Path"), Map.of("path", 42)))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("argument 'path' to be a string");
    }

    @Test
    void shouldRefuseAValueOutOfBounds() {
        // given
        Field<Integer> head = Field.integer("head", "First lines", 1, 10);

        // when / then
        assertThatThrownBy(() -> bind(head, Map.of("head", 0)))
                .isInstanceOf(ToolFailure.class)
                .hasMessage("Expected argument 'head' to be between 1 and 10, but it was 0");
        assertThatThrownBy(() -> bind(head, Map.of("head", 3_000_000_000L)))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("an integer");
        assertThatThrownBy(() -> bind(Field.count("size", "Bytes"), Map.of("size", -1)))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("at least 0");
        assertThatThrownBy(() -> bind(Field.choice("type", "Kind", "file", "directory"), Map.of("type", "socket")))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("one of file, directory");
    }

    @Test
    void shouldRefuseANulCharacter() {
        // when / then
        assertThatThrownBy(() -> bind(Field.string("path", "Path"), Map.of("path", "a\0b")))
                .isInstanceOf(ToolFailure.class)
                .hasMessage("Expected argument 'path' to have no NUL character, but it has one");
        assertThatThrownBy(() -> bind(Field.list("paths", "Paths", Field.string("path", "A path")),
                Map.of("paths", List.of("ok", "a\0b"))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("argument 'paths[1]'");
    }

    @Test
    void shouldRefuseTooShortTooLongAndUnmatchedStrings() {
        // given
        Field<String> name = Field.string("name", "Name").minLength(2).maxLength(4).pattern("^[a-z]+$", "lower-case letters");

        // when / then
        assertThat(bind(name, Map.of("name", "abc"))).isEqualTo("abc");
        assertThatThrownBy(() -> bind(name, Map.of("name", "a")))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("at least 2 characters long, but it has 1");
        assertThatThrownBy(() -> bind(name, Map.of("name", "abcde")))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("at most 4 characters long, but it has 5");
        assertThatThrownBy(() -> bind(name, Map.of("name", "AB")))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("argument 'name' to be lower-case letters");
        assertThat(bind(Field.string("name", "Name").maxLength(3), Map.of("name", "ééé")))
                .as("characters are code points").isEqualTo("ééé");
    }

    @Test
    void shouldRefuseAListOfTheWrongSizeNamingWhatItHolds() {
        // given
        Field<List<String>> paths = Field.list("paths", "Paths", Field.string("path", "A path"), 1, 2);

        // when / then
        assertThat(bind(paths, Map.of("paths", List.of("a", "b")))).containsExactly("a", "b");
        assertThatThrownBy(() -> bind(paths, Map.of("paths", List.of())))
                .isInstanceOf(ToolFailure.class)
                .hasMessage("Expected argument 'paths' to have 1 to 2 paths, but it has 0");
        assertThatThrownBy(() -> bind(paths, Map.of("paths", List.of("a", "b", "c"))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("1 to 2 paths");
        assertThatThrownBy(() -> bind(paths, Map.of("paths", "a")))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("argument 'paths' to be an array");
    }

    @Test
    void shouldCheckEveryElementOfAListAsItsItemDeclares() {
        // given
        Field<List<Integer>> lines = Field.list("lines", "Lines", Field.integer("line", "A line", 1, 9));

        // when / then
        assertThat(bind(lines, Map.of("lines", List.of(1, 9)))).containsExactly(1, 9);
        assertThatThrownBy(() -> bind(lines, Map.of("lines", List.of(1, 10))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("argument 'lines[1]' to be between 1 and 9");
    }

    @Test
    void shouldAcceptAnObjectOfAnyOfItsShapesAndRefuseOthers() {
        // given
        Field<String> path = Field.string("path", "Path").required();
        Field<ObjectNode> file = Field.anyOf("file", "A file", ObjectShape.of(path, Field.string("content", "Text").required()),
                ObjectShape.of(path, Field.string("error", "Why").required()));

        // when / then
        assertThat(bind(file, Map.of("file", Map.of("path", "a", "error", "gone"))).get("error").asString())
                .isEqualTo("gone");
        assertThat(bind(file, Map.of("file", Map.of("path", "a", "content", "x"))).get("content").asString())
                .isEqualTo("x");
        assertThatThrownBy(() -> bind(file, Map.of("file", Map.of("path", "a"))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("argument 'file' to be an object of one of its 2 shapes")
                .hasMessageContaining("argument 'file.content'");
    }

    @Test
    void shouldReadAWholeNumberWrittenWithAFractionAsJsonSchemaDoes() {
        assertThat(bind(Field.integer("head", "First lines", 1, 10), Map.of("head", 5.0))).isEqualTo(5);
        assertThat(bind(Field.count("size", "Bytes"), Map.of("size", 7.0))).isEqualTo(7L);
        assertThatThrownBy(() -> bind(Field.integer("head", "First lines", 1, 10), Map.of("head", 5.5)))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("argument 'head'");
    }

    @Test
    void shouldCheckADateTimeAsItsFormatSays() {
        Field<String> at = Field.dateTime("at", "When");

        assertThat(bind(at, Map.of("at", "2026-12-07T10:15:30Z"))).isEqualTo("2026-12-07T10:15:30Z");
        assertThat(bind(at, Map.of("at", "2026-12-07T10:15:30.5+01:00"))).isEqualTo("2026-12-07T10:15:30.5+01:00");
        assertThatThrownBy(() -> bind(at, Map.of("at", "yesterday"))).isInstanceOf(ToolFailure.class)
                .hasMessageContaining("argument 'at'").hasMessageContaining("RFC 3339");
    }

    @Test
    void shouldRefuseOutputOutsideItsFieldsRules() {
        Field<String> mode = Field.choice("mode", "How", "fast", "safe").required();
        Field<Long> size = Field.count("size", "Bytes").required();
        ObjectShape output = ObjectShape.of(mode, size);

        assertThatThrownBy(() -> output.builder().put(mode, "reckless")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("output field 'mode'");
        assertThatThrownBy(() -> output.builder().put(size, -1L)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("output field 'size'");
    }
}
