package io.broadside.common.plan;

/** What a run does when an agent is lost mid-run. */
public enum OnAgentLoss {
  FAIL,
  CONTINUE,
  REBALANCE
}
