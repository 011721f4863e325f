package dev.mamori.generative.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.generative.schedulers.BetaSchedule;
import dev.mamori.generative.schedulers.NoiseSchedule;
import dev.mamori.generative.schedulers.PredictionType;
import dev.mamori.models.diffusion.AutoencoderKL;
import dev.mamori.models.diffusion.SkipConnections;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import dev.mamori.models.text.ClipTextTransformer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The config.json files of a diffusers pipeline folder, to and from the models' config records: diffusers' keys for
 * the UNet, the VAE and the scheduler, transformers' CLIPTextConfig keys for the text encoder. Reading checks the
 * options this implementation supports and names the file and key of any other (a class-embedding UNet, a
 * scale-shift time embedding, per-level head counts, ...), so a real Stable Diffusion config either loads as that
 * architecture or fails clearly.
 */
public final class DiffusersConfigs {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String SKIPS_KEY = "mamori_skip_connections";

    private DiffusersConfigs() {}

    // ------------------------------------------------------------------ UNet

    public static ObjectNode unet(UNet2DConditionModel.Config c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("_class_name", "UNet2DConditionModel");
        o.put("in_channels", c.inChannels());
        o.put("out_channels", c.outChannels());
        o.put("sample_size", c.sampleSize());
        ints(o.putArray("block_out_channels"), c.blockOutChannels());
        ArrayNode down = o.putArray("down_block_types"), up = o.putArray("up_block_types");
        boolean[] attn = c.crossAttention();
        for (boolean a : attn) down.add(a ? "CrossAttnDownBlock2D" : "DownBlock2D");
        for (int i = attn.length - 1; i >= 0; i--) up.add(attn[i] ? "CrossAttnUpBlock2D" : "UpBlock2D");
        o.put("mid_block_type", "UNetMidBlock2DCrossAttn");
        o.put("layers_per_block", c.layersPerBlock());
        o.put("attention_head_dim", c.attentionHeads());
        o.put("cross_attention_dim", c.crossAttentionDim());
        o.put("transformer_layers_per_block", c.transformerLayersPerBlock());
        o.put("norm_num_groups", c.normNumGroups());
        o.put("norm_eps", c.normEps());
        o.put("use_linear_projection", c.useLinearProjection());
        o.put("flip_sin_to_cos", true);
        o.put("freq_shift", 0);
        o.put("act_fn", "silu");
        o.put("downsample_padding", 1);
        if (c.skipConnections() != SkipConnections.EVERY_LAYER) o.put(SKIPS_KEY, c.skipConnections().name().toLowerCase(Locale.ROOT));
        return o;
    }

    public static UNet2DConditionModel.Config unet(JsonNode o, Path file) {
        expect(o, file, "_class_name", "UNet2DConditionModel");
        expectIfPresent(o, file, "mid_block_type", "UNetMidBlock2DCrossAttn");
        expectIfPresent(o, file, "act_fn", "silu");
        expectIfPresent(o, file, "flip_sin_to_cos", "true");
        expectIfPresent(o, file, "freq_shift", "0");
        expectIfPresent(o, file, "downsample_padding", "1");
        expectIfPresent(o, file, "time_embedding_type", "positional");
        expectIfPresent(o, file, "resnet_time_scale_shift", "default");
        for (String k : new String[]{"class_embed_type", "addition_embed_type", "encoder_hid_dim", "num_class_embeds"}) {
            if (o.hasNonNull(k)) throw unsupported(file, k, o.get(k), "null");
        }
        if (o.path("only_cross_attention").asBoolean(false)) throw unsupported(file, "only_cross_attention", o.get("only_cross_attention"), "false");
        if (o.path("dual_cross_attention").asBoolean(false)) throw unsupported(file, "dual_cross_attention", o.get("dual_cross_attention"), "false");
        int[] channels = intArray(o, file, "block_out_channels");
        JsonNode down = array(o, file, "down_block_types"), up = array(o, file, "up_block_types");
        if (down.size() != channels.length || up.size() != channels.length) {
            throw new IllegalArgumentException(file + ": 'down_block_types' and 'up_block_types' need one entry per 'block_out_channels' (" + channels.length + ")");
        }
        boolean[] attn = new boolean[channels.length];
        for (int i = 0; i < channels.length; i++) {
            String d = down.get(i).asText(), u = up.get(channels.length - 1 - i).asText();
            attn[i] = switch (d) {
                case "CrossAttnDownBlock2D" -> true;
                case "DownBlock2D" -> false;
                default -> throw unsupported(file, "down_block_types[" + i + "]", down.get(i), "CrossAttnDownBlock2D or DownBlock2D");
            };
            String want = attn[i] ? "CrossAttnUpBlock2D" : "UpBlock2D";
            if (!u.equals(want)) throw unsupported(file, "up_block_types[" + (channels.length - 1 - i) + "]", up.get(channels.length - 1 - i), want + " (the mirror of down_block_types)");
        }
        int heads = uniformInt(o, file, o.hasNonNull("num_attention_heads") ? "num_attention_heads" : "attention_head_dim");
        int tlayers = o.has("transformer_layers_per_block") ? uniformInt(o, file, "transformer_layers_per_block") : 1;
        SkipConnections skips = o.has(SKIPS_KEY) ? SkipConnections.valueOf(o.get(SKIPS_KEY).asText().toUpperCase(Locale.ROOT)) : SkipConnections.EVERY_LAYER;
        try {
            return new UNet2DConditionModel.Config(integer(o, file, "in_channels"), integer(o, file, "out_channels"), integer(o, file, "sample_size"),
                    channels, attn, uniformInt(o, file, "layers_per_block"), heads, integer(o, file, "cross_attention_dim"), tlayers,
                    o.path("norm_num_groups").asInt(32), o.path("norm_eps").asDouble(1e-5), o.path("use_linear_projection").asBoolean(false), skips);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ VAE

    public static ObjectNode vae(AutoencoderKL.Config c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("_class_name", "AutoencoderKL");
        o.put("in_channels", c.inChannels());
        o.put("out_channels", c.outChannels());
        o.put("sample_size", c.sampleSize());
        ints(o.putArray("block_out_channels"), c.blockOutChannels());
        ArrayNode down = o.putArray("down_block_types"), up = o.putArray("up_block_types");
        for (int i = 0; i < c.blockOutChannels().length; i++) {
            down.add("DownEncoderBlock2D");
            up.add("UpDecoderBlock2D");
        }
        o.put("layers_per_block", c.layersPerBlock());
        o.put("latent_channels", c.latentChannels());
        o.put("norm_num_groups", c.normNumGroups());
        o.put("act_fn", "silu");
        o.put("mid_block_add_attention", c.midBlockAttention());
        o.put("use_quant_conv", true);
        o.put("use_post_quant_conv", true);
        o.put("scaling_factor", c.scalingFactor());
        return o;
    }

    public static AutoencoderKL.Config vae(JsonNode o, Path file) {
        expect(o, file, "_class_name", "AutoencoderKL");
        expectIfPresent(o, file, "act_fn", "silu");
        expectIfPresent(o, file, "use_quant_conv", "true");
        expectIfPresent(o, file, "use_post_quant_conv", "true");
        if (o.hasNonNull("shift_factor")) throw unsupported(file, "shift_factor", o.get("shift_factor"), "null");
        int[] channels = intArray(o, file, "block_out_channels");
        try {
            return new AutoencoderKL.Config(integer(o, file, "in_channels"), integer(o, file, "out_channels"), integer(o, file, "sample_size"), channels,
                    integer(o, file, "layers_per_block"), integer(o, file, "latent_channels"), o.path("norm_num_groups").asInt(32),
                    o.path("mid_block_add_attention").asBoolean(true), o.path("scaling_factor").asDouble(0.18215));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ text encoder

    public static ObjectNode textEncoder(ClipTextTransformer.Config c) {
        ObjectNode o = JSON.createObjectNode();
        o.putArray("architectures").add("CLIPTextModel");
        o.put("model_type", "clip_text_model");
        o.put("vocab_size", c.vocabSize());
        o.put("max_position_embeddings", c.contextLength());
        o.put("hidden_size", c.width());
        o.put("num_hidden_layers", c.layers());
        o.put("num_attention_heads", c.heads());
        o.put("intermediate_size", c.intermediate());
        o.put("hidden_act", c.hiddenAct());
        o.put("layer_norm_eps", c.layerNormEps());
        o.put("pad_token_id", 0);
        o.put("bos_token_id", 2);
        o.put("eos_token_id", 3);
        return o;
    }

    public static ClipTextTransformer.Config textEncoder(JsonNode o, Path file) {
        expectIfPresent(o, file, "model_type", "clip_text_model");
        try {
            return new ClipTextTransformer.Config(integer(o, file, "vocab_size"), integer(o, file, "max_position_embeddings"), integer(o, file, "hidden_size"),
                    integer(o, file, "num_hidden_layers"), integer(o, file, "num_attention_heads"), integer(o, file, "intermediate_size"),
                    o.path("hidden_act").asText("quick_gelu"), o.path("layer_norm_eps").asDouble(1e-5));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ scheduler

    public static ObjectNode scheduler(NoiseSchedule s, PredictionType prediction) {
        ObjectNode o = JSON.createObjectNode();
        o.put("_class_name", "DDIMScheduler");
        o.put("num_train_timesteps", s.numTrainTimesteps());
        o.put("beta_start", s.betaStart());
        o.put("beta_end", s.betaEnd());
        o.put("beta_schedule", s.betaSchedule().name().toLowerCase(Locale.ROOT));
        o.put("prediction_type", prediction == PredictionType.EPSILON ? "epsilon" : "v_prediction");
        o.put("timestep_spacing", "leading");
        o.put("steps_offset", 0);
        o.put("set_alpha_to_one", true);
        o.put("clip_sample", false);
        return o;
    }

    /** The forward process and prediction type of a scheduler_config.json (any of diffusers' DDPM/DDIM/PNDM configs). */
    public record SchedulerConfig(NoiseSchedule schedule, PredictionType prediction) {}

    public static SchedulerConfig scheduler(JsonNode o, Path file) {
        String beta = o.path("beta_schedule").asText("linear");
        BetaSchedule b = switch (beta) {
            case "linear" -> BetaSchedule.LINEAR;
            case "scaled_linear" -> BetaSchedule.SCALED_LINEAR;
            default -> throw unsupported(file, "beta_schedule", o.get("beta_schedule"), "linear or scaled_linear");
        };
        if (o.hasNonNull("trained_betas")) throw unsupported(file, "trained_betas", o.get("trained_betas"), "null");
        String p = o.path("prediction_type").asText("epsilon");
        PredictionType type = switch (p) {
            case "epsilon" -> PredictionType.EPSILON;
            case "v_prediction" -> PredictionType.V_PREDICTION;
            default -> throw unsupported(file, "prediction_type", o.get("prediction_type"), "epsilon or v_prediction");
        };
        try {
            return new SchedulerConfig(new NoiseSchedule(b, o.path("beta_start").asDouble(1e-4), o.path("beta_end").asDouble(0.02),
                    o.path("num_train_timesteps").asInt(1000)), type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ helpers

    static JsonNode read(Path file) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        if (java.nio.file.Files.size(file) > 16L * 1024 * 1024) throw new IOException(file + ": too large for a config file");
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n == null || !n.isObject()) throw new IOException(file + ": expected a JSON object");
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void ints(ArrayNode a, int[] v) {
        for (int x : v) a.add(x);
    }

    private static IllegalArgumentException unsupported(Path file, String key, JsonNode value, String supported) {
        return new IllegalArgumentException(file + ": '" + key + "' is " + value + "; Mamori supports " + supported);
    }

    private static void expect(JsonNode o, Path file, String key, String value) {
        if (!o.has(key)) throw new IllegalArgumentException(file + ": missing '" + key + "' (expected " + value + ")");
        expectIfPresent(o, file, key, value);
    }

    private static void expectIfPresent(JsonNode o, Path file, String key, String value) {
        if (o.hasNonNull(key) && !o.get(key).asText().equals(value)) throw unsupported(file, key, o.get(key), value);
    }

    private static int integer(JsonNode o, Path file, String key) {
        JsonNode v = o.get(key);
        if (v == null || !v.canConvertToInt()) throw new IllegalArgumentException(file + ": '" + key + "' must be an integer, got " + v);
        return v.asInt();
    }

    private static JsonNode array(JsonNode o, Path file, String key) {
        JsonNode v = o.get(key);
        if (v == null || !v.isArray() || v.isEmpty()) throw new IllegalArgumentException(file + ": '" + key + "' must be a non-empty list, got " + v);
        return v;
    }

    private static int[] intArray(JsonNode o, Path file, String key) {
        JsonNode a = array(o, file, key);
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).canConvertToInt() || a.get(i).asInt() < 1) throw new IllegalArgumentException(file + ": '" + key + "[" + i + "]' must be a positive integer, got " + a.get(i));
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    /** An integer, or a list of equal integers (diffusers allows one per level; Mamori uses one for all). */
    private static int uniformInt(JsonNode o, Path file, String key) {
        JsonNode v = o.get(key);
        if (v != null && v.isArray()) {
            int[] all = intArray(o, file, key);
            for (int x : all) if (x != all[0]) throw unsupported(file, key, v, "one value for every level");
            return all[0];
        }
        return integer(o, file, key);
    }
}
