package com.example.blog.handler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.blog.async.Deadline;
import com.example.blog.config.BlogConfig;
import com.example.blog.config.ClientFactory;
import com.example.blog.http.BlogForms;
import com.example.blog.http.ProblemException;
import com.example.blog.http.ProblemType;
import com.example.blog.http.Responses;
import com.example.blog.http.UploadRequests;
import com.example.blog.repository.BlogRepository;
import com.example.blog.repository.PageCursor;
import com.example.blog.service.Blog;
import com.example.blog.service.BlogPage;
import com.example.blog.service.BlogService;
import com.example.blog.service.BlogSummary;
import com.example.blog.service.ImageUploads;
import com.example.blog.storage.ImageStore;
import com.example.blog.storage.ImageType;
import com.example.blog.storage.S3ImageStore;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * SnapStart runtime hooks. Before the snapshot, the function's request path is run once so that the classes it needs
 * are loaded and initialised inside the snapshot instead of in the first request of every restored environment; then
 * every AWS client is closed, because pooled connections would be long dead when the snapshot is restored. After the
 * restore the clients that were open are built again, before the first request arrives.
 *
 * <p>Two functions' paths are primed: the posts' (the API functions but the upload one) and the upload form's.
 * Priming never changes data: what it parses and renders stays in memory; presigning and form signing are local
 * computation; the only calls that leave the process are reads (a Data API SELECT of a post that cannot exist, the
 * first page of posts, an S3 HEAD of a key under {@code images/} that is never written, the role's credentials for
 * a form that is never posted), each bounded by {@link #CALL_BUDGET}.
 * Any failure of priming (no network, a paused database, a missing permission) is swallowed: an unprimed snapshot is
 * slower, a failed snapshot is an outage.
 *
 * <p>Ids are not made here: {@link BlogService} draws them per request from {@code UUID.randomUUID()}, backed by
 * {@code SecureRandom}, which Lambda documents as safe across restores, so restored environments do not share them.
 */
public final class SnapStartPriming implements Resource {

    /** The value of AWS_LAMBDA_INITIALIZATION_TYPE while Lambda initialises a SnapStart version. */
    static final String SNAP_START = "snap-start";
    /**
     * All calls of one priming together: ample for round trips to an awake cluster and S3, short enough that a
     * resuming cluster does not hold up the snapshot for long.
     */
    static final Duration CALL_BUDGET = Duration.ofSeconds(4);
    /** The nil UUID: never made by {@code UUID.randomUUID()}, so no post has it. */
    static final UUID NO_SUCH_POST = new UUID(0, 0);
    static final String NO_SUCH_IMAGE = ImageStore.IMAGE_PREFIX + "snapstart-priming-never-written.png";
    /** A complete 1x1 PNG, so that priming runs the structure check the way a real upload does. */
    private static final byte[] SAMPLE_PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    private static final String BOUNDARY = "priming-boundary";
    /** An HTTP API event with every structure the handlers read, for the handlers' own decoder. */
    private static final String PRIMING_EVENT = "{\"version\":\"2.0\",\"routeKey\":\"GET /blogs/{id}\","
            + "\"headers\":{\"if-match\":\"*\"},\"pathParameters\":{\"id\":\"" + NO_SUCH_POST + "\"},"
            + "\"cookies\":[\"c=1\"],\"requestContext\":{\"timeEpoch\":1,\"http\":{\"method\":\"GET\"},"
            + "\"authorizer\":{\"jwt\":{\"claims\":{\"sub\":\"priming\"},\"scopes\":[]}}},"
            + "\"body\":\"e30=\",\"isBase64Encoded\":true}";
    /** Whose upload form priming signs. The form is never posted, so nothing is ever written under its key. */
    private static final String PRIMING_AUTHOR = "snapstart-priming";

    /** What priming needs from the clients: {@link ClientFactory} in production. */
    interface Clients {

        /** The S3 client if this function built one; functions that never write images do not build it. */
        Optional<S3AsyncClient> s3ClientIfBuilt();

        S3Presigner presigner();

        void closeAll();

        void reopen();
    }

    /** Held here because CRaC contexts may keep only weak references to their resources. */
    private static SnapStartPriming registered;

    private final Primed primed;
    private final Clients clients;
    private final Consumer<String> log;

    /** The request path a function primes: only what its own role may do. */
    sealed interface Primed permits Posts, UploadForms {
    }

    /** The posts' path: every API function but the upload one. */
    record Posts(BlogRepository repository, ImageStore images, BlogConfig config) implements Primed {
    }

    /** The upload form's path: its role may not read the database or images/, the posts' may not put uploads/. */
    record UploadForms(ImageUploads uploads) implements Primed {
    }

    private SnapStartPriming(Primed primed, Clients clients, Consumer<String> log) {
        this.primed = primed;
        this.clients = clients;
        this.log = log;
    }

    /**
     * Registers the hooks with the runtime's global context, once per execution environment. Called only in one that
     * is being initialised for a snapshot ({@link BlogComponents} checks {@link #SNAP_START}): an on-demand
     * environment never checkpoints, and loading the hooks there would only add to its cold start.
     */
    static void registerOnce(BlogRepository repository, ImageStore images, BlogConfig config,
                             ClientFactory factory) {
        registerOnce(new Posts(repository, images, config), factory);
    }

    /** As {@link #registerOnce(BlogRepository, ImageStore, BlogConfig, ClientFactory)}, for the upload function. */
    static void registerUploadsOnce(ImageUploads uploads, ClientFactory factory) {
        registerOnce(new UploadForms(uploads), factory);
    }

    private static synchronized void registerOnce(Primed primed, ClientFactory factory) {
        if (registered == null) {
            registered = register(Core.getGlobalContext(), primed, factoryClients(factory), System.err::println);
        }
    }

    static SnapStartPriming register(Context<Resource> context, Primed primed, Clients clients,
                                     Consumer<String> log) {
        SnapStartPriming priming = new SnapStartPriming(primed, clients, log);
        context.register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        primeInMemory();
        primeCalls();
        clients.closeAll();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        clients.reopen();
    }

    /** Parsing, validation, JSON and presigning: the per-request work that needs no network. */
    void primeInMemory() {
        attempt("event decoding", () -> {
            try {
                HttpApiEvents.read(new ByteArrayInputStream(PRIMING_EVENT.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (primed instanceof Posts posts) {
            primePostsInMemory(posts.images(), posts.config());
        } else if (primed instanceof UploadForms) {
            attempt("upload form request", () -> UploadRequests.parse(event("application/json",
                    "{\"contentType\":\"image/png\"}", false)));
        }
    }

    private void primePostsInMemory(ImageStore images, BlogConfig config) {
        attempt("request parsing", () -> {
            BlogForms forms = new BlogForms(config.imageMaxBytes());
            forms.parse(multipartEvent(), false);
            forms.parse(jsonEvent(), true);
        });
        attempt("responses", () -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS); // as the database stores it
            Blog blog = new Blog(NO_SUCH_POST, "Priming", "priming", "Priming", null, now, now, 1);
            render(Responses.blog(201, blog, Map.of("location", "/blogs/" + blog.id())));
            BlogSummary summary = new BlogSummary(NO_SUCH_POST, "Priming", "priming", "Priming", null, now, now, 1);
            Responses.page(new BlogPage(List.of(summary), Optional.of(new PageCursor(now, NO_SUCH_POST))));
            Responses.problem(new ProblemException(ProblemType.NOT_FOUND, "Priming"), "priming", "/blogs");
        });
        attempt("image URL", () -> images.urlFor(NO_SUCH_IMAGE));
        clients.s3ClientIfBuilt().ifPresent(s3 -> attempt("upload request", () -> clients.presigner()
                // The async client has no dry run: presigning marshals a PutObject with the upload's marshaller and
                // signs it with the same SigV4 signer, and sends nothing.
                .presignPutObject(request -> request
                        .signatureDuration(Duration.ofMinutes(1))
                        .putObjectRequest(put -> put
                                .bucket(config.bucket())
                                .key(NO_SUCH_IMAGE)
                                .contentType("image/png")
                                .contentLength((long) SAMPLE_PNG.length)
                                .cacheControl(S3ImageStore.CACHE_CONTROL)))));
    }

    /** Read-only calls through the real clients: TLS, signing, (un)marshalling and error mapping. */
    void primeCalls() {
        Deadline deadline = Deadline.after(CALL_BUDGET);
        if (primed instanceof Posts posts) {
            attempt("Data API read", () -> await(posts.repository().find(NO_SUCH_POST, deadline)));
            attempt("Data API list", () -> await(posts.repository().list(1, null, deadline)));
            clients.s3ClientIfBuilt().ifPresent(s3 -> attempt("S3 read", () -> await(s3.headObject(
                    request -> request
                            .bucket(posts.config().bucket())
                            .key(NO_SUCH_IMAGE)
                            .overrideConfiguration(o -> o.apiCallTimeout(deadline.callTimeout(CALL_BUDGET)))))));
        } else if (primed instanceof UploadForms forms) {
            // Resolves the role's credentials (the one call) and signs a form that nobody is ever sent.
            attempt("upload form", () -> render(UploadRequests.response(
                    await(forms.uploads().start(PRIMING_AUTHOR, ImageType.PNG)))));
        }
    }

    /** Writes a response as the handlers do, to nowhere. */
    private static void render(APIGatewayV2HTTPResponse response) {
        try {
            HttpApiEvents.write(response, OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T await(CompletableFuture<T> call) {
        // The calls' own timeouts end them first; this bound only guards against one that never completes.
        return call.orTimeout(CALL_BUDGET.toMillis() * 2, TimeUnit.MILLISECONDS).join();
    }

    /** Expected failures (a 404, no network) still did their job of loading the code; none may stop the snapshot. */
    private void attempt(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.accept("SnapStart priming: " + what + " ended with " + e);
        }
    }

    private static APIGatewayV2HTTPEvent multipartEvent() {
        String head = "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"title\"\r\n\r\nPriming\r\n"
                + "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"content\"\r\n\r\nPriming\r\n"
                + "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"image\"; filename=\"p.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n";
        String tail = "\r\n--" + BOUNDARY + "--\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
        byte[] tailBytes = tail.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[headBytes.length + SAMPLE_PNG.length + tailBytes.length];
        System.arraycopy(headBytes, 0, body, 0, headBytes.length);
        System.arraycopy(SAMPLE_PNG, 0, body, headBytes.length, SAMPLE_PNG.length);
        System.arraycopy(tailBytes, 0, body, headBytes.length + SAMPLE_PNG.length, tailBytes.length);
        return event("multipart/form-data; boundary=" + BOUNDARY, Base64.getEncoder().encodeToString(body), true);
    }

    private static APIGatewayV2HTTPEvent jsonEvent() {
        return event("application/json", "{\"title\":\"Priming\",\"content\":\"Priming\",\"removeImage\":true}",
                false);
    }

    private static APIGatewayV2HTTPEvent event(String contentType, String body, boolean base64) {
        return APIGatewayV2HTTPEvent.builder()
                .withHeaders(Map.of("content-type", contentType))
                .withBody(body)
                .withIsBase64Encoded(base64)
                .build();
    }

    private static Clients factoryClients(ClientFactory factory) {
        return new Clients() {
            @Override
            public Optional<S3AsyncClient> s3ClientIfBuilt() {
                return factory.s3ClientIfBuilt();
            }

            @Override
            public S3Presigner presigner() {
                return factory.s3Presigner();
            }

            @Override
            public void closeAll() {
                factory.closeAll();
            }

            @Override
            public void reopen() {
                factory.reopen();
            }
        };
    }
}
