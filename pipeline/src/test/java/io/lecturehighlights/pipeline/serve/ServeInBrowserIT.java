package io.lecturehighlights.pipeline.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lecturehighlights.pipeline.ManifestBatchOutput;
import io.lecturehighlights.transforms.common.Json;
import io.lecturehighlights.transforms.search.MiniLmEmbedder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * lhx serve as a person uses it, in headless Chromium driven by Selenium (Debian's chromium and chromium-driver,
 * installed by deploy/install-prerequisites.sh; no driver download): type a question on the search page, click the
 * first result, and the lecture's video is at the result's moment. Over the real batch's output folder.
 */
class ServeInBrowserIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  @TempDir static Path tmp;
  static Path out;
  static ServeApp app;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "needs Debian's chromium and "
        + "chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver): deploy/install-prerequisites.sh installs them");
    out = ManifestBatchOutput.folder();
    app = ServeApp.start(new ServeApp.Settings(out, "127.0.0.1", 0, null, null), MiniLmEmbedder.shared());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--mute-audio",
        "--window-size=1280,900", "--user-data-dir=" + Files.createDirectories(tmp.resolve("profile")));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.close();
    }
  }

  private String base() {
    return "http://127.0.0.1:" + app.port();
  }

  private double number(String script) {
    return ((Number) ((JavascriptExecutor) browser).executeScript(script)).doubleValue();
  }

  /** Waits until the player has its metadata and its playhead is within 1 s of {@code t}; returns where it is. */
  private double playheadNear(double t) {
    String script = "const v = document.getElementById('player');"
        + "return v && v.readyState >= 1 && !v.seeking ? v.currentTime : -1000;";
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> Math.abs(number(script) - t) < 1.0);
    return number(script);
  }

  @Test
  void aSearchResultOpensTheLectureVideoAtItsMoment() {
    browser.get(base() + "/search");
    WebElement q = browser.findElement(By.id("q"));
    q.sendKeys("Newton's laws of motion", Keys.ENTER);
    List<WebElement> results = new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(d -> {
          List<WebElement> r = d.findElements(By.cssSelector("a.result"));
          return r.isEmpty() ? null : r;
        });
    WebElement first = results.get(0);
    assertEquals("phys101-fall2026-l03", first.getAttribute("data-job"));
    assertTrue(first.getText().contains("Newton's Laws of Motion"), first.getText());
    assertTrue(first.findElements(By.tagName("mark")).size() > 0, "the query's terms are marked");
    double start = Double.parseDouble(first.getAttribute("data-start"));
    first.click();
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/watch/"));
    double at = playheadNear(start);
    assertTrue(Math.abs(at - start) < 1.0, "playhead " + at + " vs the result's start " + start);
  }

  @Test
  void theWatchPageSeeksIntoTheMiddleOfTheVideo() throws Exception {
    JsonNode job = Json.MAPPER.readTree(out.resolve("phys101-fall2026-l03/job.json").toFile());
    double t = Math.floor(job.at("/media/durationSeconds").asDouble() * 0.6);
    assertTrue(t > 5, job.toString());
    browser.get(base() + "/watch/phys101-fall2026-l03?t=" + t);
    double at = playheadNear(t);
    assertTrue(Math.abs(at - t) < 1.0, "playhead " + at + " vs " + t);
    assertTrue(number("return document.getElementById('player').duration;") > t);
  }
}
