package io.broadside.common.plan;

/**
 * Credentials, named, never inlined: values are read on the agent at run time from the environment
 * variables or files the plan names, and never appear in results. AWS credentials come only from
 * the AWS SDK's default provider chain on the agent.
 */
public sealed interface Auth {
  /** {@code Authorization: Bearer …} from an environment variable or a file (one of them). */
  record Bearer(String env, java.nio.file.Path file) implements Auth {}

  /** {@code Authorization: Basic …} from two environment variables. */
  record Basic(String userEnv, String passwordEnv) implements Auth {}

  /** AWS Signature Version 4 for {@code region} (signing name from the protocol). */
  record SigV4(String region) implements Auth {}
}
