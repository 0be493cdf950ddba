package com.example.blog.local.s3;

import java.util.List;

import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.domain.internal.PageSetImpl;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/**
 * The filesystem blob store without its directories in flat listings. jclouds keeps {@code images/a.png} as a file
 * in a directory {@code images}, and lists that directory as an entry of its own; s3proxy turns it into a key
 * {@code images/} (of the directory's size, 4096) when no delimiter is given. S3 has no directories: a listing holds
 * only what was put. With a delimiter the directory stays, as the common prefix it stands for.
 */
final class DirectoryFreeBlobStore extends ForwardingBlobStore {

    DirectoryFreeBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
        PageSet<? extends StorageMetadata> page = super.list(container, options);
        if (options.getDelimiter() != null || !options.isRecursive()) {
            return page;
        }
        List<StorageMetadata> objects = page.stream()
                .filter(metadata -> metadata.getType() != StorageType.FOLDER
                        && metadata.getType() != StorageType.RELATIVE_PATH)
                .map(StorageMetadata.class::cast)
                .toList();
        return new PageSetImpl<>(objects, page.getNextMarker());
    }
}
