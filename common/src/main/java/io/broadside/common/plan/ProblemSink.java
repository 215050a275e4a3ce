package io.broadside.common.plan;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one parse, in the order found. Confined to the parsing thread. */
final class ProblemSink {
  private final List<Problem> problems = new ArrayList<>();

  void add(String path, String message) {
    problems.add(new Problem(path, message));
  }

  /** How many so far; a reader compares counts to tell whether its own section was clean. */
  int count() {
    return problems.size();
  }

  List<Problem> toList() {
    return List.copyOf(problems);
  }
}
