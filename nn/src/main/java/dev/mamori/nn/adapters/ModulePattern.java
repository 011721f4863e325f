package dev.mamori.nn.adapters;

import java.util.regex.Pattern;

/**
 * A pattern over dotted module paths: {@code *} matches one path segment or part of one (never a dot), {@code **}
 * any run of characters (dots included). A pattern matches a path when it matches the whole path or a suffix that
 * starts after a dot, so {@code blocks.*.attn.qkv} finds the ViT's attention in {@code blocks.3.attn.qkv} and in a
 * wrapped model's {@code model.blocks.3.attn.qkv}, but {@code blocks.*.1} does not match {@code blocks.0.0.fn.1}.
 */
public record ModulePattern(String glob, Pattern regex) {

    public static ModulePattern of(String glob) {
        if (glob.isEmpty()) throw new IllegalArgumentException("empty module pattern");
        StringBuilder sb = new StringBuilder("(?:.*\\.)?");
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                sb.append(".*");
                i++;
            } else if (c == '*') {
                sb.append("[^.]*");
            } else {
                sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new ModulePattern(glob, Pattern.compile(sb.toString()));
    }

    public boolean matches(String path) {
        return regex.matcher(path).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
