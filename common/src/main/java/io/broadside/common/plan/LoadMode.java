package io.broadside.common.plan;

/** Closed: a fixed number of users, each waiting for its response. Open: arrivals at a rate. */
public enum LoadMode {
  CLOSED,
  OPEN
}
