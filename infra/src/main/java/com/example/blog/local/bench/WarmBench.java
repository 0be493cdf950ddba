package com.example.blog.local.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.example.blog.local.runtime.FunctionSpec;
import com.example.blog.local.runtime.LocalLambda;

/** What a warm function adds to its backend calls: handler time minus the time its calls were in flight. */
final class WarmBench {

    private final Invocations invocations;
    private final int count;

    WarmBench(Invocations invocations, int count) {
        this.invocations = invocations;
        this.count = count;
    }

    /** Warm invocations of one function: handler time, backend time and the difference. */
    Warm measure(Path taskRoot, FunctionSpec function, byte[] event) {
        List<Double> handler = new ArrayList<>();
        List<Double> backend = new ArrayList<>();
        List<Double> overhead = new ArrayList<>();
        invocations.backend().setDelay(0);
        try (LocalLambda lambda = invocations.lambda(taskRoot, List.of(function))) {
            Invocations.requireSuccess(invocations.invoke(lambda, function.name(), event));
            for (int i = 0; i < count; i++) {
                Invocations.Timed timed = invocations.timed(lambda, function.name(), event);
                handler.add(timed.durationMillis());
                backend.add(timed.backendMillis());
                overhead.add(timed.durationMillis() - timed.backendMillis());
            }
        }
        return new Warm(count, Stats.median(handler), Stats.median(backend), Stats.median(overhead),
                Stats.percentile(overhead, 99));
    }

    /** Warm get-blog invocations: handler time, backend time (union of call intervals), and their difference. */
    record Warm(int invocations, double handlerMedianMillis, double backendMedianMillis, double overheadMedianMillis,
            double overheadP99Millis) {
    }
}
