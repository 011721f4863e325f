package dev.mamori.data.formats;

import static dev.mamori.data.formats.IdxTest.catchIo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.data.Dataset;
import dev.mamori.data.MalformedDataException;
import dev.mamori.data.TextExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesTest {
    @TempDir Path dir;

    @Test
    void jsonLinesWithIntegerLabels() throws IOException {
        Path f = dir.resolve("a.jsonl");
        Files.writeString(f, "{\"sentence\": \"great\", \"y\": 2}\n\n{\"sentence\": \"bad\", \"y\": 0, \"extra\": true}\n");
        Dataset<TextExample> ds = TextFiles.jsonLines(f, "sentence", "y");
        assertThat(ds.size()).isEqualTo(2);
        assertThat(ds.get(0)).isEqualTo(new TextExample("great", 2));
        assertThat(ds.get(1)).isEqualTo(new TextExample("bad", 0));
        assertThat(ds.classes()).containsExactly("0", "1", "2");
    }

    @Test
    void jsonLinesWithNamedLabelsSortsTheClasses() throws IOException {
        Path f = dir.resolve("b.jsonl");
        Files.writeString(f, "{\"text\": \"x\", \"label\": \"positive\"}\n{\"text\": \"y\", \"label\": \"negative\"}\n"
                + "{\"text\": \"z\", \"label\": \"neutral\"}");
        Dataset<TextExample> ds = TextFiles.jsonLines(f, "text", "label");
        assertThat(ds.classes()).containsExactly("negative", "neutral", "positive");
        assertThat(ds.get(0).label()).isEqualTo(2);
    }

    @Test
    void brokenJsonLineGivesLineAndByteOffset() throws IOException {
        Path f = dir.resolve("c.jsonl");
        String first = "{\"text\": \"ok\", \"label\": 1}\n";
        Files.writeString(f, first + "{\"text\": \"cut\", \"lab");
        MalformedDataException e = (MalformedDataException) catchIo(() -> TextFiles.jsonLines(f, "text", "label"));
        assertThat(e).hasMessageContaining("line 2").hasMessageContaining("invalid JSON");
        assertThat(e.byteOffset()).isGreaterThanOrEqualTo(first.length());
        Files.writeString(f, first + "{\"text\": 5, \"label\": 1}\n");
        assertThatThrownBy(() -> TextFiles.jsonLines(f, "text", "label")).hasMessageContaining("line 2")
                .hasMessageContaining("'text'");
        Files.writeString(f, first + "{\"text\": \"t\"}\n");
        assertThatThrownBy(() -> TextFiles.jsonLines(f, "text", "label")).hasMessageContaining("'label'");
    }

    @Test
    void csvHandlesQuotesCommasAndNewlines() throws IOException {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, "id,review,stars\n1,\"Good, really \"\"good\"\"\",pos\n2,\"two\nlines\",neg\n3,plain,pos\n");
        Dataset<TextExample> ds = TextFiles.csv(f, "review", "stars");
        assertThat(ds.size()).isEqualTo(3);
        assertThat(ds.get(0).text()).isEqualTo("Good, really \"good\"");
        assertThat(ds.get(1).text()).isEqualTo("two\nlines");
        assertThat(ds.classes()).containsExactly("neg", "pos");
        assertThat(ds.get(2).label()).isEqualTo(1);
    }

    @Test
    void tsvTreatsQuotesAsText() throws IOException {
        Path f = dir.resolve("e.tsv");
        Files.writeString(f, "sentence\tlabel\nit's \"fine\"\t1\nno\t0\n");
        Dataset<TextExample> ds = TextFiles.tsv(f, "sentence", "label");
        assertThat(ds.get(0)).isEqualTo(new TextExample("it's \"fine\"", 1));
        assertThat(ds.get(1).label()).isZero();
    }

    @Test
    void csvErrorsNameColumnsAndLines() throws IOException {
        Path f = dir.resolve("f.csv");
        Files.writeString(f, "text,label\na,1\n");
        assertThatThrownBy(() -> TextFiles.csv(f, "text", "class")).hasMessageContaining("no column 'class'")
                .hasMessageContaining("[text, label]");
        Files.writeString(f, "text,label\na,1\nb\n");
        assertThatThrownBy(() -> TextFiles.csv(f, "text", "label")).hasMessageContaining(f.toString())
                .hasMessageContaining("row 2").hasMessageContaining("'label'");
        Files.writeString(f, "text,label\na,1\nb,1,extra\n");
        assertThatThrownBy(() -> TextFiles.csv(f, "text", "label")).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("row 2");
    }

    @Test
    void fixedVocabularyRejectsUnknownLabels() throws IOException {
        LabelVocabulary v = LabelVocabulary.of(List.of("neg", "pos"));
        assertThat(v.indexOf("pos")).isEqualTo(1);
        assertThat(v.indexOf("1")).isEqualTo(1);
        assertThat(v.indexOf("2")).isEqualTo(-1);
        assertThat(v.indexOf("meh")).isEqualTo(-1);
        assertThat(LabelVocabulary.infer(List.of("3", "1")).classes()).containsExactly("0", "1", "2", "3");
        assertThat(LabelVocabulary.infer(List.of("3", "-1")).classes()).containsExactly("-1", "3");
    }
}
