package com.example.blog.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import com.example.blog.repository.BlogRecord;
import com.example.blog.storage.ImageStore;

/** The rows-and-objects invariant every request must leave behind. */
public final class Invariant {

    private Invariant() {
    }

    public static void assertHolds(InMemoryBlogRepository repository, InMemoryImageStore images) {
        Set<String> referenced = repository.rows().values().stream()
                .map(BlogRecord::imageKey)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        // Uploads not yet taken by a post are the client's, referenced by nothing until then.
        assertThat(images.objects().keySet().stream().filter(key -> key.startsWith(ImageStore.IMAGE_PREFIX)))
                .as("objects under images/ are exactly the images rows reference")
                .containsExactlyInAnyOrderElementsOf(referenced);
    }
}
