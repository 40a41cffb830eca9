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
import org.junit.jupiter.api.io.TempDir;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.keyissuer.MutableClock;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.lock.protocol.credential.CredentialClaims;
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
        CredentialIssuer issuer = new CredentialIssuer(recording(new InProcessCredentialSigner(ring)), recordingLog(false),
                new CommitRecordingTransactions(), clock);
        byte[] nonce = new byte[16];
        UUID lock = UUID.randomUUID();
        CredentialIssuer.Issued issued = issuer.issue(new CredentialIssuer.Request(lock, "S-TESTTESTTEST",
                UUID.randomUUID(), nonce, Duration.ofMinutes(2), "U-TEST"));

        assertThat(happened).containsExactly("append", "commit", "sign");
        assertThat(issued.credential().length).isLessThanOrEqualTo(Credentials.MAX_BYTES);
        assertThat(issued.claims().expiry()).isEqualTo(clock.instant().plusSeconds(120));
        assertThat(Credentials.verify(issued.credential(), kid -> ring.trusted(kid).orElse(null), lock, clock.instant(),
                Duration.ofSeconds(30), Duration.ofMinutes(2), Credentials.only(nonce)).accepted()).isTrue();
    }

    @Test
    void issueWhenAuditRecordFailsThenNothingIsSigned() {
        IssuerKeyRing ring = new IssuerKeyRing(dir, Duration.ofHours(1), clock);
        CredentialIssuer issuer = new CredentialIssuer(recording(new InProcessCredentialSigner(ring)), recordingLog(true),
                new CommitRecordingTransactions(), clock);
        assertThatThrownBy(() -> issuer.issue(new CredentialIssuer.Request(UUID.randomUUID(), "S-TESTTESTTEST",
                UUID.randomUUID(), new byte[16], Duration.ofMinutes(1), "U-TEST"))).isInstanceOf(IllegalStateException.class);
        assertThat(happened).containsExactly("append", "rollback");
    }

    @Test
    void requestWhenLifetimeBeyondTwoMinutesThenRefused() {
        assertThatThrownBy(() -> new CredentialIssuer.Request(UUID.randomUUID(), "S-X", UUID.randomUUID(), new byte[16],
                Duration.ofMinutes(3), "U-TEST")).isInstanceOf(IllegalArgumentException.class);
    }

    private CredentialSigner recording(CredentialSigner signer) {
        return claims -> {
            happened.add("sign");
            return signer.sign(claims);
        };
    }

    private AuditLog recordingLog(boolean fail) {
        return event -> {
            happened.add("append");
            if (fail) {
                throw new IllegalStateException("the audit store is unavailable");
            }
            return new AuditRecord(happened.size(), clock.instant(), event);
        };
    }

    /** Records commits; holds no resources. */
    private final class CommitRecordingTransactions extends AbstractPlatformTransactionManager {
        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            happened.add("commit");
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            happened.add("rollback");
        }
    }
}
