package dev.mamori.generative.schedulers;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.io.OracleFixture;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wave-2 fixture {@code ddpm_scheduler} (diffusers' DDPMScheduler and DDIMScheduler, PyTorch 1.13): for both beta
 * schedules it names, the betas, alphas_cumprod, add_noise, a DDPM step and DDIM steps with eta 0 and 1 at per-row
 * timesteps, and DDIM's timestep schedule; classifier-free guidance and the v-prediction conversions. Every tensor of
 * the fixture is either an input or compared, within the fixture's tolerance (timesteps exactly).
 */
class SchedulerParityTest {
    private static final String FIXTURE = "wave2/ddpm_scheduler";

    @Test
    void matchesDiffusers() {
        OracleFixture f = OracleFixture.load(FIXTURE);
        Checks c = new Checks(f);
        int trainSteps = f.config().get("num_train_timesteps").asInt();
        Tensor x0 = c.input("x0"), noise = c.input("noise"), sample = c.input("sample"), modelOutput = c.input("model_output");
        Tensor stepNoise = c.input("step_noise");
        long[] addNoiseT = c.timesteps("add_noise.timesteps"), ddpmT = c.timesteps("ddpm.timesteps"), ddimT = c.timesteps("ddim.timesteps");
        long[] ddimSchedule = c.timesteps("ddim.schedule");

        List<String> schedules = new ArrayList<>();
        for (Iterator<String> it = f.config().get("schedules").fieldNames(); it.hasNext(); ) schedules.add(it.next());
        assertThat(schedules).containsExactlyInAnyOrder("linear", "scaled_linear");
        for (String s : schedules) {
            NoiseSchedule base = s.equals("linear") ? NoiseSchedule.ddpm() : NoiseSchedule.stableDiffusion();
            NoiseSchedule schedule = new NoiseSchedule(base.betaSchedule(), base.betaStart(), base.betaEnd(), trainSteps);
            c.compare(s + ".betas", Nd4j.createFromArray(schedule.betas()));
            c.compare(s + ".alphas_cumprod", Nd4j.createFromArray(schedule.alphasCumprod()));
            c.compare(s + ".add_noise", schedule.addNoise(x0, noise, addNoiseT).value());

            DdpmStep ddpm = DdpmScheduler.of(schedule).step(modelOutput, ddpmT, sample, stepNoise);
            c.compare(s + ".ddpm.pred_original_sample", ddpm.predOriginalSample().value());
            c.compare(s + ".ddpm.mean", ddpm.mean().value());
            c.compare(s + ".ddpm.variance", ddpm.variance().value());
            c.compare(s + ".ddpm.prev_sample", ddpm.prevSample().value());

            DdimScheduler ddim = DdimScheduler.builder(schedule).steps(ddimSchedule.length).spacing(TimestepSpacing.LEADING)
                    .stepsOffset(1).setAlphaToOne(false).build();
            assertThat(ddim.timesteps()).as("ddim.schedule").containsExactly(ddimSchedule);
            for (int eta = 0; eta <= 1; eta++) {
                DdimStep step = ddim.step(modelOutput, ddimT, sample, eta, stepNoise);
                c.compare(s + ".ddim.pred_original_sample", step.predOriginalSample().value());
                c.compare(s + ".ddim.variance", step.variance().value());
                c.compare(s + ".ddim_eta" + eta + ".prev_sample", step.prevSample().value());
                c.compare(s + ".ddim_eta" + eta + ".std_dev", step.stdDev().value());
            }
        }

        double scale = c.input("cfg.guidance_scale").value().getDouble(0);
        c.compare("cfg.output", ClassifierFreeGuidance.combine(c.input("cfg.eps_uncond"), c.input("cfg.eps_cond"), scale).value());

        NoiseSchedule sd = new NoiseSchedule(BetaSchedule.SCALED_LINEAR, 0.00085, 0.012, trainSteps);
        Tensor xt = Tensor.of(f.tensor("scaled_linear.add_noise"));
        Tensor v = c.input("v.model_output");
        c.compare("v.velocity", sd.velocity(x0, noise, addNoiseT).value());
        c.compare("v.eps_from_v", sd.epsilon(PredictionType.V_PREDICTION, v, xt, addNoiseT).value());
        c.compare("v.x0_from_v", sd.originalSample(PredictionType.V_PREDICTION, v, xt, addNoiseT).value());
        c.compare("v.v_from_eps", sd.velocityFromEpsilon(modelOutput, xt, addNoiseT).value());

        assertThat(c.failures).isEmpty();
        assertThat(c.unused()).as("fixture tensors neither used nor compared").isEmpty();
    }

    /** Comparisons against one fixture, remembering which of its tensors were read. */
    private static final class Checks {
        final OracleFixture f;
        final List<String> failures = new ArrayList<>();
        final Set<String> seen = new TreeSet<>();

        Checks(OracleFixture f) {
            this.f = f;
        }

        Tensor input(String name) {
            seen.add(name);
            return Tensor.of(f.tensor(name));
        }

        long[] timesteps(String name) {
            seen.add(name);
            return f.tensor(name).toLongVector();
        }

        void compare(String name, INDArray got) {
            seen.add(name);
            String r = OracleFixture.compare(name, got, f.tensor(name), f.atol(), f.rtol());
            if (!r.isEmpty()) failures.add(r);
        }

        Set<String> unused() {
            Set<String> all = new TreeSet<>(f.tensors().keySet());
            all.removeAll(seen);
            return all;
        }
    }
}
