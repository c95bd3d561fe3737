package org.govbus.core.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CitizenIdNumberTest {

    @ParameterizedTest
    @ValueSource(strings = {"11010519491231002X", "440524188001010014", "34052419800101001X", "11010519491231002x"})
    void shouldAcceptTheValidExamplesOfTheStandard(String id) {
        assertThat(CitizenIdNumber.problem(id)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "110105194912310021|check character must be X",
        "11010519491231002|must have 18 characters, has 17",
        "110105194912310A2X|character 16 must be a digit",
        "110105194902300021|characters 7-14 are not a valid birth date",
        "110105179912310021|birth date 1799-12-31 is before 1800"})
    void shouldSayWhatIsWrong(String id, String problem) {
        assertThat(CitizenIdNumber.problem(id)).contains(problem);
    }

    @Test
    void shouldRefuseMissingNumbers() {
        assertThat(CitizenIdNumber.problem(null)).contains("missing");
        assertThat(CitizenIdNumber.problem("")).contains("missing");
    }

    @Test
    void shouldBuildValidNumbersWhoseSexFollowsTheSequence() {
        for (int seq = 0; seq < 1000; seq += 7) {
            String id = CitizenIdNumber.of("310104", LocalDate.of(1990, 2, 28), seq);
            assertThat(CitizenIdNumber.isValid(id)).as(id).isTrue();
            assertThat(CitizenIdNumber.isMale(id)).isEqualTo(seq % 2 == 1);
            assertThat(CitizenIdNumber.birthDate(id)).isEqualTo(LocalDate.of(1990, 2, 28));
        }
    }

    @Test
    void shouldComputeTheCheckCharacterOfTheStandardExample() {
        assertThat(CitizenIdNumber.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(CitizenIdNumber.checkCharacter("44052418800101001")).isEqualTo('4');
    }
}
