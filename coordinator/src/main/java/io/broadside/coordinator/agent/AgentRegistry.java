package io.broadside.coordinator.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The agents connected now, in order of arrival. Used only on the coordinator's context. */
public final class AgentRegistry {
  private final Map<String, AgentSession> agents = new LinkedHashMap<>();

  public void add(AgentSession session) {
    agents.put(session.id(), session);
  }

  public Optional<AgentSession> get(String id) {
    return Optional.ofNullable(agents.get(id));
  }

  public void remove(String id) {
    agents.remove(id);
  }

  public List<AgentSession> all() {
    return new ArrayList<>(agents.values());
  }

  public List<AgentSession> idle() {
    return agents.values().stream().filter(a -> a.state() == AgentSession.State.IDLE).toList();
  }
}
