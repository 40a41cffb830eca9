package se.nyckelfri.platform.keyissuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.keyissuer.signing.CredentialIssuer;
import se.nyckelfri.lock.protocol.credential.Credentials;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/** Issuance on the real database: recorded durably first, and verifiable with the published keys alone. */
class CredentialIssuanceTest extends PlatformIntegrationTest {

    @Autowired
    CredentialIssuer issuer;
    @Autowired
    AuditTrail trail;

    @Test
    void issueWhenCalledThenCommittedRecordNamesTheCredentialAndPublishedKeysVerifyIt() throws Exception {
        UUID lock = UUID.randomUUID();
        byte[] nonce = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        CredentialIssuer.Issued issued = issuer.issue(new CredentialIssuer.Request(lock, "S-ISSUANCETEST",
                UUID.randomUUID(), nonce, Duration.ofMinutes(2), "U-TEST"));

        List<AuditRecord> records = trail.find(new AuditTrail.Query("CREDENTIAL_ISSUED", "lock", lock.toString(), null,
                null, null, -1, 10));
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.index()).isEqualTo(issued.auditIndex());
            assertThat(r.event().attributes()).containsEntry("credential",
                    HexFormat.of().formatHex(issued.claims().credentialId()));
        });

        HttpResponse<String> jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/issuer/jwks.json")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(jwks.statusCode()).isEqualTo(200);
        JWKSet published = JWKSet.parse(jwks.body());
        assertThat(jwks.body()).doesNotContain("\"d\"");
        Credentials.Verdict verdict = Credentials.verify(issued.credential(), kid -> {
            var key = published.getKeyByKeyId(HexFormat.of().formatHex(kid));
            try {
                return key == null ? null : (PublicKey) key.toECKey().toECPublicKey();
            } catch (Exception e) {
                return null;
            }
        }, lock, Instant.now(), Duration.ofSeconds(30), Duration.ofMinutes(2), Credentials.only(nonce));
        assertThat(verdict.accepted()).as(verdict.toString()).isTrue();
    }
}
