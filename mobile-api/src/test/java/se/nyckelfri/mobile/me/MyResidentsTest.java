package se.nyckelfri.mobile.me;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MyResidentsTest {

    private static final Instant T = Instant.parse("2026-12-07T06:00:00Z");

    private static MyResidents.Window at(int fromMinutes, int untilMinutes) {
        return new MyResidents.Window(T.plusSeconds(fromMinutes * 60L), T.plusSeconds(untilMinutes * 60L));
    }

    @Test
    void mergedWhenAPersonalAndATeamGrantOverlapOrTouchThenOneStretchInTimeOrder() {
        assertThat(MyResidents.merged(List.of(at(60, 120), at(0, 90), at(120, 150), at(300, 330))))
                .containsExactly(at(0, 150), at(300, 330));
        assertThat(MyResidents.merged(List.of(at(0, 300), at(30, 60)))).as("one inside another").containsExactly(at(0, 300));
        assertThat(MyResidents.merged(List.of())).isEmpty();
    }
}
