package com.example.blog.local.gateway;

import java.util.Optional;

/**
 * What the gateway serves besides the API: requests no route matches are offered here first (a static site, a sign-in
 * page), and only when this answers nothing does the gateway send API Gateway's 404.
 */
@FunctionalInterface
public interface SiteContent {

    /** The answer to a request no API route matched; empty when the path is not the site's either. */
    Optional<GatewayResponse> answer(GatewayRequest request);
}
