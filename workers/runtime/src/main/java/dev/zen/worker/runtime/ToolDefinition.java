package dev.zen.worker.runtime;

import dev.zen.schemas.TaskSupport;
import dev.zen.schemas.ToolAnnotations;
import dev.zen.schemas.ToolDescriptor;
import dev.zen.worker.runtime.tool.ObjectShape;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tool a worker serves: what it announces and the handler that runs it. Built fluently:
 *
 * <pre>{@code
 * ToolDefinition.named("file_read").title("Read file").description("Reads a text file ...")
 *         .input(INPUT).output(OUTPUT).readOnly()
 *         .handler(new FileReadTool(jail));
 * }</pre>
 *
 * A tool may run as an MCP task ({@link TaskSupport#OPTIONAL}) unless it says otherwise: every call
 * can already be a REST job, so a tool forbids tasks only for a stated reason.
 */
public record ToolDefinition(ToolDescriptor descriptor, ToolHandler handler) {

    public ToolDefinition {
        if (descriptor == null || handler == null) {
            throw new IllegalArgumentException("Expected a descriptor and a handler");
        }
    }

    public String name() {
        return descriptor.name();
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Declares one tool; {@link #handler(ToolHandler)} ends it. */
    public static final class Builder {

        private final String name;
        private String title;
        private String description;
        private ObjectNode input;
        private ObjectNode output;
        private ToolAnnotations annotations;
        private TaskSupport taskSupport = TaskSupport.OPTIONAL;
        private boolean openWorld;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder title(String text) {
            this.title = text;
            return this;
        }

        public Builder description(String text) {
            this.description = text;
            return this;
        }

        public Builder input(ObjectShape shape) {
            return inputSchema(shape.schema());
        }

        /** A hand-written input schema, for shapes that {@link ObjectShape} does not express. */
        public Builder inputSchema(ObjectNode schema) {
            this.input = schema;
            return this;
        }

        public Builder output(ObjectShape shape) {
            return outputSchema(shape.schema());
        }

        public Builder outputSchema(ObjectNode schema) {
            this.output = schema;
            return this;
        }

        /** Reads only: safe to repeat, a redelivered command simply runs again. */
        public Builder readOnly() {
            return annotations(ToolAnnotations.readOnly(title));
        }

        /**
         * Changes state. {@code destructive}: it may overwrite or delete. {@code idempotent}: repeating
         * it with the same arguments changes nothing more; a tool that is not is never run twice for
         * one call (the runtime's delivery rules).
         */
        public Builder writes(boolean destructive, boolean idempotent) {
            return annotations(ToolAnnotations.writing(title, destructive, idempotent));
        }

        /** It reaches systems outside Zen (a network remote, the web); in any order with the other annotations. */
        public Builder openWorld() {
            this.openWorld = true;
            return this;
        }

        public Builder annotations(ToolAnnotations value) {
            this.annotations = value;
            return this;
        }

        public Builder taskSupport(TaskSupport value) {
            this.taskSupport = Objects.requireNonNull(value, "taskSupport");
            return this;
        }

        public ToolDefinition handler(ToolHandler handler) {
            if (input == null) {
                input = ObjectShape.of().schema();
            }
            if (openWorld) {
                ToolAnnotations a = annotations == null ? ToolAnnotations.readOnly(title) : annotations;
                annotations = new ToolAnnotations(a.title(), a.readOnlyHint(), a.destructiveHint(), a.idempotentHint(), true);
            }
            if (annotations != null && annotations.title() == null && title != null) {
                annotations = new ToolAnnotations(title, annotations.readOnlyHint(), annotations.destructiveHint(),
                        annotations.idempotentHint(), annotations.openWorldHint());
            }
            return new ToolDefinition(new ToolDescriptor(name, title, description, input, output, annotations,
                    taskSupport.wireName()), handler);
        }
    }
}
