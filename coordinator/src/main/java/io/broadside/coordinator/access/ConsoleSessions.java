package io.broadside.coordinator.access;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's logins: a token given once (POST /api/v1/session) becomes a random session id in an
 * HttpOnly, SameSite=Strict cookie, which then stands for that token's name and role until it
 * expires or is logged out. Ids are kept in memory only: a restart logs everyone out. At most
 * {@link #MAX_SESSIONS} live at once (the oldest goes).
 */
public final class ConsoleSessions {
  /** The cookie's name. */
  public static final String COOKIE = "broadside_session";

  static final int MAX_SESSIONS = 10_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private record Session(AccessTokens.Entry entry, long expiresAtMs) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Duration lifetime;

  public ConsoleSessions(Duration lifetime) {
    this.lifetime = lifetime;
  }

  /** How long a session lasts. */
  public Duration lifetime() {
    return lifetime;
  }

  /** A new session for {@code entry}: its id, for the cookie. */
  public String open(AccessTokens.Entry entry) {
    long now = System.currentTimeMillis();
    sessions.values().removeIf(s -> s.expiresAtMs() <= now);
    if (sessions.size() >= MAX_SESSIONS) {
      Iterator<Map.Entry<String, Session>> oldest =
          sessions.entrySet().stream()
              .sorted(
                  Map.Entry.comparingByValue(
                      java.util.Comparator.comparingLong(Session::expiresAtMs)))
              .iterator();
      if (oldest.hasNext()) {
        sessions.remove(oldest.next().getKey());
      }
    }
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    String text = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    sessions.put(text, new Session(entry, now + lifetime.toMillis()));
    return text;
  }

  /** The token entry a live session stands for, or null. */
  public AccessTokens.Entry find(String id) {
    if (id == null) {
      return null;
    }
    Session s = sessions.get(id);
    if (s == null) {
      return null;
    }
    if (s.expiresAtMs() <= System.currentTimeMillis()) {
      sessions.remove(id);
      return null;
    }
    return s.entry();
  }

  /** Ends a session (log out). */
  public void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }
}
