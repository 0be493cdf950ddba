package com.example.blog.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.blog.async.Completions;
import com.example.blog.async.Deadline;
import com.example.blog.service.BlogException.ImageRejected;
import com.example.blog.service.BlogException.ImageRejected.Reason;
import com.example.blog.storage.ImageStore;
import com.example.blog.storage.ImageType;
import com.example.blog.storage.UploadForm;

/**
 * Images too large for a request body: the client asks for an upload form, posts the file straight to the bucket
 * under a key chosen here, then creates or updates a post naming that key. Nothing the client uploaded is trusted:
 * before a post takes an upload, its size, magic bytes and structure are checked exactly as an image sent in the
 * request would be, and only the checked bytes (pinned by their entity tag) are copied under {@code images/}.
 *
 * <p>Keys are {@code uploads/<owner>/<uuid>.<ext>}, where the owner is a hash of the author: a post may only take an
 * upload its own author started, and the extension fixes the one Content-Type the form allowed.
 */
public final class ImageUploads {

    /** The field of a create or update that names an upload. */
    public static final String FIELD = "imageUpload";
    private static final Pattern KEY = Pattern.compile(
            Pattern.quote(ImageStore.UPLOAD_PREFIX) + "([0-9a-f]{32})/[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}"
                    + "\\.([a-z]+)");

    private final ImageStore images;
    private final long maxBytes;
    private final Duration ttl;
    private final Supplier<UUID> ids;

    public ImageUploads(ImageStore images, long maxBytes, Duration ttl) {
        this(images, maxBytes, ttl, UUID::randomUUID);
    }

    ImageUploads(ImageStore images, long maxBytes, Duration ttl, Supplier<UUID> ids) {
        this.images = images;
        this.maxBytes = maxBytes;
        this.ttl = ttl;
        this.ids = ids;
    }

    /** A started upload: the key to name in the post, and the form that puts the file there. */
    public record Upload(String key, UploadForm form, long maxBytes) {
    }

    /** An upload named by a request, known to be the caller's and of this type; its content is not checked yet. */
    record Reference(String key, ImageType type) {
    }

    /** An upload whose bytes were checked: the entity tag pins the version that passed. */
    record Checked(Reference reference, String etag) {
    }

    /** A form for one image of {@code type} by {@code author}, good for the configured time. */
    public CompletableFuture<Upload> start(String author, ImageType type) {
        String key = ImageStore.UPLOAD_PREFIX + owner(author) + "/" + ids.get() + "." + type.extension();
        return images.uploadForm(key, type.contentType(), maxBytes, ttl)
                .thenApply(form -> new Upload(key, form, maxBytes));
    }

    /** Checks the key's shape and owner, without I/O. */
    Reference reference(String author, String key) {
        Matcher matcher = KEY.matcher(key);
        Optional<ImageType> type = matcher.matches() ? ImageType.ofKey(key) : Optional.empty();
        if (type.isEmpty() || !type.get().extension().equals(matcher.group(2))) {
            throw new ImageRejected(Reason.INVALID, FIELD, "must be a key returned by POST /uploads",
                    "The imageUpload field does not name an upload.");
        }
        if (!matcher.group(1).equals(owner(author))) {
            throw new ImageRejected(Reason.INVALID, FIELD, "must be an upload you started",
                    "The upload was started by another user.");
        }
        return new Reference(key, type.get());
    }

    /**
     * Reads the upload and checks it as a request's image would be checked. A rejected upload is deleted (nobody can
     * use it), but one that was not found or could not be read is left alone.
     */
    CompletableFuture<Checked> check(Reference reference, Deadline deadline) {
        return images.read(reference.key(), maxBytes, deadline).thenCompose(found -> {
            if (found.isEmpty()) {
                return CompletableFuture.failedFuture(new ImageRejected(Reason.INVALID, FIELD,
                        "was not found: an upload is taken by one post, and unused ones expire",
                        "No upload has the key " + reference.key() + "; upload the image again."));
            }
            Optional<ImageRejected> problem = problem(found.get().bytes(), reference.type());
            if (problem.isEmpty()) {
                return CompletableFuture.completedFuture(new Checked(reference, found.get().etag()));
            }
            return images.delete(reference.key()).handle((ignored, error) -> {
                if (error != null) {
                    deadline.log("WARN rejected upload left for the sweep, key=" + reference.key() + ": "
                            + Completions.unwrap(error));
                }
                throw problem.get();
            });
        });
    }

    private Optional<ImageRejected> problem(byte[] bytes, ImageType declared) {
        if (bytes.length == 0) {
            return Optional.of(new ImageRejected(Reason.INVALID, FIELD, "is empty", "The uploaded file is empty."));
        }
        if (bytes.length > maxBytes) {
            return Optional.of(new ImageRejected(Reason.TOO_LARGE, FIELD, "must be at most " + maxBytes + " bytes",
                    "The uploaded image has more than " + maxBytes + " bytes."));
        }
        Optional<ImageType> actual = ImageType.detect(bytes);
        if (actual.isEmpty() || actual.get() != declared) {
            return Optional.of(new ImageRejected(Reason.UNSUPPORTED, FIELD,
                    "must be a " + declared.contentType() + " image, as the upload declared",
                    "The uploaded file is not the " + declared.contentType() + " image its upload declared."));
        }
        if (!declared.isWellFormed(bytes)) {
            return Optional.of(new ImageRejected(Reason.UNSUPPORTED, FIELD,
                    "must be a complete, well-formed image",
                    "The uploaded file starts like a " + declared.contentType()
                            + " image but is not a complete, well-formed one."));
        }
        return Optional.empty();
    }

    /** Copies the checked bytes to {@code key} under {@code images/}. */
    CompletableFuture<Void> copyTo(Checked checked, String key, Deadline deadline) {
        return images.copy(checked.reference().key(), checked.etag(), key, checked.reference().type().contentType(),
                deadline).exceptionally(error -> {
                    if (Completions.unwrap(error) instanceof ImageStore.SourceChangedException) {
                        throw new ImageRejected(Reason.INVALID, FIELD, "changed while it was being taken",
                                "The upload was replaced or removed while the post was being saved; try again.");
                    }
                    throw error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
                });
    }

    /** Removes an upload a post has taken; a failure leaves it to the sweep, the post stands either way. */
    CompletableFuture<Void> taken(Reference reference, Deadline deadline) {
        return images.delete(reference.key()).exceptionally(error -> {
            deadline.log("WARN taken upload left for the sweep, key=" + reference.key() + ": "
                    + Completions.unwrap(error));
            return null;
        });
    }

    /**
     * The author as it appears in upload keys: not the name itself, which may hold any character and need not be
     * shown to whoever sees a key.
     */
    static String owner(String author) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(author.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
