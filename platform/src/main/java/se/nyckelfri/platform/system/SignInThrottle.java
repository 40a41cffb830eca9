package se.nyckelfri.platform.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows password guessing on the embedded provider's sign-in form, without letting an attacker lock an account's
 * owner out.
 *
 * <p>Failed sign-ins are counted three ways. After a number of failures a key's attempts are refused unheard for a
 * while (the password is not checked, and the refusal is not counted), and each further failure doubles that time:
 * <ul>
 *   <li>per account and address: after 5, 30 s doubling to at most 15 minutes. This is the brake on guessing one
 *       account from one place; it touches nobody else.</li>
 *   <li>per address, any account: after 30, 30 s doubling to at most 15 minutes (password spraying).</li>
 *   <li>per account, any address: after 20, 15 s doubling to at most 60 s (guessing from many addresses).</li>
 * </ul>
 * A successful sign-in forgets its own account-and-address failures and makes that pair known for 30 days; a known
 * pair is exempt from the per-address and per-account limits. So whoever hammers an account delays its owner not at
 * all from an address the owner signed in from before, and at most 60 s per attempt from a new one; and an office
 * whose staff share one address is not locked out by one person's typos or by a sprayer behind the same address.
 * A counter is forgotten an hour after its last failure.
 *
 * <p>In memory (a restart forgets everything; several nodes count separately), at most {@link #MAX_ENTRIES} entries
 * per table, expired ones dropped first. Names are compared without case. Keeps no passwords. Thread-safe.
 */
final class SignInThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(SignInThrottle.class);

    /** Entries per table before the expired are swept out; beyond that, entries not currently refusing go too. */
    static final int MAX_ENTRIES = 100_000;
    private static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final Duration KNOWN_FOR = Duration.ofDays(30);
    private static final int MAX_NAME = 256;

    /** How one kind of key is limited: after {@code free} failures it waits {@code first}, doubling per failure. */
    private record Limit(int free, Duration first, Duration longest) {
        Duration backOff(int failures) {
            if (failures < free) {
                return Duration.ZERO;
            }
            Duration wait = first.multipliedBy(1L << Math.min(failures - free, 20));
            return wait.compareTo(longest) > 0 ? longest : wait;
        }
    }

    private static final Limit PER_PAIR = new Limit(5, Duration.ofSeconds(30), Duration.ofMinutes(15));
    private static final Limit PER_ADDRESS = new Limit(30, Duration.ofSeconds(30), Duration.ofMinutes(15));
    private static final Limit PER_ACCOUNT = new Limit(20, Duration.ofSeconds(15), Duration.ofSeconds(60));

    private record Failures(int count, Instant last, Instant refusedUntil) { }

    private final Clock clock;
    private final Map<String, Failures> pairs = new ConcurrentHashMap<>();
    private final Map<String, Failures> addresses = new ConcurrentHashMap<>();
    private final Map<String, Failures> accounts = new ConcurrentHashMap<>();
    private final Map<String, Instant> known = new ConcurrentHashMap<>();

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code username} must still wait before trying from {@code address}; empty if it may try now. */
    Optional<Duration> waitFor(String username, String address) {
        Instant now = clock.instant();
        String account = account(username);
        String pair = pair(account, address);
        Instant until = refusedUntil(pairs, pair, now);
        if (!isKnown(pair, now)) {
            until = later(until, refusedUntil(addresses, address, now));
            until = later(until, refusedUntil(accounts, account, now));
        }
        return until == null ? Optional.empty() : Optional.of(Duration.between(now, until));
    }

    /** Counts a failed sign-in of {@code username} from {@code address}. */
    void failed(String username, String address) {
        Instant now = clock.instant();
        String account = account(username);
        String pair = pair(account, address);
        // Logged when a waiting time begins; never the name tried (it may be a mistyped password), the password, or the
        // address (personal data too).
        if (count(pairs, pair, PER_PAIR, now) == PER_PAIR.free()) {
            LOG.warn("Sign-in failures: one account from one address is being slowed down");
        }
        if (!isKnown(pair, now)) {
            if (count(addresses, address, PER_ADDRESS, now) == PER_ADDRESS.free()) {
                LOG.warn("Sign-in failures: one address trying many accounts is being slowed down");
            }
            if (count(accounts, account, PER_ACCOUNT, now) == PER_ACCOUNT.free()) {
                LOG.warn("Sign-in failures: one account is being guessed from many addresses and slowed down");
            }
        }
    }

    /** A successful sign-in: forgets the pair's failures and remembers the pair as the owner's. */
    void succeeded(String username, String address) {
        Instant now = clock.instant();
        String pair = pair(account(username), address);
        pairs.remove(pair);
        if (known.size() >= MAX_ENTRIES) {
            known.values().removeIf(until -> !until.isAfter(now));
        }
        if (known.size() < MAX_ENTRIES) {
            known.put(pair, now.plus(KNOWN_FOR));
        }
    }

    private boolean isKnown(String pair, Instant now) {
        Instant until = known.get(pair);
        return until != null && until.isAfter(now);
    }

    private static Instant refusedUntil(Map<String, Failures> table, String key, Instant now) {
        Failures failures = table.get(key);
        return failures != null && failures.refusedUntil().isAfter(now) ? failures.refusedUntil() : null;
    }

    /** Counts a failure of {@code key}; returns its count now. */
    private static int count(Map<String, Failures> table, String key, Limit limit, Instant now) {
        if (table.size() >= MAX_ENTRIES) {
            table.values().removeIf(f -> !f.last().plus(FORGET_AFTER).isAfter(now) && !f.refusedUntil().isAfter(now));
            if (table.size() >= MAX_ENTRIES) {
                table.values().removeIf(f -> !f.refusedUntil().isAfter(now));
            }
        }
        return table.compute(key, (k, before) -> {
            int count = before == null || !before.last().plus(FORGET_AFTER).isAfter(now) ? 1 : before.count() + 1;
            return new Failures(count, now, now.plus(limit.backOff(count)));
        }).count();
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static String account(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    private static String pair(String account, String address) {
        return address + " " + account;
    }
}
