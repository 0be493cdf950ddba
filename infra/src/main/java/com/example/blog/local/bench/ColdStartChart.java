package com.example.blog.local.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** An SVG stacked bar chart of the cold-start split per variant: JVM and runtime start, init, first invoke. */
final class ColdStartChart {

    private static final String[] COLORS = {"#9e9e9e", "#4e79a7", "#f28e2b"};
    private static final String[] PARTS = {"JVM + runtime start", "init", "first invoke"};
    private static final int LABEL_WIDTH = 130;
    private static final int BAR_WIDTH = 560;
    private static final int ROW = 34;

    private ColdStartChart() {
    }

    static void write(BenchResults results, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, svg(results), StandardCharsets.UTF_8);
    }

    static String svg(BenchResults results) {
        double max = results.variants().values().stream()
                .mapToDouble(v -> v.jvmStartPart() + v.handlerInitPart() + v.firstInvokeMillis())
                .filter(value -> !Double.isNaN(value)).max().orElse(1);
        double scale = BAR_WIDTH / Math.max(max, 1);
        int rows = results.variants().size();
        int height = 60 + rows * ROW + 40;
        int width = LABEL_WIDTH + BAR_WIDTH + 90;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append("<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">Cold start to first response "
                + "(median ms)</text>\n");
        int y = 40;
        for (BenchResults.VariantSummary variant : results.variants().values()) {
            double[] parts = {variant.jvmStartPart(), variant.handlerInitPart(), variant.firstInvokeMillis()};
            svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>%n", y + 17,
                    escape(variant.name())));
            double x = LABEL_WIDTH;
            for (int i = 0; i < parts.length; i++) {
                double w = Double.isNaN(parts[i]) ? 0 : Math.max(0, parts[i]) * scale;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"24\" "
                        + "fill=\"%s\"><title>%s %.0f ms</title></rect>%n", x, y, w, COLORS[i], PARTS[i], parts[i]));
                x += w;
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.0f ms</text>%n", x + 6, y + 17,
                    variant.coldMillis()));
            y += ROW;
        }
        int legendX = LABEL_WIDTH;
        for (int i = 0; i < PARTS.length; i++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", legendX, y + 8, COLORS[i], legendX + 16, y + 19,
                    PARTS[i]));
            legendX += 170;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
