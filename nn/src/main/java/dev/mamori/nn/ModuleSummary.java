package dev.mamori.nn;

import java.util.Map;

/** Renders a module tree as a table: path, type and configuration, own parameter count; totals at the end. */
final class ModuleSummary {
    private ModuleSummary() {}

    static String render(Module root) {
        StringBuilder sb = new StringBuilder();
        Map<String, Module> modules = root.namedModules();
        int width = Math.max(6, modules.keySet().stream().mapToInt(String::length).max().orElse(0));
        sb.append(String.format("%-" + width + "s  %-48s %12s%n", "module", "type", "params"));
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            long own = e.getValue().ownParameters().values().stream().mapToLong(t -> t.numel()).sum();
            String path = e.getKey().isEmpty() ? "(root)" : e.getKey();
            String type = e.getValue().describe();
            if (type.length() > 48) type = type.substring(0, 45) + "...";
            sb.append(String.format("%-" + width + "s  %-48s %12s%n", path, type, own == 0 ? "" : String.format("%,d", own)));
        }
        sb.append(String.format("total parameters: %,d (trainable %,d)%n", root.parameterCount(), root.trainableParameterCount()));
        return sb.toString();
    }
}
