package org.govbus.app.query;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.govbus.core.access.Access;

/**
 * What stands between one agency and one dataset in a plan. Plans name their raw scans {@code ["$guard", id,
 * table]}, so the plan check finds the guard of each scan whatever SQL produced it.
 *
 * @param id     its name in plans
 * @param agency the reading agency
 * @param access what the agency may see
 */
record Guard(String id, String agency, Access access) {

    static final String PREFIX = "$guard";

    private static final Map<Key, Guard> BY_KEY = new ConcurrentHashMap<>();
    private static final Map<String, Guard> BY_ID = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong();

    private record Key(String agency, Access access) {
    }

    /** The one guard of that agency and access; the same access gives the same guard. */
    static Guard of(String agency, Access access) {
        return BY_KEY.computeIfAbsent(new Key(agency, access), k -> {
            Guard g = new Guard("g" + NEXT.incrementAndGet(), agency, access);
            BY_ID.put(g.id(), g);
            return g;
        });
    }

    static Guard byId(String id) {
        return BY_ID.get(id);
    }
}
