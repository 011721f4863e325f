package dev.mamori.cli;

import dev.mamori.methods.common.config.ConfigChecks;
import dev.mamori.methods.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a command's options the way configs are checked ({@link ConfigChecks}: every number finite, each
 * {@link dev.mamori.methods.common.config.Check}), before the command runs, so that {@code attack --examples 0} is a
 * usage error naming the option instead of an empty run; options of mixins are included. Runs as picocli's execution
 * strategy: a bad option becomes a {@link CommandLine.ParameterException} (exit code 2).
 */
final class OptionChecks implements CommandLine.IExecutionStrategy {
    private final CommandLine.IExecutionStrategy then = new CommandLine.RunLast();

    @Override
    public int execute(CommandLine.ParseResult parseResult) {
        List<CommandLine> chain = parseResult.asCommandLineList();
        CommandLine last = chain.get(chain.size() - 1);
        try {
            check(last.getCommand());
        } catch (ConfigException e) {
            String option = e.field().replaceAll("\\[.*", "");
            throw new CommandLine.ParameterException(last, e.from(option).getMessage(), e);
        }
        return then.execute(parseResult);
    }

    /** Checks the options of a command object and of its mixins. */
    static void check(Object command) {
        ConfigChecks.check(command, OptionChecks::optionName, true);
        for (Field f : fields(command.getClass())) {
            if (!f.isAnnotationPresent(Mixin.class)) continue;
            try {
                f.setAccessible(true);
                Object mixin = f.get(command);
                if (mixin != null) check(mixin);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The option's longest name ({@code --examples}), or null for a field that is not an option. */
    static String optionName(Field f) {
        Option o = f.getAnnotation(Option.class);
        if (o == null) return null;
        return Arrays.stream(o.names()).max(Comparator.comparingInt(String::length)).orElse(f.getName());
    }

    private static List<Field> fields(Class<?> type) {
        return Arrays.asList(type.getDeclaredFields());
    }
}
