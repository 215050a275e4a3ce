/**
 * Names shared by coordinators and agents about cluster membership: Hazelcast member attributes and
 * defaults. Pure constants; the Hazelcast code lives in {@code coordinator} and {@code agent}.
 */
package io.broadside.common.cluster;
