package dev.mamori.nn.layers;

import dev.mamori.nn.Module;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A list of modules named "0", "1", ... whose use is up to the owner (PyTorch nn.ModuleList). */
public class ModuleList<M extends Module> extends Module implements Iterable<M> {
    private final List<M> items = new ArrayList<>();

    public ModuleList() {}

    public ModuleList(List<M> modules) {
        for (M m : modules) add(m);
    }

    public final ModuleList<M> add(M m) {
        register(String.valueOf(items.size()), m);
        items.add(m);
        return this;
    }

    public M get(int i) {
        return items.get(i);
    }

    public int size() {
        return items.size();
    }

    @Override
    public Iterator<M> iterator() {
        return items.iterator();
    }
}
