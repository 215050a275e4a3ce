package io.broadside.coordinator.run;

import io.broadside.common.time.Scheduler;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What a study works with while its run goes: the run, time (timers on the coordinator's context),
 * the coordinator's timing, a Prometheus to query, worker threads for blocking work, and how to
 * fail the run.
 *
 * @param fail fails the run with a reason (e.g. a query that gives no number) and ends it
 */
public record StudyContext(
    Run run,
    Scheduler time,
    Duration snapshotInterval,
    Duration startDelay,
    MetricQuery prometheus,
    Workers workers,
    Consumer<String> fail) {}
