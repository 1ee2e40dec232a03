package dev.zen.worker.filesystem;

import static dev.zen.worker.filesystem.ToolTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.schemas.CallToolResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class FileRootsToolTest {

    @TempDir
    Path root;

    @Test
    void shouldListTheRootWithItsLimits() throws Exception {
        // given
        PathJail jail = ToolTestSupport.jail(root);

        // when
        CallToolResult result = run(FileRootsTool.definition(jail));

        // then
        JsonNode roots = result.structuredContent().get("roots");
        assertThat(roots).hasSize(1);
        assertThat(roots.get(0).get("path").asString()).isEqualTo(root.toRealPath().toString());
        assertThat(roots.get(0).get("maxFileSize").longValue()).isEqualTo(ToolTestSupport.ONE_MB);
        List<String> extensions = new ArrayList<>();
        roots.get(0).get("allowedExtensions").forEach(extension -> extensions.add(extension.asString()));
        assertThat(extensions).hasSize(19).contains(".md", ".txt").isSorted();
    }

    @Test
    void shouldShowAStarWhenAnyExtensionIsAllowed() throws Exception {
        // when
        CallToolResult result = run(FileRootsTool.definition(new PathJail(ToolTestSupport.anyExtension(root))));

        // then
        assertThat(result.structuredContent().get("roots").get(0).get("allowedExtensions").get(0).asString())
                .isEqualTo("*");
    }
}
