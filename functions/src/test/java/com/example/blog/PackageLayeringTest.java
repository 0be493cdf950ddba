package com.example.blog;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The functions' packages depend one way: the Lambda entry points ({@code handler}, {@code schema}) on the HTTP
 * mapping and the service, those on the repository and the image store, and everything on the shared bottom
 * ({@code async}, {@code config}, {@code sql}), which depends on none of them.
 */
class PackageLayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("com.example.blog");

    @Test
    void packages_formNoCycles() {
        slices().matching("com.example.blog.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void packages_dependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Entry points").definedBy("com.example.blog.handler..", "com.example.blog.schema..")
                .layer("HTTP").definedBy("com.example.blog.http..")
                .layer("Service").definedBy("com.example.blog.service..")
                .layer("Persistence").definedBy("com.example.blog.repository..", "com.example.blog.storage..")
                .layer("Shared").definedBy("com.example.blog.async..", "com.example.blog.config..",
                        "com.example.blog.sql..")
                .whereLayer("Entry points").mayNotBeAccessedByAnyLayer()
                .whereLayer("HTTP").mayOnlyBeAccessedByLayers("Entry points")
                .whereLayer("Service").mayOnlyBeAccessedByLayers("Entry points", "HTTP")
                .whereLayer("Persistence").mayOnlyBeAccessedByLayers("Entry points", "HTTP", "Service")
                .check(CLASSES);
    }

    @Test
    void repositoryAndStorage_doNotKnowEachOther() {
        slices().matching("com.example.blog.(repository|storage)..").should().notDependOnEachOther().check(CLASSES);
    }
}
