package dev.mamori.methods.common.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A journal as kill -9 leaves it (a last line cut short, or whole but without its newline) reads, and keeps reading after a second kill. */
class RunJournalTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static void record(RunJournal j, String task) {
        j.record(task, JSON.createObjectNode().put("value", task.length()));
    }

    @Test
    void aLineCutShortIsRemovedSoThatAJournalKilledTwiceStillReads(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("journal.jsonl");
        try (RunJournal j = new RunJournal(f, "abc")) {
            record(j, "a");
            record(j, "b");
        }
        String whole = Files.readString(f);
        Files.writeString(f, whole + "{\"task\":\"c\",\"va");                 // killed while appending c
        try (RunJournal j = new RunJournal(f, "abc")) {
            assertThat(j.resumed()).isEqualTo(2);
            assertThat(j.get("c")).isEmpty();
            record(j, "c");
        }
        Files.writeString(f, Files.readString(f) + "{\"task\":\"d\"");        // killed again, appending d
        try (RunJournal j = new RunJournal(f, "abc")) {
            assertThat(j.resumed()).isEqualTo(3);
            assertThat(j.get("c")).isPresent();
            record(j, "d");
        }
        assertThat(Files.readAllLines(f)).hasSize(5).allSatisfy(l -> assertThat(JSON.readTree(l).has("task")).isTrue());
    }

    @Test
    void aWholeLastLineWithoutItsNewlineCounts(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("journal.jsonl");
        try (RunJournal j = new RunJournal(f, "abc")) {
            record(j, "a");
        }
        Files.writeString(f, Files.readString(f) + "{\"task\":\"b\",\"value\":1}", StandardCharsets.UTF_8);
        try (RunJournal j = new RunJournal(f, "abc")) {
            assertThat(j.get("b")).isPresent();
            record(j, "c");
        }
        assertThat(Files.readAllLines(f)).hasSize(4);
        try (RunJournal j = new RunJournal(f, "abc")) {
            assertThat(j.resumed()).isEqualTo(3);
        }
    }
}
