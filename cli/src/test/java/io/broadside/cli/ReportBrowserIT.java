package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The reports drawn by a real browser: Debian's headless Chromium, driven through its chromedriver
 * (never one Selenium would download), opens each report from a file with no network, runs its
 * scripts without an error, and draws every chart it lists; the screenshot is kept in {@code
 * target/report-screenshot.png}. Skipped where Chromium is not installed ({@code .ci/tools.sh}).
 */
class ReportBrowserIT {
  /** Per canvas: its size and how many of its pixels are painted. */
  private static final String CANVASES =
      """
      return Array.from(document.querySelectorAll('canvas')).map(function (c) {
        var data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, painted = 0;
        for (var i = 3; i < data.length; i += 4) { if (data[i] !== 0) { painted++; } }
        return {id: c.id, width: c.width, height: c.height, painted: painted};
      });
      """;

  static ChromeDriver browser;

  @BeforeAll
  static void startBrowser() {
    browser = Browsers.headlessChromium();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void theDemoLikeRunsReportDrawsEveryChartWithoutAScriptError() throws Exception {
    Path report = ReportRuns.stages().runDir().resolve("report.html");
    Map<String, Object> page = open(report);
    assertThat(page.get("injected")).as("the plan's <script> ran").isEqualTo(false);
    Path shot = Path.of("target", "report-screenshot.png");
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        shot,
        StandardCopyOption.REPLACE_EXISTING);
    assertThat(shot).isNotEmptyFile();
  }

  @Test
  void theSweepsReportDrawsTheKneeChart() throws Exception {
    Map<String, Object> page = open(ReportRuns.sweep().runDir().resolve("report.html"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> canvases = (List<Map<String, Object>>) page.get("canvases");
    assertThat(canvases).extracting(c -> c.get("id")).contains("sweep-throughput", "sweep-latency");
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        Path.of("target", "report-sweep-screenshot.png"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void theSearchAndReadinessChartsDraw() throws Exception {
    Path dir = ReportRuns.adaptive();
    assertThat(Main.execute("report", dir.toString())).isZero();
    Map<String, Object> page = open(dir.resolve("report.html"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> canvases = (List<Map<String, Object>>) page.get("canvases");
    assertThat(canvases)
        .extracting(c -> c.get("id"))
        .containsExactly("search-steps", "search-values", "readiness");
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        Path.of("target", "report-adaptive-screenshot.png"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Opens a report, waits for its charts, and checks that no script failed and every listed chart
   * drew on a canvas of its own; returns what the page holds.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> open(Path report) {
    assertThat(report).exists();
    browser.manage().window().setSize(new Dimension(1400, 1000));
    browser.get(report.toAbsolutePath().toUri().toString());
    JavascriptExecutor js = browser;
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(
            d ->
                Boolean.TRUE.equals(
                    js.executeScript(
                        "return !!(window.broadsideReport && window.broadsideReport.done)")));
    List<Object> errors = (List<Object>) js.executeScript("return window.broadsideReport.errors");
    List<LogEntry> severe =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .toList();
    assertThat(errors).as("script errors").isEmpty();
    assertThat(severe).as("console errors").isEmpty();
    long listed =
        (Long)
            js.executeScript(
                "return JSON.parse(document.getElementById('charts').textContent).length");
    long drawn = (Long) js.executeScript("return window.broadsideReport.charts");
    long instances = (Long) js.executeScript("return Object.keys(Chart.instances).length");
    List<Map<String, Object>> canvases = (List<Map<String, Object>>) js.executeScript(CANVASES);
    assertThat(listed).isPositive();
    assertThat(drawn).isEqualTo(listed);
    assertThat(instances).isEqualTo(listed);
    assertThat(canvases).hasSize((int) listed);
    for (Map<String, Object> c : canvases) {
      assertThat((Long) c.get("width")).as(c.get("id") + " width").isPositive();
      assertThat((Long) c.get("height")).as(c.get("id") + " height").isPositive();
      // axes, labels and at least one series: far more than a blank canvas's zero
      assertThat((Long) c.get("painted")).as(c.get("id") + " painted pixels").isGreaterThan(2000);
    }
    // the whole page in the screenshot
    long height = (Long) js.executeScript("return document.documentElement.scrollHeight");
    browser.manage().window().setSize(new Dimension(1400, (int) Math.min(height + 120, 12_000)));
    Optional<Object> injected =
        Optional.ofNullable(js.executeScript("return window.injected === true"));
    return Map.of("canvases", canvases, "injected", injected.orElse(false));
  }
}
