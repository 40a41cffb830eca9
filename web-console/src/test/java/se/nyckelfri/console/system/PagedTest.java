package se.nyckelfri.console.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PagedTest {

    final List<Integer> fortyFive = IntStream.rangeClosed(1, 45).boxed().toList();

    @Test
    void ofWhenMiddlePageThenItsRowsAndTheCount() {
        Paged<Integer> page = Paged.of(fortyFive, 2, 20);

        assertThat(page.rows()).containsExactlyElementsOf(IntStream.rangeClosed(21, 40).boxed().toList());
        assertThat(page.page()).isEqualTo(2);
        assertThat(page.pages()).isEqualTo(3);
        assertThat(page.total()).isEqualTo(45);
    }

    @Test
    void ofWhenLastPageThenOnlyWhatIsLeft() {
        assertThat(Paged.of(fortyFive, 3, 20).rows()).containsExactly(41, 42, 43, 44, 45);
    }

    @Test
    void ofWhenPageOutOfRangeThenTheNearestPage() {
        assertThat(Paged.of(fortyFive, 99, 20).page()).isEqualTo(3);
        assertThat(Paged.of(fortyFive, -5, 20).page()).isEqualTo(1);
    }

    @Test
    void ofWhenEmptyThenOneEmptyPage() {
        Paged<Integer> page = Paged.of(List.of(), 1, 20);

        assertThat(page.rows()).isEmpty();
        assertThat(page.pages()).isEqualTo(1);
    }
}
