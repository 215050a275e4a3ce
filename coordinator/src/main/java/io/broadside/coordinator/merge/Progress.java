package io.broadside.coordinator.merge;

/**
 * Live figures of a run over the last interval merged, for a progress line.
 *
 * @param ttftP50 seconds, null without samples in the interval
 * @param errors failed requests since the run's start
 * @param errorsByClass those by error class, most frequent first
 * @param newErrorClasses the first failure of each error class first seen since the last read
 * @param study a study's progress in a line (a scale study: models created, ready, failed), or null
 */
public record Progress(
    String status,
    double elapsedS,
    double remainingS,
    int activeUsers,
    double requestsPerS,
    double tokensPerS,
    Double ttftP50,
    Double ttftP99,
    long errors,
    java.util.Map<String, Long> errorsByClass,
    java.util.List<io.broadside.common.summary.Summary.FirstError> newErrorClasses,
    String study) {

  public Progress withStudy(String line) {
    return new Progress(
        status,
        elapsedS,
        remainingS,
        activeUsers,
        requestsPerS,
        tokensPerS,
        ttftP50,
        ttftP99,
        errors,
        errorsByClass,
        newErrorClasses,
        line);
  }
}
