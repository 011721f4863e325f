package dev.mamori.autograd;

/** A recorded operation on the tape: which op made a tensor, from which inputs, and how to send gradients back. */
final class GradFn {
    final String op;
    Tensor[] inputs;
    Backward backward;

    GradFn(String op, Tensor[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }

    /** Drops the recorded inputs and closure (they hold activations) once a backward pass has used them. */
    void release() {
        inputs = null;
        backward = null;
    }

    boolean isReleased() {
        return inputs == null;
    }
}
