package se.nyckelfri.keyissuer.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionOperations;
import org.junit.jupiter.api.io.TempDir;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.keyissuer.archive.CredentialArchive;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.lock.fixtures.clock.MutableClock;
import se.nyckelfri.lock.protocol.credential.Credentials;

/**
 * The order that makes "no credential without a record" true: record committed first, then sign. (The real audit
 * store's durability is proven on PostgreSQL in the platform's tests; here the question is only the order.)
 */
class CredentialIssuerTest {

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T07:00:00Z"));
    final List<String> happened = new ArrayList<>();

    @Test
    void issueWhenRecordCommitsThenSignedAfterItWithClaimsAsRequested() {
        IssuerKeyRing ring = new IssuerKeyRing(dir, Duration.ofHours(1), clock);
        CredentialIssuer issuer = new CredentialIssuer(recording(new InProcessCredentialSigner(ring)), recordingLog(false), clock, TransactionOperations.withoutTransaction(), recordingArchive());
        byte[] nonce = new byte[16];
        UUID lock = UUID.randomUUID();
        CredentialIssuer.Issued issued = issuer.issue(new CredentialIssuer.Request(lock, "S-TESTTESTTEST",
                UUID.randomUUID(), nonce, Duration.ofMinutes(2), "U-TEST"));

        assertThat(happened).containsExactly("durable append", "sign", "keep");
        assertThat(kept).singleElement().satisfies(k -> {
            assertThat(k.credential()).isEqualTo(issued.credential());
            assertThat(k.credentialId()).isEqualTo(issued.claims().credentialId());
            assertThat(k.keyId()).isEqualTo(issued.keyId());
        });
        // The entry, written before signing, commits to the payload that was then signed.
        assertThat(recorded.get(0).attributes().get("claims_sha256")).isEqualTo(java.util.HexFormat.of().formatHex(
                se.nyckelfri.lock.protocol.cose.Sha256.of(Credentials.payload(issued.claims()))));
        assertThat(issued.credential().length).isLessThanOrEqualTo(Credentials.MAX_ONLINE_BYTES);
        assertThat(issued.claims().expiry()).isEqualTo(clock.instant().plusSeconds(120));
        assertThat(Credentials.verify(issued.credential(), kid -> ring.trusted(kid).orElse(null), lock, clock.instant(),
                Duration.ofSeconds(30), Duration.ofMinutes(2), Credentials.only(nonce)).accepted()).isTrue();
    }

    @Test
    void issueWhenAuditRecordFailsThenNothingIsSigned() {
        IssuerKeyRing ring = new IssuerKeyRing(dir, Duration.ofHours(1), clock);
        CredentialIssuer issuer = new CredentialIssuer(recording(new InProcessCredentialSigner(ring)), recordingLog(true), clock, TransactionOperations.withoutTransaction(), recordingArchive());
        assertThatThrownBy(() -> issuer.issue(new CredentialIssuer.Request(UUID.randomUUID(), "S-TESTTESTTEST",
                UUID.randomUUID(), new byte[16], Duration.ofMinutes(1), "U-TEST"))).isInstanceOf(IllegalStateException.class);
        assertThat(happened).containsExactly("durable append");
    }

    @Test
    void issueOfflineWhenTheRecordsCommitThenEachIsSignedAfterwardsAndKeptWithItsExpiry() {
        IssuerKeyRing ring = new IssuerKeyRing(dir, Duration.ofHours(1), clock);
        CredentialIssuer issuer = new CredentialIssuer(recording(new InProcessCredentialSigner(ring)), recordingLog(false), clock,
                recordingTransactions(false), recordingArchive());
        List<CredentialIssuer.OfflineRequest> requests = List.of(offlineRequest(), offlineRequest(), offlineRequest());

        List<CredentialIssuer.Issued> issued = issuer.issueOffline(requests, "S-TESTTESTTEST", claims -> happened.add("caller's rows"));

        assertThat(happened).as("one transaction records all, commits, and only then is anything signed").containsExactly(
                "append", "append", "append", "caller's rows", "commit", "sign", "sign", "sign", "keep");
        assertThat(issued).hasSize(3);
        for (int i = 0; i < 3; i++) {
            CredentialIssuer.Issued one = issued.get(i);
            assertThat(recorded.get(i).attributes().get("claims_sha256")).isEqualTo(java.util.HexFormat.of().formatHex(
                    se.nyckelfri.lock.protocol.cose.Sha256.of(Credentials.payload(one.claims()))));
            assertThat(kept.get(i).credential()).isEqualTo(one.credential());
            assertThat(kept.get(i).expiresAt()).as("kept with its expiry: its key is held until then")
                    .isEqualTo(requests.get(i).expiry());
        }
    }

    @Test
    void issueOfflineWhenTheRecordsDoNotCommitThenNothingIsSignedOrKept() {
        IssuerKeyRing ring = new IssuerKeyRing(dir, Duration.ofHours(1), clock);
        CredentialIssuer issuer = new CredentialIssuer(recording(new InProcessCredentialSigner(ring)), recordingLog(false), clock,
                recordingTransactions(true), recordingArchive());
        assertThatThrownBy(() -> issuer.issueOffline(List.of(offlineRequest(), offlineRequest()), "S-TESTTESTTEST", claims -> { }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(happened).containsExactly("append", "append", "commit");
        assertThat(kept).isEmpty();
    }

    private CredentialIssuer.OfflineRequest offlineRequest() {
        return new CredentialIssuer.OfflineRequest(UUID.randomUUID(), "S-TESTTESTTEST", UUID.randomUUID(),
                new se.nyckelfri.lock.fixtures.issuer.TestDevice().compressed(), UUID.randomUUID(), clock.instant(),
                clock.instant().plus(Duration.ofHours(8)));
    }

    /** Runs the callback, then "commits": fails at the commit when {@code fail}, as a lost database would. */
    private TransactionOperations recordingTransactions(boolean fail) {
        return new TransactionOperations() {
            @Override
            public <T> T execute(org.springframework.transaction.support.TransactionCallback<T> action) {
                T result = action.doInTransaction(null);
                happened.add("commit");
                if (fail) {
                    throw new IllegalStateException("could not commit: the database went away");
                }
                return result;
            }
        };
    }

    @Test
    void requestWhenLifetimeBeyondTwoMinutesThenRefused() {
        assertThatThrownBy(() -> new CredentialIssuer.Request(UUID.randomUUID(), "S-X", UUID.randomUUID(), new byte[16],
                Duration.ofMinutes(3), "U-TEST")).isInstanceOf(IllegalArgumentException.class);
    }

    private final List<CredentialArchive.Kept> kept = new ArrayList<>();
    private final List<AuditEvent> recorded = new ArrayList<>();

    private CredentialArchive recordingArchive() {
        return new CredentialArchive(null) {
            @Override
            public void keep(List<Kept> credentials) {
                happened.add("keep");
                kept.addAll(credentials);
            }
        };
    }

    private CredentialSigner recording(CredentialSigner signer) {
        return claims -> {
            happened.add("sign");
            return signer.sign(claims);
        };
    }

    private AuditLog recordingLog(boolean fail) {
        return new AuditLog() {
            @Override
            public Pending append(AuditEvent event) {
                // the offline path's records, in the issuer's own transaction
                happened.add("append");
                recorded.add(event);
                return timeout -> happened.size();
            }

            @Override
            public long appendDurably(AuditEvent event) {
                happened.add("durable append");
                recorded.add(event);
                if (fail) {
                    throw new IllegalStateException("the audit store is unavailable");
                }
                return happened.size();
            }
        };
    }
}
