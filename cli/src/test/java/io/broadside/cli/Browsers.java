package io.broadside.cli;

import io.broadside.testing.DebianTools;
import java.nio.file.Path;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium, driven through its own chromedriver (never one Selenium would
 * download), with the page's console log kept for the test to read. The test is skipped where
 * Chromium is not installed ({@code .ci/tools.sh}).
 */
final class Browsers {
  /** Selenium warns that it has no DevTools bindings for this Chromium; none are used. */
  private static final java.util.logging.Logger SELENIUM =
      java.util.logging.Logger.getLogger("org.openqa.selenium");

  private Browsers() {}

  static ChromeDriver headlessChromium() {
    SELENIUM.setLevel(Level.SEVERE);
    Path chromium = DebianTools.require("chromium");
    Path driver = DebianTools.require("chromedriver");
    System.setProperty("webdriver.chrome.driver", driver.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    return new ChromeDriver(
        new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build(), options);
  }
}
