package com.example.blog.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.example.blog.local.template.HttpRoute;

class RouteTableTest {

    private static HttpRoute route(String method, String path, String function) {
        return new HttpRoute(method, path, function, Optional.empty(), List.of());
    }

    private final RouteTable table = new RouteTable(List.of(
            route("GET", "/blogs", "List"),
            route("GET", "/blogs/{id}", "Get"),
            route("GET", "/blogs/latest", "Latest"),
            route("ANY", "/blogs/{id}", "AnyBlog"),
            route("GET", "/files/{path+}", "Files")));

    @Test
    void match_prefersLiteralSegmentsThenExactMethods() {
        assertThat(table.match("GET", "/blogs/latest")).map(m -> m.route().functionLogicalId()).hasValue("Latest");
        assertThat(table.match("GET", "/blogs/42")).map(m -> m.route().functionLogicalId()).hasValue("Get");
        assertThat(table.match("PATCH", "/blogs/42")).map(m -> m.route().functionLogicalId()).hasValue("AnyBlog");
        assertThat(table.match("GET", "/blogs/42").orElseThrow().pathParameters()).isEqualTo(Map.of("id", "42"));
    }

    @Test
    void match_bindsGreedyParametersToTheRestOfThePath() {
        RouteTable.Match match = table.match("GET", "/files/a/b%20c.txt").orElseThrow();

        assertThat(match.route().functionLogicalId()).isEqualTo("Files");
        assertThat(match.pathParameters()).isEqualTo(Map.of("path", "a/b c.txt"));
    }

    @Test
    void match_whenNothingFits_isEmptyUnlessThereIsADefaultRoute() {
        assertThat(table.match("POST", "/blogs")).isEmpty();
        assertThat(table.match("GET", "/blogs/1/comments")).isEmpty();
        assertThat(table.match("GET", "/")).isEmpty();

        RouteTable withDefault = new RouteTable(List.of(route("GET", "/blogs", "List"),
                route("ANY", "$default", "Fallback")));
        assertThat(withDefault.match("DELETE", "/anything")).map(m -> m.route().functionLogicalId())
                .hasValue("Fallback");
    }
}
