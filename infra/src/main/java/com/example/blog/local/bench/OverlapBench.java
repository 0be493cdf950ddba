package com.example.blog.local.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.example.blog.local.runtime.LocalLambda;
import com.example.blog.local.stack.LocalStack;
import com.example.blog.local.template.FunctionDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How far create-with-image and update-with-image overlap their Data API and S3 calls: with a delay injected into
 * every call, each invocation's latency against the sum of its calls' latencies.
 */
final class OverlapBench {

    private final Invocations invocations;
    private final long delayMillis;
    private final int runs;

    OverlapBench(Invocations invocations, long delayMillis, int runs) {
        this.invocations = invocations;
        this.delayMillis = delayMillis;
        this.runs = runs;
    }

    /** Creates with {@code createEvent}, then updates each new post with {@code updateTemplate} aimed at it. */
    Overlap measure(Path oursRoot, FunctionDefinition create, FunctionDefinition update, byte[] createEvent,
            ObjectNode updateTemplate) throws IOException {
        BenchStack backend = invocations.backend();
        List<Double> createRatios = new ArrayList<>();
        List<Double> updateRatios = new ArrayList<>();
        List<Double> createMillis = new ArrayList<>();
        List<Double> createSums = new ArrayList<>();
        List<Double> updateMillis = new ArrayList<>();
        List<Double> updateSums = new ArrayList<>();
        int createCalls = 0;
        int updateCalls = 0;
        try (LocalLambda lambda = invocations.lambda(oursRoot, List.of(
                LocalStack.functionSpec(create), LocalStack.functionSpec(update)))) {
            // Untimed: the cold starts, then enough invocations that the composition, not the interpreter, is what
            // the timed ones measure.
            backend.setDelay(0);
            for (int i = 0; i < Invocations.WARM_UP; i++) {
                String id = Invocations.createdId(invocations.invoke(lambda, create.logicalId(), createEvent));
                Invocations.requireSuccess(invocations.invoke(lambda, update.logicalId(),
                        updateEvent(updateTemplate, id)));
            }
            backend.setDelay(delayMillis);
            for (int i = 0; i < runs; i++) {
                Invocations.Timed created = invocations.timed(lambda, create.logicalId(), createEvent);
                createMillis.add(created.durationMillis());
                createSums.add(created.sequentialMillis());
                createRatios.add(created.durationMillis() / created.sequentialMillis());
                createCalls = created.calls();
                Invocations.Timed updated = invocations.timed(lambda, update.logicalId(),
                        updateEvent(updateTemplate, Invocations.createdId(created.result())));
                updateMillis.add(updated.durationMillis());
                updateSums.add(updated.sequentialMillis());
                updateRatios.add(updated.durationMillis() / updated.sequentialMillis());
                updateCalls = updated.calls();
            }
        } finally {
            backend.setDelay(0);
        }
        return new Overlap(delayMillis, Stats.median(createMillis), Stats.median(createSums),
                Stats.median(createRatios), createCalls, Stats.median(updateMillis), Stats.median(updateSums),
                Stats.median(updateRatios), updateCalls);
    }

    private static byte[] updateEvent(ObjectNode template, String id) throws IOException {
        ObjectNode event = template.deepCopy();
        event.put("rawPath", "/blogs/" + id);
        event.withObject("/pathParameters").put("id", id);
        JsonNode context = event.get("requestContext");
        if (context instanceof ObjectNode requestContext && requestContext.get("http") instanceof ObjectNode http) {
            http.put("path", "/blogs/" + id);
        }
        return Invocations.JSON.writeValueAsBytes(event);
    }

    /** The overlap figures: medians of latency, of the sum of the calls' latencies, and of their ratio per run. */
    record Overlap(long delayMillis, double createMillis, double createSequentialMillis, double createRatio,
            int createCalls, double updateMillis, double updateSequentialMillis, double updateRatio,
            int updateCalls) {
    }
}
