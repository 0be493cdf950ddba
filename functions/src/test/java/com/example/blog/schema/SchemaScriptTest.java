package com.example.blog.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaScriptTest {

    @TempDir
    Path temp;

    @Test
    void fromOwnArtifact_readsTheProjectsSchemaFilesInVersionOrder() {
        var scripts = SchemaScript.fromOwnArtifact();

        assertThat(scripts).isNotEmpty();
        assertThat(scripts.get(0).name()).isEqualTo("V001__create_blogs.sql");
        assertThat(scripts.get(0).statements()).anySatisfy(sql -> assertThat(sql)
                .startsWith("CREATE TABLE IF NOT EXISTS blogs"));
        assertThat(scripts).allSatisfy(script -> assertThat(script.statements()).isNotEmpty()
                .allSatisfy(sql -> assertThat(sql).doesNotEndWith(";").doesNotStartWith("--")));
        assertThat(scripts).extracting(SchemaScript::version).isSorted();
    }

    @Test
    void fromLocation_whenJarHoldsScripts_ordersThemByNumberNotByName() throws IOException {
        Path jar = jar("db/schema/V10__later.sql", "SELECT 10;",
                "db/schema/V2__second.sql", "SELECT 2;",
                "db/schema/V001__first.sql", "SELECT 1; SELECT 11;",
                "db/schema/README.md", "not a script",
                "db/schema/nested/V3__ignored.sql", "SELECT 3;",
                "other/V4__elsewhere.sql", "SELECT 4;");

        var scripts = SchemaScript.fromLocation(jar);

        assertThat(scripts).extracting(SchemaScript::name)
                .containsExactly("V001__first.sql", "V2__second.sql", "V10__later.sql");
        assertThat(scripts.get(0).statements()).containsExactly("SELECT 1", "SELECT 11");
    }

    @Test
    void fromLocation_whenDirectoryHoldsScripts_readsThemLikeAJar() throws IOException {
        Path classes = Files.createDirectories(temp.resolve("classes/db/schema")).getParent().getParent();
        Files.writeString(classes.resolve("db/schema/V1__only.sql"), "CREATE TABLE x (id int);");

        assertThat(SchemaScript.fromLocation(classes)).singleElement()
                .satisfies(script -> assertThat(script.statements()).containsExactly("CREATE TABLE x (id int)"));
    }

    @Test
    void fromLocation_whenTwoFilesShareAVersion_refusesToGuessTheOrder() throws IOException {
        Path jar = jar("db/schema/V1__a.sql", "SELECT 1;", "db/schema/V001__b.sql", "SELECT 2;");

        assertThatThrownBy(() -> SchemaScript.fromLocation(jar)).hasMessageContaining("share version 1");
    }

    @Test
    void fromLocation_whenAScriptCannotBeSplit_namesTheFile() throws IOException {
        Path jar = jar("db/schema/V1__broken.sql", "SELECT 'unterminated;");

        assertThatThrownBy(() -> SchemaScript.fromLocation(jar))
                .hasMessage("V1__broken.sql: Unterminated string literal starting on line 1");
    }

    @Test
    void fromLocation_whenThereAreNoScripts_fails() throws IOException {
        Path jar = jar("other/file.txt", "x");

        assertThatThrownBy(() -> SchemaScript.fromLocation(jar)).hasMessageContaining("No db/schema/V*.sql");
    }

    private Path jar(String... namesAndContents) throws IOException {
        Path jar = Files.createTempFile(temp, "scripts", ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new JarEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }
}
