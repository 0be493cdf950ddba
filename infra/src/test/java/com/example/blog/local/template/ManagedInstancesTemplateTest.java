package com.example.blog.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two compute modes of the deployment: template.yaml (classic Lambda with SnapStart) and
 * template-managed-instances.yaml (the API functions on Lambda Managed Instances), derived from it by
 * {@link ManagedInstancesTemplate}.
 */
class ManagedInstancesTemplateTest {

    private static final String CREATED_PROVIDER =
            "arn:aws:lambda:eu-west-1:123456789012:capacity-provider:created-by-the-stack";
    private static final String EXISTING_PROVIDER =
            "arn:aws:lambda:eu-west-1:123456789012:capacity-provider:shared";

    private static Path root;
    private static String classicText;
    private static Map<String, Object> classic;
    private static Map<String, Object> managed;

    @BeforeAll
    static void loadTemplates() throws IOException {
        root = Path.of(System.getProperty("blog.root.dir", "..")).toAbsolutePath().normalize();
        classicText = Files.readString(root.resolve("template.yaml"), StandardCharsets.UTF_8);
        classic = CloudFormationYaml.load(root.resolve("template.yaml"));
        managed = CloudFormationYaml.load(root.resolve(ManagedInstancesTemplate.FILE_NAME));
    }

    @Test
    void committedVariant_isWhatTemplateYamlRendersTo() throws IOException {
        String committed = Files.readString(root.resolve(ManagedInstancesTemplate.FILE_NAME), StandardCharsets.UTF_8);

        assertThat(committed)
                .as("regenerate it: java -cp infra/target/classes " + ManagedInstancesTemplate.class.getName())
                .isEqualTo(ManagedInstancesTemplate.render(classicText));
    }

    @Test
    void classicTemplate_apiFunctionsUseSnapStartAndNoCapacityProvider() {
        for (String function : DeploymentTemplateRules.ROUTES.values()) {
            Map<String, Object> properties = properties(classic, function);

            assertThat(properties).as(function).doesNotContainKey("CapacityProviderConfig");
            assertThat(properties.get("SnapStart")).as(function).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
        }
        assertThat(resourceTypes(classic)).doesNotContain("AWS::Serverless::CapacityProvider");
    }

    @Test
    void managedTemplate_apiFunctionsRunOnTheCapacityProviderWithoutSnapStart() {
        for (String function : DeploymentTemplateRules.ROUTES.values()) {
            Map<String, Object> properties = properties(managed, function);
            Map<String, Object> config = map(properties.get("CapacityProviderConfig"));

            assertThat(properties).as(function).doesNotContainKey("SnapStart").doesNotContainKey("VpcConfig");
            assertThat(config.get("PerExecutionEnvironmentMaxConcurrency")).as(function)
                    .isEqualTo(Map.of("Ref", "PerExecutionEnvironmentMaxConcurrency"));
            assertThat(config.get("Arn")).as(function).isNotNull();
            assertThat(properties.get("AutoPublishAlias")).as("the API invokes a published version")
                    .isEqualTo("live");
        }
        // The scheduled sweep and the schema custom resource are not on a request path; they stay classic.
        assertThat(properties(managed, "SweepOrphanImagesFunction")).doesNotContainKey("CapacityProviderConfig");
        assertThat(properties(managed, "SchemaMigrationFunction")).doesNotContainKey("CapacityProviderConfig");
    }

    @Test
    void managedTemplate_withoutAnArn_createsTheCapacityProviderTheFunctionsUse() {
        Intrinsics created = intrinsics("");

        assertThat(created.resolveValue(Map.of("Condition", "CreateCapacityProvider"), "test")).isEqualTo(true);
        for (String function : DeploymentTemplateRules.ROUTES.values()) {
            assertThat(created.resolveString(arnOf(function), function)).isEqualTo(CREATED_PROVIDER);
        }
        Map<String, Object> provider = map(resources(managed).get("BlogCapacityProvider"));
        assertThat(provider.get("Type")).isEqualTo("AWS::Serverless::CapacityProvider");
        assertThat(provider.get("Condition")).isEqualTo("CreateCapacityProvider");
        Map<String, Object> properties = map(provider.get("Properties"));
        assertThat(map(properties.get("VpcConfig")))
                .containsEntry("SubnetIds", Map.of("Ref", "CapacityProviderSubnetIds"))
                .containsEntry("SecurityGroupIds", Map.of("Ref", "CapacityProviderSecurityGroupIds"));
        assertThat(map(properties.get("InstanceRequirements")).get("Architectures"))
                .as("instances of the functions' architecture").isEqualTo(List.of(Map.of("Ref", "Architecture")));
        assertThat(map(map(managed.get("Rules")).get("CreatedCapacityProviderNeedsANetwork")).get("RuleCondition"))
                .as("a created provider cannot be left without subnets and security groups")
                .isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "CapacityProviderArn"), "")));
    }

    @Test
    void managedTemplate_withAnArn_usesThatCapacityProviderAndCreatesNone() {
        Intrinsics existing = intrinsics(EXISTING_PROVIDER);

        assertThat(existing.resolveValue(Map.of("Condition", "CreateCapacityProvider"), "test")).isEqualTo(false);
        for (String function : DeploymentTemplateRules.ROUTES.values()) {
            assertThat(existing.resolveString(arnOf(function), function)).isEqualTo(EXISTING_PROVIDER);
        }
    }

    @Test
    void managedTemplate_givesEachEnvironmentAtLeastOneVcpuWorthOfMemory() {
        Map<String, Object> memory = map(map(managed.get("Parameters")).get("FunctionMemorySize"));

        assertThat(memory.get("MinValue")).isEqualTo(2048);
        assertThat(memory.get("Default")).isEqualTo(2048);
        Map<String, Object> parameters = map(managed.get("Parameters"));
        assertThat(map(parameters.get("PerExecutionEnvironmentMaxConcurrency")))
                .containsEntry("MinValue", 1).containsEntry("MaxValue", 1600);
    }

    @Test
    void managedTemplate_keepsEveryOtherRuleOfTheDeployment() throws IOException {
        DeploymentTemplateRules rules = new DeploymentTemplateRules(managed);

        assertThat(rules.handlersExistIn(DeploymentTemplateTest.artifactClassEntries(root))).isEmpty();
        assertThat(rules.logging()).isEmpty();
        assertThat(rules.routes()).isEmpty();
        assertThat(rules.environmentCovers(DeploymentTemplateTest.variablesReadByCode(root))).isEmpty();
        assertThat(rules.leastPrivilege(DeploymentTemplateTest.rdsDataActionsCalledByCode(root))).isEmpty();
        assertThat(rules.bucketHardening()).isEmpty();
        assertThat(rules.database()).isEmpty();
        assertThat(rules.schemaCustomResource()).isEmpty();
        assertThat(rules.webPage()).isEmpty();
        assertThat(rules.outputs()).isEmpty();
        assertThat(rules.runtimeAndSnapStart())
                .as("SnapStart is the only difference the runtime rule sees")
                .isNotEmpty()
                .allSatisfy(violation -> assertThat(violation).contains("SnapStart"));
    }

    @Test
    void managedTemplate_runsOnTheLocalStackWithTheSameFunctionsAndRoutes() {
        LocalValues values = new LocalValues("eu-west-1", "123456789012", "blog", "images",
                "arn:aws:rds:eu-west-1:123456789012:cluster:blog", "arn:aws:secretsmanager:eu-west-1:1:secret:s",
                Map.of());

        assertThat(routes(ServerlessTemplate.from(managed, values)))
                .isEqualTo(routes(ServerlessTemplate.from(classic, values)))
                .hasSize(DeploymentTemplateRules.ROUTES.size());
    }

    @Test
    void render_whenTemplateYamlNoLongerFitsAnEdit_failsInsteadOfConvertingHalfway() {
        String withoutSnapStart =
                classicText.replaceFirst("      SnapStart:\n        ApplyOn: PublishedVersions\n", "");

        assertThatThrownBy(() -> ManagedInstancesTemplate.render(withoutSnapStart))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("expected " + ManagedInstancesTemplate.API_FUNCTIONS + " occurrence(s)")
                .hasMessageContaining("found " + (ManagedInstancesTemplate.API_FUNCTIONS - 1));
        assertThatThrownBy(() -> ManagedInstancesTemplate.render(classicText.replace("  FunctionMemorySize:\n", "")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("FunctionMemorySize");
    }

    @Test
    void render_readsTemplateYamlWithWindowsLineEndingsToo() {
        String rendered = ManagedInstancesTemplate.render(classicText.replace("\n", "\r\n"));

        assertThat(CloudFormationYaml.load(new StringReader(rendered))).isEqualTo(managed);
    }

    private static Object arnOf(String function) {
        return map(properties(managed, function).get("CapacityProviderConfig")).get("Arn");
    }

    private static Intrinsics intrinsics(String capacityProviderArn) {
        return new Intrinsics(Map.of("CapacityProviderArn", capacityProviderArn),
                Map.of("BlogCapacityProvider.Arn", CREATED_PROVIDER), map(managed.get("Conditions")));
    }

    /** Each route with its function's handler, and the authorizer guarding it. */
    private static Map<HttpRoute, String> routes(ServerlessTemplate template) {
        return template.functions().stream()
                .flatMap(function -> function.routes().stream().map(route -> Map.entry(route, function.handler())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static List<String> resourceTypes(Map<String, Object> template) {
        return resources(template).values().stream().map(resource -> String.valueOf(map(resource).get("Type")))
                .toList();
    }

    private static Map<String, Object> properties(Map<String, Object> template, String resource) {
        return map(map(resources(template).get(resource)).get("Properties"));
    }

    private static Map<String, Object> resources(Map<String, Object> template) {
        return map(template.get("Resources"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
