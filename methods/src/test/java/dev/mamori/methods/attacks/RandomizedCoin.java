package dev.mamori.methods.attacks;

import dev.mamori.autograd.Tensor;
import dev.mamori.models.Classifier;

/** A {@link CoinFlipModel} that declares its members as its realizations ({@link RandomizedModel}). */
final class RandomizedCoin extends Classifier implements RandomizedModel {
    private final CoinFlipModel coin;

    RandomizedCoin(CoinFlipModel coin) {
        super(coin.numClasses(), coin.inChannels(), coin.imageSize());
        this.coin = coin;
    }

    @Override
    protected Tensor forward(Tensor images) {
        return coin.call(images);
    }

    @Override
    public boolean isRandomized() {
        return true;
    }

    @Override
    public int realizations() {
        return coin.size();
    }

    @Override
    public Tensor callRealization(int index, Tensor images) {
        return coin.member(index).call(images);
    }
}
