package com.example.blog.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.blog.http.Json;
import com.example.blog.repository.IdempotencyRepository;
import com.example.blog.async.Deadline;
import com.example.blog.service.OrphanSweeper;

/**
 * The scheduled orphan sweep, which also deletes abandoned uploads and expired Idempotency-Key rows. Takes any
 * event (the schedule's own, or {@code {"startAfter": "images/..."}} to resume
 * a run that stopped for time) and answers with what it did; see {@link OrphanSweeper}.
 */
public final class SweepOrphanImagesHandler implements RequestStreamHandler {

    private final OrphanSweeper sweeper;
    private final IdempotencyRepository idempotencyKeys;

    public SweepOrphanImagesHandler() {
        this(BlogComponents.orphanSweeper(), BlogComponents.idempotencyRepository());
    }

    SweepOrphanImagesHandler(OrphanSweeper sweeper, IdempotencyRepository idempotencyKeys) {
        this.sweeper = sweeper;
        this.idempotencyKeys = idempotencyKeys;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String text = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        Map<String, Object> event = text.isBlank() ? Map.of() : Json.parseObject(text);
        String startAfter = event.get("startAfter") instanceof String key ? key : null;
        Deadline deadline = Deadline.of(context);
        OrphanSweeper.Report report;
        OrphanSweeper.UploadReport uploads;
        long expiredKeys;
        try {
            // Abandoned uploads and expired Idempotency-Key rows are the other things nothing else removes; the three
            // sweeps are independent and overlap.
            Map.Entry<Map.Entry<OrphanSweeper.Report, OrphanSweeper.UploadReport>, Long> done = sweeper
                    .sweep(startAfter, deadline)
                    .thenCombine(sweeper.sweepUploads(deadline), Map::entry)
                    .thenCombine(idempotencyKeys.deleteExpired(deadline), Map::entry)
                    .join();
            report = done.getKey().getKey();
            uploads = done.getKey().getValue();
            expiredKeys = done.getValue();
        } catch (CompletionException e) {
            // The scheduler retries a failed invocation; its error should name the cause, not the wrapper.
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("scanned", report.scanned());
        answer.put("deleted", report.deleted());
        answer.put("keptTooYoung", report.tooYoung());
        answer.put("rowsWithMissingObject", report.missing());
        answer.put("complete", report.complete());
        answer.put("resumeAfter", report.resumeAfter());
        answer.put("abandonedUploadsDeleted", uploads.deleted());
        answer.put("uploadsComplete", uploads.complete());
        answer.put("expiredIdempotencyKeysDeleted", expiredKeys);
        output.write(Json.write(answer).getBytes(StandardCharsets.UTF_8));
    }
}
