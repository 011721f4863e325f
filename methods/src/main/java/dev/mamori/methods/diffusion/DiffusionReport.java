package dev.mamori.methods.diffusion;

import dev.mamori.eval.metrics.Proportion;
import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.Figure;
import dev.mamori.eval.report.Table;
import dev.mamori.eval.report.WrittenReport;
import dev.mamori.methods.common.judge.IndependentClassifier;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The report of a latent diffusion run: what was trained, how long it took, and every measurement with its baselines. */
public final class DiffusionReport {
    private DiffusionReport() {}

    public static WrittenReport write(DiffusionConfig cfg, List<StageSummary> stages, DiffusionEvaluation.Result r, IndependentClassifier judge,
                                      Proportion judgeTestAccuracy, Path dir) throws IOException {
        ExperimentReport rep = ExperimentReport.named("latent diffusion on " + cfg.dataset).seed(cfg.seed).config("config", cfg);
        int classes = r.guided().get(0).perCategory().length;
        rep.section("What was trained");
        rep.paragraph("A latent diffusion model in diffusers' layout, trained here from nothing on the captioned " + cfg.dataset
                + " training images (texts \"" + cfg.captionTemplate + "\"): a CLIP-style text/image pair trained contrastively, a KL"
                + " autoencoder (L1 + perceptual distance in the CLIP image tower's features + KL), and a text-conditioned UNet on its"
                + " latents with condition dropout " + cfg.unet.conditionDropout + " and an EMA of its weights. The tokenizer is word-level,"
                + " fitted on the training texts. Seconds are wall time on a shared machine: noisy.");
        Table t = Table.of("Training stages", "stage", "model", "parameters", "epochs", "steps", "seconds", "seconds per step", "last train metrics");
        double total = 0;
        for (StageSummary s : stages) {
            total += s.seconds;
            t.row(s.stage, s.model, s.parameters, s.epochs, s.steps, round(s.seconds, 1), round(s.secondsPerStep(), 3), metrics(s));
        }
        rep.table(t);
        rep.timing("training (three stages)", Duration.ofMillis((long) (total * 1000)));
        stages.stream().filter(s -> s.facts.containsKey("scaling_factor")).findFirst()
                .ifPresent(s -> rep.metric("vae_scaling_factor", s.facts.get("scaling_factor")));

        rep.section("Autoencoder");
        rep.metric("vae_psnr_db", r.psnr());
        rep.metric("vae_ssim", r.ssim());
        rep.table(Table.of("VAE reconstructions of held-out images", "measure", "value")
                .row("PSNR (dB), mean over images", r.psnr())
                .row("SSIM, mean over images", r.ssim())
                .row("judge accuracy on the originals", r.judgeOnReal())
                .row("judge accuracy on the reconstructions", r.judgeOnRecon()));

        rep.section("Prompt faithfulness");
        rep.paragraph("Prompts are held-out texts (emoji of the test split, never trained on), up to " + cfg.evaluation.promptsPerCategory
                + " per category; each generates one image per guidance scale from the same seed (" + cfg.sampling.sampler + ", "
                + cfg.sampling.steps + " steps, eta " + cfg.sampling.eta + "). The judge is an independent classifier ("
                + judge.info().architecture() + ", trained on the real training images only; held-out accuracy " + pct(judgeTestAccuracy)
                + "), never the CLIP pair. Chance is 1/" + classes + " = " + String.format(Locale.ROOT, "%.1f%%", 100.0 / classes)
                + "; the judge's accuracy on the prompts' real images is the ceiling.");
        Table f = Table.of("Judge agrees with the prompt's category", "images", "agreement", "prompts");
        f.row("real held-out images of the prompts (ceiling)", r.judgeOnPromptReal(), r.prompts().size());
        for (DiffusionEvaluation.AtGuidance g : r.guided()) f.row("generated, guidance " + g.guidance(), g.agreement(), r.prompts().size());
        rep.table(f);
        rep.metric("faithfulness_gain_last_minus_first_guidance", r.guidanceGain());
        for (DiffusionEvaluation.AtGuidance g : r.guided()) rep.metric("faithfulness_guidance_" + g.guidance(), g.agreement());
        String[] cols = new String[2 + r.guided().size()];
        cols[0] = "category";
        cols[1] = "prompts";
        for (int i = 0; i < r.guided().size(); i++) cols[2 + i] = "guidance " + r.guided().get(i).guidance();
        Table per = Table.of("Agreement per category", cols).showIntervals(false);
        int[] counts = r.prompts().perCategory(classes);
        List<String> names = judge.info().classes();
        for (int c = 0; c < classes; c++) {
            Object[] row = new Object[cols.length];
            row[0] = c < names.size() ? names.get(c) : String.valueOf(c);
            row[1] = counts[c];
            for (int i = 0; i < r.guided().size(); i++) row[2 + i] = r.guided().get(i).perCategory()[c];
            per.row(row);
        }
        rep.table(per);
        rep.paragraph(String.format(Locale.ROOT, "Agreement at guidance %s minus at %s, paired over the same prompts and seeds: %+.1f points (95%% bootstrap interval %+.1f to %+.1f).",
                r.guided().get(r.guided().size() - 1).guidance(), r.guided().get(0).guidance(), 100 * r.guidanceGain().value(),
                100 * r.guidanceGain().interval().lower(), 100 * r.guidanceGain().interval().upper()));

        rep.section("Sample quality");
        rep.paragraph("FID-style distance: the Fréchet distance of Gaussians fitted to the judge's pooled features (ours, not Inception:"
                + " comparable only within this table; small samples bias it upwards, hence the reference of as many real training images)."
                + " CLIP-style score: 100 x the cosine of our CLIP pair's image and text embeddings (ours, not OpenAI CLIP's).");
        Table q = Table.of("Against " + "the held-out images", "images", "Fréchet distance (judge features)", "CLIP-style score with the prompt");
        q.row(r.prompts().size() + " real training images (floor at this sample size)", round(r.frechetTrain(), 2), null);
        q.row("VAE reconstructions of held-out images", round(r.frechetRecon(), 2), r.clipReal());
        q.row("real held-out images, shuffled captions (unrelated pairs)", null, r.clipShuffled());
        for (DiffusionEvaluation.AtGuidance g : r.guided()) q.row("generated, guidance " + g.guidance(), round(g.frechet(), 2), g.clipScore());
        rep.table(q);
        for (DiffusionEvaluation.AtGuidance g : r.guided()) {
            rep.metric("seconds_per_image_guidance_" + g.guidance(), g.secondsPerImage());
            rep.metric("frechet_guidance_" + g.guidance(), g.frechet());
        }
        if (!Double.isNaN(r.inversionLatentRmse())) {
            rep.paragraph(String.format(Locale.ROOT, "DDIM inversion round trip (%d steps, guidance 1, %d held-out images): relative RMS latent error %.4f,"
                    + " PSNR %.2f dB between the decoded original latents and the decoded round trip.", cfg.sampling.steps,
                    cfg.evaluation.inversionImages, r.inversionLatentRmse(), r.inversionPsnr()));
        }
        rep.section("Samples");
        for (Figure fig : r.figures()) rep.figure(fig);
        return rep.writeTo(dir);
    }

    private static String metrics(StageSummary s) {
        StringBuilder b = new StringBuilder();
        s.lastMetrics.forEach((k, v) -> {
            if (k.startsWith("train_")) b.append(b.length() == 0 ? "" : ", ").append(k.substring(6)).append(' ').append(String.format(Locale.ROOT, "%.4g", v));
        });
        return b.toString();
    }

    private static String pct(Proportion p) {
        return p == null ? "not measured" : String.format(Locale.ROOT, "%.1f%% (%d/%d)", 100 * p.value(), p.successes(), p.trials());
    }

    private static double round(double v, int digits) {
        double m = Math.pow(10, digits);
        return Math.round(v * m) / m;
    }
}
