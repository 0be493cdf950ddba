package com.example.blog.local.template;

/**
 * A JWT authorizer of an HTTP API. The issuer and audience of the template name the deployed user pool; the local
 * stack verifies its own tokens instead, so only the name and where the token comes from matter here.
 *
 * @param name           the authorizer's name in the template
 * @param identitySource where the token is, e.g. {@code $request.header.Authorization}
 */
public record JwtAuthorizerDefinition(String name, String identitySource) {

    /** The request header holding the token (lower case), from an identity source of the header form. */
    public String headerName() {
        String prefix = "$request.header.";
        if (!identitySource.startsWith(prefix)) {
            throw new TemplateException("authorizer " + name + ": identity source " + identitySource
                    + " is not supported locally; use $request.header.<name>");
        }
        return identitySource.substring(prefix.length()).toLowerCase(java.util.Locale.ROOT);
    }
}
