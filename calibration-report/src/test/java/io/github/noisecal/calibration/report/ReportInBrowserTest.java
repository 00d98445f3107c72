package io.github.noisecal.calibration.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.noisecal.calibration.model.CalibrationModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real three-tier mock calibration, opened from disk in headless Chromium: every figure is laid out
 * with a real size at 1280 px, and a full-page screenshot (kept as target/report-screenshot.png) is not blank.
 */
class ReportInBrowserTest {
    private static final int WIDTH = 1280;
    private static final Path ARTIFACTS = Path.of("target");

    @TempDir
    Path dir;

    @Test
    void everyFigureHasARenderedSizeAndTheScreenshotIsNotBlank() throws Exception {
        Optional<HeadlessChromium> chromium = HeadlessChromium.find();
        assumeTrue(chromium.isPresent(), "headless Chromium is not installed (Debian: apt-get install chromium; "
                + ".ci/run installs it): the report cannot be checked in a browser here");

        Path raw = dir.resolve("raw.jsonl");
        CalibrationModel model = MockCalibrations.calibrate(2000, 4, 20, raw);
        Files.createDirectories(ARTIFACTS);
        Path report = ARTIFACTS.resolve("report.html");
        CalibrationReport.builder(model).title("mock calibration, 3 tiers x 2000").rawTelemetry(List.of(raw))
                .targetTimeoutRate(0.05).build().write(report, true);
        String html = Files.readString(report);
        int figures = count(html, "<figure ");
        // Two across tiers, three per tier (histogram, survival, budget curve), two for repeatability (flips and
        // how modules' runs ended).
        assertEquals(2 + 3 * 3 + 2, figures);

        List<int[]> boxes = new ArrayList<>();
        int[] page = layout(chromium.get(), html, boxes);
        assertEquals(figures, boxes.size(), "every figure measured");
        for (int i = 0; i < boxes.size(); i++) {
            int[] box = boxes.get(i);
            // Half of a 1280 px page at least, less margins and gutter: large enough to read the axis labels.
            assertTrue(box[0] >= 450 && box[1] >= 250, "figure " + (i + 1) + " is laid out at " + box[0] + " x "
                    + box[1] + " px");
        }
        assertEquals(WIDTH, page[2], "the page is laid out at the window's width");
        assertEquals(page[2], page[0], "nothing wider than the window: no horizontal scrolling at 1280 px");

        Path screenshot = ARTIFACTS.resolve("report-screenshot.png");
        chromium.get().screenshot(report, screenshot, WIDTH, page[1]);
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertEquals(WIDTH, image.getWidth());
        assertEquals(page[1], image.getHeight());
        double[] stats = luminance(image);
        assertTrue(stats[1] > 200, "luminance variance " + stats[1] + ": the screenshot looks blank");
        assertTrue(stats[2] > 0.05, "only " + stats[2] + " of the pixels are not white");
    }

    /** Loads a copy of the page whose inline script writes each figure's rendered box into the DOM. */
    private static int[] layout(HeadlessChromium chromium, String html, List<int[]> boxes) throws Exception {
        String probe = "<script>(function () {"
                + "var lines = [];"
                + "document.querySelectorAll('figure').forEach(function (f) {"
                + "  var g = f.querySelector('svg, img'); var r = g ? g.getBoundingClientRect() : {width: 0, height: 0};"
                + "  lines.push('figure ' + Math.round(r.width) + ' ' + Math.round(r.height)); });"
                + "var d = document.documentElement;"
                + "lines.push('page ' + d.scrollWidth + ' ' + d.scrollHeight + ' ' + d.clientWidth);"
                + "var pre = document.createElement('pre'); pre.id = 'layout-probe'; pre.textContent = lines.join('\\n');"
                + "document.body.appendChild(pre); })();</script></body>";
        Path probePage = ARTIFACTS.resolve("report-layout-probe.html");
        Files.writeString(probePage, html.replace("</body>", probe));
        String dom = chromium.dumpDom(probePage, WIDTH, 900);
        Matcher m = Pattern.compile("<pre id=\"layout-probe\">([^<]*)</pre>").matcher(dom);
        assertTrue(m.find(), "the layout probe did not run: " + dom.substring(0, Math.min(300, dom.length())));
        int[] page = null;
        for (String line : m.group(1).split("\n")) {
            String[] parts = line.trim().split(" ");
            int[] size = java.util.Arrays.stream(parts).skip(1).mapToInt(Integer::parseInt).toArray();
            if (parts[0].equals("figure")) {
                boxes.add(size);
            } else {
                page = size;
            }
        }
        return page;
    }

    /** {mean, variance, share of non-white pixels} of the luminance in [0, 255]. */
    private static double[] luminance(BufferedImage image) {
        double sum = 0;
        double squares = 0;
        long ink = 0;
        long n = (long) image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                double l = 0.2126 * ((rgb >> 16) & 0xFF) + 0.7152 * ((rgb >> 8) & 0xFF) + 0.0722 * (rgb & 0xFF);
                sum += l;
                squares += l * l;
                if (l < 245) {
                    ink++;
                }
            }
        }
        double mean = sum / n;
        return new double[] {mean, squares / n - mean * mean, ink / (double) n};
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
