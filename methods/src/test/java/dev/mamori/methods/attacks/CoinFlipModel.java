package dev.mamori.methods.attacks;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Indexing;
import dev.mamori.models.Classifier;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A randomized defense for the tests: every image is answered by one of several trained models, drawn at random per
 * image and per call (like a multi-key model drawing a key per query). It does not declare its realizations, so attacks
 * must notice its randomness themselves.
 */
class CoinFlipModel extends Classifier {
    private final List<Classifier> members;
    private final SplittableRandom rng;

    CoinFlipModel(List<Classifier> members, long seed) {
        super(members.get(0).numClasses(), members.get(0).inChannels(), members.get(0).imageSize());
        this.members = List.copyOf(members);
        this.rng = new SplittableRandom(seed);
    }

    Classifier member(int i) {
        return members.get(i);
    }

    int size() {
        return members.size();
    }

    @Override
    protected Tensor forward(Tensor images) {
        int n = Math.toIntExact(images.size(0));
        int[] pick = new int[n];
        synchronized (rng) {
            for (int i = 0; i < n; i++) pick[i] = rng.nextInt(members.size());
        }
        long[] shape = images.shape();
        Tensor flat = images.reshape(n, images.numel() / n);
        List<Tensor> outputs = new ArrayList<>();
        int[] position = new int[n];
        int row = 0;
        for (int m = 0; m < members.size(); m++) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < n; i++) if (pick[i] == m) idx.add(i);
            if (idx.isEmpty()) continue;
            int[] rows = idx.stream().mapToInt(Integer::intValue).toArray();
            for (int i : rows) position[i] = row++;
            Tensor group = Indexing.indexSelectRows(flat, Nd4j.createFromArray(rows)).reshape(rows.length, shape[1], shape[2], shape[3]);
            outputs.add(members.get(m).call(group));
        }
        return Indexing.indexSelectRows(Tensor.cat(outputs, 0), Nd4j.createFromArray(position));
    }
}
