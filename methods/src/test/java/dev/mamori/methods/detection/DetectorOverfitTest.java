package dev.mamori.methods.detection;

import dev.mamori.data.DetectionDataset;
import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.eval.detection.CocoSummary;
import dev.mamori.models.detection.CenterNet;
import dev.mamori.methods.testing.RealDatasets;
import dev.mamori.models.detection.PeakDecoder;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.train.Trainer;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole detection path on real canvases (emoji-detection through the catalog and the COCO reader): a narrow
 * CenterNet trained on a handful of canvases through the generic trainer learns them to near-perfect AP, and the loss
 * falls. A detector that cannot overfit four images has a bug in its targets, losses, decoding or evaluation.
 */
class DetectorOverfitTest {

    @Test
    void overfitsAHandfulOfCanvases() throws IOException {
        DataCatalog catalog = RealDatasets.require("emoji-detection");
        DetectionDataset ds = (DetectionDataset) catalog.open("emoji-detection:train-count=4,test-count=4,objects=1-3", "train");
        DetectionData data = DetectionData.load(ds, 0, System.err);
        Init.seed(0);
        CenterNet model = new CenterNet(new CenterNet.Config(3, 4, new int[]{16, 32, 48, 64}, new int[]{32, 32}, 32, 64, -2.19));
        Trainer.Result r = new DetectorTraining(150, 4, 0.003, 8, 0).run(model, model::maps, data, false);
        double first = r.history().get(0).metrics().get("train_loss"), last = r.last().metrics().get("train_loss");
        assertThat(last).isLessThan(first / 5);
        CocoSummary s = DetectorEvaluation.run(model, model::maps, data, PeakDecoder.forModel(model.config, 100), 4).summary();
        assertThat(s.ap50()).as("AP50 on the training canvases").isGreaterThan(0.9);
        assertThat(s.ap()).as("AP@[.5:.95] on the training canvases").isGreaterThan(0.6);
    }
}
