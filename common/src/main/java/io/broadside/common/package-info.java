/**
 * What every module shares: the product version; the plan, summary, metric and time packages below.
 */
package io.broadside.common;
