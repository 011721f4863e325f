package dev.mamori.cli;

import dev.mamori.autograd.Backend;
import dev.mamori.methods.common.ImageData;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code mamori} command. Exit codes a script can rely on: 0 success, 1 failure while running, 2 bad usage or
 * bad configuration (the message names the option or config field), 3 a dataset that is absent and cannot be
 * fetched here (the message says where to put it).
 */
@Command(name = "mamori", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Trustworthy and privacy-preserving deep learning on the JVM.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, EvalCommand.class, DataCommand.class,
                BenchCommand.class, ReportCommand.class, RobustnessCommand.class, AttackCommand.class,
                RunCommand.class, ServeCommand.class, EncryptCommand.class, GenerateCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int FAILED = 1, USAGE = 2, DATA_MISSING = 3;

    public static void main(String[] args) {
        Backend.ensureConfigured();
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            Throwable root = ex;
            if (root instanceof java.io.UncheckedIOException u && u.getCause() != null) root = u.getCause();
            if (root instanceof ImageData.DataUnavailableException) {
                cmd.getErr().println("mamori: " + root.getMessage());
                return DATA_MISSING;
            }
            if (root instanceof IllegalArgumentException || root instanceof dev.mamori.methods.crypto.KeyFileException) {
                cmd.getErr().println("mamori: " + root.getMessage());
                return USAGE;
            }
            cmd.getErr().println("mamori: " + root);
            if (System.getenv("MAMORI_DEBUG") != null) root.printStackTrace(cmd.getErr());
            else cmd.getErr().println("(set MAMORI_DEBUG=1 for the stack trace)");
            return FAILED;
        });
        return cl;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"mamori " + dev.mamori.eval.report.RuntimeVersions.detect().mamori(), "backend " + Backend.describe(),
                    "java " + System.getProperty("java.version")};
        }
    }
}
