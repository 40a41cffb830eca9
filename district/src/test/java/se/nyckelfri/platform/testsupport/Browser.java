package se.nyckelfri.platform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

/**
 * Headless Chromium through its WebDriver (the Debian packages {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs), with axe-core (Deque's Selenium binding, from Maven Central) to check each page against
 * WCAG 2.1 A and AA. One per test class; not thread-safe.
 */
public final class Browser implements AutoCloseable {

    private final ChromeDriver driver;
    private final Path downloads;

    public Browser() {
        this(false);
    }

    /**
     * A phone-sized browser (390 × 844 CSS pixels) with Web Bluetooth (an experimental feature in Debian's Chromium)
     * and WebDriver BiDi, whose {@code bluetooth} module emulates the locks nearby ({@link EmulatedBluetooth}).
     */
    public static Browser phone() {
        return new Browser(true);
    }

    private Browser(boolean phone) {
        try {
            downloads = Files.createTempDirectory("nyckelfri-browser-downloads-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        options.setBinary(executable("chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                phone ? "--window-size=390,844" : "--window-size=1280,1000", "--lang=sv-SE");
        if (phone) {
            options.addArguments("--enable-experimental-web-platform-features");
            options.setCapability("webSocketUrl", true);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(executable("chromedriver", "/usr/bin/chromedriver")).toFile())
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        if (phone) {
            phoneSize();
        }
    }

    /**
     * The viewport of a common phone, 390 × 844 CSS pixels. The window size alone is not enough: headless Chromium
     * makes no window narrower than 500 pixels, so the pages and screenshots were 500 wide.
     */
    public void phoneSize() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844,
                "deviceScaleFactor", 1, "mobile", false));
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Clicks what {@code css} names and waits until the browser has left the page (a link followed, a form sent). */
    public void go(String css) {
        WebElement page = driver.findElement(By.tagName("html"));
        find(css).click();
        // The old page is gone once its root element can no longer be reached. ChromeDriver reports that either as a
        // stale element or, when the new document replaces it at that very moment, as an inspector error.
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> {
            try {
                page.isEnabled();
                return false;
            } catch (WebDriverException gone) {
                return true;
            }
        });
    }

    /** Waits until an element {@code css} names is on the page (the page's own script may be bringing it). */
    public void awaitVisible(String css) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Waits until the browser is at {@code url} (after a chain of redirects). */
    public void awaitUrl(String url) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.urlToBe(url));
    }

    /** What the page wrote to its console since the last call (a phone browser only). */
    public String console() {
        StringBuilder out = new StringBuilder();
        driver.manage().logs().get(LogType.BROWSER).forEach(entry -> out.append(entry.getLevel()).append(' ')
                .append(entry.getMessage()).append('\n'));
        return out.toString();
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Sets a form field's value as if typed (time and date inputs take their value this way in any locale). */
    public void set(String css, String value) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", find(css), value);
    }

    /** Runs axe-core on the page and fails with each WCAG 2.1 A/AA violation's rule, impact and elements. */
    public void assertAccessible() {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(driver);
        assertThat(results.isErrored()).as("axe-core ran on %s: %s", driver.getCurrentUrl(), results.getErrorMessage()).isFalse();
        List<String> violations = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            List<String> targets = new ArrayList<>();
            rule.getNodes().forEach(node -> targets.add(String.valueOf(node.getTarget())));
            violations.add(rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " " + targets);
        }
        assertThat(violations).as("WCAG 2.1 AA violations on %s", driver.getCurrentUrl()).isEmpty();
    }

    /** Clicks what {@code css} names, waits for the download it starts (a file ending in {@code suffix}) and returns it. */
    public Path download(String css, String suffix) {
        try (var files = Files.list(downloads)) { // an earlier download of the same name would be found instead
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        find(css).click();
        return awaitDownload(suffix);
    }

    /** Waits for a download whose file name ends with {@code suffix} to finish, and returns the file. */
    private Path awaitDownload(String suffix) {
        AtomicLong lastSize = new AtomicLong(-1);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.withMessage(() -> "no " + suffix + " file in " + downloads + "; the browser is at " + driver.getCurrentUrl()
                + " showing: " + driver.findElement(By.tagName("body")).getText());
        return wait.until(d -> {
            // Chrome writes into a .crdownload file and may show the final name before the last bytes are in.
            try (var files = Files.list(downloads)) {
                List<Path> all = files.toList();
                if (all.stream().anyMatch(f -> f.getFileName().toString().endsWith(".crdownload"))) {
                    return null;
                }
                Path found = all.stream().filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
                long size = found == null ? 0 : found.toFile().length();
                // Done when it has bytes and their number did not change since the last look (half a second ago).
                boolean settled = size > 0 && size == lastSize.getAndSet(size);
                return settled ? found : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Saves a screenshot of the page as it is now. */
    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        FileSystemUtils.deleteRecursively(downloads.toFile());
    }

    private static String executable(String name, String fallback) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fallback;
    }
}
