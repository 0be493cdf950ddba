package com.example.blog.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.blog.local.Programs;
import com.example.blog.local.api.Multipart;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.sun.net.httpserver.HttpServer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Browser-form POST uploads as S3 takes them. The forms are presigned by botocore's {@code generate_presigned_post},
 * a signer we did not write, posted as a browser posts them, and read back with the default Java SDK client.
 */
class PostObjectUploadIT {

    private static final String BUCKET = "blog-images";
    private static final String ACCESS_KEY_ID = "blog-local";
    private static final String SECRET = "blog-local-secret";
    private static final String PAGE_ORIGIN = "http://127.0.0.1:3000";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CONTENT = "the bytes of a small upload".getBytes(StandardCharsets.UTF_8);

    /** Reads a request as JSON on standard input and writes botocore's presigned POST as JSON. */
    private static final String PRESIGN = """
            import json, sys
            import botocore.session
            from botocore.config import Config
            request = json.load(sys.stdin)
            session = botocore.session.get_session()
            session.set_credentials(request['accessKeyId'], request['secret'], request.get('token'))
            client = session.create_client('s3', region_name='us-east-1', endpoint_url=request['endpoint'],
                config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
            post = client.generate_presigned_post(request['bucket'], request['key'], Fields=request['fields'],
                Conditions=request['conditions'], ExpiresIn=request['expiresIn'])
            json.dump(post, sys.stdout)
            """;

    @TempDir
    static Path directory;

    private static LocalS3 s3;
    private static S3Client client;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(botocoreAvailable(), "python3 with botocore is not available; install both to run the"
                + " browser-form upload tests");
        s3 = LocalS3.start(directory, 0, ACCESS_KEY_ID, SECRET, BUCKET);
        client = S3Client.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET)))
                .build();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void post_withDefaultStatus_returns204AndStoresTheObjectWithItsContentTypeAndMetadata() throws Exception {
        Map<String, String> fields = Map.of("Content-Type", "text/plain; charset=utf-8",
                "x-amz-meta-caption", "A quiet harbour");
        Presigned form = presign("accepted/harbour.txt", fields, List.of());

        HttpResponse<String> response = post(form.multipart().file("file", "harbour.txt", "text/plain", CONTENT));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(get -> get.bucket(BUCKET)
                .key("accepted/harbour.txt"));
        assertThat(object.asByteArray()).isEqualTo(CONTENT);
        assertThat(object.response().contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(object.response().metadata()).containsExactly(Map.entry("caption", "A quiet harbour"));
        assertThat(response.headers().firstValue("ETag")).hasValue(object.response().eTag());
        assertThat(client.headObject(head -> head.bucket(BUCKET).key("accepted/harbour.txt")).contentType())
                .isEqualTo("text/plain; charset=utf-8");
        assertThat(keysUnder("accepted/")).containsExactly("accepted/harbour.txt");
    }

    @Test
    void post_withStatus201_returnsThePostResponseDocument() throws Exception {
        Presigned form = presign("created/sea.png", Map.of("success_action_status", "201",
                "Content-Type", "image/png"), List.of());

        HttpResponse<String> response = post(form.multipart().file("file", "sea.png", "image/png", CONTENT));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String entityTag = client.headObject(head -> head.bucket(BUCKET).key("created/sea.png")).eTag();
        String location = s3.endpoint() + "/" + BUCKET + "/created/sea.png";
        assertThat(response.body()).contains("<Location>" + location + "</Location>", "<Bucket>" + BUCKET
                + "</Bucket>", "<Key>created/sea.png</Key>", "<ETag>" + entityTag + "</ETag>");
        assertThat(response.headers().firstValue("Location")).hasValue(location);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/xml");
    }

    @Test
    void post_withStatus200_returns200WithoutBody() throws Exception {
        Presigned form = presign("ok/plain.bin", Map.of("success_action_status", "200"), List.of());

        HttpResponse<String> response = post(form.multipart().file("file", "plain.bin", "application/x-anything",
                CONTENT));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(client.getObjectAsBytes(get -> get.bucket(BUCKET).key("ok/plain.bin")).asByteArray())
                .isEqualTo(CONTENT);
    }

    @Test
    void post_withSuccessRedirect_sendsTheBrowserThereWithTheStoredObject() throws Exception {
        Presigned form = presign("redirected/${filename}", Map.of("success_action_redirect",
                PAGE_ORIGIN + "/uploaded?from=form"), List.of());

        HttpResponse<String> response = post(form.multipart().file("file", "a b.txt", "text/plain", CONTENT));

        String entityTag = client.headObject(head -> head.bucket(BUCKET).key("redirected/a b.txt")).eTag();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue(PAGE_ORIGIN + "/uploaded?from=form&bucket="
                + BUCKET + "&key=redirected%2Fa%20b.txt&etag=" + entityTag.replace("\"", "%22"));
    }

    @Test
    void post_withFilenameVariable_storesUnderTheFileName() throws Exception {
        Presigned form = presign("named/${filename}", Map.of(), List.of());

        HttpResponse<String> response = post(form.multipart().file("file", "boats at dusk.png", "image/png",
                CONTENT));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(keysUnder("named/")).containsExactly("named/boats at dusk.png");
    }

    @Test
    void post_withFieldNamesInAnyCaseAndFieldsAfterTheFile_ignoresTheLateFields() throws Exception {
        Presigned form = presign("case/upper.txt", Map.of("x-amz-meta-colour", "blue"), List.of());
        Multipart multipart = new Multipart();
        form.fields().forEach((name, value) -> multipart.field(name.toUpperCase(Locale.ROOT), value));

        HttpResponse<String> response = post(form.url(), multipart.file("FILE", "upper.txt", "text/plain", CONTENT)
                .field("x-amz-meta-late", "not covered by the policy, but after the file"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(client.headObject(head -> head.bucket(BUCKET).key("case/upper.txt")).metadata())
                .containsExactly(Map.entry("colour", "blue"));
    }

    @Test
    void post_withSessionToken_isAccepted() throws Exception {
        Presigned form = presign("token/with.txt", Map.of(), List.of(), 600, ACCESS_KEY_ID, SECRET,
                "a-session-token");

        HttpResponse<String> response = post(form.multipart().file("file", "with.txt", "text/plain", CONTENT));

        assertThat(form.fields()).containsKey("x-amz-security-token");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(keysUnder("token/")).containsExactly("token/with.txt");
    }

    @Test
    void post_signedWithAnotherSecret_isSignatureDoesNotMatch() throws Exception {
        Presigned form = presign("refused/secret.txt", Map.of(), List.of(), 600, ACCESS_KEY_ID, "another-secret",
                null);

        assertRefusedAndNothingStored(form, "refused/secret.txt", 403, "SignatureDoesNotMatch",
                "does not match the signature you provided");
    }

    @Test
    void post_signedWithAnotherAccessKey_isInvalidAccessKeyId() throws Exception {
        Presigned form = presign("refused/key.txt", Map.of(), List.of(), 600, "someone-else", SECRET, null);

        assertRefusedAndNothingStored(form, "refused/key.txt", 403, "InvalidAccessKeyId",
                "does not exist in our records");
    }

    @Test
    void post_withTamperedPolicy_isSignatureDoesNotMatch() throws Exception {
        Presigned form = presign("refused/tampered.txt", Map.of(), List.of(List.of("content-length-range", 1, 10)));
        String policy = new String(Base64.getDecoder().decode(form.fields().get("policy")),
                StandardCharsets.UTF_8).replace("10]", "100000]");
        form.fields().put("policy", Base64.getEncoder().encodeToString(
                policy.getBytes(StandardCharsets.UTF_8)));

        assertRefusedAndNothingStored(form, "refused/tampered.txt", 403, "SignatureDoesNotMatch",
                "does not match the signature you provided");
    }

    @Test
    void post_afterThePolicyExpired_isAccessDenied() throws Exception {
        Presigned form = presign("refused/late.txt", Map.of(), List.of(), -60, ACCESS_KEY_ID, SECRET, null);

        assertRefusedAndNothingStored(form, "refused/late.txt", 403, "AccessDenied",
                "Invalid according to Policy: Policy expired.");
    }

    @Test
    void post_withFileAboveTheLengthRange_isEntityTooLarge() throws Exception {
        Presigned form = presign("refused/large.txt", Map.of(), List.of(List.of("content-length-range", 1,
                CONTENT.length - 1)));

        assertRefusedAndNothingStored(form, "refused/large.txt", 400, "EntityTooLarge",
                "exceeds the maximum allowed size");
    }

    @Test
    void post_withFileBelowTheLengthRange_isEntityTooSmall() throws Exception {
        Presigned form = presign("refused/small.txt", Map.of(), List.of(List.of("content-length-range",
                CONTENT.length + 1, 1_000_000)));

        assertRefusedAndNothingStored(form, "refused/small.txt", 400, "EntityTooSmall",
                "smaller than the minimum allowed size");
    }

    @Test
    void post_withKeyOutsideThePolicyPrefix_isPolicyConditionFailed() throws Exception {
        Presigned form = presign("refused/${filename}", Map.of(), List.of());
        form.fields().put("key", "elsewhere/${filename}");

        assertRefusedAndNothingStored(form, "refused/moved.txt", 403, "AccessDenied",
                "Invalid according to Policy: Policy Condition failed: [\"starts-with\", \"$key\", \"refused/\"]");
        assertThat(keysUnder("elsewhere/")).isEmpty();
    }

    @Test
    void post_withFieldThePolicyDoesNotName_isExtraInputFields() throws Exception {
        Presigned form = presign("refused/extra.txt", Map.of(), List.of());
        form.fields().put("x-amz-meta-smuggled", "yes");

        assertRefusedAndNothingStored(form, "refused/extra.txt", 403, "AccessDenied",
                "Invalid according to Policy: Extra input fields: x-amz-meta-smuggled");
    }

    @Test
    void post_withContentTypeOutsideTheCondition_isPolicyConditionFailed() throws Exception {
        Presigned form = presign("refused/page.html", Map.of("Content-Type", "image/png"),
                List.of(List.of("starts-with", "$Content-Type", "image/")));
        form.fields().put("Content-Type", "text/html");

        assertRefusedAndNothingStored(form, "refused/page.html", 403, "AccessDenied",
                "Invalid according to Policy: Policy Condition failed: [\"starts-with\", \"$Content-Type\","
                        + " \"image/\"]");
    }

    @Test
    void post_ignoredPrefixFieldsNeedNoCondition() throws Exception {
        Presigned form = presign("ignored/field.txt", Map.of(), List.of());
        form.fields().put("x-ignore-submit", "Upload");

        HttpResponse<String> response = post(form.multipart().file("file", "field.txt", "text/plain", CONTENT));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    @Test
    void post_withoutFileField_isInvalidArgument() throws Exception {
        Presigned form = presign("refused/nofile.txt", Map.of(), List.of());

        HttpResponse<String> response = post(form.multipart());

        assertRefused(response, 400, "InvalidArgument", "POST requires exactly one file upload per request.");
        assertThat(keysUnder("refused/nofile.txt")).isEmpty();
    }

    @Test
    void post_withBrokenMultipartBody_isMalformedPostRequest() throws Exception {
        Presigned form = presign("refused/broken.txt", Map.of(), List.of());
        Multipart multipart = form.multipart().file("file", "broken.txt", "text/plain", CONTENT);

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(form.url()))
                .header("Content-Type", multipart.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.buildWithoutClosingDelimiter())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertRefused(response, 400, "MalformedPOSTRequest", "not well-formed multipart/form-data");
        assertThat(keysUnder("refused/broken.txt")).isEmpty();
    }

    @Test
    void post_declaringABodyFarBeyondTheCap_isRefusedBeforeItIsSent() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", s3.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /" + BUCKET + " HTTP/1.1\r\nHost: " + s3.endpoint().getAuthority()
                    + "\r\nContent-Type: multipart/form-data; boundary=cut\r\nContent-Length: 10737418240\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String answer = readUntil(socket.getInputStream(), "</Error>");

            assertThat(answer).startsWith("HTTP/1.1 400").contains("<Code>MaxMessageLengthExceeded</Code>");
        }
    }

    @Test
    void post_fromAnotherOrigin_carriesTheCorsHeadersThePageNeedsToReadTheAnswer() throws Exception {
        Presigned form = presign("cors/upload.txt", Map.of(), List.of());

        HttpResponse<String> response = post(form.url(), form.multipart().file("file", "upload.txt", "text/plain",
                CONTENT), "Origin", PAGE_ORIGIN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(response.headers().firstValue("Access-Control-Expose-Headers")).hasValueSatisfying(
                exposed -> assertThat(exposed).contains("ETag"));
    }

    @Test
    void post_refusedFromAnotherOrigin_stillLetsThePageReadTheError() throws Exception {
        Presigned form = presign("refused/cors.txt", Map.of(), List.of(), -60, ACCESS_KEY_ID, SECRET, null);

        HttpResponse<String> response = post(form.url(), form.multipart().file("file", "cors.txt", "text/plain",
                CONTENT), "Origin", PAGE_ORIGIN);

        assertRefused(response, 403, "AccessDenied", "Policy expired.");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(keysUnder("refused/cors.txt")).isEmpty();
    }

    @Test
    void preflight_forAnAllowedMethod_allowsAnyOriginAndTheRequestedHeaders() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(s3.endpoint() + "/" + BUCKET))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", PAGE_ORIGIN)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type,x-amz-meta-caption").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, PUT, POST, HEAD");
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers"))
                .hasValue("content-type,x-amz-meta-caption");
    }

    @Test
    void preflight_forAMethodTheRuleDoesNotAllow_isForbidden() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(s3.endpoint() + "/" + BUCKET
                + "/some/object.png")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", PAGE_ORIGIN).header("Access-Control-Request-Method", "DELETE").build(),
                HttpResponse.BodyHandlers.ofString());

        assertRefused(response, 403, "AccessForbidden", "CORSResponse");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    /** Posts the form with a small file named as the key's last segment, and checks the refusal left no object. */
    private static void assertRefusedAndNothingStored(Presigned form, String key, int status, String code,
            String message) throws Exception {
        HttpResponse<String> response = post(form.multipart().file("file", key.substring(key.lastIndexOf('/') + 1),
                "text/plain", CONTENT));

        assertRefused(response, status, code, message);
        assertThat(keysUnder(key)).isEmpty();
    }

    @Test
    void browserOnAnotherOrigin_postsAFormAndPutsToAPresignedUrl_andReadsTheAnswers() throws Exception {
        assumeTrue(Files.isExecutable(Programs.CHROMIUM), "no Chromium at " + Programs.CHROMIUM
                + ": the browser upload test is skipped");
        Presigned form = presign("browser/${filename}", Map.of("success_action_status", "201"), List.of());
        String presignedPut;
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            presignedPut = presigner.presignPutObject(put -> put.signatureDuration(Duration.ofMinutes(10))
                    .putObjectRequest(object -> object.bucket(BUCKET).key("browser/put.png").contentType("image/png")))
                    .url().toString();
        }
        HttpServer page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        page.createContext("/", exchange -> {
            byte[] html = "<!doctype html><title>upload page</title>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(html);
            }
        });
        page.start();
        Path driverDirectory = Files.createDirectories(Path.of("target", "playwright"));
        System.setProperty("playwright.driver.tmpdir", driverDirectory.toAbsolutePath().toString());
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Programs.CHROMIUM).setHeadless(true).setArgs(Programs.CHROMIUM_FLAGS))) {
            Page tab = browser.newPage();
            tab.navigate("http://127.0.0.1:" + page.getAddress().getPort() + "/");

            Object posted = tab.evaluate("async ({url, fields}) => { const form = new FormData();"
                    + " for (const [name, value] of Object.entries(fields)) form.append(name, value);"
                    + " form.append('file', new Blob(['from the browser'], {type: 'text/plain'}), 'posted.txt');"
                    + " const response = await fetch(url, {method: 'POST', body: form});"
                    + " return {status: response.status, etag: response.headers.get('ETag'),"
                    + " body: await response.text()}; }", Map.of("url", form.url(), "fields", form.fields()));
            Object put = tab.evaluate("async url => { const response = await fetch(url, {method: 'PUT',"
                    + " headers: {'Content-Type': 'image/png'}, body: new Blob(['put by the browser'])});"
                    + " return {status: response.status, etag: response.headers.get('ETag')}; }", presignedPut);

            String postedTag = client.headObject(head -> head.bucket(BUCKET).key("browser/posted.txt")).eTag();
            assertThat(posted).asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsEntry("status", 201).containsEntry("etag", postedTag)
                    .hasEntrySatisfying("body", body -> assertThat((String) body)
                            .contains("<Key>browser/posted.txt</Key>"));
            assertThat(put).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("status", 200)
                    .containsEntry("etag", client.headObject(head -> head.bucket(BUCKET).key("browser/put.png"))
                            .eTag());
        } finally {
            page.stop(0);
        }
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/xml");
        assertThat(response.body()).contains("<Code>" + code + "</Code>");
        assertThat(response.body()).contains(escaped(message));
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static List<String> keysUnder(String prefix) {
        return client.listObjectsV2(list -> list.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    /** A presigned POST as botocore returns it: where to post, and the fields to post, in its order. */
    private record Presigned(String url, Map<String, String> fields) {

        Multipart multipart() {
            Multipart multipart = new Multipart();
            fields.forEach(multipart::field);
            return multipart;
        }
    }

    private static Presigned presign(String key, Map<String, String> fields, List<Object> conditions)
            throws Exception {
        return presign(key, fields, conditions, 600, ACCESS_KEY_ID, SECRET, null);
    }

    /** Presigns with botocore; the given fields are also added to the conditions, as a form's author adds them. */
    private static Presigned presign(String key, Map<String, String> fields, List<Object> conditions,
            int expiresIn, String accessKeyId, String secret, String token) throws Exception {
        List<Object> allConditions = new ArrayList<>(conditions);
        fields.forEach((name, value) -> {
            if (conditions.stream().noneMatch(condition -> condition instanceof List<?> list
                    && ("$" + name).equals(list.get(1)))) {
                allConditions.add(Map.of(name, value));
            }
        });
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("accessKeyId", accessKeyId);
        request.put("secret", secret);
        request.put("token", token);
        request.put("endpoint", s3.endpoint().toString());
        request.put("bucket", BUCKET);
        request.put("key", key);
        request.put("fields", fields);
        request.put("conditions", allConditions);
        request.put("expiresIn", expiresIn);
        Process python = new ProcessBuilder("python3", "-c", PRESIGN).start();
        try (OutputStream in = python.getOutputStream()) {
            JSON.writeValue(in, request);
        }
        byte[] out = python.getInputStream().readAllBytes();
        String err = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(err).isZero();
        JsonNode post = JSON.readTree(out);
        Map<String, String> presignedFields = new LinkedHashMap<>();
        post.get("fields").fields().forEachRemaining(field -> presignedFields.put(field.getKey(),
                field.getValue().asText()));
        return new Presigned(post.get("url").asText(), presignedFields);
    }

    private static HttpResponse<String> post(Multipart form) throws Exception {
        return post(s3.endpoint() + "/" + BUCKET, form);
    }

    private static HttpResponse<String> post(String url, Multipart form, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.build()));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while (!read.toString(StandardCharsets.UTF_8).contains(end) && (n = in.read(buffer)) >= 0) {
            read.write(buffer, 0, n);
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    private static boolean botocoreAvailable() {
        if (!Programs.onPath("python3")) {
            return false;
        }
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import botocore").redirectErrorStream(true)
                    .start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
