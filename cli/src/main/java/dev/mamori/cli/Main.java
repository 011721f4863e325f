package dev.mamori.cli;

import dev.mamori.autograd.Backend;
import dev.mamori.data.MalformedDataException;
import dev.mamori.methods.common.ImageData;
import dev.mamori.methods.crypto.KeyFileException;
import dev.mamori.nn.io.SafeTensorsException;
import dev.mamori.nn.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code mamori} command. Exit codes a script can rely on: 0 success, 1 failure while running (a training run
 * that diverged included: the message names the step and the metric or gradient, and the last good checkpoint is
 * kept), 2 bad usage, a bad configuration or a bad input file (the message names the option, or the file and the
 * field, and what was expected), 3 a dataset that is absent and cannot be fetched here (the message says where to put
 * it).
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
        cl.setExecutionStrategy(new OptionChecks());
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            Throwable root = ex;
            if (root instanceof java.io.UncheckedIOException u && u.getCause() != null) root = u.getCause();
            if (root instanceof ImageData.DataUnavailableException) {
                cmd.getErr().println("mamori: " + root.getMessage());
                return DATA_MISSING;
            }
            if (root instanceof IllegalArgumentException || isBadInputFile(root)) {
                cmd.getErr().println("mamori: " + root.getMessage());
                return USAGE;
            }
            if (root instanceof TrainingDivergedException) {
                cmd.getErr().println("mamori: training stopped: " + root.getMessage());
                return FAILED;
            }
            cmd.getErr().println("mamori: " + root);
            if (System.getenv("MAMORI_DEBUG") != null) root.printStackTrace(cmd.getErr());
            else cmd.getErr().println("(set MAMORI_DEBUG=1 for the stack trace)");
            return FAILED;
        });
        return cl;
    }

    /** A file given to Mamori that is not what it should be: a model, checkpoint, dataset or key file. */
    private static boolean isBadInputFile(Throwable t) {
        return t instanceof SafeTensorsException || t instanceof MalformedDataException || t instanceof KeyFileException;
    }

    /**
     * Usage errors: the message (an option given twice names the option and both values), suggestions for a
     * mistyped option, and where the options are listed, instead of the whole usage text.
     */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = ex.getMessage();
        if (ex instanceof CommandLine.OverwrittenOptionException o && o.getOverwritten() instanceof CommandLine.Model.OptionSpec option) {
            List<String> values = valuesOf(option, args);
            message = "option '" + option.longestName() + "' is given " + (values.size() == 2 ? "twice" : values.size() + " times")
                    + (values.isEmpty() ? "" : " (" + String.join(", then ", values.stream().map(v -> "'" + v + "'").toList()) + ")")
                    + "; give it once";
        }
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + message);
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The values given to an option, in order ({@code --model a} and {@code --model=b}). */
    private static List<String> valuesOf(CommandLine.Model.OptionSpec option, String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            for (String name : option.names()) {
                if (args[i].equals(name) && i + 1 < args.length && option.arity().max() > 0) out.add(args[i + 1]);
                else if (args[i].equals(name) && option.arity().max() == 0) out.add("");
                else if (args[i].startsWith(name + "=")) out.add(args[i].substring(name.length() + 1));
            }
        }
        out.removeIf(String::isEmpty);
        return out;
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
