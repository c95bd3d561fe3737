package org.govbus.core.mask;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void shouldMaskAsSeenInPractice() {
        assertThat(Masking.ID_NUMBER.apply("11010519491231002X")).isEqualTo("110105********002X");
        assertThat(Masking.MOBILE.apply("13812341234")).isEqualTo("138****1234");
        assertThat(Masking.NAME.apply("张三")).isEqualTo("张*");
        assertThat(Masking.NAME.apply("欧阳娜娜")).isEqualTo("欧***");
        assertThat(Masking.FULL.apply("secret")).isEqualTo("******");
    }

    @Test
    void shouldNeverRevealAShortValueWhole() {
        assertThat(Masking.ID_NUMBER.apply("12345")).isEqualTo("1****");
        assertThat(Masking.NAME.apply("张")).isEqualTo("*");
        assertThat(Masking.MOBILE.apply("138")).isEqualTo("1**");
    }

    @Test
    void shouldKeepNullAndEmpty() {
        assertThat(Masking.ID_NUMBER.apply(null)).isNull();
        assertThat(Masking.ID_NUMBER.apply("")).isEmpty();
    }

    @Test
    void shouldFindTheKindBySchemaPropertyValue() {
        assertThat(Masking.forKind("id_number")).isEqualTo(Masking.ID_NUMBER);
        assertThat(Masking.forKind(" Name ")).isEqualTo(Masking.NAME);
    }
}
