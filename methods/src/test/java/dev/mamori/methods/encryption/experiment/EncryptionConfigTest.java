package dev.mamori.methods.encryption.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncryptionConfigTest {

    @Test
    void presetsAreValidAndDiffer() {
        EncryptionConfig d = new EncryptionConfig().validate(), q = EncryptionConfig.quick().validate();
        assertThat(d.trainingSeeds).containsExactly(0L, 1L, 2L);
        assertThat(d.breakTargets).isEqualTo(1000);
        assertThat(d.schemes).containsExactlyElementsOf(EncryptionConfig.ALL_SCHEMES);
        assertThat(q.trainingSeeds).hasSize(1);
        assertThat(q.settings("emoji-category").trainSubset).isPositive();
    }

    @Test
    void badFieldsAreNamed() {
        EncryptionConfig c = new EncryptionConfig();
        c.schemes = List.of("etc", "rot13");
        assertThatThrownBy(c::validate).hasMessageContaining("'schemes'").hasMessageContaining("rot13");
        EncryptionConfig u = new EncryptionConfig();
        u.unetSchemes = List.of("neuracrypt");
        assertThatThrownBy(u::validate).hasMessageContaining("'unetSchemes'");
        EncryptionConfig m = new EncryptionConfig();
        m.convMixerSchemes = List.of("le");
        assertThatThrownBy(m::validate).hasMessageContaining("'convMixerSchemes'");
        EncryptionConfig b = new EncryptionConfig();
        b.encodeBatchSize = 1;
        assertThatThrownBy(b::validate).hasMessageContaining("'encodeBatchSize'");
        EncryptionConfig n = new EncryptionConfig();
        n.colorNeuraCryptCombine = "product";
        assertThatThrownBy(n::validate).hasMessageContaining("product");
        EncryptionConfig e = new EncryptionConfig();
        e.datasetSettings.get("fashion-mnist").epochs = 0;
        assertThatThrownBy(e::validate).hasMessageContaining("'datasetSettings.fashion-mnist.epochs'");
    }
}
