package se.nyckelfri.platform.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * The embedded provider's sign-in form slows password guessing per account and address, per address and per account,
 * and still lets an account's owner in while someone else hammers it. Each client connects from an address of its own
 * on the loopback network (127.0.0.x, any of which is this host on Linux), as clients on different hosts would.
 */
class SignInThrottlingTest extends PlatformIntegrationTest {

    private static final String PASSWORD = "correct horse";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("(?im)^Set-Cookie: (JSESSIONID=[^;]+)");
    private static final Pattern LOCATION = Pattern.compile("(?im)^Location: (\\S+)");
    /** Distinct addresses per test, so that the tests (which share one platform) do not throttle each other. */
    private static int nextHost = 10;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PasswordEncoder passwords;
    World world;
    String account;

    @BeforeEach
    void account() {
        world = worlds.create();
        account = world.a().staff();
        jdbc.update("INSERT INTO login_credential (subject, password_hash) VALUES (?, ?)", account, passwords.encode(PASSWORD));
    }

    @Test
    void signInWhenManyWrongPasswordsFromOneAddressThenEvenTheRightOneWaitsWithAClearMessage() throws Exception {
        InetAddress attacker = nextAddress();
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(attacker, account, "guess-" + i)).contains("/login?error");
        }
        String location = signIn(attacker, account, PASSWORD);
        assertThat(location).as("the right password, tried during the back-off").contains("/login?throttled");

        assertThat(send(attacker, "GET /login?throttled HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                .contains("För många misslyckade inloggningar");
        assertThat(send(attacker, "GET /login?throttled&lang=en HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                .contains("Too many failed sign-ins");
    }

    @Test
    void signInWhenAnAccountIsHammeredFromOneAddressThenItsOwnerSignsInFromAnother() throws Exception {
        InetAddress attacker = nextAddress();
        for (int i = 0; i < 12; i++) {
            signIn(attacker, account, "guess-" + i);
        }
        assertThat(signIn(nextAddress(), account, PASSWORD)).doesNotContain("/login");
    }

    @Test
    void signInWhenSucceededThenEarlierFailuresForgotten() throws Exception {
        InetAddress owner = nextAddress();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                assertThat(signIn(owner, account, "typo-" + i)).contains("/login?error");
            }
            assertThat(signIn(owner, account, PASSWORD)).doesNotContain("/login");
        }
    }

    @Test
    void signInWhenGuessedFromManyAddressesThenNewAddressesWaitButTheOwnersKnownAddressDoesNot() throws Exception {
        InetAddress owner = nextAddress();
        assertThat(signIn(owner, account, PASSWORD)).doesNotContain("/login");
        for (int bot = 0; bot < 5; bot++) {
            InetAddress from = nextAddress();
            for (int i = 0; i < 5; i++) {
                signIn(from, account, "bot-" + bot + "-" + i);
            }
        }
        assertThat(signIn(nextAddress(), account, PASSWORD)).as("a new address, while the account is under attack")
                .contains("/login?throttled");
        assertThat(signIn(owner, account, PASSWORD)).as("the owner's address, known from an earlier sign-in")
                .doesNotContain("/login");
    }

    @Test
    void signInWhenOneAddressSpraysManyAccountsThenThatAddressWaits() throws Exception {
        InetAddress sprayer = nextAddress();
        for (int i = 0; i < 30; i++) {
            signIn(sprayer, "nobody-" + i + "-" + System.nanoTime(), "Sommar2026!");
        }
        assertThat(signIn(sprayer, account, PASSWORD)).contains("/login?throttled");
        assertThat(signIn(nextAddress(), account, PASSWORD)).doesNotContain("/login");
    }

    private static synchronized InetAddress nextAddress() throws IOException {
        return InetAddress.getByName("127.0.0." + nextHost++);
    }

    /** The login form as a browser at {@code from} fills it in; the answer's redirect target. */
    private String signIn(InetAddress from, String username, String password) throws IOException {
        String page = send(from, "GET /login HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        Matcher cookie = COOKIE.matcher(page);
        Matcher csrf = CSRF.matcher(page);
        assertThat(cookie.find() && csrf.find()).as(page).isTrue();
        String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        String answer = send(from, "POST /login HTTP/1.0\r\nHost: 127.0.0.1\r\nCookie: " + cookie.group(1)
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body);
        Matcher location = LOCATION.matcher(answer);
        assertThat(location.find()).as(answer).isTrue();
        return location.group(1);
    }

    private String send(InetAddress from, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
