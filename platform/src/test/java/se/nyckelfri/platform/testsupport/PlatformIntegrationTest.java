package se.nyckelfri.platform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
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
