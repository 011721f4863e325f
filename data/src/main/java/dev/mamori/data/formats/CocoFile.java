package dev.mamori.data.formats;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.data.Box;
import dev.mamori.data.Category;
import dev.mamori.data.MalformedDataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A COCO detection annotation file (instances_*.json): images, annotations with bbox [x, y, w, h] in pixels,
 * category ids and iscrowd, and categories. Reading validates references and boxes: an annotation of an image or a
 * category the file does not list, a negative or non-finite box, or a box reaching outside its image by more than
 * {@link #OUTSIDE_TOLERANCE} pixel is an error naming the file and the annotation; image sizes must be positive and
 * file names relative paths inside the image directory. Other fields (info, licenses, segmentation) are ignored on
 * reading and written minimally, enough for pycocotools' bbox evaluation.
 */
public record CocoFile(List<CocoImage> images, List<CocoAnnotation> annotations, List<Category> categories) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * How far (pixels) a box may reach outside its image: COCO's own annotations overshoot by rounding in a few places,
     * which must not make its files unreadable; anything larger is a wrong box.
     */
    public static final double OUTSIDE_TOLERANCE = 1.0;
    /** The largest image side an annotation file may declare. */
    public static final int MAX_SIDE = 1 << 16;

    public CocoFile {
        images = List.copyOf(images);
        annotations = List.copyOf(annotations);
        categories = List.copyOf(categories);
    }

    public static CocoFile read(Path file) throws IOException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            long offset = loc == null ? -1 : loc.getByteOffset();
            throw new MalformedDataException(file, offset, "invalid JSON (" + e.getOriginalMessage() + ")"
                    + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedDataException(file, 0, "expected a JSON object with images, annotations and categories");
        }
        Reader r = new Reader(file);
        List<CocoImage> images = new ArrayList<>();
        Set<Long> imageIds = new HashSet<>();
        ArrayNode imageArray = r.array(root, "images");
        for (int i = 0; i < imageArray.size(); i++) {
            String where = "images[" + i + "]";
            JsonNode n = r.object(imageArray.get(i), where);
            CocoImage img = new CocoImage(r.integer(n, "id", where), r.fileName(n, "file_name", where),
                    r.side(n, "width", where), r.side(n, "height", where));
            if (!imageIds.add(img.id())) throw r.fail(where + ": duplicate image id " + img.id());
            if (img.width() < 1 || img.height() < 1) {
                throw r.fail(where + " (id " + img.id() + "): width and height must be positive, found " + img.width() + "x" + img.height());
            }
            if (!isPlainRelative(img.fileName())) {
                throw r.fail(where + " (id " + img.id() + "): file_name '" + img.fileName() + "' must be a relative path inside the image directory");
            }
            images.add(img);
        }
        List<Category> categories = new ArrayList<>();
        Set<Integer> categoryIds = new HashSet<>();
        ArrayNode categoryArray = r.array(root, "categories");
        for (int i = 0; i < categoryArray.size(); i++) {
            String where = "categories[" + i + "]";
            JsonNode n = r.object(categoryArray.get(i), where);
            Category c = new Category(r.intId(n, "id", where), r.text(n, "name", where),
                    n.path("supercategory").asText(""));
            if (!categoryIds.add(c.id())) throw r.fail(where + ": duplicate category id " + c.id());
            categories.add(c);
        }
        java.util.Map<Long, CocoImage> imageById = new java.util.HashMap<>();
        for (CocoImage img : images) imageById.put(img.id(), img);
        List<CocoAnnotation> annotations = new ArrayList<>();
        ArrayNode annotationArray = r.array(root, "annotations");
        for (int i = 0; i < annotationArray.size(); i++) {
            String where = "annotations[" + i + "]";
            JsonNode n = r.object(annotationArray.get(i), where);
            long id = r.integer(n, "id", where);
            long imageId = r.integer(n, "image_id", where);
            int categoryId = r.intId(n, "category_id", where);
            if (!imageIds.contains(imageId)) throw r.fail(where + " (id " + id + "): image_id " + imageId + " is not in images");
            if (!categoryIds.contains(categoryId)) {
                throw r.fail(where + " (id " + id + "): category_id " + categoryId + " is not in categories");
            }
            JsonNode bbox = n.get("bbox");
            if (bbox == null || !bbox.isArray() || bbox.size() != 4 || !allNumbers(bbox)) {
                throw r.fail(where + " (id " + id + "): bbox must be an array of 4 numbers [x, y, width, height], found " + bbox);
            }
            double x = bbox.get(0).asDouble(), y = bbox.get(1).asDouble(), w = bbox.get(2).asDouble(), h = bbox.get(3).asDouble();
            if (!(Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(w) && Double.isFinite(h))) {
                throw r.fail(where + " (id " + id + "): bbox has a value that is not finite " + bbox);
            }
            if (w < 0 || h < 0) throw r.fail(where + " (id " + id + "): bbox has negative width or height " + bbox);
            CocoImage img = imageById.get(imageId);
            if (x < -OUTSIDE_TOLERANCE || y < -OUTSIDE_TOLERANCE || x + w > img.width() + OUTSIDE_TOLERANCE
                    || y + h > img.height() + OUTSIDE_TOLERANCE) {
                throw r.fail(where + " (id " + id + "): bbox " + bbox + " [x, y, width, height] lies outside its image " + imageId
                        + " of " + img.width() + "x" + img.height() + " pixels");
            }
            Box box = new Box(x, y, w, h);
            JsonNode crowd = n.get("iscrowd");
            if (crowd != null && !(crowd.isInt() && (crowd.asInt() == 0 || crowd.asInt() == 1)) && !crowd.isBoolean()) {
                throw r.fail(where + " (id " + id + "): iscrowd must be 0 or 1, found " + crowd);
            }
            double area = n.has("area") ? n.get("area").asDouble() : box.area();
            boolean isCrowd = crowd != null && (crowd.isBoolean() ? crowd.asBoolean() : crowd.asInt() == 1);
            annotations.add(new CocoAnnotation(id, imageId, categoryId, box, area, isCrowd));
        }
        return new CocoFile(images, annotations, categories);
    }

    /** A relative path without "..", a root or a drive: it cannot name a file outside the image directory. */
    static boolean isPlainRelative(String fileName) {
        if (fileName.isEmpty() || fileName.indexOf('\0') >= 0) return false;
        Path p;
        try {
            p = Path.of(fileName);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
        if (p.isAbsolute() || p.getRoot() != null || fileName.startsWith("/") || fileName.startsWith("\\")) return false;
        for (Path part : p) if (part.toString().equals("..")) return false;
        return true;
    }

    private static boolean allNumbers(JsonNode array) {
        for (JsonNode v : array) if (!v.isNumber()) return false;
        return true;
    }

    /** Writes the file as COCO JSON (with empty info and licenses, and empty segmentations). */
    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("info").put("description", "written by Mamori");
        root.putArray("licenses");
        ArrayNode imgs = root.putArray("images");
        for (CocoImage img : images) {
            imgs.addObject().put("id", img.id()).put("file_name", img.fileName()).put("width", img.width())
                    .put("height", img.height());
        }
        ArrayNode anns = root.putArray("annotations");
        for (CocoAnnotation a : annotations) {
            ObjectNode n = anns.addObject().put("id", a.id()).put("image_id", a.imageId()).put("category_id", a.categoryId());
            ArrayNode bbox = n.putArray("bbox");
            for (double v : a.bbox().toXywh()) bbox.add(v);
            n.put("area", a.area()).put("iscrowd", a.crowd() ? 1 : 0).putArray("segmentation");
        }
        ArrayNode cats = root.putArray("categories");
        for (Category c : categories) {
            cats.addObject().put("id", c.id()).put("name", c.name()).put("supercategory", c.supercategory());
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (OutputStream out = Files.newOutputStream(file)) {
            JSON.writeValue(out, root);
        }
    }

    /** Field access that names the file and the JSON path on failure. */
    private record Reader(Path file) {
        MalformedDataException fail(String problem) {
            return new MalformedDataException(file, -1, problem);
        }

        ArrayNode array(JsonNode root, String field) throws MalformedDataException {
            JsonNode n = root.get(field);
            if (n == null || !n.isArray()) throw fail("top-level field '" + field + "' is missing or not an array");
            return (ArrayNode) n;
        }

        JsonNode object(JsonNode n, String where) throws MalformedDataException {
            if (n == null || !n.isObject()) throw fail(where + " is not a JSON object");
            return n;
        }

        long integer(JsonNode n, String field, String where) throws MalformedDataException {
            JsonNode v = n.get(field);
            if (v == null || !v.isIntegralNumber()) throw fail(where + ": field '" + field + "' is missing or not an integer");
            return v.asLong();
        }

        String text(JsonNode n, String field, String where) throws MalformedDataException {
            JsonNode v = n.get(field);
            if (v == null || !v.isTextual()) throw fail(where + ": field '" + field + "' is missing or not a string");
            return v.asText();
        }

        /** An integer id that fits an int. */
        int intId(JsonNode n, String field, String where) throws MalformedDataException {
            long v = integer(n, field, where);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw fail(where + ": field '" + field + "' is " + v + ", outside the int range");
            return (int) v;
        }

        /** An image side in pixels, 1 to MAX_SIDE. */
        int side(JsonNode n, String field, String where) throws MalformedDataException {
            JsonNode v = n.get(field);
            if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 1 || v.asLong() > MAX_SIDE) {
                throw fail(where + ": field '" + field + "' is " + v + "; expected an image side of 1 to " + MAX_SIDE + " pixels");
            }
            return v.asInt();
        }

        /** A file name that stays inside the image directory once resolved against it. */
        String fileName(JsonNode n, String field, String where) throws MalformedDataException {
            String name = text(n, field, where);
            boolean bad = name.isEmpty() || name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0 || name.startsWith("/");
            if (!bad) {
                try {
                    Path p = Path.of(name);
                    bad = p.isAbsolute() || p.getRoot() != null;
                    for (Path part : p) bad |= part.toString().equals("..");
                } catch (java.nio.file.InvalidPathException e) {
                    bad = true;
                }
            }
            if (bad) {
                throw fail(where + ": field '" + field + "' is '" + name + "': a file name must be a relative path inside the image directory"
                        + " (no absolute path, no '..', no backslash)");
            }
            return name;
        }
    }
}
