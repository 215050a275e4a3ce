/** The catalogue of what Broadside measures: latency series, counters and their definitions. */
package io.broadside.common.metric;
