package com.autobolt.api.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextArrayConverterTest {

    @Test
    void shouldReadBareElements() {
        assertThat(TextArrayConverter.parse("{dir-1,dir-2,dir-3}")).containsExactly("dir-1", "dir-2", "dir-3");
    }

    @Test
    void shouldReadAnEmptyArray() {
        assertThat(TextArrayConverter.parse("{}")).isEmpty();
    }

    @Test
    void shouldReadQuotedElementsWithEscapes() {
        assertThat(TextArrayConverter.parse(
                        "{\"a b\",\"c,d\",\"say \\\"hi\\\"\",\"back\\\\slash\",\"{x}\",\"\",\"NULL\"}"))
                .containsExactly("a b", "c,d", "say \"hi\"", "back\\slash", "{x}", "", "NULL");
    }

    @Test
    void shouldReadABareNullAsNull() {
        assertThat(TextArrayConverter.parse("{a,NULL,null}")).isEqualTo(Arrays.asList("a", null, null));
    }

    @Test
    void shouldIgnoreBlanksAroundElements() {
        assertThat(TextArrayConverter.parse("{ a , \"b\" ,c }")).containsExactly("a", "b", "c");
    }

    @Test
    void shouldTakeListsAndElementArraysAsTheyAre() {
        assertThat(TextArrayConverter.toList(List.of("a", "b"))).containsExactly("a", "b");
        assertThat(TextArrayConverter.toList(new Object[] {"a", null})).isEqualTo(Arrays.asList("a", null));
        assertThat(TextArrayConverter.toList(null)).isNull();
    }

    @Test
    void shouldRefuseWhatIsNotAOneDimensionalLiteral() {
        for (String bad : List.of("", "a,b", "{a,b", "{{a},{b}}", "{a,,b}", "{a,}", "{\"a}", "{\"a\"b}")) {
            assertThatThrownBy(() -> TextArrayConverter.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
