package dev.zen.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UriTemplateTest {

    @Test
    void shouldMatchOneSegmentPerSimpleVariable() {
        UriTemplate template = new UriTemplate("test://template/{id}/data");

        assertThat(template.match("test://template/123/data")).contains(Map.of("id", "123"));
        assertThat(template.match("test://template/1/2/data")).isEmpty();
        assertThat(template.match("test://template//data")).isEmpty();
        assertThat(template.match("test://template/123/data/x")).isEmpty();
    }

    @Test
    void shouldMatchTheRestWithReservedExpansionAndDecodePercentEscapes() {
        UriTemplate template = new UriTemplate("file:///{+path}");

        assertThat(template.match("file:///docs/a%20b.md")).contains(Map.of("path", "docs/a b.md"));
        assertThat(template.match("file:///a+b")).contains(Map.of("path", "a+b"));
        assertThat(template.variables()).containsExactly("path");
    }

    @Test
    void shouldTreatRegexCharactersInLiteralsAsText() {
        UriTemplate template = new UriTemplate("x://a.b/(c)?q={q}");

        assertThat(template.match("x://a.b/(c)?q=1")).contains(Map.of("q", "1"));
        assertThat(template.match("x://aXb/(c)?q=1")).isEmpty();
    }

    @Test
    void shouldRefuseExpressionsItCannotMatch() {
        assertThatThrownBy(() -> new UriTemplate("x://{?query}")).hasMessageContaining("{name} or {+name}");
        assertThatThrownBy(() -> new UriTemplate("x://{a")).hasMessageContaining("{name}");
        assertThatThrownBy(() -> new UriTemplate(" ")).hasMessageContaining("blank");
    }
}
