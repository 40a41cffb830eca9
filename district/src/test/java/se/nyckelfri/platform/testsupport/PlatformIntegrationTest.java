package se.nyckelfri.platform.testsupport;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.platform.NyckelfriPlatform;

/**
 * Base of the integration tests: the whole platform on a random port with its own embedded PostgreSQL in a fresh
 * directory, demo data off. All subclasses share one context (and database); each test builds its own
 * {@link TestWorld} so tests never see each other's data.
 */
@SpringBootTest(classes = NyckelfriPlatform.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"nyckelfri.demo.enabled=false", "nyckelfri.identity.issuer=" + PlatformIntegrationTest.ISSUER})
public abstract class PlatformIntegrationTest {

    public static final String ISSUER = "https://idp.nyckelfri.test";
    private static final Path DATA_DIR = temporaryDataDir();

    @LocalServerPort
    protected int port;
    @Autowired
    private JWKSource<SecurityContext> identityKeys;
    @Autowired
    private AutowireCapableBeanFactory beans;
    @Autowired
    private AuditTrail auditTrail;
    @Autowired
    private JdbcTemplate auditJdbc;
    protected TestTokens tokens;
    protected TestWorlds worlds;
    protected Api api;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("nyckelfri.data-dir", DATA_DIR::toString);
    }

    @BeforeEach
    void connect() throws Exception {
        api = new Api("http://localhost:" + port);
        tokens = new TestTokens(identityKeys);
        worlds = beans.createBean(TestWorlds.class);
    }

    /**
     * How many audit log entries match {@code condition} (SQL on {@code audit_entry}), counted once every event committed
     * so far has been sequenced into the log. An append first lands in the outbox and the sequencer places it a moment
     * later, so a plain count straight after a request can miss the request's own entry.
     */
    protected long auditEntries(String condition, Object... args) {
        auditTrail.size(); // waits for the sequencer to catch up with the outbox
        return auditJdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE " + condition, Long.class, args);
    }

    protected static Path dataDir() {
        return DATA_DIR;
    }

    private static Path temporaryDataDir() {
        try {
            return Files.createTempDirectory("nyckelfri-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
