package dev.mamori.data.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetRequestTest {
    @Test
    void namesWithAndWithoutOptions() {
        assertThat(DatasetRequest.parse("fashion-mnist")).isEqualTo(new DatasetRequest("fashion-mnist", Map.of()));
        DatasetRequest r = DatasetRequest.parse("emoji-category:size=64, Split=vendor,vendors=google+apple");
        assertThat(r.name()).isEqualTo("emoji-category");
        assertThat(r.options()).containsExactly(Map.entry("size", "64"), Map.entry("split", "vendor"), Map.entry("vendors", "google+apple"));
        assertThatThrownBy(() -> DatasetRequest.parse("emoji-category:size")).hasMessageContaining("key=value");
        assertThatThrownBy(() -> DatasetRequest.parse("emoji-category:size=32,size=64")).hasMessageContaining("twice");
    }

    @Test
    void datasetsWithoutOptionsRefuseThemAndTheCatalogStripsThem() {
        DataCatalog catalog = new DataCatalog(List.of(java.nio.file.Path.of("/nonexistent")), java.nio.file.Path.of("/nonexistent"));
        assertThat(catalog.dataset("emoji-category:size=64").name()).isEqualTo("emoji-category");
        KnownDataset mnist = catalog.dataset("mnist");
        assertThatThrownBy(() -> mnist.open(new DatasetLocation(java.nio.file.Path.of("/x"), "IDX files"), "train", Map.of("size", "64")))
                .hasMessageContaining("takes no options");
    }
}
