package com.example.blog.local.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.example.blog.local.Programs;
import com.example.blog.local.stack.LocalStack;
import com.example.blog.local.stack.LocalStackOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;

/**
 * The web page in a real browser (the system's Chromium, driven by Playwright) against the local stack: sign in
 * through the local issuer's page (authorization code + PKCE), publish a post with a chosen image and see it listed
 * with the image loaded, have a second tab change it so the first tab's save gets 412 and says so, recover, replace
 * the image by dropping one on the form, delete the post. Screenshots land in {@code target/screenshots}.
 */
class WebPageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * A function's first call starts its JVM; on a busy build machine that takes far longer than Playwright's 5 s
     * default wait, and waiting longer only slows a failing run down.
     */
    private static final double WAIT_MILLIS = 60_000;

    private static Path root;
    private static Path screenshots;
    private static LocalStack stack;
    private static Playwright playwright;
    private static Browser browser;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Programs.CHROMIUM), "no Chromium at " + Programs.CHROMIUM
                + " (apt-get install chromium): the browser test of the web page is skipped");
        root = Path.of(System.getProperty("blog.root.dir")).toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(root.resolve("functions/target/blog-functions.zip")),
                "the deployment artifact is built by the functions module first");
        Path target = root.resolve("infra/target");
        screenshots = Files.createDirectories(target.resolve("screenshots"));
        Path data = Files.createTempDirectory(Files.createDirectories(target), "web-page-it-");
        stack = LocalStack.start(LocalStackOptions.builder(root).dataDirectory(data).maxInstancesPerFunction(1)
                .build());
        // Playwright unpacks its driver; keep it under target/ too.
        System.setProperty("playwright.driver.tmpdir", Files.createDirectories(target.resolve("playwright"))
                .toString());
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        PlaywrightAssertions.setDefaultAssertionTimeout(WAIT_MILLIS);
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Programs.CHROMIUM).setHeadless(true).setArgs(Programs.CHROMIUM_FLAGS));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** A browser context that waits as long as the stack may need and reports the page's own errors. */
    private static BrowserContext context(Browser.NewContextOptions options) {
        BrowserContext context = browser.newContext(options);
        context.setDefaultTimeout(WAIT_MILLIS);
        context.onPage(page -> {
            page.onPageError(error -> System.err.println("page error: " + error));
            page.onConsoleMessage(message -> System.err.println("console " + message.type() + ": " + message.text()));
        });
        return context;
    }

    private static String site() {
        return stack.apiUrl() + "/";
    }

    private static void signIn(Page page, String user) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).first()
                .click();
        PlaywrightAssertions.assertThat(page).hasTitle("Sign in - local blog");
        page.getByLabel("Your name").fill(user);
        // By keyboard: Enter submits the form.
        page.getByLabel("Your name").press("Enter");
        PlaywrightAssertions.assertThat(page.locator("#who")).hasText("Signed in as " + user);
    }

    private static void waitForLoadedImage(Page page, String selector) {
        page.waitForFunction("selector => { const image = document.querySelector(selector);"
                + " return image !== null && image.complete && image.naturalWidth > 0; }", selector);
    }

    /** On failure, what the page showed and held: a screenshot and its DOM under target/screenshots. */
    private static void keepEvidence(BrowserContext context, String name) {
        for (Page page : context.pages()) {
            String file = name + "-failure-" + context.pages().indexOf(page);
            try {
                screenshot(page, file);
                Files.writeString(screenshots.resolve(file + ".html"), page.url() + "\n" + page.content());
            } catch (RuntimeException | java.io.IOException e) {
                System.err.println("no evidence from " + page.url() + ": " + e);
            }
        }
    }

    private static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve(name + ".png")).setFullPage(true));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void page_signsInPublishesEditsWithIfMatchAndDeletes_inChromium() throws Exception {
        try (BrowserContext context = context(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            try {
                publishEditAndDelete(context);
            } catch (Exception | Error e) {
                keepEvidence(context, "web-publish-edit-delete");
                throw e;
            }
        }
    }

    private static void publishEditAndDelete(BrowserContext context) throws Exception {
        {
            Page page = context.newPage();
            page.onDialog(dialog -> dialog.accept());
            page.navigate(site());
            PlaywrightAssertions.assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions()
                    .setName("Posts"))).isVisible();
            signIn(page, "alice");

            // Publish with a chosen image.
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New post")).click();
            page.getByLabel("Title").fill("Walking in the hills");
            page.getByLabel("Content").fill("A long walk.\nThen tea.");
            page.getByLabel("Image", new Page.GetByLabelOptions().setExact(true))
                    .setInputFiles(root.resolve("docs/sample.png"));
            PlaywrightAssertions.assertThat(page.locator("#image-chosen")).containsText("sample.png");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publish")).click();
            PlaywrightAssertions.assertThat(page.locator("#notice")).hasText("Your post is published.");
            PlaywrightAssertions.assertThat(page.locator("article.post h1")).hasText("Walking in the hills");
            waitForLoadedImage(page, "article.post img");
            Matcher id = Pattern.compile("#/posts/([0-9a-f-]+)$").matcher(page.url());
            assertThat(id.find()).as(page.url()).isTrue();
            String postId = id.group(1);
            JsonNode created = JSON.readTree(get("/blogs/" + postId).body());
            assertThat(created.get("author").asText()).isEqualTo("alice");
            assertThat(created.get("imageUrl").isTextual()).isTrue();
            screenshot(page, "web-post");

            // Listed, newest first, with its image loaded.
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Posts").setExact(true)).click();
            Locator first = page.locator("ul.posts li").first();
            PlaywrightAssertions.assertThat(first.locator("h2")).hasText("Walking in the hills");
            waitForLoadedImage(page, "ul.posts li img");
            screenshot(page, "web-list");

            // Tab 1 opens the editor; tab 2 saves a change first.
            first.getByRole(AriaRole.LINK).first().click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Edit")).click();
            PlaywrightAssertions.assertThat(page.getByLabel("Title")).hasValue("Walking in the hills");

            Page other = context.newPage();
            other.navigate(site() + "#/posts/" + postId + "/edit");
            signIn(other, "alice");
            other.getByLabel("Title").fill("Walking in the hills, revised elsewhere");
            other.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save changes")).click();
            PlaywrightAssertions.assertThat(other.locator("#notice")).hasText("Your changes are saved.");
            other.close();

            page.getByLabel("Title").fill("Walking in the hills, my version");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save changes")).click();
            Locator alert = page.getByRole(AriaRole.ALERT);
            PlaywrightAssertions.assertThat(alert).containsText("changed elsewhere since you opened it");
            // The API's own problem document is shown too.
            PlaywrightAssertions.assertThat(alert).containsText(
                    JSON.readTree(putWithStaleVersion(postId)).get("detail").asText());
            assertThat(JSON.readTree(get("/blogs/" + postId).body()).get("title").asText())
                    .isEqualTo("Walking in the hills, revised elsewhere");
            screenshot(page, "web-edit-412");

            // Load the latest version, then save again, this time replacing the image by dropping one.
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Load the latest version")).click();
            PlaywrightAssertions.assertThat(page.getByLabel("Title"))
                    .hasValue("Walking in the hills, revised elsewhere");
            page.getByLabel("Title").fill("Walking in the hills, both versions");
            page.evaluate("base64 => { const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));"
                    + " const transfer = new DataTransfer();"
                    + " transfer.items.add(new File([bytes], 'dropped.png', {type: 'image/png'}));"
                    + " document.querySelector('.dropzone').dispatchEvent(new DragEvent('drop',"
                    + " {dataTransfer: transfer, bubbles: true, cancelable: true})); }",
                    Base64.getEncoder().encodeToString(png(Color.ORANGE)));
            PlaywrightAssertions.assertThat(page.locator("#image-chosen")).containsText("dropped.png");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save changes")).click();
            PlaywrightAssertions.assertThat(page.locator("#notice")).hasText("Your changes are saved.");
            PlaywrightAssertions.assertThat(page.locator("article.post h1"))
                    .hasText("Walking in the hills, both versions");
            waitForLoadedImage(page, "article.post img");
            JsonNode edited = JSON.readTree(get("/blogs/" + postId).body());
            assertThat(edited.get("imageUrl").asText()).isNotEqualTo(created.get("imageUrl").asText());

            // A photo larger than a request to the API may carry goes through the presigned upload form.
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Edit")).click();
            Path photo = Files.write(Files.createTempFile(screenshots, "large-photo", ".png"), largePng());
            page.getByLabel("Image", new Page.GetByLabelOptions().setExact(true)).setInputFiles(photo);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save changes")).click();
            PlaywrightAssertions.assertThat(page.locator("#notice")).hasText("Your changes are saved.");
            waitForLoadedImage(page, "article.post img");
            HttpResponse<byte[]> stored = HTTP.send(HttpRequest.newBuilder(URI.create(
                    JSON.readTree(get("/blogs/" + postId).body()).get("imageUrl").asText())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(stored.body()).isEqualTo(Files.readAllBytes(photo));
            Files.delete(photo);

            // An image the API refuses: its problem document is what the page shows.
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Edit")).click();
            Path notAnImage = Files.writeString(Files.createTempFile(screenshots, "not-an-image", ".png"),
                    "plain text, not a picture");
            page.getByLabel("Image", new Page.GetByLabelOptions().setExact(true)).setInputFiles(notAnImage);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save changes")).click();
            PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT))
                    .containsText("Your changes were not saved.");
            PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT)).containsText("image");
            Files.delete(notAnImage);

            // Delete (the confirmation dialog is accepted above).
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Cancel")).click();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete")).click();
            PlaywrightAssertions.assertThat(page.locator("#notice")).containsText("Deleted");
            PlaywrightAssertions.assertThat(page.locator("ul.posts")).not().containsText("Walking in the hills");
            assertThat(get("/blogs/" + postId).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void page_atPhoneWidth_listsPostsWithoutHorizontalScrolling() {
        try (BrowserContext context = context(new Browser.NewContextOptions().setViewportSize(375, 740)
                .setIsMobile(true).setHasTouch(true))) {
            Page page = context.newPage();
            page.navigate(site());
            PlaywrightAssertions.assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions()
                    .setName("Posts"))).isVisible();
            Object overflow = page.evaluate("() => document.documentElement.scrollWidth"
                    + " - document.documentElement.clientWidth");
            assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
            screenshot(page, "web-phone");
        }
    }

    @Test
    void page_pagesToOlderPostsAndBack() throws Exception {
        String token = stack.tokenFor("paging-author");
        for (int i = 1; i <= 11; i++) {
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/blogs"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Paging post " + i
                            + "\",\"content\":\"Number " + i + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        try (BrowserContext context = context(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            page.navigate(site());
            Locator titles = page.locator("ul.posts li h2");
            // Ten a page, newest first.
            PlaywrightAssertions.assertThat(titles).hasCount(10);
            PlaywrightAssertions.assertThat(titles.first()).hasText("Paging post 11");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Older posts")).click();
            PlaywrightAssertions.assertThat(titles.first()).hasText("Paging post 1");
            PlaywrightAssertions.assertThat(page.locator("ul.posts")).not().containsText("Paging post 11");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Newer posts")).click();
            PlaywrightAssertions.assertThat(titles.first()).hasText("Paging post 11");
        } finally {
            for (JsonNode item : JSON.readTree(get("/blogs?limit=100").body()).get("items")) {
                if (item.get("author").asText().equals("paging-author")) {
                    HTTP.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/blogs/" + item.get("id")
                            .asText())).header("Authorization", "Bearer " + token).DELETE().build(),
                            HttpResponse.BodyHandlers.discarding());
                }
            }
        }
    }

    @Test
    void page_whenTheListArrivesAfterTheReaderMovedOn_keepsTheNewerView() {
        try (BrowserContext context = context(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            // Holds every list answer back a while and counts the ones handed to the page.
            context.addInitScript("window.listsAsked = 0; window.listsAnswered = 0;"
                    + " const originalFetch = window.fetch;"
                    + " window.fetch = (input, init) => String(input).includes('/blogs?')"
                    + " ? (window.listsAsked++, new Promise(resolve => setTimeout(resolve, 1500)))"
                    + ".then(() => originalFetch(input, init))"
                    + ".then(response => { window.listsAnswered++; return response; })"
                    + " : originalFetch(input, init);");
            Page page = context.newPage();
            page.navigate(site());
            page.waitForFunction("() => window.listsAsked >= 1");
            page.evaluate("() => { window.location.hash = '#/new'; }");
            PlaywrightAssertions.assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions()
                    .setName("Sign in first"))).isVisible();
            page.waitForFunction("() => window.listsAnswered >= 1");
            page.waitForFunction("() => new Promise(resolve => setTimeout(() => resolve(true), 100))");
            PlaywrightAssertions.assertThat(page.locator("main h1")).hasText("Sign in first");
        }
    }

    @Test
    void gateway_servesThePageBesideTheApi_andUnknownPathsStillGetApiGateways404() throws Exception {
        HttpResponse<String> index = get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                policy -> assertThat(policy).contains("script-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(JSON.readTree(get("/config.json").body()).at("/auth/tokenUrl").asText())
                .isEqualTo("/local-auth/token");
        assertThat(JSON.readTree(get("/blogs?limit=1").body()).get("items").size()).isEqualTo(1);
        HttpResponse<String> unknown = get("/no-such-page.html");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"message\":\"Not Found\"}");
    }

    /** What the API says to a PUT carrying a version that is no longer current, to compare with the page. */
    private static String putWithStaleVersion(String postId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/blogs/"
                        + postId))
                .header("Authorization", "Bearer " + stack.tokenFor("alice"))
                .header("Content-Type", "application/json")
                .header("If-Match", "\"0\"")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"title\":\"x\",\"content\":\"y\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(412);
        return response.body();
    }

    private static byte[] png(Color color) throws Exception {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(color);
        graphics.fillRect(0, 0, 64, 48);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** Noise does not compress: a 6 MB PNG, more than the API takes in a request (4 MiB), as a camera might make. */
    private static byte[] largePng() throws Exception {
        BufferedImage image = new BufferedImage(1400, 1400, BufferedImage.TYPE_INT_RGB);
        Random noise = new Random(7);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, noise.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        assertThat(out.size()).isGreaterThan(4 * 1024 * 1024);
        return out.toByteArray();
    }
}
