package com.example.blog.local.api;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * Where the route scenarios run: the blog API over HTTP, plus direct access to the table and the bucket behind it so
 * a test can check what a request left there without going through the API it is testing.
 */
interface ApiEnvironment extends AutoCloseable {

    /** A short description for reports, e.g. which S3 and Data API the functions talk to. */
    String description();

    URI apiUrl();

    /** A bearer token the API's JWT authorizer accepts for this user. */
    String tokenFor(String user);

    /** Every row of the blogs table. */
    List<BlogRow> rows();

    /** Every object key under {@code images/} in the image bucket. */
    default Set<String> imageObjects() {
        return objects("images/");
    }

    /** Every object key under the prefix in the image bucket. */
    Set<String> objects(String prefix);

    /** An object's bytes. */
    byte[] object(String key);

    @Override
    void close();
}
