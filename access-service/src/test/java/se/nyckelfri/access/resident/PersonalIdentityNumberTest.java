package se.nyckelfri.access.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import se.nyckelfri.access.system.InvalidInputException;

class PersonalIdentityNumberTest {

    @Test
    void parseWhenValidWithOrWithoutHyphenThenTwelveDigits() {
        // 19121212-1212 is Skatteverket's well-known example number.
        assertThat(PersonalIdentityNumber.parse("19121212-1212", "pin").digits()).isEqualTo("191212121212");
        assertThat(PersonalIdentityNumber.parse("191212121212", "pin").digits()).isEqualTo("191212121212");
    }

    @Test
    void parseWhenCoordinationNumberThenAccepted() {
        String nine = "701063" + "239"; // day 63 = the 3rd, plus 60
        String number = "19" + nine + PersonalIdentityNumber.checkDigit(nine);
        assertThat(PersonalIdentityNumber.parse(number, "pin").digits()).isEqualTo(number);
    }

    @Test
    void parseWhenCheckDigitWrongThenInvalidNamingFieldWithoutValue() {
        assertThatThrownBy(() -> PersonalIdentityNumber.parse("19121212-1213", "personalIdentityNumber"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("personalIdentityNumber"))
                .hasMessageNotContaining("1213");
    }

    @Test
    void parseWhenDateImpossibleOrFormatWrongThenInvalid() {
        assertThatThrownBy(() -> PersonalIdentityNumber.parse("19121312-1212", "pin")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> PersonalIdentityNumber.parse("1212121212", "pin")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> PersonalIdentityNumber.parse("abc", "pin")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> PersonalIdentityNumber.parse(null, "pin")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void toStringNeverShowsTheNumber() {
        assertThat(PersonalIdentityNumber.parse("19121212-1212", "pin").toString()).doesNotContain("1212");
    }
}
