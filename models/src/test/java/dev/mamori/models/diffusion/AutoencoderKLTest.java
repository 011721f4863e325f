package dev.mamori.models.diffusion;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.models.ModelRegistry;
import dev.mamori.nn.distributions.DiagonalGaussianDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;


import static org.assertj.core.api.Assertions.assertThat;

class AutoencoderKLTest {

    @Test
    void mapsImagesToAGaussianLatentAndBack() {
        AutoencoderKL vae = ModelRegistry.create("vae_kl_emoji_32", AutoencoderKL.class);
        vae.eval();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32).muli(2).subi(1);
        try (GradMode.Scope off = GradMode.noGrad()) {
            DiagonalGaussianDistribution q = vae.encode(Tensor.of(x));
            assertThat(q.mean().shape()).containsExactly(2, 4, 8, 8);
            assertThat(vae.decode(q.mode()).shape()).containsExactly(2, 3, 32, 32);
        }
        assertThat(vae.config().downsampling()).isEqualTo(4);
        assertThat(vae.scalingFactor()).isEqualTo(1.0);
        vae.setScalingFactor(0.5);
        assertThat(ModelRegistry.describe(vae).orElseThrow().config()).containsEntry("scalingFactor", 0.5);
    }

    @Test
    void hasDiffusersNames() {
        AutoencoderKL vae = new AutoencoderKL(new AutoencoderKL.Config(3, 3, 16, new int[]{8, 16}, 1, 4, 4, true, 1));
        assertThat(vae.namedParameters()).containsKeys("encoder.conv_in.weight", "encoder.down_blocks.0.resnets.0.norm1.weight",
                "encoder.down_blocks.0.downsamplers.0.conv.weight", "encoder.mid_block.attentions.0.group_norm.weight",
                "encoder.mid_block.attentions.0.to_q.bias", "encoder.mid_block.attentions.0.to_out.0.weight", "encoder.mid_block.resnets.1.conv2.weight",
                "encoder.conv_norm_out.bias", "encoder.conv_out.weight", "quant_conv.weight", "post_quant_conv.weight", "decoder.conv_in.weight",
                "decoder.up_blocks.0.resnets.1.conv1.weight", "decoder.up_blocks.0.upsamplers.0.conv.weight",
                "decoder.up_blocks.1.resnets.0.conv_shortcut.weight", "decoder.conv_out.bias");
        assertThat(vae.namedParameters().keySet()).noneMatch(k -> k.contains("time_emb_proj"));
        AutoencoderKL plain = new AutoencoderKL(new AutoencoderKL.Config(3, 3, 16, new int[]{8, 16}, 1, 4, 4, false, 1));
        assertThat(plain.namedParameters().keySet()).noneMatch(k -> k.contains("attentions"));
    }

    /** latent diffusion's encoder pads one zero row and column at the bottom right, then convolves with stride 2. */
    @Test
    void theEncodersDownsamplerPadsAsymmetrically() {
        Downsample2D d = new Downsample2D(1, 1, 0);
        d.conv.weight.value().assign(0);
        d.conv.weight.value().putScalar(new long[]{0, 0, 2, 2}, 1);   // picks the bottom-right tap of each 3x3 window
        d.conv.bias.value().assign(0);
        INDArray x = Nd4j.arange(16).castTo(DataType.FLOAT).reshape(1, 1, 4, 4).addi(1);
        INDArray y = d.call(Tensor.of(x)).value();
        assertThat(y.shape()).containsExactly(1, 1, 2, 2);
        // windows start at rows/cols 0 and 2; the bottom-right tap of the second row/col is the zero padding
        assertThat(y.data().asFloat()).containsExactly(11, 0, 0, 0);
    }

    @Test
    void theConfigValidates() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AutoencoderKL.Config(3, 3, 30, new int[]{8, 16, 16}, 1, 4, 4, true, 1))
                .hasMessageContaining("not divisible");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AutoencoderKL.Config(3, 3, 32, new int[]{8, 16}, 1, 4, 4, true, 0))
                .hasMessageContaining("scaling factor");
    }
}
