package com.example.blog.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack reads the artifact's schema with the deployment's own reader and splitter. */
class SchemaTest {

    @TempDir
    Path taskRoot;

    @Test
    void scripts_areSplitIntoStatementsInVersionOrderAsADeploymentDoes() throws IOException {
        jar("lib/a.jar", Map.of("db/schema/V002__second.sql", "create table b (x text default ';');\n-- done\n",
                "db/schema/V001__first.sql", "create table a (x int); create index on a (x);"));
        jar("lib/other.jar", Map.of("readme.txt", "no schema here"));

        var scripts = Schema.scripts(taskRoot);

        assertThat(scripts).extracting(Schema.Located::name)
                .containsExactly("a.jar!/db/schema/V001__first.sql", "a.jar!/db/schema/V002__second.sql");
        assertThat(scripts.get(0).script().statements())
                .containsExactly("create table a (x int)", "create index on a (x)");
        assertThat(scripts.get(1).script().statements()).containsExactly("create table b (x text default ';')");
    }

    @Test
    void scripts_whenAScriptCannotBeSplit_failsAsTheDeploymentWould() throws IOException {
        jar("lib/a.jar", Map.of("db/schema/V001__broken.sql", "create table a (x text default 'never closed);"));

        assertThatThrownBy(() -> Schema.scripts(taskRoot)).hasMessageContaining("V001__broken.sql")
                .hasMessageContaining("Unterminated string literal");
    }

    @Test
    void scripts_whenTwoJarsShipTheSameVersion_fails() throws IOException {
        jar("lib/a.jar", Map.of("db/schema/V001__one.sql", "select 1;"));
        jar("lib/b.jar", Map.of("db/schema/V001__other.sql", "select 2;"));

        assertThatThrownBy(() -> Schema.scripts(taskRoot)).hasMessageContaining("same schema version");
    }

    private void jar(String name, Map<String, String> files) throws IOException {
        Path path = taskRoot.resolve(name);
        Files.createDirectories(path.getParent());
        try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                jar.putNextEntry(new JarEntry(file.getKey()));
                jar.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
    }
}
