package com.example.blog.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the deployable template.yaml against the artifact, the sample events and the function code it deploys,
 * and against the security rules of the stack. DeploymentTemplateRulesTest proves each rule can fail.
 */
class DeploymentTemplateTest {

    private static final Pattern BLOG_VARIABLE = Pattern.compile("\"(BLOG_[A-Z0-9_]+)\"");
    private static final Pattern RDS_DATA_CALL = Pattern.compile(
            "\\.(executeStatement|batchExecuteStatement|beginTransaction|commitTransaction|rollbackTransaction)\\(");

    private static Path root;
    private static DeploymentTemplateRules rules;

    @BeforeAll
    static void loadTemplate() throws IOException {
        root = Path.of(System.getProperty("blog.root.dir", "..")).toAbsolutePath().normalize();
        rules = new DeploymentTemplateRules(CloudFormationYaml.load(root.resolve("template.yaml")));
    }

    @Test
    void template_everyHandlerClassIsInTheDeploymentArtifact() throws IOException {
        assertThat(rules.handlersExistIn(artifactClassEntries(root))).isEmpty();
    }

    @Test
    void template_functionsRunJava21WithSnapStartBehindAnAliasOutsideAnyVpc() {
        assertThat(rules.runtimeAndSnapStart()).isEmpty();
    }

    @Test
    void template_functionsLogJsonToStackLogGroupsWithRetention() {
        assertThat(rules.logging()).isEmpty();
    }

    @Test
    void template_routesMatchTheContractWithWritesBehindTheJwtAuthorizer() {
        assertThat(rules.routes()).isEmpty();
    }

    @Test
    void template_everyRouteHasASampleEventWithItsRouteKey() throws IOException {
        assertThat(rules.eventsCover(eventRouteKeys(root))).isEmpty();
    }

    @Test
    void template_setsEveryEnvironmentVariableTheFunctionsRead() throws IOException {
        Set<String> read = variablesReadByCode(root);

        assertThat(read).as("the scan finds the configuration's variables").contains("BLOG_CLUSTER_ARN");
        assertThat(rules.environmentCovers(read)).isEmpty();
    }

    @Test
    void template_grantsEachFunctionOnlyWhatItUsesOnNamedResources() throws IOException {
        Set<String> actions = rdsDataActionsCalledByCode(root);

        assertThat(actions).as("the scan finds the Data API calls").contains("rds-data:ExecuteStatement");
        assertThat(rules.leastPrivilege(actions)).isEmpty();
    }

    @Test
    void template_imageBucketIsPrivateEncryptedAndTlsOnly() {
        assertThat(rules.bucketHardening()).isEmpty();
    }

    @Test
    void template_databaseIsEncryptedServerlessV2WithTheDataApiAndAutoPause() {
        assertThat(rules.database()).isEmpty();
    }

    @Test
    void template_schemaIsAppliedByTheProjectsOwnHandlerOnEveryNewArtifact() {
        assertThat(rules.schemaCustomResource()).isEmpty();
    }

    @Test
    void template_webPageIsAPrivateBucketBehindCloudFrontOverHttpsWithSecurityHeaders() {
        assertThat(rules.webPage()).isEmpty();
    }

    @Test
    void template_outputsWhatDeployersNeed() {
        assertThat(rules.outputs()).isEmpty();
    }

    /** Class files of lib/blog-functions.jar inside functions/target/blog-functions.zip, built earlier. */
    static Set<String> artifactClassEntries(Path root) throws IOException {
        Path zip = root.resolve(DeploymentTemplateRules.CODE_URI);
        assertThat(zip).as("build the artifact first: mvn -B -pl functions package").exists();
        Set<String> entries = new TreeSet<>();
        try (ZipFile artifact = new ZipFile(zip.toFile())) {
            ZipEntry jar = artifact.getEntry("lib/blog-functions.jar");
            assertThat(jar).as("the artifact holds the function code as lib/blog-functions.jar").isNotNull();
            try (InputStream in = artifact.getInputStream(jar); ZipInputStream classes = new ZipInputStream(in)) {
                for (ZipEntry entry = classes.getNextEntry(); entry != null; entry = classes.getNextEntry()) {
                    entries.add(entry.getName());
                }
            }
        }
        return entries;
    }

    /** File name to routeKey of every events/*.json. */
    static Map<String, String> eventRouteKeys(Path root) throws IOException {
        Path events = root.resolve("events");
        Map<String, String> routeKeys = new TreeMap<>();
        if (!Files.isDirectory(events)) {
            return routeKeys;
        }
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(events)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).toList()) {
                JsonNode routeKey = json.readTree(file.toFile()).get("routeKey");
                routeKeys.put(file.getFileName().toString(), routeKey == null ? "(no routeKey)" : routeKey.asText());
            }
        }
        return routeKeys;
    }

    /** Every "BLOG_..." string literal in the function code: the names it can read from the environment. */
    static Set<String> variablesReadByCode(Path root) throws IOException {
        return scan(root, BLOG_VARIABLE, name -> name);
    }

    /** The rds-data actions behind every RdsDataAsyncClient call in the function code. */
    static Set<String> rdsDataActionsCalledByCode(Path root) throws IOException {
        return scan(root, RDS_DATA_CALL,
                method -> "rds-data:" + Character.toUpperCase(method.charAt(0)) + method.substring(1));
    }

    private static Set<String> scan(Path root, Pattern pattern, UnaryOperator<String> naming)
            throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(root.resolve("functions/src/main/java"))) {
            for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher matcher = pattern.matcher(Files.readString(source, StandardCharsets.UTF_8));
                while (matcher.find()) {
                    found.add(naming.apply(matcher.group(1)));
                }
            }
        }
        return found;
    }
}
