package io.broadside.common.plan;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one parse, in the order found. Confined to the parsing thread. */
final class ProblemSink {
  private final List<Problem> problems = new ArrayList<>();

  private final boolean keeps;

  ProblemSink() {
    this(true);
  }

  private ProblemSink(boolean keeps) {
    this.keeps = keeps;
  }

  /** A sink that keeps nothing: for a second look at a section already read. */
  static ProblemSink discard() {
    return new ProblemSink(false);
  }

  void add(String path, String message) {
    if (keeps) {
      problems.add(new Problem(path, message));
    }
  }

  /** How many so far; a reader compares counts to tell whether its own section was clean. */
  int count() {
    return problems.size();
  }

  List<Problem> toList() {
    return List.copyOf(problems);
  }
}
