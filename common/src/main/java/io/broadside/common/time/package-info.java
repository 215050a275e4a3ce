/** Time sources shared by agents, coordinator and tests. */
package io.broadside.common.time;
