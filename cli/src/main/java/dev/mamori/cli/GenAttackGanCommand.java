package dev.mamori.cli;

import dev.mamori.methods.genattack.experiment.GenAttackGanConfig;
import dev.mamori.methods.genattack.experiment.GenAttackGanExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Set;
import java.util.concurrent.Callable;

/** {@code mamori run genattack-gan}: the StyleGAN generative attack on learnable image encryption. */
@Command(name = "genattack-gan", mixinStandardHelpOptions = true,
        description = {"Generative attack with StyleGAN (METHODS.md item 7): train a StyleGAN2 on emoji-faces (or take one from 'mamori train gan'),"
                + " then for 3 attack seeds and LE, ELE, PE, EtC, grayscale EtC and block-wise shuffle train a pSp encoder on (encrypted, plain) pairs"
                + " with a fresh key per pair and the U-Net inverse-translation baseline, and judge both against the encrypted images on the same test"
                + " faces encrypted with unseen keys (PSNR, SSIM, our perceptual distance, judge class agreement); for EtC and grayscale EtC, the face"
                + " attributes a classifier trained on plain faces reads from the reconstructions, against chance, the encrypted faces and a classifier"
                + " trained on encrypted faces. One report with grids and the claims' verdicts.",
                "Default run: about 2.5 hours on 2 shared cores (the GAN about one of them; less with ganFile from 'mamori train gan'); --quick:"
                        + " about 20-30 minutes, a GAN that is not a usable generator and small attack budgets (its numbers are not evidence)."
                        + " A killed run continues with --resume RUN_DIR: the generator and judge are not trained again (an interrupted GAN continues from its checkpoint),"
                        + " finished (seed, scheme) stages are read back."})
final class GenAttackGanCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return options.execute("genattack-gan", GenAttackGanConfig::of, GenAttackGanConfig::validate, Set.of("checkpointEverySeconds"), GenAttackGanExperiment::run, spec.commandLine().getOut());
    }
}
