/**
 * One study per load shape ({@link io.broadside.coordinator.study.Studies} chooses it): what the
 * shape decides while its run goes (a search's next step, a level's verdict, creation hooks) and
 * what it adds to the summary.
 */
package io.broadside.coordinator.study;
