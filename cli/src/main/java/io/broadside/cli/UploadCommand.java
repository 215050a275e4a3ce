package io.broadside.cli;

import io.broadside.coordinator.result.S3Upload;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code broadside upload RUN_DIR s3://bucket/prefix}: the run directory's files to S3-compatible
 * storage, with the run's metadata and the plan's tags; credentials from the AWS SDK's default
 * chain.
 */
@Command(
    name = "upload",
    description =
        "Upload a run directory to S3 (or an S3-compatible server) with the run's metadata and the"
            + " plan's tags.")
final class UploadCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory")
  Path runDir;

  @Parameters(index = "1", paramLabel = "S3_URL", description = "s3://bucket[/prefix]")
  String url;

  @Option(names = "--endpoint", description = "an S3-compatible server's URL (path-style)")
  URI endpoint;

  @Option(names = "--region", defaultValue = "us-east-1", description = "signing region")
  String region;

  @Override
  public Integer call() {
    try {
      List<String> keys = S3Upload.uploadRun(runDir, S3Upload.Target.parse(url, endpoint, region));
      keys.forEach(
          k ->
              System.out.println(
                  "uploaded s3://"
                      + S3Upload.Target.parse(url, endpoint, region).bucket()
                      + "/"
                      + k));
      return ExitCode.PASSED;
    } catch (IllegalArgumentException e) {
      System.err.println("upload: " + e.getMessage());
      return ExitCode.INVALID_INPUT;
    } catch (Exception e) {
      System.err.println("upload failed: " + e.getMessage());
      return ExitCode.RUN_FAILED;
    }
  }
}
