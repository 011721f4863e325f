package dev.mamori.data;

/**
 * An axis-aligned box in pixel coordinates, COCO convention: top-left corner (x, y), width and height; the box
 * covers [x, x + width) x [y, y + height).
 */
public record Box(double x, double y, double width, double height) {

    public Box {
        if (width < 0 || height < 0 || !Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("invalid box [x=" + x + ", y=" + y + ", w=" + width + ", h=" + height + "]");
        }
    }

    /** From corners (x1, y1) top-left and (x2, y2) bottom-right (the torchvision detection convention). */
    public static Box fromCorners(double x1, double y1, double x2, double y2) {
        return new Box(x1, y1, x2 - x1, y2 - y1);
    }

    public double x2() {
        return x + width;
    }

    public double y2() {
        return y + height;
    }

    public double area() {
        return width * height;
    }

    /** Intersection over union; 0 when either box is empty. */
    public double iou(Box other) {
        double iw = Math.min(x2(), other.x2()) - Math.max(x, other.x);
        double ih = Math.min(y2(), other.y2()) - Math.max(y, other.y);
        if (iw <= 0 || ih <= 0) return 0;
        double inter = iw * ih;
        return inter / (area() + other.area() - inter);
    }

    /** True when this box lies inside [0, width) x [0, height). */
    public boolean isInside(double imageWidth, double imageHeight) {
        return x >= 0 && y >= 0 && x2() <= imageWidth && y2() <= imageHeight;
    }

    /** [x, y, w, h], COCO's bbox array. */
    public double[] toXywh() {
        return new double[] {x, y, width, height};
    }
}
