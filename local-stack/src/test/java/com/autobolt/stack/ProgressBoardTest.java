package com.autobolt.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressBoardTest {

    private static final DemoJob JOB = new DemoJob("j1", "Lakeside Bakery", "growth", 0);

    @Test
    void shouldDrawSegmentsInProportionAndKeepAFewFailuresVisible() {
        JobView view = new JobView("failed", 100, 100, 95, 3, 2, 100);

        assertThat(ProgressBoard.bar(view, false)).isEqualTo("[" + "#".repeat(28) + "x-]");
    }

    @Test
    void shouldFillTheRestOfTheBarWithWhatIsNotDoneYet() {
        JobView view = new JobView("in_progress", 500, 250, 250, 0, 0, 50);

        assertThat(ProgressBoard.bar(view, false)).isEqualTo("[" + "#".repeat(15) + ".".repeat(15) + "]");
    }

    @Test
    void shouldNeverDrawMoreCellsThanTheWidth() {
        for (int failed = 0; failed <= 50; failed++) {
            for (int skipped = 0; failed + skipped <= 50; skipped++) {
                JobView view = new JobView("failed", 50, 50, 50 - failed - skipped, failed, skipped, 100);
                assertThat(ProgressBoard.bar(view, false)).hasSize(ProgressBoard.BAR_WIDTH + 2);
            }
        }
    }

    @Test
    void shouldPrintPlainLinesWhenNotATerminalAndRedrawInPlaceOnOne() {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ProgressBoard board = new ProgressBoard(new PrintStream(plain, true, StandardCharsets.UTF_8), false);
        board.draw(List.of(JOB), Map.of(), "first");
        board.draw(List.of(JOB), Map.of("j1", new JobView("complete", 100, 100, 100, 0, 0, 100)), "second");
        assertThat(plain.toString(StandardCharsets.UTF_8))
                .doesNotContain("\u001b")
                .contains("Lakeside Bakery          growth       [" + ".".repeat(30) + "]   0%")
                .contains("100%  100/100  submitted 100  failed   0  skipped   0  complete\nsecond\n");

        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        ProgressBoard ansi = new ProgressBoard(new PrintStream(terminal, true, StandardCharsets.UTF_8), true);
        ansi.draw(List.of(JOB), Map.of(), "first");
        ansi.draw(List.of(JOB), Map.of(), "second");
        assertThat(terminal.toString(StandardCharsets.UTF_8))
                .contains("\u001b[2A")
                .contains("\u001b[32m");
    }
}
