package dev.mamori.eval.report;

/**
 * Plots and image grids are drawn off-screen; on a server there is no display. AWT reads {@code java.awt.headless}
 * once, when it first starts, so every class that draws calls {@link #ensure()} before touching AWT. An explicit
 * setting by the user (-Djava.awt.headless=false) is left alone.
 */
final class Headless {
    private Headless() {}

    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }
}
