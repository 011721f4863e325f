package dev.mamori.cli;

import dev.mamori.methods.genattack.ldm.experiment.GenAttackLdmConfig;
import dev.mamori.methods.genattack.ldm.experiment.GenAttackLdmExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Set;
import java.util.concurrent.Callable;

/** {@code mamori run genattack-ldm}: the latent-diffusion attack on learnable image encryption (METHODS.md item 7 (b)). */
@Command(name = "genattack-ldm", mixinStandardHelpOptions = true,
        description = {"The latent-diffusion attack on learnable image encryption (METHODS.md item 7 (b)): a latent diffusion UNet conditioned on"
                + " per-block tokens of the encrypted image, trained with a fresh key per example, against LE, ELE, PE, EtC, grayscale EtC and the"
                + " block-wise shuffle; compared on the same test images and keys with the encrypted image, the inverse-translation U-Net and (with"
                + " ganModel: a `mamori train gan` generator) the StyleGAN encoder attack: PSNR, SSIM, perceptual distance, judge agreement with"
                + " intervals, grids, claims with verdicts; 3 seeds.",
                "Default (emoji-faces 32x32): 18 latent diffusion trainings (6 schemes x 3 seeds) of 20 epochs, about 20 minutes each"
                        + " on a busy 2-core machine (measured): several hours; run it with --out and resume it. --quick: roughly 15-20 minutes (subsets, tiny budgets; its report"
                        + " says the numbers are not evidence)."
                        + " A killed run continues with --resume RUN_DIR: the VAE, the judge and every finished attack are loaded, an interrupted training continues from its checkpoint;"
                        + " scoring and the report are redone."})
final class GenAttackLdmCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return options.execute("genattack-ldm", GenAttackLdmConfig::of, GenAttackLdmConfig::validate, Set.of(), GenAttackLdmExperiment::run, spec.commandLine().getOut());
    }
}
