package com.example.blog.repository;

import java.util.Optional;

/**
 * What claiming a key found.
 *
 * @param claimed     this request holds the key and runs
 * @param fingerprint the body fingerprint of the request that holds or held the key (when not claimed)
 * @param response    the stored response (when the key's request has completed)
 */
public record IdempotencyClaim(boolean claimed, String fingerprint, Optional<StoredResponse> response) {

    public static IdempotencyClaim granted() {
        return new IdempotencyClaim(true, null, Optional.empty());
    }
}
