package com.example.blog.service;

import java.util.Set;

/**
 * The If-Match precondition of a write: {@code *} (any current version) or a set of versions taken from strong
 * entity tags. An empty set never matches (for example when only weak tags were sent, which If-Match ignores).
 */
public record IfMatch(boolean any, Set<Long> versions) {

    public static final IfMatch ANY = new IfMatch(true, Set.of());

    public IfMatch {
        versions = Set.copyOf(versions);
    }

    public boolean matches(long version) {
        return any || versions.contains(version);
    }
}
