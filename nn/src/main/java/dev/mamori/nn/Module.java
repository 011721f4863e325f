package dev.mamori.nn;

import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The base of every layer and model, modelled on PyTorch's nn.Module. Parameters, buffers and children are
 * registered under names, so that hierarchical names ({@code blocks.0.attn.qkv.weight}) equal PyTorch state_dict
 * names and checkpoints interoperate.
 *
 * <p>Subclasses implement {@link #forward(Tensor)}; everybody else runs a module with {@link #call(Tensor)}, which
 * also applies forward hooks (activation capture and editing, see {@link ActivationCapture}).
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final List<UnaryOperator<Tensor>> forwardHooks = new ArrayList<>();
    private final List<UnaryOperator<Tensor>> forwardPreHooks = new ArrayList<>();
    private boolean training = true;

    /** The computation; call it through {@link #call(Tensor)}. */
    protected Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take a single input");
    }

    /** Runs the module on x (forward pre-hooks, forward, then forward hooks). */
    public final Tensor call(Tensor x) {
        for (UnaryOperator<Tensor> h : forwardPreHooks) x = h.apply(x);
        return hooked(forward(x));
    }

    /** Applies the forward hooks to an output; modules with several inputs call it at the end of their own entry point. */
    protected final Tensor hooked(Tensor out) {
        for (UnaryOperator<Tensor> h : forwardHooks) out = h.apply(out);
        return out;
    }

    // ------------------------------------------------------------------ registration

    protected final <M extends Module> M register(String name, M child) {
        checkName(name);
        children.put(name, child);
        return child;
    }

    protected final Tensor registerParameter(String name, INDArray init) {
        checkName(name);
        Tensor p = Tensor.param(init).name(name);
        parameters.put(name, p);
        return p;
    }

    /**
     * Registers an existing parameter under {@code name}, shared with whoever else holds it (PyTorch's
     * register_parameter with a Parameter): a module that takes over parts of another model keeps the very tensors
     * that model's forward uses.
     */
    protected final Tensor registerParameter(String name, Tensor parameter) {
        checkName(name);
        if (!parameter.isLeaf()) throw new IllegalArgumentException("parameter '" + name + "' must be a leaf tensor, not a computed one");
        parameters.put(name, parameter);
        return parameter;
    }

    protected final Buffer registerBuffer(String name, INDArray value) {
        checkName(name);
        Buffer b = new Buffer(value, true);
        buffers.put(name, b);
        return b;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) throw new IllegalArgumentException("invalid module member name '" + name + "'");
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " already has a member named '" + name + "'");
        }
    }

    // ------------------------------------------------------------------ traversal

    /** Direct children by name. */
    public Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** This module ("") and all descendants, by dotted path, parents before children. */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", this, out);
        return out;
    }

    private static void collectModules(String prefix, Module m, Map<String, Module> out) {
        out.put(prefix, m);
        m.children.forEach((name, child) -> collectModules(prefix.isEmpty() ? name : prefix + "." + name, child, out));
    }

    /** All parameters by their full (PyTorch) name. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedModules().forEach((path, m) -> m.parameters.forEach((n, p) -> out.put(path.isEmpty() ? n : path + "." + n, p)));
        return out;
    }

    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters that currently require gradients (not frozen). */
    public Map<String, Tensor> trainableParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> {
            if (p.requiresGrad()) out.put(n, p);
        });
        return out;
    }

    public Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> out = new LinkedHashMap<>();
        namedModules().forEach((path, m) -> m.buffers.forEach((n, b) -> out.put(path.isEmpty() ? n : path + "." + n, b)));
        return out;
    }

    /** The module at a dotted path ("blocks.3.attn"); "" is this module. */
    public Module module(String path) {
        Module m = namedModules().get(path);
        if (m == null) {
            throw new IllegalArgumentException("no module '" + path + "' in " + getClass().getSimpleName()
                    + "; some names: " + namedModules().keySet().stream().limit(20).toList());
        }
        return m;
    }

    /**
     * Puts {@code replacement} where the descendant at {@code path} ("blocks.0.attn.qkv") was, under the same name, so
     * that adapters (LoRA) can wrap a layer in place. Layers keep their children in fields as well as in the registry
     * ({@code SelfAttention.qkv}, {@code Sequential}'s list), and their forward uses the field, so the parent's fields
     * that hold the old child, directly or as an element of a {@link List}, are pointed at the replacement too
     * (reflection; final fields included). A field whose declared type does not accept the replacement is an error,
     * and nothing is changed. Returns the module that was replaced. Optimizers made before keep the old parameters.
     */
    public Module replace(String path, Module replacement) {
        if (path.isEmpty()) throw new IllegalArgumentException("cannot replace the root module");
        int dot = path.lastIndexOf('.');
        Module parent = module(dot < 0 ? "" : path.substring(0, dot));
        String name = path.substring(dot + 1);
        Module old = parent.children.get(name);
        if (old == null) throw new IllegalArgumentException("no module '" + path + "' in " + getClass().getSimpleName());
        List<java.lang.reflect.Field> fields = new ArrayList<>();
        List<List<Object>> lists = new ArrayList<>();
        try {
            for (Class<?> c = parent.getClass(); c != Module.class && c != null; c = c.getSuperclass()) {
                for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                    if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) continue;
                    f.setAccessible(true);
                    Object v = f.get(parent);
                    if (v == old) {
                        if (!f.getType().isInstance(replacement)) {
                            throw new IllegalArgumentException("cannot replace '" + path + "': " + c.getSimpleName() + "." + f.getName()
                                    + " is a " + f.getType().getSimpleName() + " and the replacement is a " + replacement.getClass().getSimpleName());
                        }
                        fields.add(f);
                    } else if (v instanceof List<?> l && l.stream().anyMatch(e -> e == old)) {
                        @SuppressWarnings("unchecked") List<Object> ol = (List<Object>) l;
                        lists.add(ol);
                    }
                }
            }
            for (java.lang.reflect.Field f : fields) f.set(parent, replacement);
        } catch (IllegalAccessException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) throw iae;
            throw new IllegalStateException("cannot replace '" + path + "' in " + parent.getClass().getSimpleName() + ": " + e, e);
        }
        for (List<Object> l : lists) l.replaceAll(e -> e == old ? replacement : e);
        parent.children.put(name, replacement);
        return old;
    }

    /** The parameter with this full name. */
    public Tensor parameter(String fullName) {
        Tensor p = namedParameters().get(fullName);
        if (p == null) throw new IllegalArgumentException("no parameter '" + fullName + "' in " + getClass().getSimpleName());
        return p;
    }

    // ------------------------------------------------------------------ state

    /** Parameters and persistent buffers by full name (the arrays themselves, not copies). */
    public Map<String, INDArray> stateDict() {
        return StateDicts.of(this);
    }

    /** Loads a state dict: strict = every key must match both ways; shapes must always match. */
    public void loadStateDict(Map<String, INDArray> state, boolean strict) {
        StateDicts.load(this, state, strict, "state dict");
    }

    // ------------------------------------------------------------------ modes

    public Module train() {
        return setTraining(true);
    }

    public Module eval() {
        return setTraining(false);
    }

    public Module setTraining(boolean on) {
        for (Module m : namedModules().values()) m.training = on;
        return this;
    }

    public boolean isTraining() {
        return training;
    }

    // ------------------------------------------------------------------ freezing

    /**
     * Stops gradients of the parameters whose full name matches the glob ({@code *} any run of characters, {@code ?}
     * one character), e.g. {@code "blocks.*"}. A frozen model still gives input gradients. Returns how many matched.
     */
    public int freeze(String glob) {
        return setRequiresGrad(glob, false);
    }

    public int unfreeze(String glob) {
        return setRequiresGrad(glob, true);
    }

    private int setRequiresGrad(String glob, boolean on) {
        Pattern p = globToRegex(glob);
        int n = 0;
        for (Map.Entry<String, Tensor> e : namedParameters().entrySet()) {
            if (p.matcher(e.getKey()).matches()) {
                e.getValue().requiresGrad(on);
                n++;
            }
        }
        if (n == 0) throw new IllegalArgumentException("no parameter matches '" + glob + "'");
        return n;
    }

    static Pattern globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(sb.toString());
    }

    // ------------------------------------------------------------------ hooks and gradients

    /** Whether a forward hook or pre-hook is attached (a container must then not fuse this module with its neighbours). */
    public final boolean hasForwardHooks() {
        return !forwardHooks.isEmpty() || !forwardPreHooks.isEmpty();
    }

    /** Adds a hook that sees (and may replace) this module's output; returns a handle that removes it. */
    public AutoCloseable addForwardHook(UnaryOperator<Tensor> hook) {
        forwardHooks.add(hook);
        return () -> forwardHooks.remove(hook);
    }

    /**
     * Adds a hook that sees (and may replace) this module's input before {@link #forward} runs (PyTorch's
     * register_forward_pre_hook), e.g. to read the features a linear layer reads; returns a handle that removes it.
     * Only single-input calls through {@link #call(Tensor)} run pre-hooks.
     */
    public AutoCloseable addForwardPreHook(UnaryOperator<Tensor> hook) {
        forwardPreHooks.add(hook);
        return () -> forwardPreHooks.remove(hook);
    }

    /** Clears every parameter's accumulated gradient. */
    public void zeroGrad() {
        for (Tensor p : parameters()) p.zeroGrad();
    }

    // ------------------------------------------------------------------ description

    public long parameterCount() {
        return namedParameters().values().stream().mapToLong(Tensor::numel).sum();
    }

    public long trainableParameterCount() {
        return trainableParameters().values().stream().mapToLong(Tensor::numel).sum();
    }

    /** A table of modules with their own parameter counts, and totals. */
    public String summary() {
        return ModuleSummary.render(this);
    }

    /** A one-line description of the module's configuration (like PyTorch's extra_repr). */
    protected String extraRepr() {
        return "";
    }

    public String describe() {
        String extra = extraRepr();
        return getClass().getSimpleName() + "(" + extra + ")";
    }

    Map<String, Tensor> ownParameters() {
        return parameters;
    }

    @Override
    public String toString() {
        return describe();
    }
}
