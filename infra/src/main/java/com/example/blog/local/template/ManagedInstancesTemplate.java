package com.example.blog.local.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Derives template-managed-instances.yaml, the Lambda Managed Instances variant of the deployable template, from
 * template.yaml.
 *
 * <p>A second template rather than a parameter: SAM validates an {@code AWS::Serverless::Function}'s
 * {@code CapacityProviderConfig} as an object with an {@code Arn} before CloudFormation resolves anything, so the
 * property cannot sit inside {@code Fn::If}; an {@code Fn::If} on its {@code Arn} alone would leave classic
 * functions with a config that has no ARN; and two conditional functions per route cannot share one HTTP API route,
 * because SAM keeps the first integration it meets for a path and method. Lambda also fixes a function's compute
 * type when it is created, so a stack could not switch in place anyway.
 *
 * <p>The variant is made by anchored text edits, each of which must match exactly as often as expected, so the
 * comments of template.yaml survive and a change to template.yaml that an edit no longer fits fails loudly instead
 * of producing a half-converted template. ManagedInstancesTemplateTest keeps the committed file equal to the output.
 */
public final class ManagedInstancesTemplate {

    public static final String FILE_NAME = "template-managed-instances.yaml";

    /** The functions behind the HTTP API: the ones with SnapStart in template.yaml. */
    static final int API_FUNCTIONS = 6;

    private static final String SNAP_START = """
              SnapStart:
                ApplyOn: PublishedVersions
        """;

    private static final String CAPACITY_PROVIDER_CONFIG = """
              CapacityProviderConfig:
                Arn: !If [CreateCapacityProvider, !GetAtt BlogCapacityProvider.Arn, !Ref CapacityProviderArn]
                PerExecutionEnvironmentMaxConcurrency: !Ref PerExecutionEnvironmentMaxConcurrency
        """;

    private static final String MANAGED_FUNCTION_MEMORY = """
          FunctionMemorySize:
            Type: Number
            Default: 2048
            MinValue: 2048
            MaxValue: 32768
            Description: >-
              MB per API execution environment, shared by the PerExecutionEnvironmentMaxConcurrency requests it runs at
              once. Managed Instances give an environment at least one vCPU with 2 GiB or more per vCPU.
        """;

    private static final String PARAMETER_GROUP = """
              - Label: {default: Managed Instances (leave the ARN empty to create a capacity provider)}
                Parameters: [CapacityProviderArn, CapacityProviderSubnetIds, CapacityProviderSecurityGroupIds,
                             CapacityProviderMaxVCpuCount, PerExecutionEnvironmentMaxConcurrency]
        """;

    private static final String PARAMETERS = """
          CapacityProviderArn:
            Type: String
            Default: ''
            AllowedPattern: '^(arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\\d{12}:capacity-provider:[a-zA-Z0-9_-]+)?$'
            Description: >-
              Existing capacity provider for the API functions; its architecture must be Architecture. Empty: the stack
              creates one on CapacityProviderSubnetIds.
          CapacityProviderSubnetIds:
            Type: CommaDelimitedList
            Description: >-
              Subnets for the created capacity provider's instances, in two or more Availability Zones (an empty value
              with CapacityProviderArn). The functions reach the RDS Data API, S3 and CloudWatch Logs from them, so
              the subnets need a NAT gateway or VPC endpoints for those services.
          CapacityProviderSecurityGroupIds:
            Type: CommaDelimitedList
            Description: >-
              Security groups of the created capacity provider's instances (an empty value with CapacityProviderArn).
              The functions accept no connections and only make outbound HTTPS calls.
          CapacityProviderMaxVCpuCount:
            Type: Number
            Default: 16
            MinValue: 2
            MaxValue: 15000
            Description: Upper bound of the created capacity provider's instances, in vCPUs; bounds the EC2 spend.
          PerExecutionEnvironmentMaxConcurrency:
            Type: Number
            Default: 16
            MinValue: 1
            MaxValue: 1600
            Description: >-
              Requests one execution environment runs at once (Lambda passes it as AWS_LAMBDA_MAX_CONCURRENCY, from
              which the functions size their connection pools). The work is I/O-bound, so one vCPU serves many.
        """;

    private static final String RULES = """
          CreatedCapacityProviderNeedsANetwork:
            RuleCondition: !Equals [!Ref CapacityProviderArn, '']
            Assertions:
              - Assert: {'Fn::Not': [{'Fn::EachMemberEquals': [{Ref: CapacityProviderSubnetIds}, '']}]}
                AssertDescription: CapacityProviderSubnetIds must name the subnets of the created capacity provider.
              - Assert: {'Fn::Not': [{'Fn::EachMemberEquals': [{Ref: CapacityProviderSecurityGroupIds}, '']}]}
                AssertDescription: CapacityProviderSecurityGroupIds must name the created capacity provider's groups.
        """;

    private static final String API_SECTION_END = "  # every request hits a published SnapStart version.\n";

    private static final String CAPACITY_PROVIDER = """
          # every request hits a published version. Here that version runs on Lambda Managed Instances: EC2 instances
          # of a capacity provider, where one execution environment serves PerExecutionEnvironmentMaxConcurrency
          # requests at once. SnapStart restores Firecracker microVM snapshots, which Managed Instances do not use, so
          # these functions have none; an environment starts before it takes requests, so no cold start reaches them.

          # Created unless CapacityProviderArn names one. SAM adds the operator role that lets Lambda run the instances.
          BlogCapacityProvider:
            Type: AWS::Serverless::CapacityProvider
            Condition: CreateCapacityProvider
            Properties:
              VpcConfig:
                SubnetIds: !Ref CapacityProviderSubnetIds
                SecurityGroupIds: !Ref CapacityProviderSecurityGroupIds
              InstanceRequirements:
                Architectures: [!Ref Architecture]
              ScalingConfig:
                MaxVCpuCount: !Ref CapacityProviderMaxVCpuCount
        """;

    private ManagedInstancesTemplate() {
    }

    /** The Managed Instances variant of the given template.yaml text. */
    public static String render(String classic) {
        String text = classic.replace("\r\n", "\n");
        text = "# Generated from template.yaml by " + ManagedInstancesTemplate.class.getName() + " (docs/deploy.md):\n"
                + "# edit template.yaml and regenerate this file rather than editing it.\n" + text;
        text = insertAfter(text,
                "  Aurora PostgreSQL Serverless v2 reached through the RDS Data API, images in a private S3 bucket.\n",
                "  The API functions run on Lambda Managed Instances.\n");
        text = insertBefore(text, "      - Label: {default: Authentication", PARAMETER_GROUP);
        text = replaceBlock(text, "  FunctionMemorySize:\n", "  ApplicationLogLevel:\n", MANAGED_FUNCTION_MEMORY);
        text = insertBefore(text, "\n# Long-form rule functions", "\n" + PARAMETERS.stripTrailing());
        text = insertBefore(text, "\nConditions:\n", RULES);
        text = insertAfter(text, "  VersionImages: !Equals [!Ref ImageVersioning, 'true']\n",
                "  CreateCapacityProvider: !Equals [!Ref CapacityProviderArn, '']\n");
        text = replace(text, API_SECTION_END, CAPACITY_PROVIDER, 1);
        return replace(text, SNAP_START, CAPACITY_PROVIDER_CONFIG, API_FUNCTIONS);
    }

    /** Replaces everything from {@code start} up to (not including) {@code end}, both found exactly once. */
    private static String replaceBlock(String text, String start, String end, String replacement) {
        replace(text, start, start, 1);
        replace(text, end, end, 1);
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        if (to < from) {
            throw new TemplateException("template.yaml no longer fits the Managed Instances edit: " + end.strip()
                    + " must follow " + start.strip());
        }
        return text.substring(0, from) + replacement + text.substring(to);
    }

    private static String insertBefore(String text, String anchor, String inserted) {
        return replace(text, anchor, inserted + anchor, 1);
    }

    private static String insertAfter(String text, String anchor, String inserted) {
        return replace(text, anchor, anchor + inserted, 1);
    }

    private static String replace(String text, String anchor, String replacement, int expected) {
        int found = 0;
        for (int at = text.indexOf(anchor); at >= 0; at = text.indexOf(anchor, at + anchor.length())) {
            found++;
        }
        if (found != expected) {
            throw new TemplateException("template.yaml no longer fits the Managed Instances edit: expected "
                    + expected + " occurrence(s) of\n" + anchor + "\nbut found " + found);
        }
        return text.replace(anchor, replacement);
    }

    /** Rewrites the variant next to the template: {@code ManagedInstancesTemplate [template.yaml [target]]}. */
    public static void main(String[] args) throws IOException {
        Path source = Path.of(args.length > 0 ? args[0] : "template.yaml");
        Path target = args.length > 1 ? Path.of(args[1]) : source.resolveSibling(FILE_NAME);
        Files.writeString(target, render(Files.readString(source, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
}
