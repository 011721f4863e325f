package dev.mamori.methods.backdoor.experiment;

import dev.mamori.methods.common.run.RunDirectory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One finished unit of the grid (a dataset, model, attack and seed) as the run's journal records it, in full: the
 * backdoored model's run (its scores, its clean-model floor's scores), every defense cell, the defense runs that
 * diverged and the seconds each phase took. A resumed run reads a finished unit back from this record alone, so a run
 * directory carried to another machine as its config.json and journal.jsonl continues without any model file or
 * checkpoint of its finished units, and its report equals an uninterrupted run's. No weights and no images are recorded:
 * only scores (success counts), the defenses' details and seconds (a unit is a few kilobytes).
 *
 * @param model    the backdoored model's run
 * @param cells    its defense cells, without what the unit already holds (dataset, model, attack, seed, the scores before)
 * @param diverged the notes of its defense runs whose training diverged
 * @param seconds  the seconds of each of the run's timing phases this unit took ("backdoor training", "clean-model
 *                 floor", "defenses")
 */
record JournaledUnit(ModelRun model, List<Cell> cells, List<String> diverged, Map<String, Double> seconds) {
    /** The journal stage of unit {@code id}; named apart from the model-only records of earlier versions, which are redone. */
    static String stage(String id) {
        return "unit/" + id;
    }

    /** A defense cell less what its unit holds. */
    record Cell(String defense, int samples, String stage, Scores after, double seconds, Map<String, Object> details) {}

    /** The record of a unit that has just finished. */
    static JournaledUnit of(ModelRun model, List<DefenseCell> cells, List<String> diverged, Map<String, Double> seconds) {
        List<Cell> c = new ArrayList<>();
        for (DefenseCell d : cells) c.add(new Cell(d.defense(), d.samples(), d.stage(), d.after(), d.seconds(), d.details()));
        return new JournaledUnit(model, c, List.copyOf(diverged), new LinkedHashMap<>(seconds));
    }

    /** Records the finished unit {@code id} in the run's journal. */
    void record(RunDirectory run, String id) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", model);
        fields.put("cells", cells);
        fields.put("diverged", diverged);
        fields.put("seconds", seconds);
        run.markDone(stage(id), fields);
    }

    /** The unit {@code id} as the run's journal records it (the unit must be done). */
    static JournaledUnit read(RunDirectory run, String id) {
        String stage = stage(id);
        ModelRun model = run.result(stage, "model", ModelRun.class);
        List<Cell> cells = new ArrayList<>();
        for (Cell c : run.result(stage, "cells", Cell[].class)) {
            cells.add(new Cell(c.defense(), c.samples(), c.stage(), c.after(), c.seconds(), JournaledDetails.restore(c.details())));
        }
        List<String> diverged = List.of(run.result(stage, "diverged", String[].class));
        Map<String, Double> seconds = new LinkedHashMap<>();
        run.result(stage, "seconds", Map.class).forEach((k, v) -> seconds.put((String) k, JournaledDetails.number(v)));
        return new JournaledUnit(model, cells, diverged, seconds);
    }

    /** The unit's defense cells, whole again. */
    List<DefenseCell> defenseCells() {
        List<DefenseCell> out = new ArrayList<>();
        for (Cell c : cells) {
            out.add(new DefenseCell(model.dataset(), model.model(), model.attack(), model.seed(), c.defense(), c.samples(), c.stage(), model.scores(),
                    c.after(), c.seconds(), c.details()));
        }
        return out;
    }
}
