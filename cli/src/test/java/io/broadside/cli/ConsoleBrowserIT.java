package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.SimulatorConfig;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's headless Chromium, no network): a broken plan shows
 * its problems at their lines; a plan launched from the editor shows live numbers that change, and
 * its final table holds summary.json's numbers; stop stops; the compare page shows the regression
 * of a 10% slower GPU; names, tags and models holding markup stay text; no page logs an error.
 * Screenshots of every page go to {@code target/console-*.png}.
 */
class ConsoleBrowserIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String XSS =
      "<img src=x onerror=window.__xss=1><script>window.__xss=2</script>";

  static ChromeDriver browser;
  static Vertx vertx;
  static EmbeddedCluster cluster;
  static Simulator base;
  static Simulator slower;
  static String url;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    // skipped where Chromium is not installed, before anything starts
    io.broadside.testing.DebianTools.require("chromium");
    vertx = Vertx.vertx();
    base =
        Simulator.start(
                vertx,
                SimulatorConfig.defaults()
                    .withPreset(CompareIT.BASE)
                    .withModels(List.of("llama-2-7b", XSS))
                    .withEphemeralPorts())
            .await();
    slower =
        Simulator.start(
                vertx, SimulatorConfig.defaults().withPreset(CompareIT.SLOWER).withEphemeralPorts())
            .await();
    cluster = EmbeddedCluster.start(Vertxes.create(), dir.resolve("runs"), 0);
    url = "http://127.0.0.1:" + cluster.httpPort();
    browser = Browsers.headlessChromium();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  /** No page logged an error (a failed request, a script error, a policy violation). */
  @AfterEach
  void noConsoleErrors() {
    List<LogEntry> severe =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .toList();
    assertThat(severe).as("browser console errors").isEmpty();
  }

  private static String plan(String name, int port, String duration, int users, String model) {
    return """
        name: '%s'
        tags: {suite: console, note: '%s'}
        target: {name: sim, protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
        models: ['%s']
        dataset: {synthetic: {inputTokens: 16, outputTokensMin: 8, outputTokensMax: 40}, seed: 3}
        warmup: {requests: 8}
        load:
          mode: closed
          stages: [{name: steady, duration: %s, users: %d}]
        """
        .formatted(name, name, port, model, duration, users);
  }

  private static WebDriverWait waiting(int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  private static void open(String hash) {
    browser.get(url + "/" + hash);
    waiting(10).until(d -> !d.findElement(By.id("app")).getText().isBlank());
  }

  private static void shot(String name) throws Exception {
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        Path.of("target", "console-" + name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** Types a plan into the editor (as a paste would) and waits for its validation. */
  private static void edit(String text) {
    WebElement editor = waiting(10).until(d -> d.findElement(By.id("plan-editor")));
    ((JavascriptExecutor) browser)
        .executeScript(
            "arguments[0].value = arguments[1];"
                + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
            editor,
            text);
  }

  /** Launches the editor's plan; the new run's id from the page it goes to. */
  private static String launch(String text) {
    open("#/new");
    edit(text);
    waiting(15).until(d -> d.findElement(By.id("plan-valid")).getText().equals("valid"));
    waiting(5).until(d -> d.findElement(By.id("launch")).isEnabled());
    browser.findElement(By.id("launch")).click();
    waiting(15).until(d -> d.getCurrentUrl().matches(".*#/runs/[0-9]{8}-[0-9]{6}-[0-9a-f]+$"));
    String current = browser.getCurrentUrl();
    return current.substring(current.lastIndexOf('/') + 1);
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  @Test
  void aBrokenPlanShowsEachProblemAtItsLine() throws Exception {
    open("#/new");
    edit(
        """
        name: broken
        target: {protocol: openai-chat, url: http://127.0.0.1:1}
        models: [llama-2-7b]
        load:
          mode: closed
          stages:
            - {duration: 0s, users: -3}
        """);
    List<WebElement> problems =
        waiting(15)
            .until(
                d -> {
                  List<WebElement> p = d.findElements(By.cssSelector("#plan-problems li.problem"));
                  return p.isEmpty() ? null : p;
                });
    assertThat(browser.findElement(By.id("plan-valid")).getText()).endsWith("problems");
    assertThat(problems)
        .extracting(p -> p.getAttribute("data-path"))
        .contains("$.load.stages[0].duration", "$.load.stages[0].users");
    assertThat(problems)
        .filteredOn(p -> p.getAttribute("data-path").startsWith("$.load.stages[0]"))
        .extracting(p -> p.getAttribute("data-line"))
        .containsOnly("7");
    assertThat(browser.findElement(By.id("launch")).isEnabled()).isFalse();
    shot("new-run-problems");
  }

  @Test
  void aLaunchedPlanIsWatchedLiveAndItsFinalTableIsItsSummary() throws Exception {
    String id = launch(plan("live " + XSS, base.port(), "8s", 8, XSS));
    // at least five updates, with numbers that change
    Set<String> seen = new HashSet<>();
    waiting(40)
        .until(
            d -> {
              seen.add(
                  d.findElement(By.id("live-rps")).getText()
                      + " "
                      + d.findElement(By.id("live-tps")).getText()
                      + " "
                      + d.findElement(By.id("live-ttft-p50")).getText());
              return Integer.parseInt(d.findElement(By.id("live-updates")).getText()) >= 5
                  && seen.size() >= 5;
            });
    assertThat(browser.findElement(By.id("run-phase")).getText()).isNotBlank();
    shot("live-run");
    List<WebElement> rows =
        waiting(60)
            .until(
                d -> {
                  List<WebElement> r = d.findElements(By.cssSelector("#final-table tr.final-row"));
                  return r.isEmpty() ? null : r;
                });
    JsonNode summary = get("/api/v1/runs/" + id + "/summary");
    JsonNode steady = summary.path("stages").get(0).path("models").get(0);
    WebElement row = rows.get(0);
    assertThat(row.findElement(By.className("c-stage")).getText()).isEqualTo("steady");
    assertThat(row.findElement(By.className("c-model")).getText()).isEqualTo(XSS);
    assertThat(
            Double.parseDouble(row.findElement(By.className("c-rps")).getAttribute("data-value")))
        .isEqualTo(steady.path("throughput").path("requestsPerS").asDouble());
    assertThat(
            Double.parseDouble(
                row.findElement(By.className("c-ttft-p99")).getAttribute("data-value")))
        .isEqualTo(steady.path("latency").path("ttft").path("p99").asDouble());
    assertThat(
            Long.parseLong(row.findElement(By.className("c-requests")).getAttribute("data-value")))
        .isEqualTo(
            steady.path("requests").path("ok").asLong()
                + steady.path("requests").path("failed").asLong());
    // markup in names stays text: nothing ran, and the title shows it as written
    assertThat(((JavascriptExecutor) browser).executeScript("return window.__xss === undefined"))
        .isEqualTo(true);
    assertThat(browser.findElement(By.id("run-title")).getText()).contains("<script>");
    shot("finished-run");

    open("#/runs");
    waiting(10)
        .until(d -> !d.findElements(By.cssSelector("tr.run-row[data-id='" + id + "']")).isEmpty());
    assertThat(browser.findElement(By.id("runs-table")).getText()).contains("<img src=x");
    assertThat(((JavascriptExecutor) browser).executeScript("return window.__xss === undefined"))
        .isEqualTo(true);
    shot("runs");
    open("#/agents");
    waiting(10).until(d -> !d.findElements(By.cssSelector("#agents-table tr.agent-row")).isEmpty());
    shot("agents");
  }

  @Test
  void aCoordinatorWithTokensAsksForOneAndItsRoleDecidesWhatMayBePressed() throws Exception {
    String token = io.broadside.coordinator.access.AccessTokens.newToken();
    Path tokens = dir.resolve("tokens");
    Files.write(
        tokens,
        List.of(
            io.broadside.coordinator.access.AccessTokens.line(
                "grafana", io.broadside.coordinator.access.Role.VIEWER, token)));
    io.broadside.coordinator.Coordinator secured =
        new io.broadside.coordinator.Coordinator(
            io.broadside.coordinator.CoordinatorConfig.defaults()
                .withPorts(0, 0)
                .withDataDir(dir.resolve("secured"))
                .withSecurity(
                    new io.broadside.coordinator.access.RestSecurity(
                        io.broadside.coordinator.access.AccessTokens.read(tokens),
                        null,
                        null,
                        false)));
    vertx.deployVerticle(secured).await();
    try {
      browser.get("http://127.0.0.1:" + secured.httpPort() + "/#/new");
      WebElement input = waiting(10).until(d -> d.findElement(By.id("login-token")));
      waiting(10).until(d -> input.isDisplayed());
      shot("login");
      input.sendKeys("bsd_not-a-token");
      browser.findElement(By.id("login-submit")).click();
      waiting(10).until(d -> !d.findElement(By.id("login-error")).getText().isBlank());
      // a refused login is an answer the page expects: its 401 is the one error the browser logs
      browser.manage().logs().get(LogType.BROWSER);
      input.clear();
      input.sendKeys(token);
      browser.findElement(By.id("login-submit")).click();
      waiting(10).until(d -> d.findElement(By.id("whoami")).getText().contains("grafana"));
      browser.get("http://127.0.0.1:" + secured.httpPort() + "/#/new");
      waiting(10).until(d -> d.findElement(By.id("whoami")).getText().contains("viewer"));
      WebElement launch = waiting(10).until(d -> d.findElement(By.id("launch")));
      assertThat(launch.isEnabled()).as("a viewer may not launch").isFalse();
      assertThat(browser.manage().getCookieNamed("broadside_session").isHttpOnly()).isTrue();
      browser.findElement(By.id("logout")).click();
      waiting(10).until(d -> d.findElement(By.id("login-token")).isDisplayed());
    } finally {
      browser.manage().deleteAllCookies();
      vertx.undeploy(secured.deploymentID()).await();
    }
  }

  @Test
  void stopStopsTheRun() throws Exception {
    String id = launch(plan("to stop", base.port(), "120s", 4, "llama-2-7b"));
    waiting(30).until(d -> Integer.parseInt(d.findElement(By.id("live-updates")).getText()) >= 2);
    browser.findElement(By.id("stop")).click();
    waiting(40).until(d -> d.findElement(By.id("run-status")).getText().contains("stopped"));
    assertThat(get("/api/v1/runs/" + id).path("status").asText()).isEqualTo("stopped");
    shot("stopped-run");
  }

  @Test
  void theComparePageShowsTheSlowerGpusRegression() throws Exception {
    List<String> ids = new ArrayList<>();
    for (Simulator sim : List.of(base, slower)) {
      String id = launch(plan("compare", sim.port(), "6s", 8, "llama-2-7b"));
      ids.add(id);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!get("/api/v1/runs/" + id).path("status").asText().equals("completed")) {
        assertThat(System.nanoTime()).as("run " + id + " completed").isLessThan(deadline);
        Thread.sleep(250);
      }
    }
    open("#/compare?baseline=" + ids.get(0) + "&current=" + ids.get(1));
    waiting(10).until(d -> d.findElements(By.cssSelector("#compare-baseline option")).size() >= 2);
    ((JavascriptExecutor) browser)
        .executeScript(
            "document.getElementById('compare-baseline').value = arguments[0];"
                + " document.getElementById('compare-baseline').dispatchEvent(new Event('change'));"
                + " document.getElementById('compare-current').value = arguments[1];"
                + " document.getElementById('compare-current').dispatchEvent(new Event('change'));",
            ids.get(0),
            ids.get(1));
    browser.findElement(By.id("compare-go")).click();
    waiting(20)
        .until(d -> !d.findElements(By.cssSelector("#compare-table tr.change-row")).isEmpty());
    assertThat(browser.findElements(By.cssSelector("#compare-table td.verdict-regressed")))
        .as("a regressed metric")
        .isNotEmpty();
    assertThat(browser.findElement(By.id("compare-verdict")).getText())
        .doesNotStartWith("0 regressed");
    shot("compare");
  }
}
