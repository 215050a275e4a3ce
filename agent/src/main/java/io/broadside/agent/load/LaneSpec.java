package io.broadside.agent.load;

import io.broadside.agent.client.protocols.PreparedTarget;
import io.broadside.agent.dataset.PromptSource;
import io.broadside.common.plan.Plan;

/**
 * What a lane needs to run its share of a run; immutable, shared by all lanes of an agent.
 *
 * @param agentWeights capacity weights of every agent of the run, by agent index
 * @param target the plan's target with its secrets, TLS files and tensors read
 * @param sourceHost nullable: local address for connections to the target
 */
public record LaneSpec(
    Plan plan,
    StageTimeline timeline,
    PromptSource prompts,
    int agentIndex,
    double[] agentWeights,
    int lanes,
    PreparedTarget target,
    String sourceHost,
    ReadySink ready) {}
