/**
 * The test plan: immutable records and sealed types, built only from a tree that {@link
 * io.broadside.common.plan.PlanParser} has validated. Pure data, thread-safe, no I/O except reading
 * the plan file itself and checking that its dataset file exists.
 *
 * <p>Public: the records, {@code PlanParser}, {@code ParseResult} and {@code Problem}. The
 * validator behind {@code PlanParser} is package-private: {@code Fields} reads one object of the
 * tree and reports each bad value, and one {@code *Reader} per plan section ({@code PlanReader} for
 * the root, then target, models, dataset, load, stages, thresholds) turns its part of the tree into
 * records, collecting every problem instead of stopping at the first.
 */
package io.broadside.common.plan;
